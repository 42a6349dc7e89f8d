package dev.taper.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Which committed study results one ablation table compares, read from a small JSON file such as
 * {@code benchmarks/ablations/fmnist.json}. Paths are relative to the repository root, where the
 * script runs.
 *
 * @param note words that go under the title, e.g. what the table does not cover (never numbers)
 * @param out the Markdown file to write
 * @param results the study result files, in table order
 */
record AblationDefinition(String title, String note, String out, List<String> results) {

  AblationDefinition {
    results = List.copyOf(results);
  }

  static AblationDefinition read(Path file) throws IOException {
    return ResultJson.read(file, AblationDefinition.class);
  }

  Path outPath() {
    return Path.of(out);
  }

  List<Path> resultPaths() {
    return results.stream().map(Path::of).toList();
  }
}
