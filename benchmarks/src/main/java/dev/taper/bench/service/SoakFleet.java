package dev.taper.bench.service;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The soak's processes on one PostgreSQL and one shared {@code TAPER_HOME} (artifacts, datasets):
 * an API JVM (role {@code api}, which also applies the migrations) and a fixed number of worker
 * slots, each running one worker JVM at a time (role {@code worker}). A killed worker's slot is
 * started again at once under a new worker id.
 */
final class SoakFleet implements AutoCloseable {

  private final SoakSettings settings;
  private final String jdbcUrl;
  private final Path home;
  private final Path logs;
  private final List<WorkerIncarnation> incarnations = new CopyOnWriteArrayList<>();
  private final int[] startsPerSlot;
  private TaperJvm api;
  private final RssSeries apiRss = new RssSeries();

  SoakFleet(SoakSettings settings, String jdbcUrl, Path home, Path logs) {
    this.settings = settings;
    this.jdbcUrl = jdbcUrl;
    this.home = home;
    this.logs = logs;
    this.startsPerSlot = new int[settings.workers()];
  }

  /** Starts the API JVM and waits until it is ready (migrations applied). */
  TaperJvm startApi() throws IOException, InterruptedException {
    List<String> properties = new ArrayList<>(common());
    properties.add("--taper.role=api");
    api = TaperJvm.start("api", settings.jar(), logs, List.of("-Xmx1g"), properties);
    api.awaitReady(Duration.ofMinutes(5));
    return api;
  }

  void startWorkers() throws IOException {
    for (int slot = 0; slot < settings.workers(); slot++) {
      start(slot);
    }
  }

  private WorkerIncarnation start(int slot) throws IOException {
    String id = "soak-w" + slot + "-" + (++startsPerSlot[slot]);
    List<String> properties = new ArrayList<>(common());
    properties.add("--taper.role=worker");
    properties.add("--taper.worker.id=" + id);
    properties.add("--spring.flyway.enabled=false");
    TaperJvm jvm =
        TaperJvm.start(id, settings.jar(), logs, settings.workerJvmOptions(), properties);
    WorkerIncarnation incarnation =
        new WorkerIncarnation(slot, id, jvm, slot >= settings.spareWorkers());
    incarnations.add(incarnation);
    return incarnation;
  }

  private List<String> common() {
    List<String> properties = new ArrayList<>();
    properties.add("--taper.home=" + home);
    properties.add("--spring.datasource.url=" + jdbcUrl);
    properties.add("--spring.datasource.username=postgres");
    properties.add("--taper.datasets.download=false");
    properties.addAll(settings.workerProperties());
    return properties;
  }

  /**
   * One killable worker that is up (alive, and registered: its engine loaded and its loop
   * claiming), chosen at random; empty when none is. A worker still starting is left alone: on a
   * busy machine a start takes minutes, and killing it again then would hit no stage.
   */
  Optional<WorkerIncarnation> pickVictim(Random random, Set<String> registered) {
    List<WorkerIncarnation> candidates =
        incarnations.stream()
            .filter(w -> w.killable() && w.alive() && registered.contains(w.id()))
            .toList();
    return candidates.isEmpty()
        ? Optional.empty()
        : Optional.of(candidates.get(random.nextInt(candidates.size())));
  }

  /** SIGKILLs {@code victim} and starts its slot again at once. */
  void killAndRestart(WorkerIncarnation victim) throws IOException, InterruptedException {
    victim.kill();
    start(victim.slot());
  }

  /** Restarts any worker that died without being killed (it would be a finding: see its log). */
  List<WorkerIncarnation> restartCrashed() throws IOException {
    List<WorkerIncarnation> crashed = new ArrayList<>();
    for (WorkerIncarnation w : incarnations) {
      if (!w.killed() && !w.jvm().isAlive() && isLatestOfItsSlot(w)) {
        crashed.add(w);
        start(w.slot());
      }
    }
    return crashed;
  }

  private boolean isLatestOfItsSlot(WorkerIncarnation w) {
    return incarnations.stream().filter(o -> o.slot() == w.slot()).reduce((a, b) -> b).orElseThrow()
        == w;
  }

  void sampleRss() {
    for (WorkerIncarnation w : incarnations) {
      if (w.alive()) {
        w.sampleRss();
      }
    }
    if (api != null && api.isAlive()) {
      long kib = api.rssKib();
      if (kib > 0) {
        apiRss.add(
            Duration.between(api.started(), java.time.Instant.now()).toMillis() / 1000.0, kib);
      }
    }
  }

  /** The ids the first incarnations of the slots run under. */
  List<String> firstIds() {
    return incarnations.stream()
        .filter(w -> w.id().endsWith("-1"))
        .map(WorkerIncarnation::id)
        .toList();
  }

  List<WorkerIncarnation> incarnations() {
    return List.copyOf(incarnations);
  }

  /** The workers running now: the survivors, once the kills are over. */
  List<WorkerIncarnation> alive() {
    return incarnations.stream().filter(WorkerIncarnation::alive).toList();
  }

  RssSeries apiRss() {
    return apiRss;
  }

  /** Stops every worker, then the API, gracefully. */
  @Override
  public void close() throws InterruptedException {
    for (WorkerIncarnation w : incarnations) {
      if (w.alive()) {
        w.stop();
      }
    }
    if (api != null && api.isAlive()) {
      api.stop(Duration.ofSeconds(60));
    }
  }
}
