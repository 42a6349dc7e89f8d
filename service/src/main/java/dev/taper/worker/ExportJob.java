package dev.taper.worker;

import ai.djl.Device;
import ai.onnxruntime.OrtEnvironment;
import dev.taper.export.ExportRequest;
import dev.taper.export.ExportRequests;
import dev.taper.model.EdgeRelation;
import dev.taper.model.MetricsJson;
import dev.taper.model.ModelCatalog;
import dev.taper.model.ModelRole;
import dev.taper.model.ModelView;
import dev.taper.model.NewEdge;
import dev.taper.model.NewModel;
import dev.taper.queue.ClaimedJob;
import dev.taper.queue.JobProgress;
import dev.taper.queue.StageQueue;
import dev.taper.storage.ArtifactStore;
import dev.taper.storage.Manifest;
import dev.taper.storage.StoredFile;
import dev.taper.training.Progress;
import dev.taper.training.RepeatableFailureException;
import dev.taper.training.StageCancelledException;
import dev.taper.training.export.ExportCard;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.export.InputDescription;
import dev.taper.training.export.LatencyMeter;
import dev.taper.training.export.LatencyReport;
import dev.taper.training.export.OnnxExporter;
import dev.taper.training.export.ReferenceLogits;
import dev.taper.training.export.ServingPackage;
import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkFiles;
import dev.taper.training.onnx.Precision;
import dev.taper.worker.JobContexts.JobContext;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs an EXPORT job: exports its source model to ONNX at the job's precision, checks the export
 * against the source on the test split through ONNX Runtime, times it, and publishes it as a model
 * of role EXPORT (a DJL Serving package) with the source as its {@code EXPORTED_FROM} parent.
 */
final class ExportJob {

  private static final Logger log = LoggerFactory.getLogger(ExportJob.class);

  /** A float32 export computes what DJL computes; a bug, not rounding, would make them differ. */
  static final double MIN_FP32_AGREEMENT = 0.999;

  /** Exports and latency use one thread: what a serving replica pinned to a core gets. */
  private static final int THREADS = 1;

  private static final int LATENCY_WARM_UP = 20;
  private static final int LATENCY_RUNS = 200;
  private static final int LATENCY_BATCH = 64;
  private static final String CARD_FILE = "export-card.json";

  private final ExportRequests requests;
  private final ModelCatalog models;
  private final ArtifactStore store;
  private final TrainingData data;
  private final StageQueue queue;
  private final ModelFolders folders;
  private final JsonMapper json;

  ExportJob(
      ExportRequests requests,
      ModelCatalog models,
      ArtifactStore store,
      TrainingData data,
      StageQueue queue,
      ModelFolders folders,
      JsonMapper json) {
    this.requests = requests;
    this.models = models;
    this.store = store;
    this.data = data;
    this.queue = queue;
    this.folders = folders;
    this.json = json;
  }

  /** Exports, measures and publishes, completing the job with the model's record. */
  void run(ClaimedJob job, JobContext context, JobHeartbeat heartbeat) {
    ExportRequest request =
        requests
            .ofJob(job.id())
            .orElseThrow(
                () -> new IllegalArgumentException("export job " + job.id() + " names no export"));
    ModelView source = source(request);
    ExportVariant variant = request.variant();
    ExportInputs inputs = data.forExport(context.spec());
    int batch = Math.min(LATENCY_BATCH, inputs.test().size());
    long totalSteps = 3;
    step(heartbeat, "export", 0, totalSteps);
    byte[] onnx;
    ExportCard card;
    try (Network network =
        NetworkFiles.load(store.fetchDirectory(source.artifactKey()), Device.cpu())) {
      onnx =
          OnnxExporter.export(network, inputs.contract(), inputs.classNames(), variant.precision());
      step(heartbeat, "verify", 1, totalSteps);
      float[][] reference = ReferenceLogits.of(network, inputs.splits().test());
      card = ExportCard.measure(onnx, variant.precision(), inputs.test(), reference, THREADS);
    }
    checkFaithful(card, variant, source.id());
    step(heartbeat, "measure", 2, totalSteps);
    LatencyReport latency =
        new LatencyMeter(THREADS, LATENCY_WARM_UP, LATENCY_RUNS, batch)
            .measure(onnx, inputs.test());
    ExportMetrics measured = metrics(source, context, inputs, card, latency);
    step(heartbeat, "publish", 3, totalSteps);
    publish(job, source, variant, onnx, inputs, measured, heartbeat);
  }

  private ModelView source(ExportRequest request) {
    if (request.sourceModelId() != null) {
      return models
          .find(request.sourceModelId())
          .orElseThrow(
              () ->
                  new ParentModels.MissingParentException(
                      "model " + request.sourceModelId() + " to export is gone"));
    }
    return models
        .producedBy(request.dependsOn())
        .orElseThrow(
            () ->
                new ParentModels.MissingParentException(
                    "job " + request.dependsOn() + " produced no model to export"));
  }

