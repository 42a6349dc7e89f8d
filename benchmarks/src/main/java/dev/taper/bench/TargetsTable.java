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
    studies.forEach(s -> t.append(row(s)));
    return t.toString();
  }

  private static String row(AblationMarkdown.Study s) {
    StudyResult r = s.result();
    StringBuilder t = new StringBuilder();
    t.append("| ").append(s.name()).append(" | ").append(r.seedsDone()).append(" |");
    List<String> missed = new ArrayList<>();
    int judged = 0;
    for (StudyTarget target : StudyTarget.ALL) {
      Optional<Arm> thin = r.arm("THIN");
      Optional<Arm> other = r.arm(target.arm());
      if (thin.isEmpty() || other.isEmpty()) {
        t.append(" not run |");
        continue;
      }
      // THIN's mean minus the arm's, as the study's own target line computes it
      Double gap = StudyTargets.difference(thin.get().accuracyMean(), other.get().accuracyMean());
      if (gap == null) {
        t.append(" failed |");
        continue;
      }
      judged++;
      if (!target.met(gap)) {
        missed.add(target.arm());
      }
      t.append(' ').append(cell(gap, StudyTargets.pairedGaps(thin.get(), other.get())));
      t.append(" |");
    }
    return t.append(' ').append(verdict(judged, missed)).append(" |\n").toString();
  }

  /** The gap, with the 95% interval of the per-seed gaps where two seeds or more were paired. */
  private static String cell(double gap, List<Double> paired) {
    String shown = String.format(Locale.ROOT, "%+.2f", gap);
    return paired.size() < 2 ? shown : shown + " (" + PairedGainsMarkdown.interval(paired) + ")";
  }

  private static String verdict(int judged, List<String> missed) {
    if (judged == 0) {
      return "n/a";
    }
    String met = (judged - missed.size()) + " of " + judged;
    return missed.isEmpty() ? met : met + "; missed: " + String.join(", ", missed);
  }
}
