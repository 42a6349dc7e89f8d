package dev.taper.dataset;

import static dev.taper.dataset.IdxFiles.gzip;
import static dev.taper.dataset.IdxFiles.idx;
import static dev.taper.dataset.IdxFiles.ubyteImages;
import static dev.taper.dataset.IdxFiles.ubyteLabels;
import static dev.taper.dataset.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  @TempDir Path dir;

  // two 2x3 images: 0..5 and 250..255
  private static final byte[] PIXELS = {
    0, 1, 2, 3, 4, 5, (byte) 250, (byte) 251, (byte) 252, (byte) 253, (byte) 254, (byte) 255
  };

  @Test
  void readsRawFiles() {
    Path images = write(dir, "images-idx3-ubyte", ubyteImages(2, 2, 3, PIXELS));
    Path labels = write(dir, "labels-idx1-ubyte", ubyteLabels(7, 2));

    LabeledData data = IdxReader.readPair(images, labels, 10);

    assertThat(data.size()).isEqualTo(2);
    assertThat(data.exampleShape()).containsExactly(1, 2, 3);
    assertThat(data.featureSize()).isEqualTo(6);
    assertThat(data.classes()).isEqualTo(10);
    assertThat(data.labels()).containsExactly(7, 2);
    float[] expected = new float[12];
    for (int i = 0; i < 12; i++) {
      expected[i] = (PIXELS[i] & 0xff) / 255f;
    }
    assertThat(data.features()).containsExactly(expected);
    assertThat(data.features()[11]).isEqualTo(1f);
    assertThat(data.features()[0]).isEqualTo(0f);
  }

  @Test
  void readsGzipDetectedFromContentNotName() {
    // gzip content under names without .gz, and raw content under a .gz name
    Path images = write(dir, "images.idx", gzip(ubyteImages(2, 2, 3, PIXELS)));
    Path labels = write(dir, "labels.gz", ubyteLabels(7, 2));

    LabeledData data = IdxReader.readPair(images, labels, 8);

    assertThat(data.labels()).containsExactly(7, 2);
    assertThat(data.features()[6]).isEqualTo(250 / 255f);
    assertThat(data.classes()).isEqualTo(8);
  }

  @Test
  void readsOtherDataTypesAsStored() {
    ByteBuffer floats = ByteBuffer.allocate(4 * 4);
    floats.putFloat(-1.5f).putFloat(0.25f).putFloat(3f).putFloat(1e3f);
    Path images = write(dir, "f.idx", idx(IdxReader.FLOAT, new int[] {1, 2, 2}, floats.array()));
    ByteBuffer ints = ByteBuffer.allocate(4).putInt(3);
    Path labels = write(dir, "l.idx", idx(IdxReader.INT, new int[] {1}, ints.array()));

    LabeledData data = IdxReader.readPair(images, labels, 4);

    assertThat(data.features()).containsExactly(-1.5f, 0.25f, 3f, 1e3f);
    assertThat(data.labels()).containsExactly(3);

    ByteBuffer shorts = ByteBuffer.allocate(4 * 2);
    shorts.putShort((short) -300).putShort((short) 7).putShort((short) 0).putShort((short) 2);
    Path shortImages =
        write(dir, "s.idx", idx(IdxReader.SHORT, new int[] {1, 1, 4}, shorts.array()));
    ByteBuffer doubles = ByteBuffer.allocate(8).putDouble(0.5);
    Path doubleImages =
        write(dir, "d.idx", idx(IdxReader.DOUBLE, new int[] {1, 1, 1}, doubles.array()));
    Path signed =
        write(dir, "b.idx", idx(IdxReader.SIGNED_BYTE, new int[] {1, 1, 2}, new byte[] {-3, 4}));

    assertThat(IdxReader.readPair(shortImages, labels, 4).features())
        .containsExactly(-300f, 7f, 0f, 2f);
    assertThat(IdxReader.readPair(doubleImages, labels, 4).features()).containsExactly(0.5f);
    assertThat(IdxReader.readPair(signed, labels, 4).features()).containsExactly(-3f, 4f);
  }

  @Test
  void truncatedImagesNameFileOffsetAndReason() {
    byte[] full = ubyteImages(2, 2, 3, PIXELS);
    Path images = write(dir, "train-images-idx3-ubyte.gz", gzip(Arrays.copyOf(full, 20)));
    Path labels = write(dir, "train-labels-idx1-ubyte.gz", gzip(ubyteLabels(1, 2)));

    assertThatThrownBy(() -> IdxReader.readPair(images, labels, 10))
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.file()).isEqualTo(images);
              assertThat(e.offset()).isEqualTo(20);
              assertThat(e.reason())
                  .startsWith("truncated")
                  .contains("2 x 2 x 3", "ending at offset 28", "file ends at 20");
            })
        .hasMessageStartingWith("train-images-idx3-ubyte.gz at offset 20: truncated");
  }

  @Test
  void cutOffGzipStreamIsAFormatError() {
    byte[] compressed = gzip(ubyteImages(2, 2, 3, PIXELS));
    Path images = write(dir, "images.gz", Arrays.copyOf(compressed, compressed.length - 10));
    Path labels = write(dir, "labels", ubyteLabels(1, 2));

    assertThatThrownBy(() -> IdxReader.readPair(images, labels, 10))
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.file()).isEqualTo(images);
              assertThat(e.reason()).startsWith("corrupt gzip stream");
            })
        .hasMessageContaining("images.gz at offset ");
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] full = ubyteImages(2, 2, 3, PIXELS);
    Path images = write(dir, "images", Arrays.copyOf(full, full.length + 3));
    Path labels = write(dir, "labels", ubyteLabels(1, 2));

    assertThatThrownBy(() -> IdxReader.readPair(images, labels, 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(
            "images at offset 28: 3 unexpected bytes after the data: header declares 2 x 2 x 3 ="
                + " 12 unsigned byte values, 12 bytes ending at offset 28");
  }

  @Test
  void badMagic() {
    byte[] content = ubyteImages(2, 2, 3, PIXELS);
    content[1] = 0x08;
    Path images = write(dir, "images", content);
    Path labels = write(dir, "labels", ubyteLabels(1, 2));

    assertThatThrownBy(() -> IdxReader.readPair(images, labels, 10))
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.offset()).isEqualTo(1);
              assertThat(e.file()).isEqualTo(images);
            })
        .hasMessage(
            "images at offset 1: bad magic number 0x00080803: an IDX file starts with two zero"
                + " bytes");
  }

  @Test
  void unknownDataType() {
    Path images = write(dir, "images", idx(0x07, new int[] {2, 2, 3}, PIXELS));
    Path labels = write(dir, "labels", ubyteLabels(1, 2));

    assertThatThrownBy(() -> IdxReader.readPair(images, labels, 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("images at offset 2: unknown data type 0x07");
  }

  @Test
  void wrongDimensionsForImages() {
    Path images = write(dir, "train-images-idx3-ubyte.gz", gzip(idx(0x08, new int[] {12}, PIXELS)));
    Path labels = write(dir, "labels", ubyteLabels(1, 2));

    assertThatThrownBy(() -> IdxReader.readPair(images, labels, 10))
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.offset()).isEqualTo(3);
              assertThat(e.reason()).isEqualTo("expected 3 dimensions for images, header says 1");
            })
        .hasMessage(
            "train-images-idx3-ubyte.gz at offset 3: expected 3 dimensions for images, header"
                + " says 1");
  }

  @Test
  void wrongDimensionsForLabels() {
    Path images = write(dir, "images", ubyteImages(2, 2, 3, PIXELS));
    Path labels = write(dir, "labels", idx(0x08, new int[] {2, 1}, new byte[] {1, 2}));

    assertThatThrownBy(() -> IdxReader.readPair(images, labels, 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("labels at offset 3: expected 1 dimensions for labels, header says 2");
  }

  @Test
  void headerCutShort() {
    Path images = write(dir, "images", Arrays.copyOf(ubyteImages(2, 2, 3, PIXELS), 9));
    Path labels = write(dir, "labels", ubyteLabels(1, 2));

    assertThatThrownBy(() -> IdxReader.readPair(images, labels, 10))
        .isInstanceOfSatisfying(
            DatasetFormatException.class, e -> assertThat(e.offset()).isEqualTo(9))
        .hasMessageContaining("file ends inside the header");
  }

  @Test
  void imageAndLabelCountsMustMatch() {
    Path images = write(dir, "images", ubyteImages(2, 2, 3, PIXELS));
    Path labels = write(dir, "train-labels-idx1-ubyte", ubyteLabels(1, 2, 3));

    assertThatThrownBy(() -> IdxReader.readPair(images, labels, 10))
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.file()).isEqualTo(labels);
              assertThat(e.offset()).isEqualTo(4);
            })
        .hasMessage(
            "train-labels-idx1-ubyte at offset 4: labels file holds 3 labels but its images file"
                + " holds 2 images");
  }

  @Test
  void labelOutOfRange() {
    Path images = write(dir, "images", ubyteImages(2, 2, 3, PIXELS));
    Path labels = write(dir, "labels", ubyteLabels(1, 10));

    assertThatThrownBy(() -> IdxReader.readPair(images, labels, 10))
        .isInstanceOfSatisfying(
            DatasetFormatException.class, e -> assertThat(e.offset()).isEqualTo(9))
        .hasMessage("labels at offset 9: label 10 of example 1 is outside 0..9 (10 classes)");
  }

  @Test
  void negativeSignedLabelIsRefused() {
    Path images = write(dir, "images", ubyteImages(2, 2, 3, PIXELS));
    Path labels = write(dir, "labels", idx(0x09, new int[] {2}, new byte[] {-1, 0}));

    assertThatThrownBy(() -> IdxReader.readPair(images, labels, 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("labels at offset 8: label -1 of example 0 is negative");
  }

  @Test
  void floatLabelsAreRejected() {
    Path images = write(dir, "images", ubyteImages(2, 2, 3, PIXELS));
    Path labels = write(dir, "labels", idx(IdxReader.FLOAT, new int[] {2}, new byte[8]));

    assertThatThrownBy(() -> IdxReader.readPair(images, labels, 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(
            "labels at offset 2: labels need an integer data type, header says float (0x0d)");
  }

  @Test
  void nonFiniteFloatPixelsAreRejected() {
    ByteBuffer floats = ByteBuffer.allocate(8).putFloat(1f).putFloat(Float.NaN);
    Path images = write(dir, "images", idx(IdxReader.FLOAT, new int[] {1, 1, 2}, floats.array()));
    Path labels = write(dir, "labels", ubyteLabels(0));

    assertThatThrownBy(() -> IdxReader.readPair(images, labels, 10))
        .isInstanceOfSatisfying(
            DatasetFormatException.class, e -> assertThat(e.offset()).isEqualTo(20))
        .hasMessageContaining("not a finite number");
  }

  @Test
  void emptyFileIsNotIdx() {
    Path images = write(dir, "images", new byte[0]);
    Path labels = write(dir, "labels", ubyteLabels(0));

    assertThatThrownBy(() -> IdxReader.readPair(images, labels, 10))
        .isInstanceOfSatisfying(DatasetFormatException.class, e -> assertThat(e.offset()).isZero())
        .hasMessageContaining("inside the 4-byte magic number");
  }

  @Test
  void pixelScalingIsExactForEveryByte() {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    Path images = write(dir, "images", ubyteImages(1, 16, 16, all));
    Path labels = write(dir, "labels", ubyteLabels(0));

    float[] x = IdxReader.readPair(images, labels, 1).features();

    for (int i = 0; i < 256; i++) {
      assertThat(x[i]).isCloseTo(i / 255f, within(0f));
    }
  }
}
