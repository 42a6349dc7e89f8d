package dev.taper.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json stops bad values before anything renders, naming the value. */
class ChartSchemaTest {

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "storage.type, nfs, /storage/type",
    "worker.replicas, -1, /worker/replicas",
    "api.replicas, two, /api/replicas",
    "image.pullPolicy, Sometimes, /image/pullPolicy",
    "storage.s3.pathStyle, yes, /storage/s3/pathStyle",
    "storage.s3.endpoint, minio:9000, /storage/s3/endpoint",
    "worker.resources.limits.cpu, two, /worker/resources/limits/cpu",
    "worker.maxRamPercentage, 95, /worker/maxRamPercentage",
    "gpuWorkers.gpusPerPod, 0, /gpuWorkers/gpusPerPod",
    "monitoring.serviceMonitor.interval, often, /monitoring/serviceMonitor/interval",
    "database.url, postgres://db/taper, /database/url",
    // a typo, not a value the chart reads
    "workers.replicas, 3, workers"
  })
  void aBadValueIsRejectedByTheSchema(String key, String value, String where) {
    String error = ChartValues.of(ChartValues.S3).set(key, value).renderError();
    assertThat(error)
        .contains("values don't meet the specifications of the schema")
        .contains(where);
  }
}
