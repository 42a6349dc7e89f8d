package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import dev.taper.training.ImitationConfig;
import dev.taper.training.family.Scalars;
import dev.taper.training.loop.Losses;
import java.util.List;

/** The imitation loss of one layer: its features against the teacher's, and its attention. */
final class LayerLoss {

  private LayerLoss() {}

  /**
   * @param studentAttention the student layer's attention distributions (empty without attention)
   * @param teacherAttention the teacher layer's, in the same order
   * @param pooledToken the token the head reads alone, or -1
   */
  static NDArray of(
      NDArray student,
      NDArray teacher,
      List<NDArray> studentAttention,
      List<NDArray> teacherAttention,
      ImitationConfig config,
      int pooledToken) {
    NDArray loss =
        switch (config.loss()) {
          case MSE, NORMALIZED_MSE, VARIANCE_NORMALIZED_MSE ->
              Losses.imitation(student, teacher, config.loss());
          case TOKEN_NORMALIZED_MSE ->
              TokenComparison.features(student, teacher, config.tokens(), pooledToken);
        };
    double attentionWeight = config.tokens().attentionWeight();
    if (attentionWeight > 0 && !studentAttention.isEmpty()) {
      NDArray kl = TokenComparison.attention(studentAttention, teacherAttention);
      loss = loss.add(Scalars.mul(kl, attentionWeight));
    }
    return loss;
  }
}
