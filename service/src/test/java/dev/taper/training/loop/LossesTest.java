package dev.taper.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.taper.training.DistillationConfig;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.SeededEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeededEngine.class)
class LossesTest {

  @Test
  void crossEntropyIsTheMeanNegativeLogLikelihood() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logits = m.create(new float[] {2, 0, 0, 0, 1, 3}, new Shape(2, 3));
      NDArray labels = m.create(new long[] {0, 2});
      double first = -Math.log(Math.exp(2) / (Math.exp(2) + 2));
      double second = -Math.log(Math.exp(3) / (1 + Math.exp(1) + Math.exp(3)));
      assertThat(Losses.crossEntropy(logits, labels).getFloat())
          .isCloseTo((float) ((first + second) / 2), offset(1e-5f));
    }
  }

  @Test
  void distillationVanishesWhenStudentEqualsTeacherAndMixesWithAlpha() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logits = m.create(new float[] {2, 0, 1, 0, 1, 3}, new Shape(2, 3));
      NDArray labels = m.create(new long[] {0, 2});
      assertThat(Losses.distillation(logits, logits, 4).getFloat()).isCloseTo(0f, offset(1e-6f));
      NDArray other = m.create(new float[] {0, 2, 1, 3, 1, 0}, new Shape(2, 3));
      float ce = Losses.crossEntropy(logits, labels).getFloat();
      float kd = Losses.distillation(logits, other, 2).getFloat();
      assertThat(kd).isPositive();
      float mixed =
          Losses.supervised(logits, labels, other, new DistillationConfig(0.25, 2)).getFloat();
      assertThat(mixed).isCloseTo(0.75f * ce + 0.25f * kd, offset(1e-5f));
    }
  }

  @Test
  void normalizedMseIgnoresPerExampleScaleAndShift() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.randomNormal(new Shape(4, 16));
      NDArray b = a.mul(3).add(5);
      assertThat(oneLayer(a, b, ImitationLoss.NORMALIZED_MSE).getFloat())
          .isCloseTo(0f, offset(1e-4f));
      assertThat(oneLayer(a, b, ImitationLoss.MSE).getFloat()).isGreaterThan(1f);
    }
  }

  @Test
  void varianceNormalizedMseIsTheFractionOfTheTeachersVariationLeftUnexplained() {
    try (NDManager m = NDManager.newBaseManager()) {
      // every example shares the pattern 10 * shared; only `signal` tells them apart
      NDArray shared = m.randomNormal(new Shape(1, 16)).mul(10);
      NDArray signal = m.randomNormal(new Shape(64, 16));
      NDArray teacher = signal.add(shared);
      NDArray sharedOnly = shared.broadcast(new Shape(64, 16));
      // matching the shared pattern alone looks nearly perfect per example ...
      assertThat(oneLayer(sharedOnly, teacher, ImitationLoss.NORMALIZED_MSE).getFloat())
          .isLessThan(0.05f);
      // ... but explains none of the variation between examples
      assertThat(oneLayer(sharedOnly, teacher, ImitationLoss.VARIANCE_NORMALIZED_MSE).getFloat())
          .isCloseTo(1f, offset(0.1f));
      NDArray halfway = shared.add(signal.mul(0.5f));
      assertThat(oneLayer(halfway, teacher, ImitationLoss.VARIANCE_NORMALIZED_MSE).getFloat())
          .isCloseTo(0.25f, offset(0.03f));
      assertThat(oneLayer(teacher, teacher, ImitationLoss.VARIANCE_NORMALIZED_MSE).getFloat())
          .isCloseTo(0f, offset(1e-6f));
    }
  }

  /** One layer's loss through the stacked computation imitation uses. */
  private static NDArray oneLayer(NDArray student, NDArray teacher, ImitationLoss loss) {
    return Losses.imitationPerLayer(student.expandDims(0), teacher.expandDims(0), loss).squeeze(0);
  }
}
