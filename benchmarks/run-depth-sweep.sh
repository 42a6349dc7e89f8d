#!/usr/bin/env bash
# Where the deep thin regime begins: SCRATCH and WIDE MLPs over a grid of depths and widths on
# Fashion-MNIST, picked by validation accuracy (test accuracy is reported beside it).
#   benchmarks/run-depth-sweep.sh [--depths 8,16,24,32] [--widths 16,32] [--wide-widths 16]
#       [--epochs 12] [--wide-epochs 10] [--widen 8] [--learning-rates 1e-3] [--seed 1]
#       [--out benchmarks/results/NAME]
# Each network trains once per learning rate (Adam, cosine); the table lists every run.
# The committed benchmarks/results/depth-sweep-mlp-narrow.{json,md}:
#   benchmarks/run-depth-sweep.sh --depths 48,64 --widths 8 --wide-widths 8 --epochs 12 \
#       --wide-epochs 10 --widen 8 --seed 1 --out benchmarks/results/depth-sweep-mlp-narrow
# and depth-sweep-mlp-width16 / -width32 (benchmarks/README.md gives their commands).
# Environment: as run-study.sh (MVN_ARGS, SKIP_BUILD=1, JAVA_OPTS, TAPER_DATA_DIR).
set -euo pipefail

# shellcheck source=build-and-stage.sh
source "$(dirname "${BASH_SOURCE[0]}")/build-and-stage.sh"

# shellcheck disable=SC2086
java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  ${JAVA_OPTS:-} -cp "$BENCH_CP" dev.taper.bench.DepthSweep "$@"
