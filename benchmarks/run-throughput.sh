#!/usr/bin/env bash
# Measures the engine's training throughput against the machine's matmul peak and DJL's stock loop.
#   benchmarks/run-throughput.sh [--quick] [--runs N] [--out benchmarks/results/throughput.json]
# Writes the JSON and a Markdown file beside it (throughput.md).
# Environment: MVN_ARGS (extra Maven flags, e.g. -o), SKIP_BUILD=1 (use the last build),
# JAVA_OPTS (extra JVM flags), TAPER_DATA_DIR (where Fashion-MNIST lives, if not in
# /usr/share/datasets/fashion-mnist), OMP_NUM_THREADS (libtorch's threads), and the ISA caps the
# result records (ONEDNN_MAX_CPU_ISA, MKL_ENABLE_INSTRUCTIONS, ATEN_CPU_CAPABILITY).
set -euo pipefail

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  echo "usage: $0 [--quick] [--runs N] [--out benchmarks/results/throughput.json]" >&2
  exit 2
fi

# shellcheck source=build-and-stage.sh
source "$(dirname "${BASH_SOURCE[0]}")/build-and-stage.sh"

# shellcheck disable=SC2086
java -Dai.djl.offline=true -Xms2g ${JAVA_OPTS:-} -cp "$BENCH_CP" \
  dev.taper.bench.ThroughputBenchmark "$@"
