#!/usr/bin/env bash
# Runs one experiment spec with its baselines over several seeds, without a server.
#   benchmarks/run-study.sh SPEC.json [--seeds 3] [--out benchmarks/results/NAME]
# Writes NAME.json, NAME.md and NAME.svg (NAME defaults to the spec's file name).
# Environment: MVN_ARGS (extra Maven flags, e.g. -o), SKIP_BUILD=1 (use the last build),
# JAVA_OPTS (extra JVM flags), TAPER_DATA_DIR (where Fashion-MNIST lives, if not in
# /usr/share/datasets/fashion-mnist).
set -euo pipefail

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  echo "usage: $0 SPEC.json [--seeds N] [--out benchmarks/results/NAME]" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
spec="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shift
cd "$root"

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  # shellcheck disable=SC2086
  ./mvnw -q -B ${MVN_ARGS:-} -DskipTests -Dspotless.check.skip=true install -pl benchmarks -am
fi

# shellcheck disable=SC2086
exec java -Dai.djl.offline=true -Xms2g ${JAVA_OPTS:-} \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  dev.taper.bench.StudyCommand "$spec" "$@"
