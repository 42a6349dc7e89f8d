# Sourced by run-soak.sh and run-service-bench.sh: builds the service and the benchmarks (unless
# SKIP_BUILD=1), then copies what the run needs (the executable jar, the benchmarks' jar, the
# service and migrations jars of the classpath) into a folder of its own, so that a rebuild during
# a long run cannot swap a jar under it; the copies are removed when the calling script exits. Sets
# STAGED_EXEC_JAR, STAGED_CLASSPATH and STAGED_WORK.
stage_service_jars() {
  local what="$1"
  if [ "${SKIP_BUILD:-0}" != "1" ]; then
    # shellcheck disable=SC2086
    ./mvnw -q -B ${MVN_ARGS:-} -DskipTests -Dspotless.check.skip=true package \
      -pl service,benchmarks -am
  fi
  local base="${TAPER_BENCH_TMP:-/tmp}"
  local stage
  stage="$(mktemp -d "$base/taper-$what-jars.XXXXXX")"
  STAGED_DIR="$stage"
  trap 'rm -rf "$STAGED_DIR"' EXIT
  cp service/target/taper-exec.jar "$stage/taper-exec.jar"
  cp benchmarks/target/taper-benchmarks-*.jar "$stage/taper-benchmarks.jar"
  local classpath="$stage/taper-benchmarks.jar"
  local entry
  # the file has no final newline, on which read answers 1
  IFS=":" read -r -a entries < benchmarks/target/classpath.txt || true
  for entry in "${entries[@]}"; do
    case "$entry" in
      "$PWD"/*)
        # a jar of this build (service, migrations): copied, like the executable jar
        cp "$entry" "$stage/$(basename "$entry")"
        classpath="$classpath:$stage/$(basename "$entry")"
        ;;
      *) classpath="$classpath:$entry" ;;
    esac
  done
  STAGED_EXEC_JAR="$stage/taper-exec.jar"
  STAGED_CLASSPATH="$classpath"
  STAGED_WORK="$base/taper-$what"
  echo "[$what] jars copied to $stage" >&2
}
