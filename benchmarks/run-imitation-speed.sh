#!/usr/bin/env bash
# Times imitation against the engine's supervised loop on a study's networks, in one process.
#   benchmarks/run-imitation-speed.sh [--spec SPEC.json] [--steps-per-layer N] [--runs N]
#                                     [--out benchmarks/results/imitation-speed.json]
# Writes the JSON and a Markdown file beside it. Needs no dataset (the examples are synthetic).
# Environment: MVN_ARGS (extra Maven flags, e.g. -o), SKIP_BUILD=1 (use the last build),
# JAVA_OPTS (extra JVM flags), OMP_NUM_THREADS (libtorch's threads; one thread makes the CPU-time
# rates measure all the work), and the ISA caps the result records (ONEDNN_MAX_CPU_ISA, ...).
set -euo pipefail

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  echo "usage: $0 [--spec SPEC.json] [--steps-per-layer N] [--runs N] [--out FILE.json]" >&2
  exit 2
fi

# shellcheck source=build-and-stage.sh
source "$(dirname "${BASH_SOURCE[0]}")/build-and-stage.sh"

# shellcheck disable=SC2086
java -Dai.djl.offline=true -Xms1g ${JAVA_OPTS:-} -cp "$BENCH_CP" \
  dev.taper.bench.ImitationSpeed "$@"
