package dev.taper.bench;

import ai.djl.Device;
import dev.taper.bench.InferenceResult.Model;
import dev.taper.bench.InferenceResult.Receipt;
import dev.taper.bench.InferenceResult.Settings;
import dev.taper.bench.StudyResult.ArmSeed;
import dev.taper.dataset.ClassNames;
import dev.taper.dataset.DatasetPreparer;
import dev.taper.dataset.DatasetSplits;
import dev.taper.dataset.RawDataset;
import dev.taper.spec.ExperimentSpec;
import dev.taper.training.export.ExportCard;
import dev.taper.training.export.InputContract;
import dev.taper.training.export.LatencyMeter;
import dev.taper.training.export.LatencyReport;
import dev.taper.training.export.OnnxExporter;
import dev.taper.training.export.RawExamples;
import dev.taper.training.export.ReferenceLogits;
import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkFiles;
import dev.taper.training.onnx.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Exports the kept networks of each study at every precision, checks each export's accuracy through
 * ONNX Runtime on the study's test split, then times all of them round after round, and writes the
 * receipt per study.
 */
final class InferenceRun {

  private final InferenceOptions options;
  private final RawDataset raw;
  private final ConsoleProgress console;

  InferenceRun(InferenceOptions options, RawDataset raw, ConsoleProgress console) {
    this.options = options;
    this.raw = raw;
    this.console = console;
  }

  /** One export, measured for accuracy, waiting to be timed. */
  private record Export(
      String study,
      String arm,
      Precision precision,
      long params,
      byte[] model,
      ExportCard card,
      Double studyAccuracy,
      RawExamples test,
      List<LatencyReport> latencies) {}

  InferenceResult run(List<KeptStudy> studies, String date, Machine machine) {
    List<Export> exports = new ArrayList<>();
    for (KeptStudy study : studies) {
      exports.addAll(export(study));
    }
    LatencyMeter meter =
        new LatencyMeter(
            options.threads(), options.warmUpRuns(), options.runs(), options.batchSize());
    for (int round = 1; round <= options.rounds(); round++) {
      for (Export e : exports) {
        LatencyReport latency = meter.measure(e.model(), e.test());
        e.latencies().add(latency);
        console.println(
            String.format(
                java.util.Locale.ROOT,
                "round %d/%d  %-28s %-6s %-4s batch-1 p50 %.3f ms, p99 %.3f ms, %,.0f examples/s",
                round,
                options.rounds(),
                e.study(),
                e.arm(),
                e.precision().label(),
                latency.p50Millis(),
                latency.p99Millis(),
                latency.examplesPerSecond()));
      }
    }
    List<Model> models = exports.stream().map(InferenceRun::model).toList();
    List<Receipt> receipts = new ArrayList<>();
    for (KeptStudy study : studies) {
      receipt(study.study(), exports).ifPresent(receipts::add);
    }
    return new InferenceResult(
        date,
        machine,
        new Settings(
            "ONNX Runtime " + ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion(),
            options.threads(),
            options.warmUpRuns(),
            options.runs(),
            options.batchSize(),
            options.rounds()),
        models,
        receipts);
  }

