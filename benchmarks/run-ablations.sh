#!/usr/bin/env bash
# Writes one Markdown table comparing committed study results (no training, a few seconds).
#   benchmarks/run-ablations.sh [benchmarks/ablations/fmnist.json]
#   benchmarks/run-ablations.sh --out FILE.md [--title TITLE] RESULT.json...
# Environment: MVN_ARGS (extra Maven flags, e.g. -o), SKIP_BUILD=1 (use the last build).
set -euo pipefail

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  echo "usage: $0 [DEFINITION.json] | $0 --out FILE.md [--title TITLE] RESULT.json..." >&2
  exit 2
fi
if [ $# -eq 0 ]; then
  set -- benchmarks/ablations/fmnist.json
fi

# shellcheck source=build-and-stage.sh
source "$(dirname "${BASH_SOURCE[0]}")/build-and-stage.sh"

# shellcheck disable=SC2086
java -Dai.djl.offline=true ${JAVA_OPTS:-} -cp "$BENCH_CP" dev.taper.bench.AblationReport "$@"
