package dev.taper.training.family;

import dev.taper.training.family.resnet.ResNetArchitecture;
import dev.taper.training.family.transformer.AttentionWidening;
import dev.taper.training.family.transformer.Pooling;
import dev.taper.training.family.transformer.TokenLayout;
import dev.taper.training.family.transformer.TransformerArchitecture;
import java.util.List;

/** Small members of the ResNet and Transformer families that train in seconds on the fixture. */
public final class FamilyFixtures {

  /** Stem, one block per stage (the second a projection at half resolution): 3 layers. */
  public static final ResNetArchitecture RESNET =
      new ResNetArchitecture(
          1,
          28,
          28,
          8,
          2,
          List.of(new ResNetArchitecture.Stage(1, 16, 4), new ResNetArchitecture.Stage(1, 32, 8)),
          10);

  /** 16 patch tokens of 7x7 plus a class token, two blocks: 3 layers. */
  public static final TransformerArchitecture TRANSFORMER =
      new TransformerArchitecture(
          new long[] {1, 28, 28}, TokenLayout.PATCHES, 7, 2, 16, 2, 8, 32, Pooling.CLS, 10);

  /** {@link #TRANSFORMER} whose teacher widens its residual stream (and head size, and FFN). */
  public static final TransformerArchitecture TRANSFORMER_WIDENING_RESIDUAL =
      new TransformerArchitecture(
          new long[] {1, 28, 28},
          TokenLayout.PATCHES,
          7,
          2,
          16,
          2,
          8,
          32,
          Pooling.CLS,
          10,
          AttentionWidening.RESIDUAL);

  private FamilyFixtures() {}
}
