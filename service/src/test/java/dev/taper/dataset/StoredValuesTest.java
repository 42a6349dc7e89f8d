package dev.taper.dataset;

import static dev.taper.dataset.IdxFiles.gzip;
import static dev.taper.dataset.IdxFiles.idx;
import static dev.taper.dataset.IdxFiles.ubyteImages;
import static dev.taper.dataset.IdxFiles.ubyteLabels;
import static dev.taper.dataset.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a dataset's files store decides what its exported models read: unsigned-byte images only
 * when every images file of the upload holds unsigned bytes, numbers as stored otherwise.
 */
class StoredValuesTest {

  @TempDir Path dir;

  @Test
  void unsignedByteImagesGzippedOrNotAreUnsignedBytes() {
    writeSplit("train", ubyteImages(2, 1, 2, new byte[] {0, 1, (byte) 254, (byte) 255}), true);
    writeSplit("test", ubyteImages(2, 1, 2, new byte[] {3, 4, 5, 6}), false);

    RawDataset raw = DatasetRegistry.read("bytes", DatasetFormat.IDX, dir, 2);

    assertThat(raw.stored()).isEqualTo(RawDataset.StoredValues.UNSIGNED_BYTES);
    assertThat(raw.train().features()).containsExactly(0f, 1 / 255f, 254 / 255f, 1f);
  }

  @Test
  void imagesOfAnyOtherTypeAreReadAsStored() {
    writeSplit("train", floatImages(0.5f, -2f, 3f, 255f), false);

    RawDataset raw = DatasetRegistry.read("floats", DatasetFormat.IDX, dir, 2);

    assertThat(raw.stored()).isEqualTo(RawDataset.StoredValues.AS_STORED);
    // without a test split the last example is held out as one
    assertThat(raw.train().features()).containsExactly(0.5f, -2f);
    assertThat(raw.test().features()).containsExactly(3f, 255f);
  }

  @Test
  void splitsStoredInDifferentTypesAreRefusedNamingBoth() {
    writeSplit("train", ubyteImages(2, 1, 2, new byte[] {0, 1, 2, 3}), false);
    writeSplit("test", floatImages(0.5f, -2f, 3f, 255f), true);

    assertThatThrownBy(() -> DatasetRegistry.read("mixed", DatasetFormat.IDX, dir, 2))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("test-images.idx")
        .hasMessageContaining("stored as float")
        .hasMessageContaining("training images as unsigned byte");
  }

  @Test
  void csvFeaturesAreReadAsStored() throws Exception {
    Files.writeString(dir.resolve("train.csv"), "label,a,b\n0,1,2\n1,3,4\n0,5,6\n1,7,8\n");

    RawDataset raw = DatasetRegistry.read("table", DatasetFormat.CSV, dir, 2);

    assertThat(raw.stored()).isEqualTo(RawDataset.StoredValues.AS_STORED);
  }

  private static byte[] floatImages(float... values) {
    ByteBuffer data = ByteBuffer.allocate(4 * values.length);
    for (float value : values) {
      data.putFloat(value);
    }
    return idx(IdxReader.FLOAT, new int[] {2, 1, values.length / 2}, data.array());
  }

  private void writeSplit(String split, byte[] images, boolean gzipped) {
    write(dir, split + "-images.idx", gzipped ? gzip(images) : images);
    write(dir, split + "-labels.idx", ubyteLabels(0, 1));
  }
}
