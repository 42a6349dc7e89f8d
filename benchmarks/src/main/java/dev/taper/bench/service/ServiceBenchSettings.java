package dev.taper.bench.service;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the service benchmark runs.
 *
 * @param parts which measurements: {@code claims}, {@code enqueue}, {@code api}
 * @param runs repetitions of every measurement; medians are reported
 * @param claimJobs jobs each claim run works through
 * @param claimers the numbers of concurrent claimers to measure
 * @param claimCommits {@code durable} (commits wait for their fsync, as Taper ships) and/or {@code
 *     async} ({@code synchronous_commit = off}: the claim path without the disk, to show its own
 *     cost)
 * @param enqueueSamples enqueue-to-start samples per run
 * @param apiRate requests per second of the open-loop load
 * @param apiSeconds length of each measured load run
 * @param apiWarmupSeconds load before the first measured run of each setting, not recorded
 * @param apiDataset the dataset of the stages that train during the API runs
 * @param apiWideEpochs epochs of those WIDE stages: enough to outlast every run
 * @param jar the service's executable jar
 * @param work where databases, homes and logs go
 * @param out where NAME.json and NAME.md are written
 * @param name the result files' name
 */
record ServiceBenchSettings(
    Set<String> parts,
    int runs,
    int claimJobs,
    List<Integer> claimers,
    List<String> claimCommits,
    int enqueueSamples,
    int apiRate,
    int apiSeconds,
    int apiWarmupSeconds,
    String apiDataset,
    int apiWideEpochs,
    Path jar,
    Path work,
    Path out,
    String name) {

  static ServiceBenchSettings parse(String[] arguments) {
    Args args = new Args(arguments);
    ServiceBenchSettings settings =
        new ServiceBenchSettings(
            Set.of(args.string("parts", "claims,enqueue,api").split(",")),
            args.integer("runs", 3),
            args.integer("claim-jobs", 20_000),
            Arrays.stream(args.string("claimers", "1,4,8").split(","))
                .map(Integer::parseInt)
                .toList(),
            List.of(args.string("claim-commits", "durable,async").split(",")),
            args.integer("enqueue-samples", 300),
            args.integer("api-rate", 200),
            args.integer("api-seconds", 60),
            args.integer("api-warmup-seconds", 15),
            args.string("api-dataset", "fashion-mnist"),
            args.integer("api-wide-epochs", 300),
            args.path("jar", "service/target/taper-exec.jar"),
            args.path("work", System.getProperty("java.io.tmpdir") + "/taper-service-bench"),
            args.path("out", "benchmarks/results"),
            args.string("name", "service"));
    args.requireAllRead();
    return settings;
  }

  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("parts", parts.stream().sorted().collect(Collectors.joining(",")));
    m.put("runs", runs);
    m.put("claim_jobs", claimJobs);
    m.put("claimers", claimers);
    m.put("claim_commits", claimCommits);
    m.put("enqueue_samples_per_run", enqueueSamples);
    m.put("api_rate_per_second", apiRate);
    m.put("api_seconds_per_run", apiSeconds);
    m.put("api_warmup_seconds", apiWarmupSeconds);
    m.put("api_dataset", apiDataset);
    m.put("api_wide_epochs", apiWideEpochs);
    return m;
  }
}
