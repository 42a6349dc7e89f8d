package dev.taper.dataset;

import static dev.taper.dataset.IdxFiles.gzip;
import static dev.taper.dataset.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file is read only when its content fits what the process can hold, gzip or not. */
class DatasetFilesTest {

  @TempDir Path dir;

  @Test
  void contentUpToTheLimitIsReadAndBeyondItIsRefusedSayingWhy() {
    Path plain = write(dir, "plain.idx", new byte[1000]);
    Path packed = write(dir, "packed.idx", gzip(new byte[1000]));

    assertThat(DatasetFiles.readContent(plain, 1000)).hasSize(1000);
    assertThat(DatasetFiles.readContent(packed, 1000)).hasSize(1000);
    assertThatThrownBy(() -> DatasetFiles.readContent(plain, 999))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("holds 1000 bytes, more than 999 bytes, the most this process reads")
        .hasMessageContaining("give the process more memory");
    // a gzip bomb is stopped while it inflates, a few kilobytes from its start
    Path bomb = write(dir, "bomb.idx", gzip(new byte[1 << 20]));
    assertThatThrownBy(() -> DatasetFiles.readContent(bomb, 4096))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("decompresses to more than 4096 bytes");
  }

  @Test
  void theLimitIsAFifthOfTheHeapAndNeverBeyondTheLargestArray() {
    assertThat(DatasetFiles.contentLimit())
        .isEqualTo(Math.min(DatasetFiles.MAX_CONTENT, Runtime.getRuntime().maxMemory() / 5))
        .isPositive();
  }
}
