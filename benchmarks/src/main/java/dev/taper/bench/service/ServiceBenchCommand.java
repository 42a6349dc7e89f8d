package dev.taper.bench.service;

import java.util.Map;

/**
 * The service benchmark ({@code benchmarks/run-service-bench.sh}): see {@link ServiceBench}.
 *
 * <pre>
 * ServiceBenchCommand [--parts claims,enqueue,api] [--runs 3] [--claim-jobs 20000]
 *                     [--claimers 1,4,8] [--enqueue-samples 300] [--api-rate 200]
 *                     [--api-seconds 60] [--api-warmup-seconds 15] [--api-dataset fashion-mnist]
 *                     [--api-wide-epochs 300] [--jar service/target/taper-exec.jar]
 *                     [--work /tmp/taper-service-bench] [--out benchmarks/results] [--name service]
 * </pre>
 */
public final class ServiceBenchCommand {

  private ServiceBenchCommand() {}

  public static void main(String[] args) throws Exception {
    ServiceBenchSettings settings = ServiceBenchSettings.parse(args);
    Map<String, Object> result = new ServiceBench(settings).run();
    ServiceReport.write(result, settings.out(), settings.name());
    ServiceBench.log(
        "wrote %s.json and %s.md in %s", settings.name(), settings.name(), settings.out());
    // the embedded Taper context leaves non-daemon threads behind
    System.exit(0);
  }
}
