package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every committed ablation page is exactly what its definition renders from the committed result
 * files today: a page edited by hand, a result file changed without re-running the command, or a
 * change to how pages are rendered without re-rendering them all fail here.
 */
class CommittedAblationPagesTest {

  /** Tests run in the benchmarks module; definitions name paths from the repository root. */
  private static final Path ROOT = Path.of("..");

  @Test
  void everyPageIsWhatItsDefinitionRendersToday() throws IOException {
    List<Path> definitions;
    try (Stream<Path> listing = Files.list(ROOT.resolve("benchmarks/ablations"))) {
      definitions = listing.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(definitions).isNotEmpty();
    for (Path file : definitions) {
      AblationDefinition definition = AblationDefinition.read(file);
      String command = "benchmarks/run-ablations.sh benchmarks/ablations/" + file.getFileName();
      String expected = AblationReport.render(definition, command, ROOT);

      assertThat(Files.readString(ROOT.resolve(definition.out())))
          .as("%s is stale or edited by hand: run `%s`", definition.out(), command)
          .isEqualTo(expected);
    }
  }
}
