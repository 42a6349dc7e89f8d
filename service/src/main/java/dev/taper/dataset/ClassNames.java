package dev.taper.dataset;

import java.util.List;
import java.util.stream.IntStream;

/** The names of a dataset's classes, in label order, as an exported model reports them. */
public final class ClassNames {

  private ClassNames() {}

  /**
   * The built-in Fashion-MNIST datasets get Zalando's names; an uploaded dataset's labels carry no
   * names, so its classes are named by their label index ({@code "0"}, {@code "1"}, ...).
   */
  public static List<String> of(String dataset, int classes) {
    boolean fashionMnist =
        dataset.equals(FashionMnist.NAME) || dataset.equals(FashionMnistMini.NAME);
    if (fashionMnist && classes == FashionMnist.CLASSES) {
      return FashionMnist.CLASS_NAMES;
    }
    return IntStream.range(0, classes).mapToObj(Integer::toString).toList();
  }
}
