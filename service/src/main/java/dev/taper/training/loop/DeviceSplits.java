package dev.taper.training.loop;

import ai.djl.Device;
import dev.taper.dataset.DatasetSplits;

/** The train, validation and test splits of a dataset, uploaded to one device. */
public record DeviceSplits(DeviceSplit train, DeviceSplit validation, DeviceSplit test)
    implements AutoCloseable {

  /** Uploads all three splits, or none: a split that fails (device memory) frees the others. */
  public static DeviceSplits upload(DatasetSplits data, long[] inputShape, Device device) {
    DeviceSplit train = DeviceSplit.upload(data.train(), inputShape, device);
    DeviceSplit validation = null;
    try {
      validation = DeviceSplit.upload(data.validation(), inputShape, device);
      DeviceSplit test = DeviceSplit.upload(data.test(), inputShape, device);
      return new DeviceSplits(train, validation, test);
    } catch (RuntimeException | Error e) {
      train.close();
      if (validation != null) {
        validation.close();
      }
      throw e;
    }
  }

  @Override
  public void close() {
    train.close();
    validation.close();
    test.close();
  }
}
