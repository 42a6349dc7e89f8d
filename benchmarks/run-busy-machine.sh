#!/usr/bin/env bash
# The README's walk-through through the service, timed from submission to SUCCEEDED, at libtorch's
# default threads and at one thread, on an idle machine and beside a program keeping one core busy;
# medians of several runs, each on a Taper process started afresh.
#   benchmarks/run-busy-machine.sh [--runs 3] [--spec benchmarks/specs/walkthrough.json]
#                                  [--out benchmarks/results] [--name busy-machine]
# Writes NAME.json and NAME.md (default benchmarks/results/busy-machine.*). Needs fashion-mnist
# (Debian: dataset-fashion-mnist, or TAPER_DATA_DIR). Homes and logs (the last invocation's) go to
# ${TMPDIR:-/tmp}/taper-busy-machine. About 25 minutes on 2 cores with --runs 3.
# Environment: MVN_ARGS (extra Maven flags, e.g. -o), SKIP_BUILD=1 (use the last build),
# JAVA_OPTS (extra flags of the harness JVM), TMPDIR.
set -euo pipefail

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,11p' "$0" >&2
  exit 2
fi

# shellcheck source=build-and-stage.sh
source "$(dirname "${BASH_SOURCE[0]}")/build-and-stage.sh"

# shellcheck disable=SC2086
java -Xmx512m ${JAVA_OPTS:-} -cp "$BENCH_CP" dev.taper.bench.service.BusyMachineCommand \
  --jar "$BENCH_EXEC_JAR" --work "${TMPDIR:-/tmp}/taper-busy-machine" "$@"
