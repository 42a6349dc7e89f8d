package dev.taper.queue;

/**
 * A job to enqueue as part of a plan.
 *
 * @param kind what the job does (the queue does not interpret it)
 * @param dependsOn position in the same plan of the job this one waits for, or -1
 * @param priority higher runs first
 * @param maxAttempts attempts before the job fails for good
 * @param needsGpu whether only a worker with a GPU may claim it
 */
public record NewJob(String kind, int dependsOn, int priority, int maxAttempts, boolean needsGpu) {

  public NewJob {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
  }

  public boolean blocked() {
    return dependsOn >= 0;
  }
}
