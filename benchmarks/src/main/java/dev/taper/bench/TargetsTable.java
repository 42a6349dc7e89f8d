package dev.taper.bench;

import dev.taper.bench.StudyResult.Arm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where each study stands against today's targets ({@link StudyTarget#ALL}), with the 95% interval
 * of THIN's per-seed gains beside each: a reader comparing many studies should see at a glance
 * which gains clear their target by more than seed-to-seed noise and which are inside it.
 */
final class TargetsTable {

  private TargetsTable() {}

  static String render(List<AblationMarkdown.Study> studies) {
    StringBuilder t = new StringBuilder("| Study | Seeds |");
    StudyTarget.ALL.forEach(
        target ->
            t.append(
                String.format(
                    Locale.ROOT, " THIN - %s, target %+.1f |", target.arm(), target.points())));
    t.append(" Targets met |\n|---|---:|").append("---|".repeat(StudyTarget.ALL.size() + 1));
    t.append('\n');
    for (AblationMarkdown.Study s : studies) {
      StudyResult r = s.result();
      t.append("| ").append(s.name()).append(" | ").append(r.seedsDone()).append(" |");
      List<String> missed = new ArrayList<>();
      int judged = 0;
      for (StudyTarget target : StudyTarget.ALL) {
        Optional<Double> gap = gap(r, target.arm());
        t.append(' ').append(cell(r, target.arm(), gap)).append(" |");
        if (gap.isPresent()) {
          judged++;
          if (!target.met(gap.get())) {
            missed.add(target.arm());
          }
        }
      }
      t.append(' ').append(verdict(judged, missed)).append(" |\n");
    }
    return t.toString();
  }

  /**
   * THIN's mean test accuracy minus the arm's, as the study's own target line computes it; empty
   * when either arm did not run or failed in every seed.
   */
  private static Optional<Double> gap(StudyResult r, String arm) {
    Optional<Arm> thin = r.arm("THIN");
    Optional<Arm> other = r.arm(arm);
    if (thin.isEmpty() || other.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        StudyTargets.difference(thin.get().accuracyMean(), other.get().accuracyMean()));
  }

  private static String cell(StudyResult r, String arm, Optional<Double> gap) {
    if (gap.isEmpty()) {
      return "not run";
    }
    List<Double> paired = StudyTargets.pairedGaps(r.arm("THIN").orElseThrow(), r.arm(arm).get());
    String interval = PairedGainsMarkdown.interval(paired);
    return String.format(Locale.ROOT, "%+.2f", gap.get())
        + (interval.equals(PairedGainsMarkdown.NO_INTERVAL) ? "" : " (" + interval + ")");
  }

  private static String verdict(int judged, List<String> missed) {
    if (judged == 0) {
      return "n/a";
    }
    String met = (judged - missed.size()) + " of " + judged;
    return missed.isEmpty() ? met : met + "; missed: " + String.join(", ", missed);
  }
}
