package dev.taper.bench.service;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes a soak's result as {@code soak.json} and {@code soak.md}. */
final class SoakReport {

  private SoakReport() {}

  static void write(Map<String, Object> result, Path directory, String name) throws IOException {
    ResultFiles.write(result, directory, name, SoakReport::markdown);
  }

  @SuppressWarnings("unchecked")
  static String markdown(Map<String, Object> r) {
    Map<String, Object> settings = (Map<String, Object>) r.get("settings");
    Map<String, Long> counts = (Map<String, Long>) r.get("counts");
    Map<String, Object> machine = (Map<String, Object>) r.get("machine");
    Map<String, Object> load = (Map<String, Object>) r.get("load_during_run");
    Map<String, Object> memory = (Map<String, Object>) r.get("memory");
    StringBuilder md = new StringBuilder();
    md.append("# Fault soak\n\n");
    md.append(
        "Written by `benchmarks/run-soak.sh` (`dev.taper.bench.service.SoakCommand`); the same"
            + " numbers are in `soak.json`.\n\n");
    md.append("**").append(Boolean.TRUE.equals(r.get("passed")) ? "PASSED" : "FAILED").append("**");
    List<String> problems = (List<String>) r.get("problems");
    if (!problems.isEmpty()) {
      md.append(": ").append(String.join("; ", problems));
    }
    md.append("\n\n");
    md.append("- ")
        .append(settings.get("experiments"))
        .append(" experiments, ")
        .append(settings.get("workers"))
        .append(" worker JVMs (")
        .append(settings.get("spare_workers"))
        .append(" never killed) and one API JVM on one PostgreSQL; ")
        .append("a random worker SIGKILLed and restarted every ")
        .append(settings.get("kill_every_seconds"))
        .append(" s for ")
        .append(settings.get("kill_phase_minutes"))
        .append(" minutes\n");
    md.append("- wall time (submission to the last experiment's end): ")
        .append(r.get("wall_seconds"))
        .append(" s")
        .append(
            Boolean.TRUE.equals(r.get("work_finished_within_kill_phase"))
                ? " (the work ran out before the kill phase's end, which ended the kills)"
                : "")
        .append("\n");
    if (r.get("experiments_unfinished_at_kill_phase_end") instanceof Long unfinished) {
      md.append("- **the work outlasted the kill phase**: ")
          .append(unfinished)
          .append(" of ")
          .append(settings.get("experiments"))
          .append(" experiments were unfinished when the kills stopped (")
          .append(r.get("stages_succeeded_at_kill_phase_end"))
          .append(" stages had succeeded by then); the rest ran without kills until the end\n");
    }
    ReportMarkdown.host(md, machine, load);
    md.append("\n");

    md.append("## Counts and checks\n\n| what | count | must be |\n| --- | ---: | --- |\n");
    List<String> zero = SoakChecks.mustBeZero();
    counts.forEach(
        (name, value) ->
            ReportMarkdown.row(
                md,
                name.replace('_', ' '),
                value,
                zero.contains(name) ? (value == 0 ? "0 (ok)" : "0 (**FAILED**)") : ""));
    md.append("\nAttempts per stage job (claims it took): ")
        .append(r.get("attempts_per_stage_job"))
        .append("\n\n");
    md.append(
        """
        *Overlapping leases* counts pairs of claims of one job where the later claim came before the \
        earlier lease ended: its holder's own end of the attempt, or, for a holder that never ended \
        it (killed), the last expiry its heartbeats recorded in `job_claim_audit`. *Reclaims before \
        expiry* are reclaims recorded before that expiry. Both are SQL over the audit \
        (`SoakChecks`).

        """);

    md.append("## Resident memory of the workers\n\n")
        .append(memory.get("criterion"))
        .append(". Verdict: **")
        .append(memory.get("verdict"))
        .append("** (")
        .append(memory.get("survivors_judged"))
        .append(" survivor(s) judged).\n\n");
    md.append(
        "| worker | survivor | lifetime s | stages claimed | warm-up s | samples after it | first MiB"
            + " | last MiB | min | max | slope MiB/min | flat |\n"
            + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (Map<String, Object> w : (List<Map<String, Object>>) memory.get("workers")) {
      if (!Boolean.TRUE.equals(w.get("survivor")) && !Boolean.TRUE.equals(w.get("judged"))) {
        continue;
      }
      ReportMarkdown.row(
          md,
          w.get("worker"),
          w.get("survivor"),
          w.get("lifetime_seconds"),
          w.get("claims"),
          dash(w.get("warmup_seconds")),
          w.get("warm_samples"),
          dash(w.get("warm_first_mib")),
          dash(w.get("warm_last_mib")),
          dash(w.get("warm_min_mib")),
          dash(w.get("warm_max_mib")),
          dash(w.get("slope_mib_per_minute")),
          Boolean.TRUE.equals(w.get("judged")) ? w.get("flat") : "not judged");
    }
    Map<String, Object> api = (Map<String, Object>) memory.get("api");
    md.append("\nThe API JVM (not judged by the soak): peak ")
        .append(api.get("peak_mib"))
        .append(" MiB, slope after warm-up ")
        .append(dash(api.get("slope_mib_per_minute")))
        .append(" MiB/min.\n\nKilled workers' series are in `soak.json` (`memory.workers`); they")
        .append(" rarely live past the warm-up.\n\n");

    ReportMarkdown.settings(md, settings);
    return md.toString();
  }

  private static Object dash(Object value) {
    return value == null ? "-" : value;
  }
}
