package dev.taper.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.training.ModelMetrics;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MetricsJsonTest {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void metricsThatDoNotApplyAreStoredAsNullAndEveryOtherNumberAsItIs() {
    ModelMetrics wide =
        new ModelMetrics(
            0.8862,
            0.3194,
            0.8901,
            235_146,
            470_272,
            2_658_578,
            220.28,
            1234.5,
            270_000,
            1.07e14,
            List.of(),
            List.of(),
            Double.NaN,
            Double.NaN,
            Arrays.asList(0.0, Double.POSITIVE_INFINITY, 0.25));

    String stored = MetricsJson.stored(json, wide);

    assertThat(stored).doesNotContain("NaN", "Infinity");
    JsonNode read = json.readTree(stored);
    assertThat(read.get("mergeMaxAbsError").isNull()).isTrue();
    assertThat(read.get("headTemperature").isNull()).isTrue();
    assertThat(read.get("inactiveUnitsPerLayer").toString()).isEqualTo("[0.0,null,0.25]");
    assertThat(read.get("testAccuracy").asDouble()).isEqualTo(0.8862);
    assertThat(read.get("trainingFlops").asDouble()).isEqualTo(1.07e14);
    assertThat(read.get("parameterCount").asLong()).isEqualTo(235_146);
  }

  @Test
  void metricsStoredWithNaNAsAStringAreServedWithNull() {
    JsonNode old =
        json.readTree(
            "{\"testAccuracy\": 0.8862, \"mergeMaxAbsError\": \"NaN\","
                + " \"phaseLosses\": [{\"start\": \"Infinity\", \"end\": 0.5}],"
                + " \"cpu\": \"AMD EPYC\"}");

    JsonNode served = MetricsJson.served(old);

    assertThat(served.get("mergeMaxAbsError").isNull()).isTrue();
    assertThat(served.get("phaseLosses").get(0).get("start").isNull()).isTrue();
    assertThat(served.get("phaseLosses").get(0).get("end").asDouble()).isEqualTo(0.5);
    assertThat(served.get("cpu").asString()).isEqualTo("AMD EPYC");
    assertThat(served.get("testAccuracy").asDouble()).isEqualTo(0.8862);
  }
}
