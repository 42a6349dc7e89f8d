#!/usr/bin/env bash
# The inference receipt: the THIN, WIDE and DEEPER networks each study kept (benchmarks/models/,
# written by run-study.sh) exported to ONNX at fp32, fp16 and int8 and run through ONNX Runtime on
# this CPU: accuracy on the study's test split, batch-1 latency p50/p99, batch-64 throughput and
# file sizes, side by side in one run.
#   benchmarks/run-inference.sh [--studies fmnist-mlp-deep24,fmnist-resnet] [--rounds 3] [--runs 500]
# Writes benchmarks/results/inference.json and .md. Exits 1 when a study's receipt is not met
# (THIN int8 at least 5x faster than WIDE fp32 at batch 1, within 0.5 points of the study's THIN).
# Environment: as run-study.sh (MVN_ARGS, SKIP_BUILD=1, JAVA_OPTS, TAPER_DATA_DIR).
set -euo pipefail

# shellcheck source=build-and-stage.sh
source "$(dirname "${BASH_SOURCE[0]}")/build-and-stage.sh"

# shellcheck disable=SC2086
java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  ${JAVA_OPTS:-} -cp "$BENCH_CP" dev.taper.bench.InferenceCommand "$@"