  /**
   * Refuses an export whose logits are not finite, at any precision (an fp16 weight beyond 65504
   * becomes infinite), and an fp32 export that does not predict as its model does.
   */
  static void checkFaithful(ExportCard card, ExportVariant variant, UUID sourceId) {
    if (!Double.isFinite(card.maxLogitDifference()) || !Double.isFinite(card.accuracy())) {
      throw new RepeatableFailureException(
          String.format(
              java.util.Locale.ROOT,
              "the %s export of model %s gives logits that are not finite (max |logit"
                  + " difference| %s; at fp16 a weight beyond 65504 overflows): not exported",
              variant.label(),
              sourceId,
              card.maxLogitDifference()));
    }
    if (variant.precision() == Precision.FP32 && !(card.agreement() >= MIN_FP32_AGREEMENT)) {
      throw new RepeatableFailureException(
          String.format(
              java.util.Locale.ROOT,
              "the fp32 export of model %s predicts as the model does on only %.2f%% of the test"
                  + " examples (max |logit difference| %.3g): not exported",
              sourceId,
              100 * card.agreement(),
              card.maxLogitDifference()));
    }
  }

  private ExportMetrics metrics(
      ModelView source,
      JobContext context,
      ExportInputs inputs,
      ExportCard card,
      LatencyReport latency) {
    ModelView teacher = teacher(source, context);
    return new ExportMetrics(
        card.accuracy(),
        card.referenceAccuracy(),
        card.agreement(),
        card.maxLogitDifference(),
        card.examples(),
        card.fileBytes(),
        card.parameterBytes(),
        latency.p50Millis(),
        latency.p99Millis(),
        latency.batchSize(),
        latency.examplesPerSecond(),
        latency.intraOpThreads(),
        latency.runs(),
        "ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion(),
        WorkerCpu.describe(),
        source.id(),
        source.role().name(),
        testAccuracy(source),
        teacher == null ? null : teacher.id(),
        teacher == null ? null : testAccuracy(teacher),
        InputDescription.of(inputs.contract()),
        inputs.classNames());
  }

  /** The experiment's WIDE teacher: trained in it, or the reused one it names. */
  private ModelView teacher(ModelView source, JobContext context) {
    if (context.teacherModelId() != null) {
      return models.find(context.teacherModelId()).orElse(null);
    }
    return models.ofExperiment(source.experimentId(), ModelRole.WIDE).orElse(null);
  }

  private static Double testAccuracy(ModelView model) {
    JsonNode accuracy = model.metrics().get("testAccuracy");
    return accuracy == null || !accuracy.isNumber() ? null : accuracy.asDouble();
  }

  private void publish(
      ClaimedJob job,
      ModelView source,
      ExportVariant variant,
      byte[] onnx,
      ExportInputs inputs,
      ExportMetrics measured,
      JobHeartbeat heartbeat) {
    UUID modelId = UUID.randomUUID();
    String key = "models/" + modelId;
    String metricsJson = MetricsJson.stored(json, measured);
    Manifest stored =
        folders.store(
            job.lease(),
            key,
            directory -> {
              ServingPackage.write(directory, onnx, inputs.classNames(), inputs.contract());
              Files.writeString(directory.resolve(CARD_FILE), metricsJson);
            });
    StoredFile file = stored.file(ServingPackage.MODEL_FILE).orElseThrow();
    NewModel model =
        new NewModel(
            modelId,
            job.experimentId(),
            job.id(),
            ModelRole.EXPORT,
            source.family(),
            json.writeValueAsString(source.architecture()),
            source.paramCount(),
            source.flops(),
            file.size(),
            file.sha256(),
            key,
            metricsJson,
            null,
            variant);
    JobProgress finalProgress = heartbeat.finalProgress(measured.examplesPerSecond());
    // the last beat and metric flush happen while the job still runs, as for a training stage
    heartbeat.close();
    folders.record(
        key,
        () -> {
          models.record(
              model, List.of(new NewEdge(source.id(), modelId, EdgeRelation.EXPORTED_FROM)));
          queue.complete(job.lease(), finalProgress);
        });
    log.info(
        "stage job {} exported model {} as {} model {}: {} bytes, accuracy {} (source {}),"
            + " batch-1 p50 {} ms",
        job.id(),
        source.id(),
        variant.label(),
        modelId,
        onnx.length,
        measured.testAccuracy(),
        measured.referenceAccuracy(),
        measured.latencyP50Millis());
  }

  /**
   * Reports the step about to begin, or stops the job there when it was cancelled (or the worker is
   * handing it back): a cancelled experiment's export publishes nothing, as a training stage does
   * not.
   */
  private static void step(JobHeartbeat heartbeat, String phase, long step, long totalSteps) {
    if (heartbeat.isCancellationRequested()) {
      throw new StageCancelledException();
    }
    heartbeat.onProgress(new Progress(phase, -1, 0, step, totalSteps, Double.NaN, 0, Double.NaN));
  }
}
