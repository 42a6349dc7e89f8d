package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.taper.training.ImitationConfig;
import dev.taper.training.family.LayerByLayer;
import dev.taper.training.family.Network;
import dev.taper.training.family.Network.LayerOutput;
import dev.taper.training.family.Scalars;
import dev.taper.training.loop.Losses;
import java.util.ArrayList;
import java.util.List;

/**
 * The augmented thin network S-bar of docs/method.md: thin layers joined by the pairs, {@code h_i
 * -> U_i h_i -> V_{i+1}(U_i h_i) -> S_{i+1}}, and the wide teacher B it imitates, whose block
 * outputs the lifts reproduce at the given scales.
 */
record SBar(
    Network thin,
    ImitationPairs pairs,
    Network teacher,
    ImitationConfig config,
    TargetScales scales) {

  /** S-bar comparing with the teacher's block outputs as they are. */
  SBar(Network thin, ImitationPairs pairs, Network teacher, ImitationConfig config) {
    this(thin, pairs, teacher, config, TargetScales.NONE);
  }

  /**
   * What the teacher says for a batch: its block outputs up to the phase's layer (with their
   * attention distributions when those are compared), its logits, or, for a joint phase that
   * matches the logits too, both.
   */
  record Targets(List<LayerOutput> blockOutputs, NDArray logits) {}

  Targets targets(NDArray x, Phase phase, ParameterStore teacherStore) {
    if (phase.head()) {
      return new Targets(List.of(), teacher.logits(teacherStore, x, false));
    }
    List<LayerOutput> outputs = new ArrayList<>();
    NDArray b = x;
    for (int i = 0; i <= phase.layer(); i++) {
      LayerOutput out = layer(teacher, teacherStore, i, b, false);
      outputs.add(new LayerOutput(scales.scaled(i, out.output()), out.attention()));
      b = out.output();
    }
    NDArray logits = matchesLogits(phase) ? teacher.forwardHead(teacherStore, b, false) : null;
    return new Targets(outputs, logits);
  }

  /**
   * Whether the phase's loss includes the head's against the teacher's logits: the head phase's
   * does, and a joint phase's when {@code imitate.logitsWeight} is above 0.
   */
  boolean matchesLogits(Phase phase) {
    return phase.head() || (phase.joint() && config.jointMatchesLogits());
  }

  /**
   * The phase's loss: layer {@code i}'s (or, joint, every layer's summed, plus the logits' weighted
   * when asked), or the head's.
   */
  NDArray loss(NDArray x, Phase phase, Targets targets, boolean training) {
    ParameterStore store = new ParameterStore(thin.manager(), false);
    NDArray h = x;
    ComparedLayers compared = new ComparedLayers();
    for (int i = 0; i <= phase.layer(); i++) {
      boolean trains = training && trains(phase, i, config);
      LayerOutput out = layer(thin, store, i, input(i, h, trains), trains);
      h = out.output();
      if (!phase.head() && (phase.joint() || i == phase.layer())) {
        compared.add(pairs.lift(i, h, trains), targets.blockOutputs().get(i), out);
      }
    }
    if (phase.head()) {
      return headLoss(store, h, targets, training);
    }
    NDArray total = compared.loss(config, thin.architecture().pooledToken());
    if (matchesLogits(phase)) {
      total = total.add(Scalars.mul(headLoss(store, h, targets, training), config.logitsWeight()));
    }
    return total;
  }

  private NDArray headLoss(ParameterStore store, NDArray h, Targets targets, boolean training) {
    NDArray logits = thin.forwardHead(store, h, training);
    return Losses.head(logits, targets.logits(), config.headLoss(), config.headTemperature());
  }

  /** A layer's output, with its attention distributions only when imitation compares them. */
  private LayerOutput layer(
      Network network, ParameterStore store, int i, NDArray input, boolean training) {
    if (config.tokens().attentionWeight() > 0) {
      return network.forwardLayerWithAttention(store, i, input, training);
    }
    return new LayerOutput(network.forwardLayer(store, i, input, training), List.of());
  }

  /**
   * Whether layer {@code i} runs in training mode in this phase: only layers the phase trains do,
   * so a frozen layer's BatchNorm keeps its running statistics and normalises with them.
   */
  static boolean trains(Phase phase, int i, ImitationConfig config) {
    if (phase.joint()) {
      return true;
    }
    boolean current = !phase.head() && i == phase.layer();
    return current || config.lowerLayerLrScale() > 0;
  }

  /** The thin network's own output after layer {@code layer}, through the pairs below it. */
  NDArray features(NDArray x, int layer, boolean training) {
    ParameterStore store = new ParameterStore(thin.manager(), false);
    NDArray h = x;
    for (int i = 0; i <= layer; i++) {
      h = thin.forwardLayer(store, i, input(i, h, training), training);
    }
    return h;
  }

  /**
   * {@link #features} for a large batch without gradients, freeing each layer's temporaries as it
   * goes ({@link LayerByLayer}); the same values.
   */
  NDArray featuresLayerByLayer(NDArray x, int layer, NDManager scope) {
    ParameterStore store = new ParameterStore(thin.manager(), false);
    return LayerByLayer.run(
        x, layer + 1, (i, h) -> thin.forwardLayer(store, i, input(i, h, false), false), scope);
  }

  /**
   * What thin layer {@code i} receives: the input for the first, else the pair below it applied.
   */
  private NDArray input(int i, NDArray previous, boolean training) {
    return i == 0 ? previous : pairs.bridge(i, previous, training);
  }

  /** Logits of S-bar itself: thin layers through the pairs, then the thin head. */
  NDArray logits(NDArray x, boolean training) {
    NDArray h = features(x, thin.layerCount() - 1, training);
    return thin.forwardHead(new ParameterStore(thin.manager(), false), h, training);
  }
}
