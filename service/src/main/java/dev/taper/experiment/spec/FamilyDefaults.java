package dev.taper.experiment.spec;

import dev.taper.experiment.spec.ExperimentSpec.ModelSpec;
import dev.taper.experiment.spec.ExperimentSpec.StageSpec;
import dev.taper.training.family.MlpArchitecture;
import dev.taper.training.family.ResNetArchitecture;
import dev.taper.training.family.TransformerArchitecture;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The thin network, and the widen factor, each family gets for whatever a spec's {@code model}
 * leaves out. The MLP's are the Fashion-MNIST study's; the ResNet's and the Transformer's are small
 * networks that train in minutes on a CPU and are meant to be tuned by measurement.
 */
public final class FamilyDefaults {

  public static final String MLP = MlpArchitecture.FAMILY;
  public static final String RESNET = ResNetArchitecture.FAMILY;
  public static final String TRANSFORMER = TransformerArchitecture.FAMILY;
  public static final Set<String> FAMILIES = Set.of(MLP, RESNET, TRANSFORMER);

  /** The family of a spec that names none. */
  public static final String FAMILY = MLP;

  public static final ModelSpec MLP_MODEL = ModelSpec.mlp(8, 32);
  public static final int MLP_WIDEN_FACTOR = 8;

  /** Blocks of a ResNet stage that gives only its channels. */
  public static final int STAGE_BLOCKS = 2;

  /**
   * Interface channels over bottleneck channels for a stage that gives no inner channels: 4, as in
   * the bottleneck ResNets of He et al. 2016.
   */
  public static final int BOTTLENECK_RATIO = 4;

  /**
   * A stride-2 stem quarters the cost of every block after it; on 28x28 images the stages still see
   * 14x14 and 7x7.
   */
  public static final int RESNET_STEM_STRIDE = 2;

  public static final ModelSpec RESNET_MODEL =
      new ModelSpec(
          RESNET,
          null,
          null,
          16,
          RESNET_STEM_STRIDE,
          List.of(new StageSpec(STAGE_BLOCKS, 32, 8), new StageSpec(STAGE_BLOCKS, 64, 16)),
          null,
          null,
          null,
          null,
          null,
          null);

  /**
   * ResNets and Transformers widen only their inner dimensions (bottleneck channels; heads and
   * FFN), so a smaller factor than the MLP's already gives a teacher many times the thin network's
   * size.
   */
  public static final int RESNET_WIDEN_FACTOR = 4;

  public static final ModelSpec TRANSFORMER_MODEL =
      new ModelSpec(TRANSFORMER, 4, 64, null, null, null, "rows", null, 2, 16, 128, "cls");
  public static final int TRANSFORMER_WIDEN_FACTOR = 4;

  /** Side of a patch when {@code tokens} is {@code patches}: 7 cuts a 28x28 image into 16. */
  public static final int PATCH_SIZE = 7;

  public static final String PATCHES = "patches";

  private FamilyDefaults() {}

  /** The widen factor for a family; an unknown family (a spec that fails validation) gets MLP's. */
  public static int widenFactor(String family) {
    return switch (family) {
      case RESNET -> RESNET_WIDEN_FACTOR;
      case TRANSFORMER -> TRANSFORMER_WIDEN_FACTOR;
      default -> MLP_WIDEN_FACTOR;
    };
  }

  /**
   * The model with its family's defaults filled in; fields of other families are left as given
   * (null unless the user wrote them, which validation then rejects). An unknown family is left as
   * it is.
   */
  static ModelSpec resolve(ModelSpec m) {
    if (m == null) {
      return MLP_MODEL;
    }
    String family = or(m.family(), FAMILY);
    ModelSpec d = defaultModel(family);
    String tokens = orNull(m.tokens(), d.tokens());
    Integer patchSize =
        m.patchSize() == null && TRANSFORMER.equals(family) && PATCHES.equals(tokens)
            ? Integer.valueOf(PATCH_SIZE)
            : m.patchSize();
    return new ModelSpec(
        family,
        orNull(m.depth(), d.depth()),
        orNull(m.width(), d.width()),
        orNull(m.stemChannels(), d.stemChannels()),
        orNull(m.stemStride(), d.stemStride()),
        m.stages() == null
            ? d.stages()
            : RESNET.equals(family)
                ? m.stages().stream().map(FamilyDefaults::stage).toList()
                : m.stages(),
        tokens,
        patchSize,
        orNull(m.heads(), d.heads()),
        orNull(m.headSize(), d.headSize()),
        orNull(m.ffnWidth(), d.ffnWidth()),
        orNull(m.pooling(), d.pooling()));
  }

  /** The family's default model; every field null for an unknown family. */
  private static ModelSpec defaultModel(String family) {
    return switch (family) {
      case MLP -> MLP_MODEL;
      case RESNET -> RESNET_MODEL;
      case TRANSFORMER -> TRANSFORMER_MODEL;
      default ->
          new ModelSpec(family, null, null, null, null, null, null, null, null, null, null, null);
    };
  }

  /** A stage must name its channels; its blocks and bottleneck follow from them if left out. */
  private static StageSpec stage(StageSpec s) {
    if (s == null) {
      return null;
    }
    Integer inner = s.innerChannels();
    if (inner == null && s.channels() != null) {
      inner = Math.max(1, s.channels() / BOTTLENECK_RATIO);
    }
    return new StageSpec(or(s.blocks(), STAGE_BLOCKS), s.channels(), inner);
  }

  private static <T> T or(T value, T fallback) {
    return Objects.requireNonNullElse(value, fallback);
  }

  /** {@code value}, or {@code fallback} (which may itself be null) when value is null. */
  private static <T> T orNull(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
