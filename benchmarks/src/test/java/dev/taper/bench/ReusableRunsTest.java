package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.taper.spec.ExperimentSpec;
import dev.taper.training.ModelMetrics;
import dev.taper.training.StageOutcome;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which runs of other studies' journals a study may take, and what taking one keeps. */
class ReusableRunsTest {

  private static final RunRecipe SCRATCH = RunRecipe.of(Map.of("kind", "SCRATCH", "seed", 5));
  private static final RunRecipe IMITATE = RunRecipe.of(Map.of("kind", "IMITATE", "seed", 5));
  private static final ModelMetrics METRICS =
      StudyFixtures.metrics(List.of(), List.of(), Double.NaN, Double.NaN);

  @TempDir Path dir;

  @Test
  void aRunWithTheSameRecipeIsTakenWithItsFiguresAndNetworkAndKeptInTheTakingJournal() {
    Path varied = dir.resolve("varied");
    float[] trained = keptJournal(varied, "varied", StudyFixtures.machine());
    ReusableRuns reusable = ReusableRuns.open(List.of(varied), StudyFixtures.machine(), false);

    assertThat(reusable.size()).isEqualTo(1);
    assertThat(reusable.find(IMITATE)).isEmpty();
    ReusableRuns.Found found = reusable.find(SCRATCH).orElseThrow();
    assertThat(found.source())
        .as("named by its folder, not by a path that only this machine has")
        .isEqualTo("varied (journal varied" + StudyJournal.SUFFIX + ", revision 0123456789ab)");
    Path ablation = dir.resolve("ablation");
    try (StudyJournal journal = open(ablation, "ablation");
        StageRun taken = journal.adopt(5, "SCRATCH", SCRATCH, found)) {
      assertThat(taken.metrics()).isEqualTo(METRICS);
      assertThat(taken.wallSeconds()).isEqualTo(2.5);
      assertThat(taken.replayed()).isTrue();
      assertThat(StudyJournalTest.logits(taken.outcome().network())).containsExactly(trained);
      assertThat(journal.reused()).isEqualTo(1);
      assertThat(journal.replayed()).isZero();
      assertThat(journal.reusedFrom()).containsExactly(found.source());
    }
    // a resumed study reads the taken run back from its own journal, still as taken
    try (StudyJournal resumed = open(ablation, "ablation");
        StageRun back = resumed.replay(5, "SCRATCH", SCRATCH).orElseThrow()) {
      assertThat(StudyJournalTest.logits(back.outcome().network())).containsExactly(trained);
      assertThat(resumed.reused()).isEqualTo(1);
      assertThat(resumed.replayed()).isZero();
      assertThat(resumed.recordedWallSeconds()).as("it cost this study nothing").isZero();
    }
  }

  @Test
  void aJournalFromOtherKernelsIsRefusedNamingWhatDiffers() {
    Path other = dir.resolve("other");
    keptJournal(other, "other", StudyFixtures.machine("0.5 0.5 0.5", Map.of()));

    assertThatThrownBy(() -> ReusableRuns.open(List.of(other), StudyFixtures.machine(), true))
        .isInstanceOf(StudyException.class)
        .hasMessageContaining("it differs in machine.isa_caps");
  }

  @Test
  void aJournalFromAnotherCommitIsTakenOnlyWhenVouchedFor() {
    Path older = dir.resolve("older");
    Machine olderBuild =
        StudyFixtures.machine("0.5 0.5 0.5", StudyFixtures.machine().isaCaps(), "fedcba987654");
    keptJournal(older, "older", olderBuild);

    assertThatThrownBy(() -> ReusableRuns.open(List.of(older), StudyFixtures.machine(), false))
        .isInstanceOf(StudyException.class)
        .hasMessageContaining("written at revision fedcba987654")
        .hasMessageContaining("this build is 0123456789ab")
        .hasMessageContaining("--reuse-across-revisions");
    ReusableRuns vouched = ReusableRuns.open(List.of(older), StudyFixtures.machine(), true);
    assertThat(vouched.find(SCRATCH)).isPresent();
    assertThat(vouched.vouched()).singleElement().asString().startsWith("older (");
    // one study's seeds kept in several folders: its journals share a name, and are named once
    Path laterSeeds = dir.resolve("seed4").resolve("older");
    keptJournal(laterSeeds, "older", olderBuild);
    ReusableRuns both =
        ReusableRuns.open(List.of(older, laterSeeds), StudyFixtures.machine(), true);
    assertThat(both.vouched()).singleElement().asString().startsWith("older (");
  }

  @Test
  void aPathWithoutAJournalIsRefusedSayingHowToKeepOne() {
    assertThatThrownBy(
            () -> ReusableRuns.open(List.of(dir.resolve("gone")), StudyFixtures.machine(), false))
        .isInstanceOf(StudyException.class)
        .hasMessageContaining("no study journal at")
        .hasMessageContaining("--keep-journal");
  }

  @Test
  void recordsWithoutARecipeCannotBeTaken() throws IOException {
    Path old = dir.resolve("old");
    keptJournal(old, "old", StudyFixtures.machine());
    Path run = StudyJournal.directoryFor(old).resolve("seed-5/SCRATCH/run.json");
    Files.writeString(run, Files.readString(run).replaceFirst("\"recipe\":\\{[^}]*\\},", ""));

    assertThat(ReusableRuns.open(List.of(old), StudyFixtures.machine(), false).size()).isZero();
  }

  @Test
  void aRecordStillInItsTemporaryFolderIsNotTaken() throws IOException {
    Path writing = dir.resolve("writing");
    keptJournal(writing, "writing", StudyFixtures.machine());
    Path seed = StudyJournal.directoryFor(writing).resolve("seed-5");
    Folders.copyRecursively(seed.resolve("SCRATCH"), seed.resolve("IMITATE.partial"));
    Path partialRun = seed.resolve("IMITATE.partial/run.json");
    Files.writeString(
        partialRun, Files.readString(partialRun).replace("\"SCRATCH\"", "\"IMITATE\""));

    ReusableRuns reusable = ReusableRuns.open(List.of(writing), StudyFixtures.machine(), false);

    assertThat(reusable.size()).isEqualTo(1);
    assertThat(reusable.find(IMITATE)).isEmpty();
  }

  /**
   * A finished study at {@code out} whose kept journal holds one SCRATCH run of seed 5; returns
   * that run's logits.
   */
  private float[] keptJournal(Path out, String name, Machine machine) {
    try (Network network = mlp()) {
      StudyJournal journal = StudyJournal.open(out, spec(name), StudyTuning.none(), machine, false);
      StageRun run = new StageRun(new StageOutcome(network, METRICS), 2.5, List.of(), null, false);
      journal.record(5, "SCRATCH", SCRATCH, run);
      journal.finish(true);
      return StudyJournalTest.logits(network);
    }
  }

  private StudyJournal open(Path out, String name) {
    return StudyJournal.open(out, spec(name), StudyTuning.none(), StudyFixtures.machine(), false);
  }

  private Network mlp() {
    return ModelFamilies.build(
        ModelFamilies.architecture(spec("any").model(), new long[] {1, 28, 28}, 10),
        11,
        Device.cpu());
  }

  private ExperimentSpec spec(String name) {
    try {
      String text = StudyReproducibilityTest.SPEC.replace("\"repro\"", "\"" + name + "\"");
      Path file = Files.writeString(dir.resolve("spec.json"), text);
      return StudyCommand.resolve(StudySpecFile.read(file).spec());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
