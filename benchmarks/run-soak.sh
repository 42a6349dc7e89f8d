#!/usr/bin/env bash
# The fault soak: one API JVM and four worker JVMs on one PostgreSQL work through 200 small
# experiments while a random worker is SIGKILLed and restarted every 20 s for 10 minutes; then every
# experiment, model, lineage edge and claim is checked in SQL and the surviving workers' RSS judged.
#   benchmarks/run-soak.sh [--minutes 10] [--kill-every 20] [--experiments 200] [--workers 4]
#                          [--spare-workers 1] [--seed 1] [--out benchmarks/results] [--name soak]
#                          (more options: SoakCommand's javadoc and benchmarks/README.md)
# Writes NAME.json and NAME.md (default benchmarks/results/soak.*); exits 1 when a check fails.
# The database, Taper's home and the logs go to ${TMPDIR:-/tmp}/taper-soak/soak-DATE (--work).
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
java -Xmx1g ${JAVA_OPTS:-} -cp "$BENCH_CP" dev.taper.bench.service.SoakCommand \
  --jar "$BENCH_EXEC_JAR" --work "${TMPDIR:-/tmp}/taper-soak" "$@"
