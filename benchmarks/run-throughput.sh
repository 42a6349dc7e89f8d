#!/usr/bin/env bash
# Measures the engine's training throughput against the machine's matmul peak and a naive DJL loop.
#   benchmarks/run-throughput.sh [--quick] [--runs N] [--out benchmarks/results/throughput.json]
# Environment: MVN_ARGS (extra Maven flags, e.g. -o), SKIP_BUILD=1 (use the last build),
# JAVA_OPTS (extra JVM flags), TAPER_DATA_DIR (where Fashion-MNIST lives, if not in
# /usr/share/datasets/fashion-mnist).
set -euo pipefail

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  echo "usage: $0 [--quick] [--runs N] [--out benchmarks/results/throughput.json]" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  # shellcheck disable=SC2086
  ./mvnw -q -B ${MVN_ARGS:-} -DskipTests -Dspotless.check.skip=true install -pl benchmarks -am
fi

# shellcheck disable=SC2086
exec java -Dai.djl.offline=true -Xms2g ${JAVA_OPTS:-} \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  dev.taper.bench.ThroughputBenchmark "$@"
