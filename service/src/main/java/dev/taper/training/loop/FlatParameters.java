package dev.taper.training.loop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * All of a network's parameters in one contiguous tensor, each parameter's array becoming a view
 * into it. Gradients then land in one buffer and the optimiser updates everything with one fused
 * native call instead of one per parameter, which for small networks is most of a step.
 *
 * <p>Each step, {@link #beginStep} makes autograd-tracked views of the flat tensor; the network
 * reads them through {@link #store()}, so backward accumulates into the flat tensor's gradient. The
 * parameters' own arrays stay untracked views of the same storage: saving, evaluating and
 * checkpointing the network see the latest values without any copy.
 */
final class FlatParameters {

  private final NDArray flat;
  private final List<Parameter> parameters;
  private final long[] offsets;
  private final long[] boundaries;
  private final Map<Parameter, NDArray> stepViews = new IdentityHashMap<>();
  private final ParameterStore store;

  private FlatParameters(
      NDArray flat, List<Parameter> parameters, long[] offsets, NDManager manager) {
    this.flat = flat;
    this.parameters = List.copyOf(parameters);
    this.offsets = offsets;
    this.boundaries = java.util.Arrays.copyOfRange(offsets, 1, offsets.length - 1);
    this.store =
        new ParameterStore(manager, false) {
          @Override
          public NDArray getValue(Parameter parameter, Device device, boolean training) {
            NDArray view = stepViews.get(parameter);
            return view != null ? view : super.getValue(parameter, device, training);
          }
        };
  }

  /**
   * Moves the parameters' values into one flat tensor owned by {@code owner} (the network's
   * manager, so it lives as long as the network) and turns each parameter array into a view.
   */
  static FlatParameters adopt(List<Parameter> parameters, NDManager owner) {
    long[] offsets = new long[parameters.size() + 1];
    for (int i = 0; i < parameters.size(); i++) {
      offsets[i + 1] = offsets[i] + parameters.get(i).getArray().size();
    }
    NDArray flat =
        owner.zeros(new Shape(offsets[parameters.size()]), DataType.FLOAT32, device(parameters));
    try (NDManager scratch = owner.newSubManager()) {
      for (int i = 0; i < parameters.size(); i++) {
        NDArray array = parameters.get(i).getArray();
        array.setRequiresGradient(false);
        NDArray values = array.reshape(-1);
        values.attach(scratch);
        flat.set(new NDIndex(offsets[i] + ":" + offsets[i + 1]), values);
        array.intern(view(flat, offsets[i], offsets[i + 1], array.getShape(), scratch));
      }
    }
    flat.setRequiresGradient(true);
    return new FlatParameters(flat, parameters, offsets, owner);
  }

  private static Device device(List<Parameter> parameters) {
    return parameters.get(0).getArray().getDevice();
  }

  /** A view of {@code flat[from:to]} in {@code shape}, attached (with its slice) to scope. */
  private static NDArray view(NDArray flat, long from, long to, Shape shape, NDManager scope) {
    NDArray slice = flat.get(from + ":" + to);
    slice.attach(scope);
    NDArray view = slice.reshape(shape);
    view.attach(scope);
    return view;
  }

  NDArray flat() {
    return flat;
  }

  /**
   * Parameter lookups that return this step's tracked views; valid until the step's scope closes.
   */
  ParameterStore store() {
    return store;
  }

  /** Creates this step's views; call inside the gradient collector, before the forward pass. */
  void beginStep(NDManager scope) {
    stepViews.clear();
    // one split rather than a slice per parameter: autograd then assembles the flat gradient
    // with a single concatenation instead of scattering one flat-sized gradient per slice
    NDList pieces = flat.split(boundaries);
    for (int i = 0; i < parameters.size(); i++) {
      NDArray piece = pieces.get(i);
      piece.attach(scope);
      NDArray view = piece.reshape(parameters.get(i).getArray().getShape());
      view.attach(scope);
      stepViews.put(parameters.get(i), view);
    }
  }

  void endStep() {
    stepViews.clear();
  }

  /** Stops recording gradients; the parameters stay views of the flat tensor. */
  void release() {
    stepViews.clear();
    flat.setRequiresGradient(false);
  }
}
