#!/usr/bin/env bash
# Merges runs of one study spec over different seeds (say, one process per core) into one result.
#   benchmarks/run-study.sh SPEC.json --seeds 2 --out /tmp/a                 # seeds 1 and 2
#   benchmarks/run-study.sh SPEC.json --first-seed 3 --seeds 1 --out /tmp/b # seed 3, alongside
#   benchmarks/merge-studies.sh --out benchmarks/results/NAME /tmp/a.json /tmp/b.json
# The runs must share the spec (seed aside), grid, thin budget and machine; their seeds must form
# one unbroken range. Runs built from different commits merge only with --across-revisions, by
# which you vouch that nothing the figures depend on changed between them (check with git diff);
# the merged file names every commit. Given one result, it writes that one at --out as it is (a run
# written elsewhere gets its study's name). Environment: as for run-study.sh.
set -euo pipefail

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  echo "usage: $0 --out PATH-WITHOUT-EXTENSION [--across-revisions] RESULT.json [RESULT.json...]" >&2
  exit 2
fi

# build-and-stage.sh moves to the repository root: make the paths absolute first
args=()
for arg in "$@"; do
  case "$arg" in
    -*|/*) args+=("$arg") ;;
    *) args+=("$PWD/$arg") ;;
  esac
done

# shellcheck source=build-and-stage.sh
source "$(dirname "${BASH_SOURCE[0]}")/build-and-stage.sh"

# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -cp "$BENCH_CP" dev.taper.bench.StudyMergeCommand "${args[@]}"
