# Sourced by the run-*.sh scripts: builds the benchmarks and the modules they link (Maven's
# reactor, `package`, nothing installed into ~/.m2), then copies the repository's own jars to a
# fresh folder so that a rebuild while a study runs cannot swap classes under it. Sets BENCH_CP
# (the classpath to run with) and BENCH_EXEC_JAR (a copy of the service's executable jar, for the
# programs that start Taper processes), and removes the copies when the calling script exits.
# Also exports TAPER_SOURCE_REVISION, the commit the staged build was made from, which every result
# records (with "+uncommitted" when tracked files differed from it; unset when unknown).
# Environment: MVN_ARGS (extra Maven flags, e.g. -o), SKIP_BUILD=1 (stage the last build as is).

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

revision_file=benchmarks/target/source-revision
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  revision=""
  if commit="$(git rev-parse --short=12 HEAD 2>/dev/null)"; then
    revision="$commit"
    if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
      revision="$commit+uncommitted"
    fi
  fi
  # shellcheck disable=SC2086
  ./mvnw -q -B ${MVN_ARGS:-} -DskipTests -Dspotless.check.skip=true package -pl benchmarks -am
  printf '%s\n' "$revision" > "$revision_file"
fi
unset TAPER_SOURCE_REVISION
# a jar built after the revision was written (by a build outside this script) may be another commit
if [ -s "$revision_file" ]; then
  rebuilt=""
  for jar in benchmarks/target/*.jar service/target/*.jar; do
    if [ "$jar" -nt "$revision_file" ]; then
      rebuilt="$jar"
    fi
  done
  if [ -z "$rebuilt" ]; then
    TAPER_SOURCE_REVISION="$(cat "$revision_file")"
    export TAPER_SOURCE_REVISION
  fi
fi
if [ ! -f benchmarks/target/classpath.txt ]; then
  echo "no build to run: benchmarks/target/classpath.txt is missing (unset SKIP_BUILD)" >&2
  exit 1
fi

stage="$(mktemp -d "${TMPDIR:-/tmp}/taper-bench.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
BENCH_CP=""
for jar in benchmarks/target/taper-benchmarks-*.jar $(tr ':' ' ' < benchmarks/target/classpath.txt); do
  case "$jar" in
    "$root"/*|benchmarks/*)
      # two modules may name their jars alike: keep each copy in its own folder
      copy="$stage/$(printf '%s' "$jar" | md5sum | cut -c1-8)/$(basename "$jar")"
      mkdir -p "$(dirname "$copy")"
      cp "$jar" "$copy"
      jar="$copy"
      ;;
  esac
  BENCH_CP="${BENCH_CP:+$BENCH_CP:}$jar"
done
export BENCH_CP
# the service's executable jar (built by the same reactor run), for the soak and the service
# benchmark, which start Taper as `java -jar`
BENCH_EXEC_JAR="$stage/taper-exec.jar"
cp service/target/taper-exec.jar "$BENCH_EXEC_JAR"
export BENCH_EXEC_JAR
