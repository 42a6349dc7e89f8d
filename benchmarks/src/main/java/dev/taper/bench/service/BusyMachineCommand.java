package dev.taper.bench.service;

import java.util.Map;

/**
 * How long the README's walk-through takes through the service on an idle machine and beside a
 * program that keeps one core busy, at libtorch's default thread count and at one thread ({@code
 * benchmarks/run-busy-machine.sh}; see {@link BusyMachine}).
 *
 * <pre>
 * BusyMachineCommand [--runs 3] [--spec benchmarks/specs/walkthrough.json]
 *                    [--jar service/target/taper-exec.jar] [--work /tmp/taper-busy-machine]
 *                    [--out benchmarks/results] [--name busy-machine]
 * </pre>
 */
public final class BusyMachineCommand {

  private BusyMachineCommand() {}

  public static void main(String[] arguments) throws Exception {
    Args args = new Args(arguments);
    BusyMachine.Settings settings =
        new BusyMachine.Settings(
            args.integer("runs", 3),
            args.path("spec", "benchmarks/specs/walkthrough.json"),
            args.path("jar", "service/target/taper-exec.jar"),
            args.path("work", System.getProperty("java.io.tmpdir") + "/taper-busy-machine"),
            args.path("out", "benchmarks/results"),
            args.string("name", "busy-machine"));
    args.requireAllRead();
    Map<String, Object> result = new BusyMachine(settings).run();
    ResultFiles.write(result, settings.out(), settings.name(), BusyMachineReport::markdown);
    ServiceBench.log(
        "wrote %s.json and %s.md in %s", settings.name(), settings.name(), settings.out());
  }
}
