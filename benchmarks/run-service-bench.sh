#!/usr/bin/env bash
# The service benchmark, in one run: claims/s of Taper's claim-and-complete path against a bare
# JDBC loop (1, 4 and 8 claimers), enqueue-to-start latency with an idle worker, and API p50/p99
# at 200 requests/s while one, then two, WIDE stages train; medians of several runs.
#   benchmarks/run-service-bench.sh [--parts claims,enqueue,api] [--runs 3] [--claim-jobs 20000]
#                                   [--api-seconds 60] [--out benchmarks/results] [--name service]
#                                   (more options: ServiceBenchCommand's javadoc, benchmarks/README.md)
# Writes NAME.json and NAME.md (default benchmarks/results/service.*). The API part trains on
# fashion-mnist (Debian: dataset-fashion-mnist, or TAPER_DATA_DIR); --api-dataset fashion-mnist-mini
# needs nothing. Databases, homes and logs go to ${TMPDIR:-/tmp}/taper-service-bench (--work).
# Environment: MVN_ARGS (extra Maven flags, e.g. -o), SKIP_BUILD=1 (use the last build),
# JAVA_OPTS (extra flags of the harness JVM), TMPDIR.
set -euo pipefail

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi

# shellcheck source=build-and-stage.sh
source "$(dirname "${BASH_SOURCE[0]}")/build-and-stage.sh"

# shellcheck disable=SC2086
java -Xmx2g ${JAVA_OPTS:-} -cp "$BENCH_CP" dev.taper.bench.service.ServiceBenchCommand \
  --jar "$BENCH_EXEC_JAR" --work "${TMPDIR:-/tmp}/taper-service-bench" "$@"
