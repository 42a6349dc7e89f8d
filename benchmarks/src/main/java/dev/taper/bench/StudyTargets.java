package dev.taper.bench;

import dev.taper.bench.StudyResult.Arm;
import dev.taper.bench.StudyResult.ArmSeed;
import dev.taper.bench.StudyResult.Comparison;
import dev.taper.bench.StudyResult.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Evaluates the {@link StudyTarget}s on a study's arms. */
final class StudyTargets {

  private StudyTargets() {}

  static Target evaluate(List<Arm> arms) {
    List<Comparison> comparisons = new ArrayList<>();
    Boolean met = Boolean.TRUE;
    for (StudyTarget target : StudyTarget.ALL) {
      Optional<Arm> thin = find(arms, "THIN");
      Optional<Arm> other = find(arms, target.arm());
      Double gap = null;
      List<Double> paired = List.of();
      if (thin.isPresent() && other.isPresent()) {
        gap = difference(thin.get().accuracyMean(), other.get().accuracyMean());
        paired = pairedGaps(thin.get(), other.get());
      }
      Boolean comparisonMet = gap == null ? null : target.met(gap);
      comparisons.add(
          new Comparison(
              target.arm(),
              target.points(),
              gap,
              Stats.finite(Stats.sampleStd(paired)),
              paired,
              comparisonMet));
      if (comparisonMet == null) {
        met = null;
      } else if (met != null && !comparisonMet) {
        met = Boolean.FALSE;
      }
    }
    return new Target(comparisons.stream().map(Comparison::arm).toList(), met, comparisons);
  }

  /** Per-seed {@code a - b} in points, over the seeds where both were measured. */
  static List<Double> pairedGaps(Arm a, Arm b) {
    return pairedGaps(a, b, ArmSeed::accuracy);
  }

  /** {@code a}'s metric minus {@code b}'s in each seed where both have it. */
  static List<Double> pairedGaps(Arm a, Arm b, Function<ArmSeed, Double> metric) {
    List<Double> gaps = new ArrayList<>();
    for (ArmSeed x : a.measured()) {
      Double ax = metric.apply(x);
      b.seed(x.seed()).map(metric).filter(by -> ax != null).ifPresent(by -> gaps.add(ax - by));
    }
    return gaps;
  }

  static Double difference(Double a, Double b) {
    return a == null || b == null ? null : a - b;
  }

  private static Optional<Arm> find(List<Arm> arms, String name) {
    return arms.stream().filter(a -> a.arm().equals(name)).findFirst();
  }
}
