package dev.taper.training.family;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.taper.training.DistillationConfig;
import dev.taper.training.SeededEngine;
import dev.taper.training.loop.GradMode;
import dev.taper.training.loop.Losses;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A garbage collection between the forward and the backward pass changes no gradient bit.
 *
 * <p>It did: constants multiplied in with DJL's {@code NDArray.mul(Number)} (attention's 1 /
 * sqrt(headSize), distillation's 1 / T, T^2 and alpha) live in Java direct buffers that autograd
 * keeps using after DJL has let go of them, and a collection frees them (see {@link Scalars}).
 * Whether one happened in that window depended on timing and load, so a resumed stage, or the same
 * study run twice, could end with different parameters.
 */
@ExtendWith(SeededEngine.class)
class GradientsIgnoreGarbageCollectionTest {

  @BeforeAll
  static void gradientsOff() {
    GradMode.offOutsideCollectors();
  }

  @Test
  void theTransformersParameterGradientsDoNotDependOnACollectionBeforeBackward() {
    try (Network network = ModelFamilies.build(FamilyFixtures.TRANSFORMER, 5, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.randomNormal(new Shape(8, 1, 28, 28));
      NDArray labels = manager.create(new long[] {0, 1, 2, 3, 4, 5, 6, 7});
      List<Parameter> parameters = network.learnableParameters();
      parameters.forEach(p -> p.getArray().setRequiresGradient(true));
      ParameterStore store = new ParameterStore(network.manager(), false);
      Function<Boolean, List<float[]>> gradients =
          collect -> {
            try (NDManager scope = network.manager().newSubManager()) {
              try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = network.logits(store, x, true);
                NDArray loss = Losses.supervised(logits, labels, null, DistillationConfig.NONE);
                loss.attach(scope);
                if (collect) {
                  collectGarbage();
                }
                collector.backward(loss);
              }
              List<float[]> values = new ArrayList<>();
              for (Parameter p : parameters) {
                NDArray gradient = p.getArray().getGradient();
                values.add(gradient.toFloatArray());
                gradient.muli(0);
                gradient.close();
              }
              return values;
            }
          };
      List<float[]> undisturbed = gradients.apply(false);
      List<float[]> collected = gradients.apply(true);
      for (int i = 0; i < parameters.size(); i++) {
        assertThat(collected.get(i))
            .as("gradient of %s", parameters.get(i).getName())
            .containsExactly(undisturbed.get(i));
      }
    }
  }

  @Test
  void theDistillationLossGradientDoesNotDependOnACollectionBeforeBackward() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray student = manager.randomNormal(new Shape(16, 10));
      NDArray teacher = manager.randomNormal(new Shape(16, 10));
      NDArray labels = manager.zeros(new Shape(16), ai.djl.ndarray.types.DataType.INT64);
      student.setRequiresGradient(true);
      Function<Boolean, float[]> gradient =
          collect -> {
            try (NDManager scope = manager.newSubManager()) {
              try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss =
                    Losses.supervised(student, labels, teacher, new DistillationConfig(0.7, 4.0));
                loss.attach(scope);
                if (collect) {
                  collectGarbage();
                }
                collector.backward(loss);
              }
              NDArray g = student.getGradient();
              float[] values = g.toFloatArray();
              g.muli(0);
              g.close();
              return values;
            }
          };
      float[] undisturbed = gradient.apply(false);
      assertThat(gradient.apply(true)).containsExactly(undisturbed);
    }
  }

  /** A full collection, then time for the cleaner thread to free what it found unreachable. */
  private static void collectGarbage() {
    for (int i = 0; i < 2; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
