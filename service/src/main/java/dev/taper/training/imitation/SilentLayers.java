package dev.taper.training.imitation;

import dev.taper.training.TrainingDivergedException;
import dev.taper.training.loop.InactiveUnits;
import java.util.List;
import java.util.Locale;

/**
 * Refuses an imitated network with a layer that no example switches on. Such a layer outputs zero
 * for every input, so everything above it, the logits included, is the same for every example: the
 * network predicts one class, and no gradient reaches the units to bring them back, so fine-tuning
 * cannot repair it either. Joint imitation pushed too hard does this (a depth-24, width-16 MLP lost
 * every unit of one layer at imitation's 1e-3, and with the variance-floor term at 3e-4) while its
 * loss stays finite and below where it started, so the divergence checks do not see it.
 */
final class SilentLayers {

  private SilentLayers() {}

  /**
   * @param inactiveShares per layer, bottom up, the share of its units no probe example switches on
   * @throws TrainingDivergedException naming the lowest layer whose every unit is inactive
   */
  static void requireEveryLayerActive(List<Double> inactiveShares) {
    for (int layer = 0; layer < inactiveShares.size(); layer++) {
      if (inactiveShares.get(layer) >= 1) {
        throw new TrainingDivergedException(
            String.format(
                Locale.ROOT,
                "IMITATE: imitation left layer %d with no unit active on the first %d training"
                    + " examples, so the network gives every input the same logits; a lower"
                    + " imitate.optimizer.learningRate, or fewer extra imitation terms, may keep"
                    + " it alive",
                layer,
                InactiveUnits.EXAMPLES));
      }
    }
  }
}
