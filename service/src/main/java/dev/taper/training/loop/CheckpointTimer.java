package dev.taper.training.loop;

import java.time.Duration;

/** Says when the time-based checkpoint interval has passed since the last checkpoint. */
final class CheckpointTimer {

  private final long intervalNanos;
  private long last = System.nanoTime();

  CheckpointTimer(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  boolean due() {
    return System.nanoTime() - last >= intervalNanos;
  }

  void reset() {
    last = System.nanoTime();
  }
}
