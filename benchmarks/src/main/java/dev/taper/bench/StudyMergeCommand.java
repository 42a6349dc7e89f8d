package dev.taper.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges study results of the same spec over different seeds into one ({@link StudyMerge}) and
 * writes {@code <out>.json}, {@code <out>.md} and {@code <out>.svg} as the study command would.
 * Given one result, it writes that one at {@code <out>} as it is: a run written elsewhere (one seed
 * of several planned, say) gets its study's name without its files being renamed by hand.
 */
public final class StudyMergeCommand {

  static final String USAGE =
      "usage: StudyMergeCommand --out PATH-WITHOUT-EXTENSION [--across-revisions]"
          + " RESULT.json [RESULT.json...]\n"
          + "  --across-revisions  merge runs built from different commits; you vouch that nothing"
          + " the figures depend on changed between them";

  /** The command's arguments. */
  record Options(Path out, List<Path> inputs, StudyMerge.Revisions revisions) {

    Options {
      inputs = List.copyOf(inputs);
    }

    static Options parse(String[] args) {
      Path out = null;
      List<Path> inputs = new ArrayList<>();
      StudyMerge.Revisions revisions = StudyMerge.Revisions.SAME;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--out" -> {
            if (++i >= args.length) {
              throw new IllegalArgumentException("--out needs a value");
            }
            out = Path.of(args[i].replaceFirst("\\.json$", ""));
          }
          case "--across-revisions" -> revisions = StudyMerge.Revisions.ANY_COMMITTED;
          case "-h", "--help" -> throw new IllegalArgumentException("");
          default -> {
            if (args[i].startsWith("--")) {
              throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            inputs.add(Path.of(args[i]));
          }
        }
      }
      if (out == null) {
        throw new IllegalArgumentException("no --out given");
      }
      if (inputs.isEmpty()) {
        throw new IllegalArgumentException("give the result files to merge");
      }
      return new Options(out, inputs, revisions);
    }
  }

  private StudyMergeCommand() {}

  public static void main(String[] args) {
    Options options = CommandLine.parseOrExit(args, Options::parse, USAGE);
    try {
      List<StudyResult> runs = read(options.inputs());
      StudyResult merged =
          runs.size() == 1 ? runs.get(0) : StudyMerge.merge(runs, options.revisions());
      StudyCommand.write(merged, options.out());
      System.out.println(StudyMarkdown.table(merged));
      System.out.println(StudyMarkdown.targetLine(merged));
      System.out.println("wrote " + options.out() + ".json, .md and .svg");
    } catch (IllegalArgumentException | UncheckedIOException e) {
      System.err.println("cannot merge: " + e.getMessage());
      System.exit(1);
    } catch (IOException e) {
      System.err.println("cannot write " + options.out() + ": " + e.getMessage());
      System.exit(1);
    }
  }

  private static List<StudyResult> read(List<Path> files) {
    List<StudyResult> results = new ArrayList<>();
    for (Path file : files) {
      try {
        results.add(StudyJson.read(file));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    return results;
  }
}
