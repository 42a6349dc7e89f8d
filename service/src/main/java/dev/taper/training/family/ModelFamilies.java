package dev.taper.training.family;

import ai.djl.Device;
import dev.taper.training.onnx.NetworkGraph;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The registered model families ({@code META-INF/services/dev.taper.training.family.ModelFamily}),
 * and the operations every caller needs on a spec or architecture of any family.
 */
public final class ModelFamilies {

  private static final Map<String, ModelFamily<?, ?>> BY_NAME = load();

  private ModelFamilies() {}

  private static Map<String, ModelFamily<?, ?>> load() {
    Map<String, ModelFamily<?, ?>> families = new TreeMap<>();
    for (ModelFamily<?, ?> family :
        ServiceLoader.load(ModelFamily.class, ModelFamily.class.getClassLoader())) {
      ModelFamily<?, ?> previous = families.put(family.name(), family);
      if (previous != null) {
        throw new IllegalStateException(
            "two model families are named "
                + family.name()
                + ": "
                + previous.getClass().getName()
                + " and "
                + family.getClass().getName());
      }
    }
    return Map.copyOf(families);
  }

  /** Every family's name, sorted. */
  public static List<String> names() {
    return BY_NAME.keySet().stream().sorted().toList();
  }

  public static Optional<ModelFamily<?, ?>> find(String name) {
    return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
  }

  /**
   * @throws IllegalArgumentException naming the known families when there is no such one
   */
  public static ModelFamily<?, ?> get(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown model family " + name + " (known: " + names() + ")"));
  }

  public static ModelSpec defaultSpec(String family) {
    return get(family).defaultSpec();
  }

  public static ModelSpec withDefaults(ModelSpec spec) {
    return of(spec).withDefaults(spec);
  }

  public static void check(ModelSpec spec, int widenFactor, FieldChecks checks) {
    of(spec).check(spec, widenFactor, checks);
  }

  /** The thin architecture of a resolved spec for examples of this shape. */
  public static Architecture architecture(ModelSpec spec, long[] exampleShape, int classes) {
    return of(spec).architecture(spec, exampleShape, classes);
  }

  public static String describe(Architecture architecture) {
    return of(architecture).describe(architecture);
  }

  /** The network written into an ONNX graph by its family; returns the logits' name. */
  public static String writeOnnx(
      NetworkGraph graph, Network network, String input, long[] exampleShape) {
    return of(network.architecture()).writeOnnx(graph, network, input, exampleShape);
  }

  /**
   * A freshly initialised network. Parameters come from a Java RNG seeded here rather than from the
   * engine's global generator, so the same seed gives the same weights whatever else runs.
   */
  public static Network build(Architecture architecture, long seed, Device device) {
    ModelFamily<ModelSpec, Architecture> family = of(architecture);
    Network network = buildUninitialised(architecture, device);
    try {
      SplittableRandom random = new SplittableRandom(seed);
      Initialisation.Scheme scheme = family.initialisation();
      for (var parameter : network.parameters()) {
        Initialisation.fill(parameter, scheme, random);
      }
      return network;
    } catch (RuntimeException | Error e) {
      network.close();
      throw e;
    }
  }

  /** A network whose parameters are allocated but hold no meaningful values (to load into). */
  public static Network buildUninitialised(Architecture architecture, Device device) {
    // before any convolution runs: oneDNN reads padding it leaves unwritten (see the class)
    ZeroFilledAllocations.ensureEnabled();
    return of(architecture).build(architecture, device);
  }

  /** The spec's family, seen through erased types once the spec is checked to be its own. */
  @SuppressWarnings("unchecked")
  private static ModelFamily<ModelSpec, Architecture> of(ModelSpec spec) {
    ModelFamily<?, ?> family = get(spec.family());
    requireInstance(family.specType(), spec);
    return (ModelFamily<ModelSpec, Architecture>) family;
  }

  @SuppressWarnings("unchecked")
  private static ModelFamily<ModelSpec, Architecture> of(Architecture architecture) {
    ModelFamily<?, ?> family = get(architecture.family());
    requireInstance(family.architectureType(), architecture);
    return (ModelFamily<ModelSpec, Architecture>) family;
  }

  private static void requireInstance(Class<?> type, Object value) {
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          value.getClass().getSimpleName() + " is not a " + type.getSimpleName());
    }
  }
}
