package dev.taper.bench.service;

/**
 * One SIGKILL of the soak.
 *
 * @param atSeconds seconds since the experiments were submitted
 * @param worker the killed incarnation's worker id
 * @param pid its process id
 * @param lifetimeSeconds how long it had run
 * @param runningJob the stage job it held a lease on just before, or null when it was idle or still
 *     starting
 */
record Kill(double atSeconds, String worker, long pid, double lifetimeSeconds, Long runningJob) {}
