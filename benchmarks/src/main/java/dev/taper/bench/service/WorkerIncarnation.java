package dev.taper.bench.service;

import java.time.Duration;
import java.time.Instant;

/**
 * One life of a worker slot: the JVM started for it, under a worker id of its own (so that the
 * audit tells incarnations apart), until it is killed or the soak ends.
 */
final class WorkerIncarnation {

  private final int slot;
  private final String id;
  private final TaperJvm jvm;
  private final boolean killable;
  private final RssSeries rss = new RssSeries();
  private volatile Instant killedAt;
  private volatile Instant stoppedAt;

  WorkerIncarnation(int slot, String id, TaperJvm jvm, boolean killable) {
    this.slot = slot;
    this.id = id;
    this.jvm = jvm;
    this.killable = killable;
  }

  int slot() {
    return slot;
  }

  String id() {
    return id;
  }

  TaperJvm jvm() {
    return jvm;
  }

  boolean killable() {
    return killable;
  }

  RssSeries rss() {
    return rss;
  }

  boolean killed() {
    return killedAt != null;
  }

  boolean alive() {
    return killedAt == null && stoppedAt == null && jvm.isAlive();
  }

  void kill() throws InterruptedException {
    killedAt = Instant.now();
    jvm.kill();
  }

  /** Stops it gracefully (SIGTERM) at the end of the soak. */
  void stop() throws InterruptedException {
    stoppedAt = Instant.now();
    jvm.stop(Duration.ofSeconds(60));
  }

  /** Reads its resident memory now, if it still runs. */
  void sampleRss() {
    long kib = jvm.rssKib();
    if (kib > 0) {
      rss.add(Duration.between(jvm.started(), Instant.now()).toMillis() / 1000.0, kib);
    }
  }

  /** Seconds from its start to its kill or stop, or to now while it runs. */
  double lifetimeSeconds() {
    Instant end = killedAt != null ? killedAt : stoppedAt != null ? stoppedAt : Instant.now();
    return Duration.between(jvm.started(), end).toMillis() / 1000.0;
  }
}
