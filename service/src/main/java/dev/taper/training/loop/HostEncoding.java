package dev.taper.training.loop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.OutputStream;

/**
 * DJL's list encoding for arrays that may live on a GPU. DJL encodes a GPU array by copying it to
 * host memory under the array's own manager and never frees the copy, so a stage that checkpoints
 * every minute would grow by its parameters and optimiser moments each time, until the stage ends.
 * Here the host copies belong to a scope that closes once the bytes are written; the bytes are the
 * same as {@link NDList#encode(OutputStream)}'s.
 */
final class HostEncoding {

  private HostEncoding() {}

  static void encode(NDList arrays, OutputStream out) throws IOException {
    try (NDManager scope = NDManager.newBaseManager(Device.cpu())) {
      NDList onHost = new NDList(arrays.size());
      for (NDArray array : arrays) {
        onHost.add(onHost(array, scope));
      }
      onHost.encode(out);
    }
  }

  private static NDArray onHost(NDArray array, NDManager scope) {
    if (Device.cpu().equals(array.getDevice())) {
      return array;
    }
    NDArray copy = array.toDevice(Device.cpu(), true);
    copy.attach(scope);
    copy.setName(array.getName());
    return copy;
  }
}
