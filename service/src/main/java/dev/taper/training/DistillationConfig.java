package dev.taper.training;

/**
 * Hinton distillation from the wide teacher's logits: {@code loss = (1 - alpha) * CE + alpha * T^2
 * * KL(softmax(zB / T) || softmax(zS / T))}. {@code alpha = 0} trains on the labels only.
 */
public record DistillationConfig(double alpha, double temperature) {

  public static final DistillationConfig NONE = new DistillationConfig(0.0, 4.0);

  public DistillationConfig {
    if (alpha < 0 || alpha > 1) {
      throw new IllegalArgumentException("alpha must be in [0, 1], was " + alpha);
    }
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be > 0, was " + temperature);
    }
  }

  public boolean enabled() {
    return alpha > 0;
  }
}
