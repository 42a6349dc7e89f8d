package dev.taper.bench.service;

import java.util.Map;

/**
 * The fault soak ({@code benchmarks/run-soak.sh}): see {@link Soak}. Exits 0 when every check
 * passed, 1 otherwise, after writing {@code NAME.json} and {@code NAME.md}.
 *
 * <pre>
 * SoakCommand [--minutes 10] [--kill-every 20] [--experiments 200] [--workers 4]
 *             [--spare-workers 1] [--seed 1] [--rss-every 5] [--warmup 120] [--min-window 180]
 *             [--max-slope 1.0] [--drain-minutes 20] [--jar service/target/taper-exec.jar]
 *             [--work /tmp/taper-soak] [--out benchmarks/results] [--name soak]
 *             [--worker-jvm-options "..."]
 * </pre>
 */
public final class SoakCommand {

  private SoakCommand() {}

  public static void main(String[] args) throws Exception {
    SoakSettings settings = SoakSettings.parse(args);
    Map<String, Object> result = new Soak(settings).run();
    SoakReport.write(result, settings.out(), settings.name());
    boolean passed = Boolean.TRUE.equals(result.get("passed"));
    Soak.log(
        "%s: wrote %s.json and %s.md in %s",
        passed ? "PASSED" : "FAILED " + result.get("problems"),
        settings.name(),
        settings.name(),
        settings.out());
    System.exit(passed ? 0 : 1);
  }
}
