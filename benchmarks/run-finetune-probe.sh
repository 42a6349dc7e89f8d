#!/usr/bin/env bash
# Why fine-tuning does or does not improve on imitation: fine-tunes the imitated network a study
# journaled (one seed's IMITATE run) again with other optimisers, everything else as the study's.
#   benchmarks/run-finetune-probe.sh --journal RESULT.journal --seed S \
#       --runs adam:1e-4,sgd:1e-2 --out benchmarks/results/NAME
# A study deletes its journal when every seed is done unless it runs with --keep-journal (or copy
# seed-S/IMITATE and study.json out while it runs). --render RESULT.json writes its page again.
# Environment: as run-study.sh (MVN_ARGS, SKIP_BUILD=1, JAVA_OPTS, TAPER_DATA_DIR).
set -euo pipefail
# shellcheck source=build-and-stage.sh
source "$(dirname "${BASH_SOURCE[0]}")/build-and-stage.sh"
# shellcheck disable=SC2086
java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  ${JAVA_OPTS:-} -cp "$BENCH_CP" dev.taper.bench.FinetuneProbe "$@"
