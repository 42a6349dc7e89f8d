package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taper.bench.StudyResult.Arm;
import dev.taper.bench.StudyResult.Selection;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import dev.taper.training.ModelMetrics;
import dev.taper.training.PhaseLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyMergeTest {

  @Test
  void mergedRunsReportWhatOneRunOverAllTheirSeedsReports(@TempDir Path dir) throws IOException {
    StudyResult together = study(StudyFixtures.spec(), StudyFixtures.machine(), 1, 2, 3);

    // through the files, as the command reads them
    Path late = dir.resolve("late.json");
    Path early = dir.resolve("early.json");
    Files.writeString(
        late, StudyJson.render(study(StudyFixtures.spec().withSeed(3L), loadedMachine(), 3)));
    Files.writeString(
        early, StudyJson.render(study(StudyFixtures.spec(), StudyFixtures.machine(), 1, 2)));

    StudyResult merged =
        StudyMerge.merge(
            List.of(StudyJson.read(late), StudyJson.read(early)), StudyMerge.Revisions.SAME);

    assertThat(merged.arms()).isEqualTo(together.arms());
    assertThat(merged.target()).isEqualTo(together.target());
    assertThat(merged.teacher()).isEqualTo(together.teacher());
    assertThat(merged.spec().seed()).isEqualTo(1L);
    assertThat(merged.seedsDone()).isEqualTo(3);
    assertThat(merged.seedsPlanned()).isEqualTo(3);
    assertThat(merged.totalWallSeconds()).isEqualTo(200.0 + 100.0);
    assertThat(merged.imitation())
        .extracting(StudyResult.Imitation::seed)
        .containsExactly(1L, 2L, 3L);
    assertThat(merged.warnings())
        .containsAll(together.warnings())
        .anyMatch(w -> w.startsWith("merged from 2 runs of seeds [[1, 2], [3]]"));
    Arm thin = merged.arm("THIN").orElseThrow();
    assertThat(thin.seeds()).extracting(StudyResult.ArmSeed::seed).containsExactly(1L, 2L, 3L);
  }

  @Test
  void keepsWhatARunSaysAboutResumingFromItsJournal() {
    StudyRecorder resumed = recorder(StudyFixtures.spec().withSeed(2L), StudyFixtures.machine(), 2);
    resumed.setResumed(4, 90);

    StudyResult merged = withSeedOne(resumed.result());

    assertThat(merged.warnings())
        .filteredOn(w -> w.contains(StudyRecorder.RESUMED))
        .containsExactly(
            "the run of seeds [2] resumed after an interruption: 4 runs were read back from the"
                + " study's journal instead of trained again; the total wall time counts their"
                + " recorded 1m30s but not the work the interruption lost");
  }

  @Test
  void keepsWhatARunSaysAboutRunsItTookFromOtherStudies() {
    StudyRecorder taking = recorder(StudyFixtures.spec().withSeed(2L), StudyFixtures.machine(), 2);
    String source = "tiny (out/tiny.journal, revision fedcba987654)";
    taking.setReused(7, List.of(source), List.of(source));

    StudyResult merged = withSeedOne(taking.result());

    assertThat(merged.warnings())
        .filteredOn(w -> w.contains(StudyRecorder.REUSED))
        .singleElement()
        .asString()
        .startsWith(
            "the run of seeds [2] reused runs: 7 runs were not trained for this study but taken"
                + " from tiny (out/tiny.journal, revision fedcba987654), where a run with the same"
                + " recipe")
        .endsWith(
            "; tiny (out/tiny.journal, revision fedcba987654) was built from another commit than"
                + " this study, and whoever ran it (--reuse-across-revisions) vouched that nothing"
                + " those runs depend on changed between them (git diff shows what did)");
  }

  @Test
  void saysOnceWhatSeveralRunsSayAlikeAboutRunsTheyTookFromOtherStudies() {
    String source = "tiny (out/tiny.journal, revision fedcba987654)";
    StudyRecorder first = recorder(StudyFixtures.spec(), StudyFixtures.machine(), 1);
    first.setReused(7, List.of(source), List.of());
    StudyRecorder second = recorder(StudyFixtures.spec().withSeed(2L), StudyFixtures.machine(), 2);
    second.setReused(7, List.of(source), List.of());
    StudyRecorder third = recorder(StudyFixtures.spec().withSeed(3L), StudyFixtures.machine(), 3);
    third.setReused(5, List.of(source), List.of());

    StudyResult merged =
        StudyMerge.merge(
            List.of(third.result(), second.result(), first.result()), StudyMerge.Revisions.SAME);

    assertThat(merged.warnings())
        .filteredOn(w -> w.contains(StudyRecorder.REUSED))
        .satisfiesExactly(
            w ->
                assertThat(w)
                    .startsWith(
                        "each of the runs of seeds [1], [2] reused runs: 7 runs were not trained"),
            w -> assertThat(w).startsWith("the run of seeds [3] reused runs: 5 runs were not"));
  }

  /** A run of seed 2 merged after a plain run of seed 1, on the same commit. */
  private static StudyResult withSeedOne(StudyResult seedTwo) {
    return StudyMerge.merge(
        List.of(study(StudyFixtures.spec(), StudyFixtures.machine(), 1), seedTwo),
        StudyMerge.Revisions.SAME);
  }

  @Test
  void refusesRunsOfDifferentSpecs() {
    // the fixture's spec widened by 8 instead of 4
    ExperimentSpec wider =
        SpecDefaults.resolve(
            new ExperimentSpec(
                "tiny", null, null, 8, 2L, null, null, null, null, null, null, null, null));
    List<StudyResult> runs =
        List.of(
            study(StudyFixtures.spec(), StudyFixtures.machine(), 1),
            study(wider, StudyFixtures.machine(), 2));

    assertThatThrownBy(() -> StudyMerge.merge(runs, StudyMerge.Revisions.SAME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec (seed aside)");
  }

  @Test
  void mergesARunRecordedBeforeASpecFieldExistedWithOneThatRecordsItsDefault() {
    ExperimentSpec current = StudyFixtures.spec().withSeed(2L);
    ExperimentSpec.FinetuneSpec f = current.finetune();
    // as a result file written before finetune.calibrateHead existed reads back
    ExperimentSpec older =
        new ExperimentSpec(
            current.name(),
            current.dataset(),
            current.model(),
            current.widenFactor(),
            1L,
            current.device(),
            current.wide(),
            current.imitate(),
            new ExperimentSpec.FinetuneSpec(
                f.epochs(),
                f.batchSize(),
                f.optimizer(),
                f.distillation(),
                f.headEpochs(),
                f.earlyStopping(),
                null),
            current.kd(),
            current.baselines(),
            current.limits(),
            current.teacher(),
            current.export());

    // the later run's spec file leaves the new field out, so the field is listed as defaulted
    Selection then = selection();
    Selection now =
        new Selection(
            then.text(),
            then.lrGrid(),
            then.wideTuned(),
            then.imitationTuned(),
            then.criterion(),
            List.of("finetune.calibrateHead"));

    StudyResult merged =
        StudyMerge.merge(
            List.of(
                recorder(older, StudyFixtures.machine(), "2026-01-01T00:00Z", then, 1).result(),
                recorder(current, StudyFixtures.machine(), "2026-02-01T00:00Z", now, 2).result()),
            StudyMerge.Revisions.SAME);

    assertThat(merged.spec().finetune().calibrateHead()).isFalse();
    assertThat(merged.selection().defaultedFields()).containsExactly("finetune.calibrateHead");
    assertThat(merged.arms())
        .isEqualTo(study(StudyFixtures.spec(), StudyFixtures.machine(), 1, 2).arms());
  }

  @Test
  void refusesRunsFromAMachineWithOtherKernels() {
    Machine m = StudyFixtures.machine();
    Machine uncapped = StudyFixtures.machine("0.5 0.5 0.5", Map.of("ONEDNN_MAX_CPU_ISA", "unset"));

    assertThatThrownBy(() -> mergeSeedsOneAndTwo(m, uncapped)).hasMessageContaining("machine");
  }

  @Test
  void refusesRunsBuiltFromAnotherRevision() {
    Machine m = StudyFixtures.machine();
    Machine edited =
        StudyFixtures.machine(m.loadAverageAtStart(), m.isaCaps(), "0123456789ab+uncommitted");

    assertThatThrownBy(() -> mergeSeedsOneAndTwo(m, edited))
        .hasMessageContaining("machine")
        .hasMessageContaining("+uncommitted");
  }

  @Test
  void mergesRunsFromOtherCommitsOnlyWhenAskedAndNamesEveryCommit() {
    Machine m = StudyFixtures.machine();
    Machine later = StudyFixtures.machine(m.loadAverageAtStart(), m.isaCaps(), "fedcba987654");
    List<StudyResult> runs =
        List.of(
            study(StudyFixtures.spec(), m, 1, 2),
            study(StudyFixtures.spec().withSeed(3L), later, 3));

    assertThatThrownBy(() -> StudyMerge.merge(runs, StudyMerge.Revisions.SAME))
        .hasMessageContaining("machine")
        .hasMessageContaining("fedcba987654");

    StudyResult merged = StudyMerge.merge(runs, StudyMerge.Revisions.ANY_COMMITTED);

    assertThat(merged.arms()).isEqualTo(study(StudyFixtures.spec(), m, 1, 2, 3).arms());
    assertThat(merged.machine().sourceRevision()).isEqualTo("0123456789ab,fedcba987654");
    assertThat(merged.machine().withSourceRevision(null)).isEqualTo(m.withSourceRevision(null));
    assertThat(merged.warnings())
        .contains(
            "merged across commits (--across-revisions): seeds [1, 2] were built from"
                + " 0123456789ab, seeds [3] were built from fedcba987654; whoever merged them"
                + " vouched that nothing the figures depend on changed between those commits"
                + " (git diff shows what did)");
  }

  @Test
  void vouchesForTheCpuModelOfRunsOlderThanItsRecordOnlyAcrossCommits() {
    Machine m = StudyFixtures.machine();
    Machine older = StudyFixtures.machine(m.loadAverageAtStart(), m.isaCaps(), "fedcba987654");
    Machine unrecorded = older.withCpuModel(null);

    assertThatThrownBy(() -> mergeSeedsOneAndTwo(unrecorded, older.withSourceRevision(null)))
        .hasMessageContaining("machine");
    assertThatThrownBy(() -> mergeSeedsOneAndTwo(unrecorded, m, StudyMerge.Revisions.SAME))
        .hasMessageContaining("machine");

    StudyResult merged = mergeSeedsOneAndTwo(unrecorded, m, StudyMerge.Revisions.ANY_COMMITTED);

    assertThat(merged.machine().cpuModel()).isEqualTo(m.cpuModel());
    assertThat(merged.machine().sourceRevision()).isEqualTo("fedcba987654,0123456789ab");
    assertThat(merged.warnings())
        .contains(
            "seeds [1] were measured before results recorded the CPU's model; whoever merged them"
                + " (--across-revisions) vouched that they ran on the model the other seeds record, "
                + m.cpuModel());
    assertThat(mergeSeedsOneAndTwo(m, older, StudyMerge.Revisions.ANY_COMMITTED).warnings())
        .noneMatch(w -> w.contains("CPU's model"));
  }

  @Test
  void refusesRunsThatRecordOtherCpuModelsEvenWhenVouchingForOlderOnes() {
    Machine m = StudyFixtures.machine();
    Machine otherModel = m.withCpuModel("GenuineIntel family 6 model 143 stepping 8");
    List<StudyResult> runs =
        List.of(
            study(StudyFixtures.spec(), m.withCpuModel(null).withSourceRevision("fedcba987654"), 1),
            study(StudyFixtures.spec().withSeed(2L), m, 2),
            study(StudyFixtures.spec().withSeed(3L), otherModel, 3));

    assertThatThrownBy(() -> StudyMerge.merge(runs, StudyMerge.Revisions.ANY_COMMITTED))
        .hasMessageContaining("different CPU models");
  }

  @Test
  void runsOfOneCommitNameItOnceEvenWhenAllowedOthers() {
    StudyResult merged =
        mergeSeedsOneAndTwo(
            StudyFixtures.machine(), loadedMachine(), StudyMerge.Revisions.ANY_COMMITTED);

    assertThat(merged.machine()).isEqualTo(StudyFixtures.machine());
    assertThat(merged.warnings()).noneMatch(w -> w.contains("across commits"));
  }

  @Test
  void neverVouchesForCodeNoCommitPins() {
    Machine m = StudyFixtures.machine();
    Machine edited =
        StudyFixtures.machine(m.loadAverageAtStart(), m.isaCaps(), "0123456789ab+uncommitted");
    Machine unknown = StudyFixtures.machine(m.loadAverageAtStart(), m.isaCaps(), null);

    assertThatThrownBy(() -> mergeSeedsOneAndTwo(m, edited, StudyMerge.Revisions.ANY_COMMITTED))
        .hasMessage(
            "the run from seed 2 was built from 0123456789ab+uncommitted: only runs whose commit"
                + " pins their code merge across commits");
    assertThatThrownBy(() -> mergeSeedsOneAndTwo(unknown, m, StudyMerge.Revisions.ANY_COMMITTED))
        .hasMessageContaining("seed 1 was built from an unknown commit");
  }

  @Test
  void mergesRunsThatWordTheirSelectionDifferentlyAndKeepsTheLatestWords() {
    Selection chosen = selection();
    Selection reworded = selection("the same choices, explained in other words", chosen.lrGrid());
    List<StudyResult> runs =
        List.of(
            recorder(StudyFixtures.spec(), StudyFixtures.machine(), "2026-01-01T00:00Z", chosen, 1)
                .result(),
            seedTwo(reworded, "2026-02-01T00:00Z"));

    StudyResult merged = StudyMerge.merge(runs, StudyMerge.Revisions.SAME);

    assertThat(merged.selection()).isEqualTo(reworded);
    assertThat(merged.arms())
        .isEqualTo(study(StudyFixtures.spec(), StudyFixtures.machine(), 1, 2).arms());
    assertThat(merged.warnings())
        .contains(
            "the runs explain their selection in different words (the code reworded it between"
                + " them; what was chosen and how is the same); the latest run's, of"
                + " 2026-02-01T00:00Z, is kept");
    assertThat(mergeSeedsOneAndTwo(StudyFixtures.machine(), StudyFixtures.machine()).warnings())
        .noneMatch(w -> w.contains("different words"));
  }

  @Test
  void refusesRunsThatChoseOtherwise() {
    Selection otherGrid = selection(selection().text(), List.of(1e-2));
    List<StudyResult> runs =
        List.of(
            study(StudyFixtures.spec(), StudyFixtures.machine(), 1),
            seedTwo(otherGrid, "2026-01-01T00:00Z"));

    assertThatThrownBy(() -> StudyMerge.merge(runs, StudyMerge.Revisions.SAME))
        .hasMessageContaining("learning-rate grid and selection");
  }

  @Test
  void refusesOverlappingSeedsAndGaps() {
    assertThatThrownBy(
            () ->
                StudyMerge.merge(
                    List.of(
                        study(StudyFixtures.spec(), StudyFixtures.machine(), 1, 2),
                        study(StudyFixtures.spec().withSeed(2L), StudyFixtures.machine(), 2)),
                    StudyMerge.Revisions.SAME))
        .hasMessageContaining("same seed");
    assertThatThrownBy(
            () ->
                StudyMerge.merge(
                    List.of(
                        study(StudyFixtures.spec(), StudyFixtures.machine(), 1),
                        study(StudyFixtures.spec().withSeed(3L), StudyFixtures.machine(), 3)),
                    StudyMerge.Revisions.SAME))
        .hasMessageContaining("gap");
    assertThatThrownBy(
            () -> StudyMerge.merge(List.of(StudyFixtures.result()), StudyMerge.Revisions.SAME))
        .hasMessageContaining("at least two");
  }

  @Test
  void oneResultIsWrittenUnderItsNewNameAsItIs(@TempDir Path dir) throws IOException {
    Path run = dir.resolve("seed1.json");
    Files.writeString(run, StudyJson.render(StudyFixtures.result()));

    StudyMergeCommand.main(new String[] {"--out", dir.resolve("study").toString(), run.toString()});

    assertThat(Files.readString(dir.resolve("study.json"))).isEqualTo(Files.readString(run));
    assertThat(Files.readString(dir.resolve("study.md"))).contains("(study.svg)");
    assertThat(dir.resolve("study.svg")).exists();
  }

  @Test
  void commandLineNeedsAnOutputAndAFile() {
    assertThat(
            StudyMergeCommand.Options.parse(new String[] {"--out", "r/x.json", "a.json", "b.json"}))
        .isEqualTo(
            new StudyMergeCommand.Options(
                Path.of("r/x"),
                List.of(Path.of("a.json"), Path.of("b.json")),
                StudyMerge.Revisions.SAME));
    assertThat(
            StudyMergeCommand.Options.parse(
                    new String[] {"--across-revisions", "--out", "x", "a.json", "b.json"})
                .revisions())
        .isEqualTo(StudyMerge.Revisions.ANY_COMMITTED);
    assertThatThrownBy(() -> StudyMergeCommand.Options.parse(new String[] {"a.json", "b.json"}))
        .hasMessageContaining("--out");
    assertThat(StudyMergeCommand.Options.parse(new String[] {"--out", "x", "a.json"}).inputs())
        .containsExactly(Path.of("a.json"));
    assertThatThrownBy(() -> StudyMergeCommand.Options.parse(new String[] {"--out", "x"}))
        .hasMessageContaining("result files");
  }

  /** Merges seed 1 measured on {@code first} with seed 2 measured on {@code second}. */
  private static StudyResult mergeSeedsOneAndTwo(Machine first, Machine second) {
    return mergeSeedsOneAndTwo(first, second, StudyMerge.Revisions.SAME);
  }

  private static StudyResult mergeSeedsOneAndTwo(
      Machine first, Machine second, StudyMerge.Revisions revisions) {
    return StudyMerge.merge(
        List.of(
            study(StudyFixtures.spec(), first, 1),
            study(StudyFixtures.spec().withSeed(2L), second, 2)),
        revisions);
  }

  private static Selection selection() {
    return StudySelection.of(
        StudyFixtures.spec(), StudyFixtures.spec(), StudyTuning.grid(StudyFixtures.GRID));
  }

  /** The fixtures' selection with other words, or another grid. */
  private static Selection selection(String text, List<Double> grid) {
    Selection chosen = selection();
    return new Selection(
        text,
        grid,
        chosen.wideTuned(),
        chosen.imitationTuned(),
        chosen.criterion(),
        chosen.defaultedFields());
  }

  /** Seed 2 on the fixtures' machine, recorded on {@code date} with {@code selection}. */
  private static StudyResult seedTwo(Selection selection, String date) {
    return recorder(StudyFixtures.spec().withSeed(2L), StudyFixtures.machine(), date, selection, 2)
        .result();
  }

  /** A study of the given seeds, each taking 100 s, seed s's numbers depending on s. */
  private static StudyResult study(ExperimentSpec spec, Machine machine, long... seeds) {
    return recorder(spec, machine, seeds).result();
  }

  private static StudyRecorder recorder(ExperimentSpec spec, Machine machine, long... seeds) {
    return recorder(spec, machine, "2026-01-01T00:00Z", selection(), seeds);
  }

  private static StudyRecorder recorder(
      ExperimentSpec spec, Machine machine, String date, Selection selection, long... seeds) {
    StudyRecorder recorder = new StudyRecorder(spec, seeds.length, machine, date, selection);
    for (long s : seeds) {
      StudyRecorder.SeedRecord record = recorder.startSeed(s);
      record.measured("WIDE", StudyFixtures.seed(s, 89.0 + s / 10.0, 88.0, 1e-3));
      record.measured("SCRATCH", StudyFixtures.seed(s, 86.0 - s / 10.0, 85.0, 1e-3));
      record.measured("KD", StudyFixtures.seed(s, 86.5, 85.5, 3e-4));
      record.measured("DEEPER", StudyFixtures.seed(s, 86.2 + s / 10.0, 87.5, 1e-3));
      record.measured("THIN", StudyFixtures.seed(s, 87.0 + s / 5.0, 86.0, 3e-4));
      record.imitation(warmed(s), StudyFixtures.jointImitation(0));
      recorder.finishSeed();
    }
    recorder.setTotalWallSeconds(100.0 * seeds.length);
    return recorder;
  }

  private static ModelMetrics warmed(long seed) {
    return StudyFixtures.metrics(
        List.of(0.5 / seed),
        List.of(new PhaseLoss(0, 5.4, 1.7), new PhaseLoss(1, 0.9, 0.2)),
        1e-6 * seed,
        Double.NaN);
  }

  private static Machine loadedMachine() {
    return StudyFixtures.machine("3.9 3.1 2.0", StudyFixtures.machine().isaCaps());
  }
}
