package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The README's walk-through submits the spec whose study result the README quotes: the request body
 * and {@code benchmarks/specs/walkthrough.json} (without its study section) must not drift.
 */
class WalkthroughSpecTest {

  private static final String BODY_START = "-d '";

  @Test
  void readmeSubmitsTheSpecItsResultCameFrom() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf(BODY_START, readme.indexOf("## Walk-through with curl"));
    assertThat(start).as("the walk-through's curl -d body").isPositive();
    String body = readme.substring(start + BODY_START.length(), readme.indexOf("'", start + 4));

    ObjectNode spec =
        (ObjectNode)
            ResultJson.MAPPER.readTree(Files.readString(Path.of("specs", "walkthrough.json")));
    spec.remove("study");
    JsonNode submitted = ResultJson.MAPPER.readTree(body);

    assertThat(submitted).isEqualTo(spec);
  }
}
