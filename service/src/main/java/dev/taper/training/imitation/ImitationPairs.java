package dev.taper.training.imitation;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.Initialisation;
import dev.taper.training.family.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The affine pairs of the augmented thin network S-bar: {@code U_i : d -> D} lifts thin layer i's
 * output to the wide width, where it is compared with B's; {@code V_{i+1} : D -> d} drops it back
 * before thin layer i + 1, and the pair is merged into that layer at the end ({@link #bridged}).
 *
 * <p>A residual network cannot take a pair into its path: the block after it adds its input to its
 * output, and that skip would carry {@code V(U h)}, not h, which no fold into the block's weights
 * undoes. So where a residual stream widens (a Transformer widened with {@code residual}) there are
 * lifts alone: projections that carry each thin layer's output to the teacher's width for the
 * comparison, as FitNets' regressors do, trained with the thin network and discarded after
 * imitation; the thin layers feed each other as they are. Where block outputs keep their width
 * there are neither, and lift and drop are the identity.
 */
public final class ImitationPairs implements AutoCloseable {

  private final Model owner;
  private final List<Linear> lifts;
  private final List<Linear> drops;
  private final boolean bridged;
  private final ParameterStore store;

  private ImitationPairs(Model owner, List<Linear> lifts, List<Linear> drops, boolean bridged) {
    this.owner = owner;
    this.lifts = lifts;
    this.drops = drops;
    this.bridged = bridged;
    this.store = owner == null ? null : new ParameterStore(owner.getNDManager(), false);
  }

  public static ImitationPairs create(
      Architecture thin, Architecture wide, long seed, Device device) {
    boolean bridged = thin.widenedInterfaces();
    if (!lifted(thin, wide)) {
      return new ImitationPairs(null, List.of(), List.of(), false);
    }
    Model owner = Model.newInstance("imitation-pairs", device);
    try {
      List<Linear> lifts = new ArrayList<>();
      List<Linear> drops = new ArrayList<>();
      int layers = thin.imitationLayers();
      // distinct streams per pair so adding a layer never changes another pair's initial weights
      for (int i = 0; i < layers; i++) {
        int d = thin.layerOutputWidth(i);
        lifts.add(affine(d, wide.layerOutputWidth(i), owner, seed * 31 + 2L * i + 1));
        drops.add(
            i == 0 || !bridged
                ? null
                : affine(
                    wide.layerOutputWidth(i - 1),
                    thin.layerOutputWidth(i - 1),
                    owner,
                    seed * 31 + 2L * i));
      }
      return new ImitationPairs(owner, lifts, drops, bridged);
    } catch (RuntimeException | Error e) {
      owner.close(); // the pairs allocated so far live in it
      throw e;
    }
  }

  /**
   * Whether imitating {@code wide} with {@code thin} needs lifts: bridged pairs, or projections
   * where a layer's output is wider in the teacher.
   */
  static boolean lifted(Architecture thin, Architecture wide) {
    if (thin.widenedInterfaces()) {
      return true;
    }
    for (int i = 0; i < thin.imitationLayers(); i++) {
      if (thin.layerOutputWidth(i) != wide.layerOutputWidth(i)) {
        return true;
      }
    }
    return false;
  }

  /** Whether there are lifts: the thin layers' outputs are compared in a wider space. */
  public boolean present() {
    return owner != null;
  }

  /**
   * Whether the lifts are paired with drops on S-bar's path, to be merged into the thin layers
   * after imitation; without them the lifts are projections for the comparison only.
   */
  public boolean bridged() {
    return bridged;
  }

  /** {@code U_i h}: thin layer i's output (each token's, for a sequence) in the wide space. */
  public NDArray lift(int i, NDArray h, boolean training) {
    if (!present()) {
      return h;
    }
    return lifts.get(i).forward(store, new NDList(h), training).singletonOrThrow();
  }

  /** {@code V_i(U_{i-1} h)}: what thin layer i receives in S-bar. */
  public NDArray bridge(int i, NDArray previous, boolean training) {
    if (!bridged) {
      return previous;
    }
    NDArray lifted = lift(i - 1, previous, training);
    return drops.get(i).forward(store, new NDList(lifted), training).singletonOrThrow();
  }

  public Linear liftLayer(int i) {
    return lifts.get(i);
  }

  public Linear dropLayer(int i) {
    return drops.get(i);
  }

  /** Parameters of {@code U_i}. */
  public List<Parameter> liftParameters(int i) {
    return present() ? parametersOf(lifts.get(i)) : List.of();
  }

  /** Parameters of {@code V_i} (none for layer 0, which reads the input, or for projections). */
  public List<Parameter> dropParameters(int i) {
    return bridged && i > 0 ? parametersOf(drops.get(i)) : List.of();
  }

  /** All pair parameters in a fixed order (checkpoints use it). */
  public List<Parameter> parameters() {
    List<Parameter> all = new ArrayList<>();
    for (int i = 0; i < lifts.size(); i++) {
      all.addAll(dropParameters(i));
      all.addAll(liftParameters(i));
    }
    return all;
  }

  private static List<Parameter> parametersOf(Linear linear) {
    return Network.parametersOf(linear);
  }

  /** A Linear map {@code in -> out} with He-uniform weights from its own seed and zero bias. */
  private static Linear affine(int in, int out, Model owner, long seed) {
    Linear linear = Linear.builder().setUnits(out).build();
    linear.initialize(owner.getNDManager(), DataType.FLOAT32, new Shape(1, in));
    SplittableRandom random = new SplittableRandom(seed);
    for (Parameter parameter : parametersOf(linear)) {
      Initialisation.fillLinear(parameter, random);
    }
    return linear;
  }

  @Override
  public void close() {
    if (owner != null) {
      owner.close();
    }
  }
}
