#!/usr/bin/env bash
# Checks that every Grafana dashboard query returns data from a real Taper.
#
# Starts Taper from service/target/taper-exec.jar (role all, embedded PostgreSQL, a temporary
# TAPER_HOME, a free loopback port) and a private Prometheus (the Debian `prometheus` binary,
# temporary config and storage, a free loopback port, scraping every 2 s), submits one tiny
# experiment, waits for it, then evaluates each query of deploy/grafana/dashboards/*.json through
# Prometheus's HTTP API and prints whether it returned data. Exits 1 if any query returned none, or
# only NaN (which a panel draws as nothing).
#
#   deploy/check-dashboards.sh                      # builds the jar first if it is missing
#   TAPER_DATA_DIR=/path/to/fashion-mnist deploy/check-dashboards.sh
#   TAPER_CHECK_SPEC=my-spec.json deploy/check-dashboards.sh
#
# Needs: java 17, curl, python3, prometheus (apt-get install -y prometheus; this script never
# touches a system Prometheus service). Runs as any user, root included: the embedded PostgreSQL
# binaries start as root too.
#
# Every wait is bounded (TAPER_CHECK_TIMEOUT for the experiment, default 900 s) and on any exit the
# script stops what it started: Taper, the PostgreSQL server Taper started under the temporary
# TAPER_HOME (it runs detached from Taper), and Prometheus; SIGTERM first, SIGKILL if that is not
# enough. KEEP_WORK=1 keeps the temporary folder (logs, data) for a look afterwards.
#
# Queries ending in `or vector(0)` (GPU memory: no series without a GPU) always return data; for
# those the script also reports whether the metric itself was there.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$repo/service/target/taper-exec.jar"
timeout_s="${TAPER_CHECK_TIMEOUT:-900}"

for tool in java curl python3 prometheus; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done

if [[ ! -f "$jar" ]]; then
  echo "== building $jar"
  (cd "$repo" && ./mvnw -q -B -DskipTests package -pl service -am)
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

work="$(mktemp -d -t taper-dashboards.XXXXXX)"
taper_port="$(free_port)"
http_latency_buckets="5ms,10ms,25ms,50ms,100ms,250ms,500ms,1s,2500ms,5s,10s,30s"
prom_port="$(free_port)"
taper_pid=""
prom_pid=""

alive() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; }

