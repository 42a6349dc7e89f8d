package dev.taper.training;

/**
 * Stop training when validation accuracy has not improved for a while, and keep the parameters of
 * the best epoch, the network training started from included: how a teacher trains to convergence
 * within a budget of epochs, and how fine-tuning keeps what imitation built when it only loses it.
 *
 * @param patience epochs without improvement after which training stops; 0 trains every epoch
 * @param minDelta the smallest gain in validation accuracy (a fraction) that counts as one
 */
public record EarlyStopping(int patience, double minDelta) {

  public static final EarlyStopping NONE = new EarlyStopping(0, 0);

  public EarlyStopping {
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be >= 0, was " + patience);
    }
    if (!(minDelta >= 0)) {
      throw new IllegalArgumentException("minDelta must be >= 0, was " + minDelta);
    }
  }

  public boolean enabled() {
    return patience > 0;
  }
}
