package dev.taper.bench;

import dev.taper.bench.StudyResult.Arm;
import dev.taper.bench.StudyResult.ArmSeed;
import dev.taper.bench.StudyResult.Imitation;
import dev.taper.bench.StudyResult.Selection;
import dev.taper.spec.SpecDefaults;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One study out of several runs of the same spec over different seeds, so that seeds can run side
 * by side (one process per core, or per machine of the same kind) and still be reported together.
 * The runs must agree on everything but their seeds: the resolved spec, the learning-rate grid and
 * how settings were chosen (not the words that explain it, which the code may reword between two
 * commits; the latest run's are kept), the thin budget, and the machine (its CPU flags, ISA caps
 * and thread counts decide which kernels ran; only the load average may differ). Together their
 * seeds must be one unbroken range, so that "seed s onwards" stays true of the merged file.
 *
 * <p>Runs built from different commits merge only when asked ({@link Revisions#ANY_COMMITTED}): git
 * can show whether anything the figures depend on changed between the commits, this class cannot,
 * so the person merging vouches for it and the merged file names every commit and the seeds built
 * from it. The same person vouches for the CPU model of runs written before results recorded it:
 * across commits they merge with runs that record one model, and the merged file says which seeds
 * did not record it. Code that no commit pins (unknown, or built with uncommitted changes) never
 * merges with other code.
 */
final class StudyMerge {

  /** Which commits the merged runs may have been built from. */
  enum Revisions {
    /** One commit, recorded the same by every run (or unknown to all). */
    SAME,
    /** Any commits, each known and built as committed. */
    ANY_COMMITTED
  }

  private StudyMerge() {}

  /**
   * @throws IllegalArgumentException when the runs cannot be merged, saying why
   */
  static StudyResult merge(List<StudyResult> runs, Revisions revisions) {
    if (runs.size() < 2) {
      throw new IllegalArgumentException("merging needs at least two study results");
    }
    List<StudyResult> ordered =
        runs.stream().sorted(Comparator.comparingLong(r -> r.spec().seed())).toList();
    StudyResult first = ordered.get(0);
    String vouchedModel = vouchedCpuModel(ordered, revisions);
    for (StudyResult other : ordered.subList(1, ordered.size())) {
      // resolved, so that a run recorded before a spec field existed agrees with one that records
      // the field at its default
      requireSame(
          "spec (seed aside)",
          SpecDefaults.resolve(first.spec()).withSeed(null),
          SpecDefaults.resolve(other.spec()).withSeed(null),
          other);
      requireSame(
          "learning-rate grid and selection",
          first.selection().choice(),
          other.selection().choice(),
          other);
      requireSame("thin budget", first.thinBudget(), other.thinBudget(), other);
      requireSame(
          "machine",
          comparable(first.machine(), revisions, vouchedModel),
          comparable(other.machine(), revisions, vouchedModel),
          other);
    }
    if (revisions == Revisions.ANY_COMMITTED) {
      ordered.forEach(StudyMerge::requirePinnedCode);
    }
    Map<String, List<Long>> seedsByRevision = seedsByRevision(ordered);
    List<Long> seeds = seedsOf(ordered);
    long firstSeed = seeds.get(0);
    for (int i = 0; i < seeds.size(); i++) {
      if (seeds.get(i) != firstSeed + i) {
        throw new IllegalArgumentException(
            "the runs' seeds "
                + seeds
                + " overlap or leave a gap: merge runs of seeds s, s+1, ...");
      }
    }
    List<Arm> arms = arms(ordered);
    StudyResult.Teacher teacher = StudyWarnings.teacher(arms);
    StudyResult latest = latest(ordered);
    Selection selection = latest.selection();
    List<String> warnings = new ArrayList<>(StudyWarnings.of(arms, teacher, selection));
    if (ordered.stream().anyMatch(r -> !Objects.equals(r.selection().text(), selection.text()))) {
      warnings.add(
          "the runs explain their selection in different words (the code reworded it between"
              + " them; what was chosen and how is the same); the latest run's, of "
              + latest.date()
              + ", is kept");
    }
    warnings.add(
        "merged from "
            + ordered.size()
            + " runs of seeds "
            + ordered.stream().map(r -> seedsOf(List.of(r)).toString()).toList()
            + "; the total wall time is their sum");
    if (seedsByRevision.size() > 1) {
      warnings.add(
          "merged across commits (--across-revisions): "
              + seedsByRevision.entrySet().stream()
                  .map(e -> "seeds " + e.getValue() + " were built from " + e.getKey())
                  .collect(Collectors.joining(", "))
              + "; whoever merged them vouched that nothing the figures depend on changed"
              + " between those commits (git diff shows what did)");
    }
    if (vouchedModel != null) {
      warnings.add(
          "seeds "
              + seedsOf(ordered.stream().filter(r -> r.machine().cpuModel() == null).toList())
              + " were measured before results recorded the CPU's model; whoever merged them"
              + " (--across-revisions) vouched that they ran on the model the other seeds record, "
              + vouchedModel);
    }
    warnings.addAll(perRunWarnings(ordered));
    return new StudyResult(
        first.units(),
        first.name(),
        first.date(),
        ordered.stream().mapToInt(StudyResult::seedsPlanned).sum(),
        ordered.stream().mapToInt(StudyResult::seedsDone).sum(),
        sum(ordered.stream().map(StudyResult::totalWallSeconds).toList()),
        merged(first.machine(), seedsByRevision, vouchedModel),
        SpecDefaults.resolve(first.spec()),
        first.thinBudget(),
        StudyTargets.evaluate(arms),
        arms,
        ordered.stream()
            .flatMap(r -> r.imitation().stream())
            .sorted(Comparator.comparingLong(Imitation::seed))
            .toList(),
        selection,
        teacher,
        warnings);
  }

  /**
   * What each run said about resuming or reusing runs, once per distinct statement: runs that
   * reused the same source in the same way (every seed of a screen reading one kept study) share
   * one line that names them all, instead of repeating a paragraph per seed.
   */
  private static List<String> perRunWarnings(List<StudyResult> ordered) {
    Map<String, List<String>> seedsByWarning = new LinkedHashMap<>();
    for (StudyResult run : ordered) {
      run.warnings().stream()
          .filter(w -> w.startsWith(StudyRecorder.RESUMED) || w.startsWith(StudyRecorder.REUSED))
          .forEach(
              w ->
                  seedsByWarning
                      .computeIfAbsent(w, x -> new ArrayList<>())
                      .add(seedsOf(List.of(run)).toString()));
    }
    return seedsByWarning.entrySet().stream()
        .map(
            e ->
                e.getValue().size() == 1
                    ? "the run of seeds " + e.getValue().get(0) + " " + e.getKey()
                    : "each of the runs of seeds "
                        + String.join(", ", e.getValue())
                        + " "
                        + e.getKey())
        .toList();
  }

  /** The run that started last: its words are the current code's. */
  private static StudyResult latest(List<StudyResult> runs) {
    return runs.stream()
        .max(
            Comparator.comparing(
                StudyResult::date, Comparator.nullsFirst(Comparator.naturalOrder())))
        .orElseThrow();
  }

  /**
   * The machine as runs must agree on it: load average aside, and the commit too if allowed; the
   * CPU's model too where some runs predate recording it and the person merging vouches for it.
   */
  private static Machine comparable(Machine machine, Revisions revisions, String vouchedModel) {
    Machine unloaded = machine.withoutLoadAverage();
    Machine compared = revisions == Revisions.SAME ? unloaded : unloaded.withSourceRevision(null);
    return vouchedModel == null ? compared : compared.withCpuModel(null);
  }

  /**
   * The CPU model that runs older than its record are vouched to share, when merging across
   * commits: the one model every other run records. Null when there is nothing to vouch for (all
   * runs record it, or none does); the merge is refused when the runs that record it disagree.
   */
  private static String vouchedCpuModel(List<StudyResult> runs, Revisions revisions) {
    List<String> recorded =
        runs.stream().map(r -> r.machine().cpuModel()).filter(Objects::nonNull).distinct().toList();
    boolean someUnrecorded = runs.stream().anyMatch(r -> r.machine().cpuModel() == null);
    if (revisions != Revisions.ANY_COMMITTED || !someUnrecorded || recorded.isEmpty()) {
      return null;
    }
    if (recorded.size() > 1) {
      throw new IllegalArgumentException("the runs record different CPU models: " + recorded);
    }
    return recorded.get(0);
  }

  /** The merged file's machine: every commit named, the vouched-for CPU model filled in. */
  private static Machine merged(
      Machine first, Map<String, List<Long>> seedsByRevision, String vouchedModel) {
    Machine machine =
        seedsByRevision.size() > 1
            ? first.withSourceRevision(String.join(",", seedsByRevision.keySet()))
            : first;
    return vouchedModel == null ? machine : machine.withCpuModel(vouchedModel);
  }

  private static void requirePinnedCode(StudyResult run) {
    String revision = run.machine().sourceRevision();
    if (!run.machine().pinsItsCode()) {
      throw new IllegalArgumentException(
          "the run from seed "
              + run.spec().seed()
              + " was built from "
              + (revision == null ? "an unknown commit" : revision)
              + ": only runs whose commit pins their code merge across commits");
    }
  }

  /** Each commit the runs were built from, in seed order, with its seeds. */
  private static Map<String, List<Long>> seedsByRevision(List<StudyResult> ordered) {
    Map<String, List<Long>> seeds = new LinkedHashMap<>();
    for (StudyResult run : ordered) {
      seeds
          .computeIfAbsent(String.valueOf(run.machine().sourceRevision()), r -> new ArrayList<>())
          .addAll(seedsOf(List.of(run)));
    }
    return seeds;
  }

  private static List<Arm> arms(List<StudyResult> runs) {
    List<Arm> arms = new ArrayList<>();
    for (String name : StudyResult.ARMS) {
      List<ArmSeed> perSeed =
          runs.stream()
              .flatMap(r -> r.arm(name).stream())
              .flatMap(a -> a.seeds().stream())
              .sorted(Comparator.comparingLong(ArmSeed::seed))
              .toList();
      if (!perSeed.isEmpty()) {
        arms.add(StudyRecorder.summarise(name, perSeed));
      }
    }
    return arms;
  }

  private static List<Long> seedsOf(List<StudyResult> runs) {
    TreeSet<Long> distinct = new TreeSet<>();
    List<Long> all = new ArrayList<>();
    for (StudyResult run : runs) {
      TreeSet<Long> own = new TreeSet<>();
      run.arms().forEach(a -> a.seeds().forEach(s -> own.add(s.seed())));
      all.addAll(own);
      distinct.addAll(own);
    }
    if (distinct.size() != all.size()) {
      throw new IllegalArgumentException("two runs measured the same seed: " + all);
    }
    return List.copyOf(distinct);
  }

  private static void requireSame(String what, Object a, Object b, StudyResult other) {
    if (!Objects.equals(a, b)) {
      throw new IllegalArgumentException(
          "the run from seed "
              + other.spec().seed()
              + " differs in its "
              + what
              + ": "
              + a
              + " against "
              + b);
    }
  }

  private static Double sum(List<Double> values) {
    return values.stream().anyMatch(Objects::isNull)
        ? null
        : values.stream().mapToDouble(Double::doubleValue).sum();
  }
}
