package dev.taper.training.family;

import ai.djl.Device;
import dev.taper.training.onnx.NetworkGraph;

/**
 * Everything Taper needs to know about one kind of network, in one place: its spec fields and their
 * defaults and checks, the thin architecture a spec describes for a dataset's examples (which knows
 * how to widen and deepen itself), and how to build and initialise the network. A family lives in
 * its own package and is registered by one line in {@code
 * META-INF/services/dev.taper.training.family.ModelFamily}; nothing else in Taper names it.
 *
 * @param <S> the family's spec record
 * @param <A> the family's architecture record
 */
public interface ModelFamily<S extends ModelSpec, A extends Architecture> {

  /** The {@code family} name in specs and architectures, e.g. {@code mlp}. */
  String name();

  Class<S> specType();

  Class<A> architectureType();

  /** The model a spec naming only this family gets. */
  S defaultSpec();

  /** The widen factor a spec of this family gets when it gives none. */
  int defaultWidenFactor();

  /**
   * Imitation's batch size for a spec of this family that gives none: 128, a common starting value,
   * unless the family measured a better one on validation.
   */
  default int defaultImitationBatchSize() {
    return 128;
  }

  /** {@code spec} with every field it leaves out taken from {@link #defaultSpec}. */
  S withDefaults(S spec);

  /**
   * Checks a spec with its defaults filled in, naming each problem on its field (paths relative to
   * the model object). Bounds keep a typo from asking for a network that cannot be allocated, the
   * wide one ({@code widenFactor} times wider) included.
   */
  void check(S spec, int widenFactor, FieldChecks checks);

  /**
   * The thin network a checked spec describes, for examples of this shape.
   *
   * @throws ModelMismatchException when the examples do not suit a field of the spec
   * @throws IllegalArgumentException when the architecture rejects the result otherwise
   */
  A architecture(S spec, long[] exampleShape, int classes);

  /** The network of an architecture with its parameters allocated but not initialised. */
  Network build(A architecture, Device device);

  /** How fresh parameters of this family are drawn. */
  Initialisation.Scheme initialisation();

  /** One line a person reads in logs and model cards, e.g. {@code mlp 8 x 32}. */
  String describe(A architecture);

  /**
   * Writes the network into an ONNX graph, mirroring how {@link #build} made its blocks: from the
   * standardised input, shaped (N, exampleShape...) float32, to the logits (N, classes).
   *
   * @return the name of the logits in the graph
   */
  String writeOnnx(NetworkGraph graph, Network network, String input, long[] exampleShape);

  /**
   * Whether every layer is one affine map followed by a positively homogeneous activation (ReLU):
   * then dividing a layer's output by s and multiplying the next affine map's weights by s leaves
   * the function unchanged, and imitation rebalances the merged network that way.
   */
  default boolean layersArePositivelyHomogeneous() {
    return false;
  }

  /** How {@code imitate.layerInit teacher_units} starts this family's thin layers. */
  default TeacherStart teacherStart() {
    return layersArePositivelyHomogeneous() ? TeacherStart.LAYER_UNITS : TeacherStart.NONE;
  }
}
