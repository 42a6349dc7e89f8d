package dev.taper.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.model.ModelRole;
import dev.taper.model.ModelView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ArmCostsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void anArmIsUnknownWhereAStageItWasTrainedFromDidNotCount() {
    // a WARMED recorded before the engine counted: no trainingFlops in its metrics
    ArmCosts costs =
        ArmCosts.of(
            List.of(
                model(ModelRole.WIDE, "{\"trainingFlops\": 2.0e12}"),
                model(ModelRole.WARMED, "{\"testAccuracy\": 0.85}"),
                model(ModelRole.THIN, "{\"trainingFlops\": 5.0e11}"),
                model(ModelRole.KD, "{\"trainingFlops\": 1.0e12}"),
                model(ModelRole.SCRATCH, "{\"trainingFlops\": 0}"),
                model(ModelRole.EXPORT, "{\"trainingFlops\": 1.0}")));

    assertThat(costs.total(ModelRole.WIDE)).isEqualTo(2.0e12);
    assertThat(costs.total(ModelRole.KD)).isEqualTo(3.0e12);
    assertThat(costs.total(ModelRole.WARMED)).isNull();
    assertThat(costs.total(ModelRole.THIN)).isNull();
    assertThat(costs.total(ModelRole.SCRATCH)).as("0: not counted").isNull();
    assertThat(costs.total(ModelRole.DEEPER)).as("not trained").isNull();
    assertThat(costs.total(ModelRole.EXPORT)).as("not an arm").isNull();
  }

  private static ModelView model(ModelRole role, String metrics) {
    return new ModelView(
        UUID.randomUUID(),
        UUID.randomUUID(),
        1,
        role,
        "mlp",
        null,
        10,
        20,
        40,
        "sha",
        JSON.readTree(metrics),
        "fingerprint",
        Instant.EPOCH,
        "key");
  }
}
