package dev.taper.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Finished runs in other studies' journals that a study may take instead of training: a run is
 * taken only when its recorded {@link RunRecipe} equals the one the study would train, and only
 * from a journal written on the same kernels and threads by the same code (the fields a journal
 * checks when it resumes). So an ablation that changes imitation trains imitation and fine-tuning
 * and takes WIDE and every baseline from the study it varies, with the figures that study had.
 *
 * <p>The code is checked by the commit the build records. A journal from another commit, or a build
 * that does not pin its commit, is refused unless whoever runs the study vouches that nothing the
 * runs depend on changed ({@code --reuse-across-revisions}); the result says so.
 */
final class ReusableRuns {

  private static final String REVISION_FIELD = "machine.source_revision";

  private final Map<String, Found> byDigest;
  private final List<String> vouched;

  private ReusableRuns(Map<String, Found> byDigest, List<String> vouched) {
    this.byDigest = byDigest;
    this.vouched = vouched;
  }

  /** A run found for a recipe: its folder, its record, and the journal it is in. */
  record Found(Path runDirectory, StudyJournal.Entry entry, String source) {}

  static ReusableRuns none() {
    return new ReusableRuns(Map.of(), List.of());
  }

  /**
   * Indexes the runs of the journals at {@code paths}: each a journal folder, or a study's {@code
   * --out} whose journal was kept.
   *
   * @throws StudyException when a path holds no journal, or one written on other kernels or
   *     threads, or by other code without {@code acrossRevisions}
   */
  static ReusableRuns open(List<Path> paths, Machine machine, boolean acrossRevisions) {
    Map<String, Found> byDigest = new HashMap<>();
    // a set: one study's seeds kept in several folders share a name, and the result names it once
    Set<String> vouched = new LinkedHashSet<>();
    JsonNode current = StudyJournal.machineIdentity(machine);
    for (Path path : paths) {
      Path journal = journalAt(path);
      JsonNode identity = identity(journal);
      String source = describe(journal, identity);
      List<String> differ = StudyJournal.differences(identity, current, "machine");
      boolean otherCode = differ.remove(REVISION_FIELD) || !machine.pinsItsCode();
      if (!differ.isEmpty()) {
        throw new StudyException(
            "cannot reuse runs from "
                + journal
                + ": it was written on another machine setup (it differs in "
                + String.join(", ", differ)
                + "), so its runs need not compute what this study's would");
      }
      if (otherCode && !acrossRevisions) {
        throw new StudyException(
            "cannot reuse runs from "
                + journal
                + ": it was written at "
                + revisionOf(identity.path("machine"))
                + " and this build is "
                + (machine.sourceRevision() == null
                    ? "of an unknown commit"
                    : machine.sourceRevision())
                + "; pass --reuse-across-revisions to vouch that nothing its runs depend on changed"
                + " (git diff shows what did)");
      }
      if (otherCode) {
        vouched.add(source);
      }
      index(journal, source, byDigest);
    }
    return new ReusableRuns(byDigest, List.copyOf(vouched));
  }

  /** The run recorded for this recipe, if any journal holds one. */
  Optional<Found> find(RunRecipe recipe) {
    return Optional.ofNullable(byDigest.get(recipe.digest()));
  }

  /** How many runs can be taken. */
  int size() {
    return byDigest.size();
  }

  /** The journals taken from across revisions, as {@link #describe} names them. */
  List<String> vouched() {
    return vouched;
  }

  private static Path journalAt(Path path) {
    if (Files.isRegularFile(path.resolve(StudyJournal.IDENTITY_FILE))) {
      return path;
    }
    Path kept = StudyJournal.directoryFor(path);
    if (Files.isRegularFile(kept.resolve(StudyJournal.IDENTITY_FILE))) {
      return kept;
    }
    throw new StudyException(
        "no study journal at "
            + path
            + " or "
            + kept
            + ": a study keeps its journal after it finishes only with --keep-journal");
  }

  private static JsonNode identity(Path journal) {
    try {
      JsonNode identity = StudyJournal.readIdentity(journal.resolve(StudyJournal.IDENTITY_FILE));
      if (identity == null) {
        throw new StudyException("the study journal at " + journal + " cannot be read");
      }
      return identity;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the study journal at " + journal, e);
    }
  }

  /**
   * "NAME (journal FOLDER, revision R)": which study a reused run came from. The folder's name, not
   * its path, so that a result says the same on every machine.
   */
  private static String describe(Path journal, JsonNode identity) {
    return identity.path("spec").path("name").asString()
        + " (journal "
        + journal.getFileName()
        + ", "
        + revisionOf(identity.path("machine"))
        + ")";
  }

  private static String revisionOf(JsonNode machine) {
    JsonNode revision = machine.path("source_revision");
    return revision.isString() ? "revision " + revision.asString() : "an unknown revision";
  }

  /** A record renamed into place; one still in its temporary folder may be incomplete. */
  private static boolean isFinishedRecord(Path file) {
    return file.getFileName().toString().equals(StudyJournal.RUN_FILE)
        && !file.getParent().getFileName().toString().endsWith(StudyJournal.PARTIAL);
  }

  private static void index(Path journal, String source, Map<String, Found> byDigest) {
    try (Stream<Path> files = Files.walk(journal, 3)) {
      for (Path file : files.filter(ReusableRuns::isFinishedRecord).toList()) {
        StudyJournal.read(file)
            .filter(entry -> entry.recipe() != null && entry.metrics() != null)
            .ifPresent(
                entry ->
                    byDigest.putIfAbsent(
                        new RunRecipe(entry.recipe()).digest(),
                        new Found(file.getParent(), entry, source)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the study journal at " + journal, e);
    }
  }
}
