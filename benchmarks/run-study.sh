#!/usr/bin/env bash
# Runs one experiment spec with its baselines over several seeds, without a server.
#   benchmarks/run-study.sh SPEC.json [--seeds 3] [--first-seed S] [--out benchmarks/results/NAME]
#     [--lr-grid 3e-4,1e-3,3e-3] [--fresh]
# Writes NAME.json, NAME.md and NAME.svg (NAME defaults to the spec's file name). A study that was
# killed resumes from NAME.journal/ when started again with the same arguments; --fresh starts over.
# Environment: MVN_ARGS (extra Maven flags, e.g. -o), SKIP_BUILD=1 (use the last build),
# JAVA_OPTS (extra JVM flags), TAPER_DATA_DIR (where Fashion-MNIST lives, if not in
# /usr/share/datasets/fashion-mnist), OMP_NUM_THREADS (libtorch's threads).
set -euo pipefail

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  echo "usage: $0 SPEC.json [--seeds N] [--first-seed S] [--out benchmarks/results/NAME] [--lr-grid 3e-4,1e-3,3e-3] [--fresh]" >&2
  exit 2
fi

spec="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shift
# shellcheck source=build-and-stage.sh
source "$(dirname "${BASH_SOURCE[0]}")/build-and-stage.sh"

# shellcheck disable=SC2086
java -Dai.djl.offline=true -Xms2g ${JAVA_OPTS:-} -cp "$BENCH_CP" \
  dev.taper.bench.StudyCommand "$spec" "$@"
