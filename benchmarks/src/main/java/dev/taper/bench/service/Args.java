package dev.taper.bench.service;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} command-line options. Every option a program reads must have been given a
 * default, and an option nobody reads is an error, so a typo never passes silently.
 */
final class Args {

  private final Map<String, String> given = new HashMap<>();
  private final Set<String> read = new HashSet<>();

  Args(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      given.put(args[i].substring(2), args[++i]);
    }
  }

  String string(String name, String fallback) {
    read.add(name);
    return given.getOrDefault(name, fallback);
  }

  int integer(String name, int fallback) {
    return Integer.parseInt(string(name, String.valueOf(fallback)));
  }

  double decimal(String name, double fallback) {
    return Double.parseDouble(string(name, String.valueOf(fallback)));
  }

  Path path(String name, String fallback) {
    return Path.of(string(name, fallback)).toAbsolutePath();
  }

  /** Throws for any option that no {@code string}/{@code integer}/... call asked for. */
  void requireAllRead() {
    Set<String> unknown = new HashSet<>(given.keySet());
    unknown.removeAll(read);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", unknown));
    }
  }
}
