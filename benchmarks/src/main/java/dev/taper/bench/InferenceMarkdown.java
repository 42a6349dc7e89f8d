package dev.taper.bench;

import dev.taper.bench.InferenceResult.Model;
import dev.taper.bench.InferenceResult.Receipt;
import java.util.Locale;

/** {@code inference.md}: the receipts first, then every model measured, then how. */
final class InferenceMarkdown {

  private InferenceMarkdown() {}

  static String render(InferenceResult r) {
    StringBuilder md = new StringBuilder();
    md.append("# Inference receipt\n\n");
    md.append("Written by `benchmarks/run-inference.sh` (`dev.taper.bench.InferenceCommand`) on ")
        .append(r.date())
        .append("; do not edit by hand, run it again. Machine: ")
        .append(r.machine() == null ? "unknown" : r.machine().summary())
        .append(".\n\n");
    md.append(receipts(r)).append('\n');
    md.append("## Every model\n\n").append(models(r)).append('\n');
    md.append("## How it was measured\n\n");
    InferenceResult.Settings s = r.settings();
    md.append(
        String.format(
            Locale.ROOT,
            "Each study's kept networks (the first seed's THIN, WIDE and DEEPER, saved by the study"
                + " command) were exported to ONNX at fp32, fp16 and int8 (weight-only, one scale"
                + " per output channel) and run through %s with %d intra-op thread(s). Accuracy:"
                + " the study's whole test split, raw bytes in, as a user of the download would"
                + " feed it; DJL: the same network at float32 in Taper's engine. Latency: %d"
                + " timed single-example runs after %d warm-up runs; throughput: %d batches of %d."
                + " Every model was timed once per round, all models interleaved, over %d rounds;"
                + " the tables give the median over the rounds. Receipt: THIN int8 at least %.0fx"
                + " faster than WIDE fp32 at batch 1 (median of the per-round ratios), and THIN"
                + " int8's accuracy at most %.1f points below the THIN accuracy its study stated"
                + " for that seed.\n",
            s.runtime(),
            s.intraOpThreads(),
            s.runs(),
            s.warmUpRuns(),
            s.runs(),
            s.batchSize(),
            s.rounds(),
            InferenceResult.SPEEDUP_TARGET,
            InferenceResult.ACCURACY_TOLERANCE));
    return md.toString();
  }

  static String receipts(InferenceResult r) {
    StringBuilder t = new StringBuilder();
    t.append(
        "| Study | THIN int8 vs WIDE fp32, batch 1 | Per round | THIN int8 accuracy |"
            + " Study's THIN accuracy | Below | Sizes (THIN int8 / WIDE fp32) | Met |\n");
    t.append("|---|---:|---|---:|---:|---:|---|---|\n");
    for (Receipt receipt : r.receipts()) {
      t.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1fx | %s | %.2f | %.2f | %+.2f | %s / %s | %s |\n",
              receipt.study(),
              receipt.speedup(),
              String.join(
                  " ",
                  receipt.speedupByRound().stream()
                      .map(v -> String.format(Locale.ROOT, "%.1f", v))
                      .toList()),
              receipt.thinInt8Accuracy(),
              receipt.thinReferenceAccuracy(),
              receipt.accuracyBelowStudy(),
              bytes(receipt.thinInt8FileBytes()),
              bytes(receipt.wideFp32FileBytes()),
              receipt.met() ? "yes" : "**no**"));
    }
    return t.toString();
  }

  static String models(InferenceResult r) {
    StringBuilder t = new StringBuilder();
    t.append(
        "| Study | Arm | Precision | Params | File | ONNX accuracy | DJL fp32 | Study |"
            + " Agreement | Max logit diff | p50 ms | p99 ms | Examples/s (batch "
            + (r.settings() == null ? "" : r.settings().batchSize())
            + ") |\n");
    t.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Model m : r.models()) {
      t.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %,d | %s | %.2f | %.2f | %s | %.2f | %.1e | %.3f | %.3f | %,.0f |\n",
              m.study(),
              m.arm(),
              m.precision(),
              m.params(),
              bytes(m.fileBytes()),
              m.accuracy(),
              m.djlAccuracy(),
              m.studyAccuracy() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f", m.studyAccuracy()),
              m.agreement(),
              m.maxLogitDifference(),
              m.p50Millis(),
              m.p99Millis(),
              m.examplesPerSecond()));
    }
    return t.toString();
  }

  static String bytes(long bytes) {
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.2f MiB", bytes / (1024.0 * 1024.0));
  }
}
