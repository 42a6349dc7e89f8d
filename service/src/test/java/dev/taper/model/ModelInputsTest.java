package dev.taper.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.taper.config.MutableClock;
import dev.taper.dataset.DatasetFormat;
import dev.taper.dataset.DatasetPreparer;
import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.RawDataset;
import dev.taper.dataset.RegisteredDataset;
import dev.taper.dataset.TestDatasets;
import dev.taper.training.export.InputContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A model's input contract is the worker's, read once per dataset content and split. */
class ModelInputsTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final DatasetRegistry datasets = mock(DatasetRegistry.class);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));
  private final ModelInputs inputs = new ModelInputs(datasets, json, clock);
  private final RawDataset raw = TestDatasets.fashionMnistSubset();

  @Test
  void theContractIsTheOneTheSpecsTrainingSplitGivesAndIsKept() {
    registered();
    when(datasets.load("fashion-mnist")).thenReturn(raw);
    JsonNode spec = spec("{\"trainExamples\": 700, \"validationFraction\": 0.3}");

    InputContract contract = inputs.of(spec).orElseThrow();

    DatasetPreparer.Standardisation trained = DatasetPreparer.standardisation(raw, 5, 0.3, 700);
    assertThat(contract)
        .isEqualTo(
            InputContract.unsignedBytes(new long[] {1, 28, 28}, trained.mean(), trained.std()));
    assertThat(inputs.of(spec)).hasValue(contract);
    verify(datasets, times(1)).load("fashion-mnist");

    InputContract defaults = inputs.of(spec(null)).orElseThrow();
    assertThat(defaults.mean())
        .as("no limits: the spec's defaults, 10% held out")
        .isEqualTo(DatasetPreparer.standardisation(raw, 5, 0.1, null).mean());
  }

  @Test
  void nothingIsSaidWhereTheDatasetIsGoneOrDoesNotRead() {
    when(datasets.find("fashion-mnist")).thenReturn(Optional.empty());
    assertThat(inputs.of(spec(null))).isEmpty();
    verify(datasets, never()).load("fashion-mnist");

    registered();
    when(datasets.load("fashion-mnist"))
        .thenThrow(new IllegalStateException("files gone"))
        .thenReturn(raw);
    assertThat(inputs.of(spec(null))).isEmpty();
    assertThat(inputs.of(spec(null)))
        .as("a failure is remembered for a while: no download reads the dataset again at once")
        .isEmpty();
    verify(datasets, times(1)).load("fashion-mnist");
    clock.advance(ModelInputs.RETRY_FAILED_AFTER.plusSeconds(1));
    assertThat(inputs.of(spec(null))).as("then read again").isPresent();
    assertThat(inputs.of(null)).isEmpty();
  }

  @Test
  void downloadsOnAColdStartWaitForOneReadOfTheDataset() throws Exception {
    registered();
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    when(datasets.load("fashion-mnist"))
        .thenAnswer(
            call -> {
              reading.countDown();
              release.await(30, TimeUnit.SECONDS);
              return raw;
            });
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Optional<InputContract>>> downloads = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        downloads.add(pool.submit(() -> inputs.of(spec(null))));
      }
      assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
      release.countDown();
      for (Future<Optional<InputContract>> download : downloads) {
        assertThat(download.get(30, TimeUnit.SECONDS)).isPresent();
      }
    } finally {
      pool.shutdownNow();
    }
    verify(datasets, times(1)).load("fashion-mnist");
  }

  private void registered() {
    when(datasets.find("fashion-mnist"))
        .thenReturn(
            Optional.of(
                new RegisteredDataset(
                    UUID.randomUUID(),
                    "fashion-mnist",
                    DatasetFormat.IDX,
                    "file:/nowhere",
                    raw.sha256(),
                    List.of(1L, 28L, 28L),
                    10,
                    raw.train().size(),
                    raw.test().size(),
                    null)));
  }

  private JsonNode spec(String limits) {
    return json.readTree(
        """
        {"name": "m", "dataset": "fashion-mnist",
         "model": {"family": "mlp", "depth": 2, "width": 16}, "seed": 5%s}
        """
            .formatted(limits == null ? "" : ", \"limits\": " + limits));
  }
}
