package dev.taper.bench.service;

/**
 * One timed run of the claim benchmark.
 *
 * @param path {@code taper} or {@code raw}
 * @param claimers concurrent claimer threads
 * @param jobs jobs claimed and completed
 * @param seconds wall time from the start signal until the queue was empty for every claimer
 * @param claimsPerSecond {@code jobs / seconds}
 * @param claimMicros mean time of one claim call, per claimer
 * @param completeMicros mean time of one completion (its transaction included), per claimer
 */
record ClaimRun(
    String path,
    int claimers,
    int jobs,
    double seconds,
    double claimsPerSecond,
    double claimMicros,
    double completeMicros) {}
