package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class StudyJsonTest {

  @Test
  void writesTheFieldsOfTheFirstResultFilesAndTheNewOnes() {
    JsonNode json = ResultJson.MAPPER.readTree(StudyJson.render(StudyFixtures.result()));

    JsonNode thin = StudyFixtures.armNode(json, "THIN");
    assertThat(thin.get("accuracy_mean").doubleValue())
        .isEqualTo(87.3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(thin.get("accuracy_std").isNumber()).isTrue();
    assertThat(thin.get("params").longValue()).isEqualTo(1000L);
    assertThat(thin.get("seeds")).hasSize(2);
    assertThat(thin.get("seeds").get(0).get("grid")).hasSize(2);
    assertThat(json.get("target").get("thin_minus_scratch_points").doubleValue())
        .isEqualTo(1.3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(json.get("target").get("comparisons")).hasSize(3);
    assertThat(json.get("machine").get("cpu_flags").toString()).contains("avx512f");
    assertThat(json.get("machine").get("isa_caps").get("ONEDNN_MAX_CPU_ISA").stringValue())
        .isEqualTo("AVX2");
    assertThat(json.get("selection").get("lr_grid")).hasSize(2);
  }

  @Test
  void aFailedArmKeepsItsMeasuredSeedsAndSaysWhy() {
    JsonNode kd =
        StudyFixtures.armNode(
            ResultJson.MAPPER.readTree(StudyJson.render(StudyFixtures.result())), "KD");

    assertThat(kd.get("failed").booleanValue()).isTrue();
    assertThat(kd.get("error").stringValue()).contains("NaN");
    assertThat(kd.get("accuracy_mean").doubleValue()).isEqualTo(86.5);
    assertThat(kd.get("accuracy_std").isNull()).isTrue();
    assertThat(kd.get("seeds").get(1).get("failed").booleanValue()).isTrue();
  }

  @Test
  void readsBackWhatItWrote(@TempDir Path dir) throws IOException {
    StudyResult written = StudyFixtures.result();
    Path file = dir.resolve("tiny.json");
    Files.writeString(file, StudyJson.render(written));

    StudyResult read = StudyJson.read(file);

    assertThat(read.arms()).isEqualTo(written.arms());
    assertThat(read.target()).isEqualTo(written.target());
    assertThat(read.warnings()).isEqualTo(written.warnings());
    assertThat(read.machine()).isEqualTo(written.machine());
  }

  @Test
  void everyCommittedResultStaysReadable() throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(Path.of("results"))) {
      files =
          listing
              .filter(f -> f.getFileName().toString().startsWith("fmnist-"))
              .filter(f -> f.toString().endsWith(".json"))
              .toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      StudyResult r = StudyJson.read(file);
      assertThat(r.arms()).as(file.toString()).hasSize(StudyResult.ARMS.size());
      StudyResult.Arm thin = r.arm("THIN").orElseThrow();
      // a study records an arm that failed, with its reason, and still writes the others
      assertThat(thin.accuracyMean() != null || (thin.failed() && thin.error() != null))
          .as("%s: THIN measured, or failed with a reason", file)
          .isTrue();
      if (thin.accuracyMean() != null) {
        assertThat(r.target().comparisons())
            .as(file.toString())
            .allMatch(c -> c.gapPoints() != null);
      }
      assertThat(r.teacher().marginPoints()).as(file.toString()).isNotNull();
    }
  }
}
