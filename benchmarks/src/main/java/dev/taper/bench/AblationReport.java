package dev.taper.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one Markdown table comparing committed study results: every arm's accuracy, THIN's gains
 * and what differs between the studies' specs. The table is generated from the JSON files, never
 * typed.
 *
 * <pre>
 * AblationReport DEFINITION.json
 * AblationReport --out FILE.md [--title TITLE] RESULT.json...
 * </pre>
 */
public final class AblationReport {

  static final String USAGE =
      "usage: AblationReport DEFINITION.json | AblationReport --out FILE.md [--title TITLE]"
          + " RESULT.json...";

  private AblationReport() {}

  public static void main(String[] args) {
    AblationDefinition definition;
    String command = "benchmarks/run-ablations.sh " + String.join(" ", args);
    try {
      definition = parse(args);
    } catch (IllegalArgumentException | IOException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    try {
      String markdown = render(definition, command, Path.of(""));
      Path out = definition.outPath();
      if (out.toAbsolutePath().getParent() != null) {
        Files.createDirectories(out.toAbsolutePath().getParent());
      }
      Files.writeString(out, markdown);
      System.err.println(
          "wrote " + out + " from " + definition.results().size() + " study results");
    } catch (IOException e) {
      System.err.println("cannot read or write: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * The page for {@code definition}, reading its result files under {@code root} (the repository
   * root, where the script runs) and naming them as the definition does.
   */
  static String render(AblationDefinition definition, String command, Path root)
      throws IOException {
    List<AblationMarkdown.Study> studies = new ArrayList<>();
    for (Path file : definition.resultPaths()) {
      studies.add(new AblationMarkdown.Study(file, StudyJson.read(root.resolve(file))));
    }
    return AblationMarkdown.render(definition, command, studies);
  }

  static AblationDefinition parse(String[] args) throws IOException {
    if (args.length == 1 && args[0].endsWith(".json") && !args[0].startsWith("--")) {
      return AblationDefinition.read(Path.of(args[0]));
    }
    String out = null;
    String title = "Study comparison";
    List<String> results = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = value(args, ++i);
        case "--title" -> title = value(args, ++i);
        default -> {
          if (args[i].startsWith("--")) {
            throw new IllegalArgumentException("unexpected argument " + args[i]);
          }
          results.add(args[i]);
        }
      }
    }
    if (out == null || results.isEmpty()) {
      throw new IllegalArgumentException("give a definition file, or --out and result files");
    }
    return new AblationDefinition(title, null, out, results);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
