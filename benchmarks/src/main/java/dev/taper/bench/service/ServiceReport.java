package dev.taper.bench.service;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes the service benchmark's result as {@code NAME.json} and {@code NAME.md}. */
final class ServiceReport {

  private ServiceReport() {}

  static void write(Map<String, Object> result, Path directory, String name) throws IOException {
    ResultFiles.write(result, directory, name, ServiceReport::markdown);
  }

  @SuppressWarnings("unchecked")
  static String markdown(Map<String, Object> r) {
    Map<String, Object> settings = (Map<String, Object>) r.get("settings");
    Map<String, Object> machine = (Map<String, Object>) r.get("machine");
    Map<String, Object> load = (Map<String, Object>) r.get("load_during_run");
    StringBuilder md = new StringBuilder("# Service benchmark\n\n");
    md.append(
            "Written by `benchmarks/run-service-bench.sh` (`dev.taper.bench.service.ServiceBenchCommand`);"
                + " the same numbers, and every run, are in the JSON file beside this one. Every"
                + " headline number is the median of ")
        .append(settings.get("runs"))
        .append(" runs.\n\n");
    ReportMarkdown.host(md, machine, load);
    if (r.get("database") instanceof Map<?, ?> db) {
      md.append("- database: ")
          .append(db.get("server"))
          .append(", fsync ")
          .append(db.get("fsync"))
          .append(", synchronous_commit ")
          .append(db.get("synchronous_commit"))
          .append("\n");
    }
    md.append("\n");
    if (r.get("claims") instanceof Map<?, ?> claims) {
      md.append("## Claims per second\n\n")
          .append(settings.get("claim_jobs"))
          .append(
              " runnable jobs, claimed and completed by N threads until none is left. *Taper*:"
                  + " `StageQueue.claim`, then `StageQueue.complete` in a transaction of the"
                  + " service's transaction manager, through the service's own beans (the worker's"
                  + " path with a stage that does nothing). *Raw*: bare JDBC on a connection per"
                  + " thread, auto-commit, the same one-statement `FOR UPDATE SKIP LOCKED` claim"
                  + " and a versioned completion. Same database, same run, alternating.\n\n");
      for (String commits : List.of("durable", "async")) {
        if (!(claims.get(commits) instanceof Map<?, ?> mode)) {
          continue;
        }
        md.append(
                commits.equals("durable")
                    ? "Durable commits (each waits for its WAL fsync), as Taper ships:\n\n"
                    : "Asynchronous commits (`synchronous_commit = off`, a diagnostic: the path"
                        + " without the disk, i.e. its round trips and CPU):\n\n")
            .append(
                "| claimers | Taper claims/s | raw claims/s | ratio | Taper claim / complete us |"
                    + " raw claim / complete us |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n");
        ((Map<String, Map<String, Object>>) mode.get("by_claimers"))
            .forEach(
                (n, m) ->
                    ReportMarkdown.row(
                        md,
                        n,
                        m.get("claims_per_s"),
                        m.get("raw_claims_per_s"),
                        m.get("claim_ratio"),
                        m.get("claim_us") + " / " + m.get("complete_us"),
                        m.get("raw_claim_us") + " / " + m.get("raw_complete_us")));
        md.append("\n");
      }
      md.append(verdict(claims.get("target"))).append("\n\n");
    }
    if (r.get("enqueue_to_start") instanceof Map<?, ?> e) {
      md.append("## Enqueue to start\n\n")
          .append(
              "From the commit of `StageQueue.enqueue` to the return of an idle worker's claim (the"
                  + " worker loop of `StageWorker`, woken by LISTEN/NOTIFY, polling every 5 s as"
                  + " the fallback), ")
          .append(settings.get("enqueue_samples_per_run"))
          .append(" jobs a run, each enqueued 50 to 150 ms after the previous claim.\n\n")
          .append("| p50 ms | p99 ms | runs (p50 / p99 / max) |\n| ---: | ---: | --- |\n| ")
          .append(e.get("enqueue_to_start_p50_ms"))
          .append(" | ")
          .append(e.get("enqueue_to_start_p99_ms"))
          .append(" | ");
      for (Map<String, Object> run : (List<Map<String, Object>>) e.get("runs")) {
        md.append(run.get("p50_ms"))
            .append(" / ")
            .append(run.get("p99_ms"))
            .append(" / ")
            .append(run.get("max_ms"))
            .append("; ");
      }
      md.append(" |\n\n").append(verdict(e.get("target"))).append("\n\n");
    }
    if (r.get("api") instanceof Map<?, ?> api) {
      md.append("## API latency while stages train\n\n")
          .append(api.get("load"))
          .append("; ")
          .append(settings.get("api_seconds_per_run"))
          .append(" s a run after ")
          .append(settings.get("api_warmup_seconds"))
          .append(
              " s of warm-up load. Taper runs as `java -jar taper-exec.jar` (role `all`,"
                  + " embedded PostgreSQL) training the WIDE stage of `")
          .append(api.get("spec"))
          .append(
              "`; *two stages*: a second worker JVM (role `worker`, default settings) on the"
                  + " same machine and database trains a second experiment's WIDE stage.\n\n");
      md.append(
          "| stages training | p50 ms | p99 ms | errors | p99 of each run | trained throughout |"
              + "\n| ---: | ---: | ---: | ---: | --- | --- |\n");
      for (String setting : List.of("one_stage", "two_stages")) {
        if (!(api.get(setting) instanceof Map<?, ?> s)) {
          continue;
        }
        md.append("| ")
            .append(setting.equals("one_stage") ? 1 : 2)
            .append(" | ")
            .append(s.get("api_p50_ms"))
            .append(" | ")
            .append(s.get("api_p99_ms"))
            .append(" | ")
            .append(s.get("errors"))
            .append(" | ");
        for (Map<String, Object> run : (List<Map<String, Object>>) s.get("runs")) {
          md.append(run.get("p99_ms")).append(" ");
        }
        md.append("| ").append(s.get("stages_trained_throughout")).append(" |\n");
      }
      md.append("\n");
      for (String setting : List.of("one_stage", "two_stages")) {
        if (api.get(setting) instanceof Map<?, ?> s) {
          md.append("- ")
              .append(setting.equals("one_stage") ? "one stage: " : "two stages: ")
              .append(verdict(s.get("target")))
              .append(" Errors: ")
              .append(s.get("errors"))
              .append(" (target 0).\n");
        }
      }
      md.append("\n");
    }
    ReportMarkdown.settings(md, settings);
    return md.toString();
  }

  /** "Target ...: **met** (...)" or "Target ...: **missed** by ... (...)", from a Target's JSON. */
  static String verdict(Object judged) {
    if (!(judged instanceof Map<?, ?> t)) {
      return "Target: not measured.";
    }
    String verdict = String.valueOf(t.get("verdict"));
    String word =
        Boolean.TRUE.equals(t.get("met")) ? "met" : verdict.startsWith("missed") ? "missed" : "";
    return "Target "
        + t.get("target")
        + ": "
        + (word.isEmpty() ? verdict : "**" + word + "**" + verdict.substring(word.length()))
        + ".";
  }
}