stop() { # pid, seconds to wait after SIGTERM before SIGKILL
  alive "$1" || return 0
  kill -TERM "$1" 2>/dev/null || true
  local deadline=$((SECONDS + $2))
  while alive "$1" && ((SECONDS < deadline)); do sleep 1; done
  if alive "$1"; then
    echo "pid $1 still running $2 s after SIGTERM: SIGKILL" >&2
    kill -KILL "$1" 2>/dev/null || true
  fi
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  stop "$prom_pid" 20
  # Taper stops its PostgreSQL on a graceful shutdown (60 s is more than its drain and grace).
  stop "$taper_pid" 60
  # ... but a Taper that had to be killed leaves the detached postmaster behind: stop it by the
  # pid it wrote into its data folder, if that process is still serving that folder.
  local pidfile="$work/home/postgres/postmaster.pid" pg_pid=""
  [[ -f "$pidfile" ]] && pg_pid="$(head -n 1 "$pidfile" 2>/dev/null || true)"
  if [[ "$pg_pid" =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pg_pid/cmdline" 2>/dev/null | grep -qF -- "$work/home/postgres"; then
    stop "$pg_pid" 20
  fi
  [[ -n "$prom_pid" ]] && wait "$prom_pid" 2>/dev/null || true
  [[ -n "$taper_pid" ]] && wait "$taper_pid" 2>/dev/null || true
  if [[ "${KEEP_WORK:-}" == "1" ]]; then echo "kept $work"; else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

mkdir -p "$work/home" "$work/prometheus"

echo "== starting Taper on 127.0.0.1:$taper_port (TAPER_HOME=$work/home)"
# The HTTP latency buckets the chart and compose set, for the dashboards' p95.
env -u SPRING_DATASOURCE_URL \
  TAPER_ROLE=all TAPER_HOME="$work/home" SERVER_PORT="$taper_port" SERVER_ADDRESS=127.0.0.1 \
  MANAGEMENT_METRICS_DISTRIBUTION_SLO_HTTP_SERVER_REQUESTS="$http_latency_buckets" \
  ${TAPER_DATA_DIR:+TAPER_DATA_DIR="$TAPER_DATA_DIR"} \
  java -Dai.djl.offline=true -jar "$jar" >"$work/taper.log" 2>&1 &
taper_pid=$!

cat >"$work/prometheus/prometheus.yml" <<YAML
global:
  scrape_interval: 2s
  evaluation_interval: 2s
scrape_configs:
  - job_name: taper-api
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ["127.0.0.1:$taper_port"]
YAML
echo "== starting Prometheus on 127.0.0.1:$prom_port"
prometheus --config.file="$work/prometheus/prometheus.yml" \
  --storage.tsdb.path="$work/prometheus/data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
prom_pid=$!

taper="http://127.0.0.1:$taper_port"
prom="http://127.0.0.1:$prom_port"

fail() { # message, log file
  echo "$1; last lines of $2:" >&2
  tail -n 40 "$2" >&2
  exit 1
}

wait_for() { # url, seconds, pid, log file, what
  local deadline=$((SECONDS + $2))
  until curl -fs --max-time 5 -o /dev/null "$1"; do
    alive "$3" || fail "$5 exited before it was ready" "$4"
    ((SECONDS < deadline)) || fail "$5 not ready after $2 s" "$4"
    sleep 2
  done
}
wait_for "$taper/actuator/health/readiness" 300 "$taper_pid" "$work/taper.log" "Taper"
wait_for "$prom/-/ready" 60 "$prom_pid" "$work/prometheus.log" "Prometheus"

spec="$work/spec.json"
if [[ -n "${TAPER_CHECK_SPEC:-}" ]]; then
  cp "$TAPER_CHECK_SPEC" "$spec"
else
  cat >"$spec" <<'JSON'
{
  "name": "dashboards-check",
  "dataset": "fashion-mnist",
  "model": {"family": "mlp", "depth": 3, "width": 16},
  "widenFactor": 2,
  "seed": 1,
  "wide": {"epochs": 1, "batchSize": 64},
  "imitate": {"stepsPerLayer": 20, "batchSize": 64},
  "finetune": {"epochs": 1, "batchSize": 64},
  "baselines": [],
  "limits": {"trainExamples": 512, "testExamples": 256}
}
JSON
fi

echo "== submitting a tiny experiment"
location="$(curl -fsS --max-time 30 -D - -o "$work/created.json" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: dashboards-check-$$" --data @"$spec" "$taper/api/v1/experiments" \
  | tr -d '\r' | awk 'tolower($1) == "location:" {print $2}')"
if [[ -z "$location" ]]; then
  id="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/created.json")"
  location="/api/v1/experiments/$id"
fi
[[ "$location" == http* ]] || location="$taper$location"
echo "   $location"

deadline=$((SECONDS + timeout_s))
status="(not read yet)"
while :; do
  alive "$taper_pid" || fail "Taper exited while the experiment was $status" "$work/taper.log"
  status="$(curl -fsS --max-time 10 "$location" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin).get("status",""))')" || status="(no answer)"
  case "$status" in
    SUCCEEDED | FAILED | CANCELLED) break ;;
  esac
  ((SECONDS < deadline)) || fail "experiment still $status after $timeout_s s" "$work/taper.log"
  sleep 5
done
echo "   experiment $status"
# Two more scrapes after the end so rate() and increase() have samples on both sides.
sleep 6

echo "== evaluating the dashboard queries through Prometheus"
python3 - "$prom" "$repo"/deploy/grafana/dashboards/*.json <<'PY'
import json, re, sys, urllib.parse, urllib.request

prom, files = sys.argv[1], sys.argv[2:]
FALLBACK = re.compile(r"\s+or\s+vector\(0\)\s*$")

def evaluate(expr):
    expr = expr.replace("$__rate_interval", "1m").replace("$__interval", "15s")
    # the dashboards' variables: any namespace (there is none here), this script's scrape job
    expr = expr.replace("$namespace", ".*").replace("$job", "taper-api")
    url = prom + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=30) as response:
        body = json.load(response)
    if body.get("status") != "success":
        raise RuntimeError(body.get("error", body))
    return body["data"]["result"]

failures = 0
for path in files:
    dashboard = json.load(open(path))
    print(f"\n# {dashboard['title']}")
    for panel in dashboard.get("panels", []):
        for target in panel.get("targets", []):
            expr = target["expr"]
            try:
                result = evaluate(expr)
            except Exception as e:
                result, error = [], str(e)
            else:
                error = None
            # NaN everywhere (a quantile of buckets that did not move, 0/0) draws nothing either.
            numbers = [r for r in result if r["value"][1] not in ("NaN", "+Inf", "-Inf")]
            note = ""
            if numbers and FALLBACK.search(expr):
                own = evaluate(FALLBACK.sub("", expr))
                note = "  (metric present)" if own else "  (only the vector(0) fallback: no series of its own)"
            mark = "data" if numbers else ("NaN " if result else "NONE")
            failures += 0 if numbers else 1
            print(f"  [{mark}] {panel['title']}: {expr}{note}" + (f"  ERROR {error}" if error else ""))

print(f"\n{failures} queries returned no data (or only NaN)" if failures else "\nevery query returned data")
sys.exit(1 if failures else 0)
PY
