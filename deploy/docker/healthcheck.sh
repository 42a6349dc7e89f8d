#!/bin/bash
# Docker HEALTHCHECK without curl in the image: one HTTP/1.0 GET over bash's /dev/tcp.
# Usage: healthcheck.sh [liveness|readiness]
set -euo pipefail
probe="${1:-readiness}"
exec 3<>"/dev/tcp/127.0.0.1/${SERVER_PORT:-8080}"
printf 'GET /actuator/health/%s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$probe" >&3
read -r _ status _ <&3
[ "$status" = "200" ]
