package dev.taper.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.dataset.DatasetPreparer;
import dev.taper.dataset.LabeledData;
import dev.taper.dataset.RawDataset;
import dev.taper.training.export.InputContract;
import dev.taper.training.export.RawExamples;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** An exported model reads a dataset's values as its files store them, whatever their type. */
class RegistryTrainingDataTest {

  private static final long[] SHAPE = {1, 1, 2};
  private static final DatasetPreparer.Standardisation STANDARDISATION =
      new DatasetPreparer.Standardisation(0.5, 2.0);

  @Test
  void valuesReadAsStoredAreFedAsTheFloatsTheFilesHold() {
    RawDataset raw = dataset(RawDataset.StoredValues.AS_STORED, -2.5f, 300f, 0.1f, 7f);

    InputContract contract = InputContract.of(raw.stored(), SHAPE, STANDARDISATION);
    RawExamples examples = RawExamples.of(raw.test(), contract);

    assertThat(contract.elementType()).isEqualTo(InputContract.ElementType.FLOAT32);
    assertThat(contract.divisor()).isEqualTo(1f);
    ByteBuffer batch = examples.batch(0, 2).order(ByteOrder.nativeOrder());
    assertThat(new float[] {batch.getFloat(), batch.getFloat(), batch.getFloat(), batch.getFloat()})
        .containsExactly(-2.5f, 300f, 0.1f, 7f);
  }

  @Test
  void unsignedByteImagesAreFedAsTheBytesTheFilesHold() {
    RawDataset raw = dataset(RawDataset.StoredValues.UNSIGNED_BYTES, 0f, 1 / 255f, 128 / 255f, 1f);

    InputContract contract = InputContract.of(raw.stored(), SHAPE, STANDARDISATION);
    RawExamples examples = RawExamples.of(raw.test(), contract);

    assertThat(contract.elementType()).isEqualTo(InputContract.ElementType.UINT8);
    ByteBuffer batch = examples.batch(0, 2);
    assertThat(
            new int[] {
              batch.get() & 0xff, batch.get() & 0xff, batch.get() & 0xff, batch.get() & 0xff
            })
        .containsExactly(0, 1, 128, 255);
  }

  private static RawDataset dataset(RawDataset.StoredValues stored, float... features) {
    LabeledData split = new LabeledData(features, new int[] {0, 1}, SHAPE, 2);
    return new RawDataset("d", "0", split, split, stored);
  }
}
