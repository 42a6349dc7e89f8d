package dev.taper.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.config.ApiContextTest;
import dev.taper.config.PostgresTest;
import dev.taper.report.ReportFixtures;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.onnx.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Export requests on the real database: clients asking at once, and what the list shows. */
@ApiContextTest
class ExportRequestsRaceTest extends PostgresTest {

  private static final ExportVariant INT8 = new ExportVariant(ExportFormat.ONNX, Precision.INT8);
  private static final ExportVariant FP16 = new ExportVariant(ExportFormat.ONNX, Precision.FP16);

  @Autowired ExportService exports;
  @Autowired JdbcClient jdbc;
  UUID thin;

  @BeforeEach
  void finishedExperiment() {
    jdbc.sql("truncate model_edge, model, worker, stage_job, experiment cascade").update();
    thin = ReportFixtures.finished(jdbc, "exported", 3, List.of()).models().get("THIN");
  }

  @Test
  void clientsAskingForTheSameExportAtOnceQueueOneJob() throws Exception {
    int clients = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<List<ExportStatus>>> asks = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      asks.add(
          pool.submit(
              () -> {
                start.await();
                return exports.request(thin, List.of(INT8, FP16));
              }));
    }
    start.countDown();
    List<ExportStatus> answers = new ArrayList<>();
    for (Future<List<ExportStatus>> ask : asks) {
      answers.addAll(ask.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();

    Set<Long> jobs = answers.stream().map(ExportStatus::jobId).collect(Collectors.toSet());
    assertThat(jobs).as("one job per variant, whoever asked").hasSize(2);
    assertThat(answers).allMatch(a -> a.status().equals("QUEUED"));
    assertThat(jdbc.sql("select count(*) from export_job").query(Long.class).single()).isEqualTo(2);
  }

  @Test
  void theListShowsExportsBeingMadeWithTheirJobs() {
    assertThat(exports.statuses(thin)).isEmpty();
    List<ExportStatus> queued = exports.request(thin, List.of(INT8));

    assertThat(exports.statuses(thin)).containsExactlyElementsOf(queued);
    assertThat(queued.get(0).precision()).isEqualTo(Precision.INT8);
    assertThat(queued.get(0).modelId()).isNull();
  }
}
