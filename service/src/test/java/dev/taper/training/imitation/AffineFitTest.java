package dev.taper.training.imitation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import org.junit.jupiter.api.Test;

class AffineFitTest {

  private static final int N = 512;
  private static final int IN = 4;
  private static final int OUT = 3;

  @Test
  void recoversAnAffineMapFromInputsFarFromUnitScale() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(7);
      // non-negative features around 3e6 with a spread of 1e6: what the last layer of a deep ReLU
      // network can output after an imitation that leaves its scale free
      NDArray z = manager.randomNormal(new Shape(N, IN));
      NDArray inputs = z.mul(1e6f).add(3e6f);
      NDArray a =
          manager.create(
              new float[] {1, -2, 0.5f, 3, 0, 1, -1, 2, 2, 0, 1, -1}, new Shape(OUT, IN));
      NDArray outputs = z.matMul(a.transpose()).add(manager.create(new float[] {1, -1, 0.5f}));

      Linear target = linear(manager);
      AffineFit.fit(target, inputs, outputs, manager);

      NDArray fitted =
          target.forward(new ParameterStore(manager, false), new NDList(inputs), false).head();
      double error = fitted.sub(outputs).abs().max().getFloat();
      double scale = outputs.abs().max().getFloat();
      assertThat(error / scale).as("max |fitted - exact| relative to the outputs").isLessThan(1e-2);
    }
  }

  @Test
  void givesAConstantInputNoWeight() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(7);
      NDArray z = manager.randomNormal(new Shape(N, IN));
      // the first column is a unit that never fires: zero for every example
      NDArray mask = manager.create(new float[] {0, 1, 1, 1}).reshape(1, IN);
      NDArray inputs = z.mul(mask);
      NDArray outputs = inputs.matMul(manager.ones(new Shape(IN, OUT)));

      Linear target = linear(manager);
      AffineFit.fit(target, inputs, outputs, manager);

      float[] weight = target.getParameters().get("weight").getArray().toFloatArray();
      for (int o = 0; o < OUT; o++) {
        assertThat(weight[o * IN]).as("weight of the constant input, output %d", o).isZero();
        assertThat(weight[o * IN + 1]).isCloseTo(1f, offset(1e-2f));
      }
    }
  }

  private static Linear linear(NDManager manager) {
    Linear linear = Linear.builder().setUnits(OUT).build();
    linear.setInitializer(new NormalInitializer(), Parameter.Type.WEIGHT);
    linear.initialize(manager, DataType.FLOAT32, new Shape(1, IN));
    return linear;
  }
}
