package dev.taper.bench;

import dev.taper.bench.StudyResult.Arm;
import dev.taper.bench.StudyResult.ArmSeed;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The per-seed differences behind a study's target line, and how far seed-to-seed noise alone could
 * move their mean: a target missed or met by less than the interval's half width is within that
 * noise, and the page should let a reader see so without a calculator.
 */
final class PairedGainsMarkdown {

  private PairedGainsMarkdown() {}

  /** The section, or an empty string when THIN and no compared arm share two measured seeds. */
  static String section(StudyResult r) {
    Optional<Arm> thin = r.arm("THIN");
    if (thin.isEmpty() || r.target() == null) {
      return "";
    }
    StringBuilder rows = new StringBuilder();
    for (StudyResult.Comparison c : r.target().comparisons()) {
      r.arm(c.arm())
          .map(other -> row(c, thin.get(), other))
          .filter(row -> !row.isEmpty())
          .ifPresent(rows::append);
    }
    if (rows.isEmpty()) {
      return "";
    }
    return "Paired gains: THIN minus each arm in the same seed, in points; the interval is the mean"
        + " ± t(0.975, n - 1) x std / sqrt(n) over the n seeds both were measured in, so how far"
        + " seed-to-seed noise alone could move the mean.\n\n"
        + "| THIN minus | Target | Test: mean | 95% interval | Seeds ahead | Seeds at target"
        + " | Validation: mean | 95% interval |\n"
        + "|---|---:|---:|---|---:|---:|---:|---|\n"
        + rows
        + '\n';
  }

  private static String row(StudyResult.Comparison c, Arm thin, Arm other) {
    List<Double> test = StudyTargets.pairedGaps(thin, other, ArmSeed::accuracy);
    if (test.size() < 2) {
      return "";
    }
    List<Double> validation = StudyTargets.pairedGaps(thin, other, ArmSeed::validationAccuracy);
    return String.format(
        Locale.ROOT,
        "| %s | %+.1f | %+.2f | %s | %d of %d | %d of %d | %s | %s |%n",
        c.arm(),
        c.thresholdPoints(),
        Stats.mean(test),
        interval(test),
        count(test, gap -> gap > 0),
        test.size(),
        count(test, gap -> gap >= c.thresholdPoints()),
        test.size(),
        validation.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%+.2f", Stats.mean(validation)),
        interval(validation));
  }

  /** The 95% interval of the gaps' mean, "low to high", or "n/a" for fewer than two gaps. */
  static String interval(List<Double> gaps) {
    double halfWidth = Stats.halfWidth95(gaps);
    if (!Double.isFinite(halfWidth)) {
      return "n/a";
    }
    double mean = Stats.mean(gaps);
    return String.format(Locale.ROOT, "%+.2f to %+.2f", mean - halfWidth, mean + halfWidth);
  }

  private static long count(List<Double> gaps, Predicate<Double> test) {
    return gaps.stream().filter(test).count();
  }
}
