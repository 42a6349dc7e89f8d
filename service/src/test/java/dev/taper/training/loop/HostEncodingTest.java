package dev.taper.training.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.taper.training.SeededEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Checkpoints written through host copies keep DJL's encoding, so older ones still decode. */
@ExtendWith(SeededEngine.class)
class HostEncodingTest {

  @Test
  void writesTheSameBytesAsDjlsOwnEncoding() throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray weight = manager.randomNormal(new Shape(3, 4));
      weight.setName("weight");
      NDArray bias = manager.arange(4f);
      NDList arrays = new NDList(weight, bias);
      int live = manager.getManagedArrays().size();

      ByteArrayOutputStream ours = new ByteArrayOutputStream();
      HostEncoding.encode(arrays, ours);
      ByteArrayOutputStream djls = new ByteArrayOutputStream();
      arrays.encode(djls);

      assertThat(ours.toByteArray()).isEqualTo(djls.toByteArray());
      NDList decoded = NDList.decode(manager, ours.toByteArray());
      assertThat(decoded.get(0).getName()).isEqualTo("weight");
      assertThat(decoded.get(0).contentEquals(weight)).isTrue();
      assertThat(decoded.get(1).contentEquals(bias)).isTrue();
      assertThat(manager.getManagedArrays()).hasSize(live + 2);
    }
  }

  @Test
  void anEmptyListEncodesAsDjlEncodesIt() throws IOException {
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    HostEncoding.encode(new NDList(), ours);
    ByteArrayOutputStream djls = new ByteArrayOutputStream();
    new NDList().encode(djls);
    assertThat(ours.toByteArray()).isEqualTo(djls.toByteArray());
  }
}
