package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyInputsTest {

  @Test
  void parsesTheCommandLine() {
    StudyOptions options =
        StudyOptions.parse(
            new String[] {"specs/x.json", "--seeds", "2", "--lr-grid", "3e-4, 1e-3,3e-3"});

    assertThat(options.seeds()).isEqualTo(2);
    assertThat(options.lrGrid()).containsExactly(3e-4, 1e-3, 3e-3);
    assertThat(options.out()).isEqualTo(Path.of("benchmarks", "results", "x"));
    assertThat(options.firstSeed()).isNull();
    assertThat(options.fresh()).isFalse();
    assertThat(StudyOptions.parse(new String[] {"x.json", "--fresh"}).fresh()).isTrue();
    assertThat(StudyOptions.parse(new String[] {"x.json", "--first-seed", "3"}).firstSeed())
        .isEqualTo(3L);
    assertThatThrownBy(() -> StudyOptions.parse(new String[] {"x.json", "--first-seed", "three"}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesABadGrid() {
    assertThatThrownBy(() -> StudyOptions.parse(new String[] {"x.json", "--lr-grid", "1e-3,-1"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("> 0");
    assertThatThrownBy(() -> StudyOptions.parse(new String[] {"x.json", "--lr-grid", "1e-3,1e-3"}))
        .hasMessageContaining("repeats");
    assertThatThrownBy(
            () -> StudyOptions.parse(new String[] {"x.json", "--lr-grid", "1.234e-3,1.2345e-3"}))
        .hasMessageContaining(
            "differ only past their third significant digit ([1.23e-3, 1.23e-3])");
  }

  @Test
  void readsTheStudySectionOutOfTheSpecFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("s.json");
    Files.writeString(
        file, "{\"name\": \"s\", \"widenFactor\": 4, \"study\": {\"lrGrid\": [0.001, 0.003]}}");

    StudySpecFile spec = StudySpecFile.read(file);

    assertThat(spec.tuning().lrGrid()).containsExactly(0.001, 0.003);
    assertThat(spec.tuning().wide()).isFalse();
    assertThat(spec.tuning().imitation()).isFalse();
    assertThat(spec.spec().widenFactor()).isEqualTo(4);
  }

  @Test
  void checksTheSpecAsTheServiceDoesInsteadOfTruncatingAFraction(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("s.json");
    Files.writeString(
        file, "{\"name\": \"s\", \"finetune\": {\"epochs\": 12.5}, \"widenFactor\": 0}");

    assertThatThrownBy(() -> StudySpecFile.read(file))
        .isInstanceOf(StudyException.class)
        .hasMessageContaining("invalid spec " + file + ": ")
        .hasMessageContaining("finetune.epochs must be an integer")
        .hasMessageContaining("widenFactor");
  }

  @Test
  void everyCommittedSpecIsOneTheServiceAccepts() throws IOException {
    List<Path> specs;
    try (Stream<Path> listing = Files.list(Path.of("specs"))) {
      specs = listing.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(specs).hasSizeGreaterThan(100);
    for (Path spec : specs) {
      assertThatCode(() -> StudySpecFile.read(spec)).as(spec.toString()).doesNotThrowAnyException();
    }
  }

  @Test
  void aBadGridInTheSpecFileIsNamedInTheError(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("s.json");
    Files.writeString(file, "{\"name\": \"s\", \"study\": {\"lrGrid\": [0.001, -1]}}");

    assertThatThrownBy(() -> StudySpecFile.read(file))
        .isInstanceOf(StudyException.class)
        .hasMessage(
            "invalid spec " + file + ": study.lrGrid: learning rates must be > 0, got -1.0");
  }

  @Test
  void tuningTheTeacherIsAStudyOptionThatNeedsAGrid(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("s.json");
    Files.writeString(
        file, "{\"name\": \"s\", \"study\": {\"lrGrid\": [0.001, 0.003], \"tuneWide\": true}}");
    assertThat(StudySpecFile.read(file).tuning().wide()).isTrue();

    Files.writeString(file, "{\"name\": \"s\", \"study\": {\"tuneWide\": true}}");
    assertThatThrownBy(() -> StudySpecFile.read(file))
        .isInstanceOf(StudyException.class)
        .hasMessageContaining("study.tuneWide sweeps WIDE over study.lrGrid, which is empty");

    Files.writeString(
        file, "{\"name\": \"s\", \"study\": {\"lrGrid\": [0.001], \"tuneWide\": \"yes\"}}");
    assertThatThrownBy(() -> StudySpecFile.read(file))
        .isInstanceOf(StudyException.class)
        .hasMessageContaining("study.tuneWide must be true or false, not \"yes\"");
  }

  @Test
  void tuningImitationIsAStudyOptionThatNeedsAGrid(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("s.json");
    Files.writeString(
        file,
        "{\"name\": \"s\", \"study\": {\"lrGrid\": [0.001, 0.003], \"tuneImitation\": true}}");
    StudyTuning tuning = StudySpecFile.read(file).tuning();
    assertThat(tuning.imitation()).isTrue();
    assertThat(tuning.wide()).isFalse();

    Files.writeString(file, "{\"name\": \"s\", \"study\": {\"tuneImitation\": true}}");
    assertThatThrownBy(() -> StudySpecFile.read(file))
        .isInstanceOf(StudyException.class)
        .hasMessageContaining(
            "study.tuneImitation sweeps imitation over study.lrGrid, which is empty");

    Files.writeString(
        file, "{\"name\": \"s\", \"study\": {\"lrGrid\": [0.001], \"tuneImitation\": 1}}");
    assertThatThrownBy(() -> StudySpecFile.read(file))
        .isInstanceOf(StudyException.class)
        .hasMessageContaining("study.tuneImitation must be true or false, not 1");
  }

  @Test
  void saysWhenTheSpecFileListsFewerBaselinesThanAStudyTrains(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("s.json");
    Files.writeString(file, "{\"name\": \"s\", \"baselines\": [\"kd\", \"scratch\"]}");
    assertThat(StudySelection.baselinesReplaced(StudySpecFile.read(file).spec()))
        .hasValue(
            "The spec file lists the baselines [kd, scratch]; a study trains all three (SCRATCH,"
                + " KD and DEEPER), and its recorded spec lists them.");

    Files.writeString(file, "{\"name\": \"s\", \"baselines\": [\"deeper\", \"kd\", \"scratch\"]}");
    assertThat(StudySelection.baselinesReplaced(StudySpecFile.read(file).spec())).isEmpty();
    Files.writeString(file, "{\"name\": \"s\"}");
    assertThat(StudySelection.baselinesReplaced(StudySpecFile.read(file).spec())).isEmpty();
  }

  @Test
  void theCommandLineGridKeepsWhatTheFileTunes() {
    StudyTuning file = new StudyTuning(List.of(1e-3, 3e-3), true, true);
    assertThat(file.withGrid(List.of(1e-2))).isEqualTo(new StudyTuning(List.of(1e-2), true, true));
    assertThatThrownBy(() -> new StudyTuning(List.of(), false, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tuning imitation needs a learning-rate grid");
  }

  @Test
  void unknownFieldsStayErrors(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("s.json");
    Files.writeString(file, "{\"name\": \"s\", \"study\": {\"lrgrid\": [0.001]}}");
    assertThatThrownBy(() -> StudySpecFile.read(file))
        .isInstanceOf(StudyException.class)
        .hasMessageContaining("study.lrgrid");

    Files.writeString(file, "{\"name\": \"s\", \"widen\": 4}");
    assertThatThrownBy(() -> StudySpecFile.read(file))
        .isInstanceOf(StudyException.class)
        .hasMessageContaining("widen");
  }

  @Test
  void writesLearningRatesAsPeopleDo() {
    assertThat(StudySelection.rate(1e-3)).isEqualTo("1e-3");
    assertThat(StudySelection.rate(3e-4)).isEqualTo("3e-4");
    assertThat(StudySelection.rate(2.5e-3)).isEqualTo("2.5e-3");
    assertThat(StudySelection.rate(0.1)).isEqualTo("1e-1");
  }

  @Test
  void keepsOnlyTheIsaFlagsFromCpuinfo() {
    assertThat(Machine.isaFlags("fpu sse4_2 avx avx2 fma avx512f avx512_bf16 amx_tile ht"))
        .isEqualTo(List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512_bf16", "amx_tile"));
  }

  @Test
  void namesTheCpuModelAndItsCachesBecauseFlagsAloneDoNotFixTheKernels() {
    Map<String, String> cpuinfo =
        Map.of("vendor_id", "AuthenticAMD", "cpu family", "25", "model", "17", "stepping", "1");

    assertThat(
            Machine.cpuModel(
                key -> Optional.ofNullable(cpuinfo.get(key)), List.of("L1d 32K", "L3 32768K")))
        .isEqualTo("AuthenticAMD family 25 model 17 stepping 1, caches L1d 32K L3 32768K");
    assertThat(Machine.cpuModel(key -> Optional.empty(), List.of("L2 1024K"))).isNull();
  }
}
