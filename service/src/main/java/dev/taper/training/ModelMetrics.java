package dev.taper.training;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/**
 * What the engine reports for every model (docs/method.md).
 *
 * @param trainingFlops what training this model cost in this stage, counted as {@code PassFlops}
 *     says: its steps, the fits its phases start from and its teacher's forward passes; not the
 *     stages before it (the teacher's own training), not evaluation. 0 in metrics recorded before
 *     the engine counted it; NaN for a stage resumed from a checkpoint written before then
 * @param imitationLossPerLayer final imitation loss of every layer (IMITATE only, else empty)
 * @param phaseLosses the loss of every imitation phase on a fixed batch before and after it
 *     (IMITATE only, else empty)
 * @param mergeMaxAbsError max |logits(S-bar) - logits(merged S)| on a batch, divided by the logits'
 *     largest magnitude where that is above 1 (IMITATE only, else NaN)
 * @param headTemperature the temperature folded into the read-out before the first step (FINETUNE
 *     with {@code calibrateHead} only, else NaN): how far imitation left the head's confidence from
 *     its accuracy, 1 for a calibrated head
 * @param inactiveUnitsPerLayer per layer, bottom up, the share of its output units that no probe
 *     example switches on ({@code InactiveUnits}): dead ReLU units, which no gradient revives
 */
public record ModelMetrics(
    double testAccuracy,
    double testLoss,
    double validationAccuracy,
    long parameterCount,
    long flopsPerExample,
    long sizeBytes,
    double wallSeconds,
    double samplesPerSecond,
    long thinExamplesSeen,
    // absent from metrics recorded before the engine counted it: read as 0, not refused
    @JsonSetter(nulls = Nulls.AS_EMPTY) double trainingFlops,
    List<Double> imitationLossPerLayer,
    List<PhaseLoss> phaseLosses,
    double mergeMaxAbsError,
    double headTemperature,
    List<Double> inactiveUnitsPerLayer) {

  public ModelMetrics {
    imitationLossPerLayer = List.copyOf(imitationLossPerLayer);
    phaseLosses = phaseLosses == null ? List.of() : List.copyOf(phaseLosses);
    inactiveUnitsPerLayer =
        inactiveUnitsPerLayer == null ? List.of() : List.copyOf(inactiveUnitsPerLayer);
  }
}
