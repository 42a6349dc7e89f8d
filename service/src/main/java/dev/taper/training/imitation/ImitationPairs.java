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
 * before thin layer i + 1. Families whose block interfaces keep their width need none, and then
 * lift and drop are the identity.
 */
public final class ImitationPairs implements AutoCloseable {

  private final Model owner;
  private final List<Linear> lifts;
  private final List<Linear> drops;
  private final ParameterStore store;

  private ImitationPairs(Model owner, List<Linear> lifts, List<Linear> drops) {
    this.owner = owner;
    this.lifts = lifts;
    this.drops = drops;
    this.store = owner == null ? null : new ParameterStore(owner.getNDManager(), false);
  }

  public static ImitationPairs create(
      Architecture thin, Architecture wide, long seed, Device device) {
    if (!thin.widenedInterfaces()) {
      return new ImitationPairs(null, List.of(), List.of());
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
            i == 0
                ? null
                : affine(
                    wide.layerOutputWidth(i - 1),
                    thin.layerOutputWidth(i - 1),
                    owner,
                    seed * 31 + 2L * i));
      }
      return new ImitationPairs(owner, lifts, drops);
    } catch (RuntimeException | Error e) {
      owner.close(); // the pairs allocated so far live in it
      throw e;
    }
  }

  public boolean present() {
    return owner != null;
  }

  /** {@code U_i h}: thin layer i's output in the wide network's space. */
  public NDArray lift(int i, NDArray h, boolean training) {
    if (!present()) {
      return h;
    }
    return lifts.get(i).forward(store, new NDList(h), training).singletonOrThrow();
  }

  /** {@code V_i(U_{i-1} h)}: what thin layer i receives in S-bar. */
  public NDArray bridge(int i, NDArray previous, boolean training) {
    if (!present()) {
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

  /** Parameters of {@code V_i} (none for layer 0, which reads the input). */
  public List<Parameter> dropParameters(int i) {
    return present() && i > 0 ? parametersOf(drops.get(i)) : List.of();
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
