package dev.taper.bench;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code throughput.json}: the {@link ThroughputResult} as it is, in {@link ResultJson}'s dialect.
 */
final class ThroughputJson {

  private ThroughputJson() {}

  static String render(ThroughputResult result) {
    return ResultJson.write(result);
  }

  static ThroughputResult read(Path file) throws IOException {
    return ResultJson.read(file, ThroughputResult.class);
  }
}
