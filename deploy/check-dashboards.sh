#!/usr/bin/env bash
# Checks that every Grafana dashboard query returns data from a real Taper.
#
# Starts Taper from service/target/taper-exec.jar (role all, embedded PostgreSQL, a temporary
# TAPER_HOME, a free loopback port) and a private Prometheus (the Debian `prometheus` binary,
# temporary config and storage, a free loopback port, scraping every 2 s), submits one tiny
# experiment, waits for it, then evaluates each query of deploy/grafana/dashboards/*.json through
# Prometheus's HTTP API and prints whether it returned data. Exits 1 if any query returned none.
#
#   deploy/check-dashboards.sh                      # builds the jar first if it is missing
#   TAPER_DATA_DIR=/path/to/fashion-mnist deploy/check-dashboards.sh
#   TAPER_CHECK_SPEC=my-spec.json deploy/check-dashboards.sh
#
# Needs: java 17, curl, python3, prometheus (apt-get install -y prometheus; this script never
# touches a system Prometheus service). Embedded PostgreSQL refuses to run as root, so as root
# Taper runs as the user `nobody`.
#
# Queries ending in `or vector(0)` (counters that appear with their first event, GPU memory)
# always return data; for those the script also reports whether the metric itself was there.
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
prom_port="$(free_port)"
taper_pid=""
prom_pid=""

cleanup() {
  [[ -n "$prom_pid" ]] && kill "$prom_pid" 2>/dev/null || true
  [[ -n "$taper_pid" ]] && kill "$taper_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  if [[ "${KEEP_WORK:-}" == "1" ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

mkdir -p "$work/home" "$work/prometheus"
run_as=()
djl_cache=()
if [[ "$(id -u)" == "0" ]]; then
  # nobody's home is not writable: DJL extracts its natives under TAPER_HOME instead.
  chown -R nobody "$work/home"
  chmod 755 "$work"
  run_as=(runuser -u nobody --)
  djl_cache=(DJL_CACHE_DIR="$work/home/djl")
fi

echo "== starting Taper on 127.0.0.1:$taper_port (TAPER_HOME=$work/home)"
env -u SPRING_DATASOURCE_URL \
  TAPER_ROLE=all TAPER_HOME="$work/home" SERVER_PORT="$taper_port" SERVER_ADDRESS=127.0.0.1 \
  ${TAPER_DATA_DIR:+TAPER_DATA_DIR="$TAPER_DATA_DIR"} "${djl_cache[@]}" \
  "${run_as[@]}" java -Dai.djl.offline=true -jar "$jar" >"$work/taper.log" 2>&1 &
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

wait_for() { # url, seconds, what
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$1"; do
    if ((SECONDS > deadline)); then
      echo "$3 not ready after $2 s; last log lines:" >&2
      tail -n 40 "$work"/*.log >&2
      exit 1
    fi
    sleep 2
  done
}
wait_for "$taper/actuator/health/readiness" 300 "Taper"
wait_for "$prom/-/ready" 60 "Prometheus"

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
location="$(curl -fsS -D - -o "$work/created.json" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: dashboards-check-$$" --data @"$spec" "$taper/api/v1/experiments" \
  | tr -d '\r' | awk 'tolower($1) == "location:" {print $2}')"
if [[ -z "$location" ]]; then
  id="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/created.json")"
  location="/api/v1/experiments/$id"
fi
[[ "$location" == http* ]] || location="$taper$location"
echo "   $location"

deadline=$((SECONDS + timeout_s))
status=""
while :; do
  status="$(curl -fsS "$location" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("status",""))')"
  case "$status" in
    SUCCEEDED | FAILED | CANCELLED) break ;;
  esac
  if ((SECONDS > deadline)); then
    echo "experiment still $status after $timeout_s s" >&2
    tail -n 40 "$work/taper.log" >&2
    exit 1
  fi
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
            note = ""
            if result and FALLBACK.search(expr):
                own = evaluate(FALLBACK.sub("", expr))
                note = "  (metric present)" if own else "  (only the vector(0) fallback: no such event yet)"
            mark = "data" if result else "NONE"
            failures += 0 if result else 1
            print(f"  [{mark}] {panel['title']}: {expr}{note}" + (f"  ERROR {error}" if error else ""))

print(f"\n{failures} queries returned no data" if failures else "\nevery query returned data")
sys.exit(1 if failures else 0)
PY