  private List<Export> export(KeptStudy study) {
    ExperimentSpec spec = study.spec();
    double validation = spec.limits().validationFraction();
    Integer trainLimit = spec.limits().trainExamples();
    DatasetSplits splits =
        DatasetPreparer.prepare(
            raw, study.seed(), validation, trainLimit, spec.limits().testExamples());
    DatasetPreparer.Standardisation standardisation =
        DatasetPreparer.standardisation(raw, study.seed(), validation, trainLimit);
    InputContract contract =
        InputContract.unsignedBytes(
            splits.test().exampleShape(), standardisation.mean(), standardisation.std());
    RawExamples test = RawExamples.of(raw.test().head(splits.test().size()), contract);
    List<String> classNames = ClassNames.of(spec.dataset(), splits.classes());
    Optional<StudyResult> stated = statedResult(study.study());
    List<Export> exports = new ArrayList<>();
    for (String arm : study.arms()) {
      try (Network network = NetworkFiles.load(study.arm(arm), Device.cpu())) {
        float[][] reference = ReferenceLogits.of(network, splits.test());
        Double studyAccuracy =
            stated
                .flatMap(r -> r.arm(arm))
                .flatMap(a -> a.seed(study.seed()))
                .map(ArmSeed::accuracy)
                .orElse(null);
        for (Precision precision : Precision.values()) {
          byte[] model = OnnxExporter.export(network, contract, classNames, precision);
          ExportCard card =
              ExportCard.measure(model, precision, test, reference, options.threads());
          console.println(
              String.format(
                  java.util.Locale.ROOT,
                  "%-28s %-6s %-4s %,9d bytes, accuracy %.2f%% (DJL float32 %.2f%%, study %s),"
                      + " agreement %.2f%%, max |logit difference| %.2e",
                  study.study(),
                  arm,
                  precision.label(),
                  model.length,
                  100 * card.accuracy(),
                  100 * card.referenceAccuracy(),
                  studyAccuracy == null ? "-" : String.format("%.2f%%", studyAccuracy),
                  100 * card.agreement(),
                  card.maxLogitDifference()));
          exports.add(
              new Export(
                  study.study(),
                  arm,
                  precision,
                  network.parameterCount(),
                  model,
                  card,
                  studyAccuracy,
                  test,
                  new ArrayList<>()));
        }
      }
    }
    return exports;
  }

  private Optional<StudyResult> statedResult(String study) {
    Path file = options.results().resolve(study + ".json");
    if (!Files.isRegularFile(file)) {
      console.println("no " + file + ": the study's stated accuracies are left out");
      return Optional.empty();
    }
    try {
      return Optional.of(StudyJson.read(file));
    } catch (IOException | RuntimeException e) {
      console.println("cannot read " + file + " (" + e.getMessage() + "): left out");
      return Optional.empty();
    }
  }

  private static Model model(Export e) {
    List<LatencyReport> l = e.latencies();
    return new Model(
        e.study(),
        e.arm(),
        e.precision().label(),
        e.params(),
        e.card().fileBytes(),
        e.card().parameterBytes(),
        e.card().examples(),
        100 * e.card().accuracy(),
        100 * e.card().referenceAccuracy(),
        e.studyAccuracy(),
        100 * e.card().agreement(),
        e.card().maxLogitDifference(),
        Stats.median(l.stream().map(LatencyReport::p50Millis).toList()),
        Stats.median(l.stream().map(LatencyReport::p99Millis).toList()),
        Stats.median(l.stream().map(LatencyReport::examplesPerSecond).toList()),
        l.stream().map(LatencyReport::p50Millis).toList());
  }

  private static Optional<Receipt> receipt(String study, List<Export> exports) {
    Optional<Export> thin = find(exports, study, "THIN", Precision.INT8);
    Optional<Export> wide = find(exports, study, "WIDE", Precision.FP32);
    if (thin.isEmpty() || wide.isEmpty()) {
      return Optional.empty();
    }
    List<Double> speedups = new ArrayList<>();
    for (int r = 0; r < thin.get().latencies().size(); r++) {
      speedups.add(
          wide.get().latencies().get(r).p50Millis() / thin.get().latencies().get(r).p50Millis());
    }
    double speedup = Stats.median(speedups);
    ExportCard card = thin.get().card();
    double reference =
        thin.get().studyAccuracy() != null
            ? thin.get().studyAccuracy()
            : 100 * card.referenceAccuracy();
    double below = reference - 100 * card.accuracy();
    return Optional.of(
        new Receipt(
            study,
            speedup,
            speedups,
            100 * card.accuracy(),
            reference,
            below,
            card.fileBytes(),
            wide.get().card().fileBytes(),
            speedup >= InferenceResult.SPEEDUP_TARGET
                && below <= InferenceResult.ACCURACY_TOLERANCE));
  }

  private static Optional<Export> find(
      List<Export> exports, String study, String arm, Precision precision) {
    return exports.stream()
        .filter(e -> e.study().equals(study) && e.arm().equals(arm) && e.precision() == precision)
        .findFirst();
  }
}
