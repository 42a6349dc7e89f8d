package dev.taper.training.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.core.Linear;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A network's model is either handed over allocated or closed, never left open. */
class NetworkModelsTest {

  @Test
  void aModelWhoseAllocationFailsIsClosed() {
    AtomicReference<NDManager> used = new AtomicReference<>();
    LambdaBlock refusing =
        new LambdaBlock(x -> x) {
          @Override
          public void initialize(NDManager manager, DataType type, Shape... shapes) {
            used.set(manager);
            throw new IllegalStateException("cannot allocate");
          }
        };

    assertThatThrownBy(() -> NetworkModels.allocate(refusing, new Shape(1, 3), Device.cpu()))
        .hasMessage("cannot allocate");

    assertThat(used.get()).isNotNull();
    assertThat(used.get().isOpen()).as("the model's manager").isFalse();
  }

  @Test
  void anAllocatedModelHoldsTheBlockWithItsParameters() {
    Linear linear = Linear.builder().setUnits(4).build();
    try (Model model = NetworkModels.allocate(linear, new Shape(1, 3), Device.cpu())) {
      assertThat(model.getBlock()).isSameAs(linear);
      assertThat(linear.getParameters().get("weight").getArray().getShape())
          .isEqualTo(new Shape(4, 3));
    }
  }
}
