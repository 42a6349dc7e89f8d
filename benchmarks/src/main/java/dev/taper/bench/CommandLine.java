package dev.taper.bench;

import java.nio.file.Path;

/** What every benchmark command does with its arguments before it runs. */
final class CommandLine {

  /** Reads a command's arguments; a bad one is an {@link IllegalArgumentException}. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(String[] args);
  }

  private CommandLine() {}

  /**
   * The parsed arguments, or the process ends with status 2 after printing what was wrong (an empty
   * message asks for the usage only) and the usage.
   */
  static <T> T parseOrExit(String[] args, Parser<T> parser, String usage) {
    try {
      return parser.parse(args);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && !e.getMessage().isEmpty()) {
        System.err.println(e.getMessage());
      }
      System.err.println(usage);
      System.exit(2);
      throw new IllegalStateException("exit returned", e);
    }
  }

  /** A flag's value, the argument at {@code i}. */
  static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }

  /** The Markdown file a command writes beside its JSON result: the same name, {@code .md}. */
  static Path markdownBeside(Path json) {
    String name = json.getFileName().toString().replaceFirst("\\.json$", "");
    return json.resolveSibling(name + ".md");
  }
}
