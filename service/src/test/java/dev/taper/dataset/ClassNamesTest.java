package dev.taper.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClassNamesTest {

  @Test
  void fashionMnistHasZalandosNamesAndOtherDatasetsTheirLabelIndices() {
    assertThat(ClassNames.of("fashion-mnist", 10)).startsWith("T-shirt/top").endsWith("Ankle boot");
    assertThat(ClassNames.of("fashion-mnist-mini", 10)).isEqualTo(FashionMnist.CLASS_NAMES);
    assertThat(ClassNames.of("iris", 3)).containsExactly("0", "1", "2");
  }
}
