package dev.taper.bench;

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
}
