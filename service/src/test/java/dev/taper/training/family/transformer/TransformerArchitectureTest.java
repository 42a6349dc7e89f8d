package dev.taper.training.family.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.taper.training.SeededEngine;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkFiles;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeededEngine.class)
class TransformerArchitectureTest {

  private static final long[] IMAGE = {1, 28, 28};

  private final TransformerArchitecture rows =
      new TransformerArchitecture(IMAGE, TokenLayout.ROWS, 0, 3, 32, 2, 16, 64, Pooling.CLS, 10);

  @Test
  void wideningMultipliesHeadsAndFeedForwardButKeepsHeadSizeAndWidth() {
    TransformerArchitecture wide = rows.widen(4);
    assertThat(wide.heads()).isEqualTo(8);
    assertThat(wide.headSize()).isEqualTo(16);
    assertThat(wide.ffnWidth()).isEqualTo(256);
    assertThat(wide.width()).isEqualTo(32);
    assertThat(wide.blocks()).isEqualTo(3);
    assertThat(wide.imitationLayers()).isEqualTo(rows.imitationLayers()).isEqualTo(4);
    assertThat(wide.widenedInterfaces()).isFalse();
    assertThat(rows.deepen(2).blocks()).isEqualTo(6);
  }

  @Test
  void residualWideningMultipliesTheStreamTheHeadSizeAndFeedForwardButKeepsTheHeads() {
    TransformerArchitecture thin =
        new TransformerArchitecture(
            IMAGE,
            TokenLayout.PATCHES,
            7,
            2,
            32,
            2,
            16,
            64,
            Pooling.CLS,
            10,
            AttentionWidening.RESIDUAL);
    TransformerArchitecture wide = thin.widen(2);
    assertThat(wide.width()).isEqualTo(64);
    assertThat(wide.heads()).isEqualTo(2);
    assertThat(wide.headSize()).isEqualTo(32);
    assertThat(wide.ffnWidth()).isEqualTo(128);
    assertThat(wide.layerOutputWidth(0)).isEqualTo(64);
    assertThat(wide.layerOutputWidth(2)).isEqualTo(64);
    assertThat(thin.layerOutputWidth(2)).isEqualTo(32);
    // the stream widens, but not through pairs merged into the blocks
    assertThat(wide.widenedInterfaces()).isFalse();
    try (Network built = ModelFamilies.build(wide, 1, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(manager, false);
      NDArray x = manager.randomUniform(0, 1, new Shape(3, 1, 28, 28));
      NDArray h = built.forwardLayer(store, 0, x, false);
      assertThat(built.forwardLayer(store, 1, h, false).getShape()).isEqualTo(new Shape(3, 17, 64));
      assertThat(built.parameterCount()).isEqualTo(wide.parameterCount());
    }
  }

  @Test
  void imagesAreReadAsRowsOrPatches() {
    assertThat(rows.tokenCount()).isEqualTo(28);
    assertThat(rows.tokenFeatures()).isEqualTo(28);
    assertThat(rows.sequenceLength()).isEqualTo(29);
    TransformerArchitecture patches =
        new TransformerArchitecture(IMAGE, TokenLayout.PATCHES, 4, 1, 8, 1, 8, 8, Pooling.MEAN, 10);
    assertThat(patches.tokenCount()).isEqualTo(49);
    assertThat(patches.tokenFeatures()).isEqualTo(16);
    assertThat(patches.sequenceLength()).isEqualTo(49);
    TransformerArchitecture sequence =
        new TransformerArchitecture(
            new long[] {12, 5}, TokenLayout.SEQUENCE, 0, 1, 8, 1, 8, 8, Pooling.MEAN, 3);
    assertThat(sequence.tokenCount()).isEqualTo(12);
    assertThat(sequence.tokenFeatures()).isEqualTo(5);
  }

  @Test
  void patchTokensHoldTheirPatchesPixels() {
    // a transformer with an identity-like embedding is overkill; check the layout on the input:
    // with patch size 14, token 1 is the top-right quarter of the image
    TransformerArchitecture quarters =
        new TransformerArchitecture(IMAGE, TokenLayout.PATCHES, 14, 1, 4, 1, 4, 4, Pooling.MEAN, 2);
    try (Network built = ModelFamilies.build(quarters, 1, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      float[] pixels = new float[28 * 28];
      for (int r = 0; r < 14; r++) {
        for (int c = 14; c < 28; c++) {
          pixels[r * 28 + c] = 1;
        }
      }
      NDArray x = manager.create(pixels, new Shape(1, 1, 28, 28));
      TokenEmbedding embedding = (TokenEmbedding) built.layer(0);
      NDArray tokens = embedding.tokens(x);
      assertThat(tokens.getShape()).isEqualTo(new Shape(1, 4, 196));
      assertThat(tokens.sum(new int[] {2}).toFloatArray()).containsExactly(0f, 196f, 0f, 0f);
    }
  }

  @Test
  void parameterCountMatchesTheBuiltNetworkForEveryLayoutAndPooling() {
    List<TransformerArchitecture> architectures =
        List.of(
            rows,
            rows.widen(4),
            rows.deepen(2),
            new TransformerArchitecture(
                IMAGE, TokenLayout.PATCHES, 7, 2, 16, 3, 8, 32, Pooling.MEAN, 10));
    for (TransformerArchitecture architecture : architectures) {
      try (Network built = ModelFamilies.build(architecture, 1, Device.cpu())) {
        assertThat(built.parameterCount())
            .as("%s", architecture)
            .isEqualTo(architecture.parameterCount());
        assertThat(built.layerCount()).isEqualTo(architecture.imitationLayers());
      }
    }
  }

  @Test
  void flopsCountEveryProjectionAndBothAttentionProducts() {
    TransformerArchitecture one =
        new TransformerArchitecture(
            new long[] {4, 3}, TokenLayout.SEQUENCE, 0, 1, 8, 2, 2, 16, Pooling.MEAN, 5);
    long t = 4;
    long macs = t * 3 * 8 + (3 * t * 8 * 4 + 2 * t * t * 4 + t * 4 * 8) + 2 * t * 8 * 16 + 8 * 5;
    assertThat(one.flopsPerExample()).isEqualTo(2 * macs);
  }

  @Test
  void blockOutputsKeepTheResidualWidth() {
    try (Network built = ModelFamilies.build(rows, 1, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.randomNormal(new Shape(5, 1, 28, 28));
      ParameterStore store = new ParameterStore(built.manager(), false);
      NDArray h = built.forwardLayer(store, 0, x, false);
      assertThat(h.getShape()).isEqualTo(new Shape(5, 29, 32));
      assertThat(built.forwardLayer(store, 1, h, false).getShape()).isEqualTo(h.getShape());
      assertThat(built.logits(store, x, false).getShape()).isEqualTo(new Shape(5, 10));
    }
  }

  @Test
  void everyPositionSeesTheWholeSequence() {
    // no padding and no mask: changing the last token changes the class token's output
    try (Network built = ModelFamilies.build(rows, 1, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.randomNormal(new Shape(1, 1, 28, 28));
      NDArray changed = x.duplicate();
      changed.set(new ai.djl.ndarray.index.NDIndex("0, 0, 27, :"), 5f);
      ParameterStore store = new ParameterStore(built.manager(), false);
      NDArray a = built.logits(store, x, false);
      NDArray b = built.logits(store, changed, false);
      assertThat(a.sub(b).abs().max().getFloat()).isGreaterThan(1e-4f);
    }
  }

  @Test
  void impossibleShapesAreRefused() {
    assertThatThrownBy(
            () ->
                new TransformerArchitecture(
                    IMAGE, TokenLayout.PATCHES, 5, 1, 8, 1, 8, 8, Pooling.CLS, 10))
        .hasMessageContaining("patchSize 5 must divide the image's height and width 28x28");
    assertThatThrownBy(
            () ->
                new TransformerArchitecture(
                    IMAGE, TokenLayout.SEQUENCE, 0, 1, 8, 1, 8, 8, Pooling.CLS, 10))
        .hasMessageContaining("tokens sequence need examples of rank 2");
    assertThatThrownBy(
            () ->
                new TransformerArchitecture(
                    IMAGE, TokenLayout.ROWS, 0, 1, 8, 0, 8, 8, Pooling.CLS, 10))
        .hasMessageContaining("heads must be >= 1");
  }

  @Test
  void theArchitectureRoundTripsThroughJson() {
    String json = NetworkFiles.architectureJson(rows);
    assertThat(json).contains("\"family\" : \"transformer\"").contains("\"ffnWidth\" : 64");
    assertThat(NetworkFiles.readArchitecture(json)).isEqualTo(rows);
  }
}
