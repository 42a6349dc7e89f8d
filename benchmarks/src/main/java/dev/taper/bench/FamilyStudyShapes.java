package dev.taper.bench;

import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import dev.taper.spec.StageConfigs;
import dev.taper.training.family.Architecture;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wide networks of the ResNet and Transformer studies, read from their specs so that the
 * throughput benchmark measures exactly what the studies train.
 */
final class FamilyStudyShapes {

  /** Fashion-MNIST examples: one channel of 28 x 28. */
  private static final long[] IMAGE = {1, 28, 28};

  private static final int CLASSES = 10;

  private static final Map<String, Path> SPECS =
      Map.of(
          "resnet", Path.of("benchmarks", "specs", "fmnist-resnet.json"),
          "transformer", Path.of("benchmarks", "specs", "fmnist-transformer.json"));

  private FamilyStudyShapes() {}

  /** Family name to its study's WIDE architecture, resnet first. */
  static Map<String, Architecture> wide() {
    Map<String, Architecture> wide = new LinkedHashMap<>();
    for (String family : new String[] {"resnet", "transformer"}) {
      ExperimentSpec spec = SpecDefaults.resolve(StudyCommand.readSpec(SPECS.get(family)));
      Architecture thin = StageConfigs.from(spec, 1).thin(IMAGE, CLASSES);
      wide.put(family, thin.widen(spec.widenFactor()));
    }
    return wide;
  }
}
