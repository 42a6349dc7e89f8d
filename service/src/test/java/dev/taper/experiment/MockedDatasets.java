package dev.taper.experiment;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.taper.dataset.DatasetFormat;
import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.RegisteredDataset;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A mocked registry for validating specs: only the datasets named here exist. */
final class MockedDatasets {

  private final DatasetRegistry registry = mock(DatasetRegistry.class);

  MockedDatasets() {
    when(registry.resolve(anyString())).thenReturn(Optional.empty());
  }

  /** Registers an IDX dataset with this example shape (e.g. {@code "[1, 28, 28]"}). */
  MockedDatasets with(String name, String shape, int classes) {
    when(registry.resolve(name))
        .thenReturn(
            Optional.of(
                new RegisteredDataset(
                    UUID.randomUUID(),
                    name,
                    DatasetFormat.IDX,
                    "x",
                    "abc",
                    RegisteredDataset.shapeOf(shape),
                    classes,
                    2000,
                    500,
                    Instant.now())));
    return this;
  }

  DatasetRegistry registry() {
    return registry;
  }
}
