#!/usr/bin/env bash
# The service benchmark, in one run: claims/s of Taper's claim-and-complete path against a bare
# JDBC loop (1, 4 and 8 claimers), enqueue-to-start latency with an idle worker, and API p50/p99
# at 200 requests/s while one, then two, WIDE stages train; medians of several runs.
#   benchmarks/run-service-bench.sh [--parts claims,enqueue,api] [--runs 3] [--claim-jobs 20000]
#                                   [--api-seconds 60] [--out benchmarks/results] [--name service]
#                                   (more options: ServiceBenchCommand's javadoc, benchmarks/README.md)
# Writes NAME.json and NAME.md (default benchmarks/results/service.*). The API part trains on
# fashion-mnist (Debian: dataset-fashion-mnist, or TAPER_DATA_DIR); --api-dataset fashion-mnist-mini
# needs nothing.
# Environment: MVN_ARGS (extra Maven flags, e.g. -o), SKIP_BUILD=1 (use the last build),
# JAVA_OPTS (extra flags of the harness JVM), TAPER_BENCH_TMP (where the jars are copied and the
# databases, homes and logs go; default /tmp).
set -euo pipefail

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,14p' "$0" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=benchmarks/stage-service-jars.sh
source benchmarks/stage-service-jars.sh
stage_service_jars service-bench

# shellcheck disable=SC2086
java -Xmx2g ${JAVA_OPTS:-} -cp "$STAGED_CLASSPATH" dev.taper.bench.service.ServiceBenchCommand \
  --jar "$STAGED_EXEC_JAR" --work "$STAGED_WORK" "$@"
