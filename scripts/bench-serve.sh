#!/usr/bin/env bash
# Load figures for `tricholog serve` (issue 17): starts `serve --demo` on a temporary SQLite
# store, signs in as the demo patient, and runs wrk against the patient's dashboard page, the
# trends API and a static file (the baseline, same run), printing requests/s and p99 latency per
# target. The target the issue sets: p99 < 50 ms on a 2-core machine.
#   scripts/bench-serve.sh [BINARY]        (default build/release/tricholog, else build/ci/tricholog)
# Environment: CONNECTIONS (100), DURATION (10s), THREADS (2), DEMO_DB (an existing demo store's
# SQLite file to copy, with its .blobs folder, instead of creating the demo: saves minutes).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
binary="${1:-}"
if [[ -z "$binary" ]]; then
  binary="$root/build/release/tricholog"
  [[ -x "$binary" ]] || binary="$root/build/ci/tricholog"
fi
binary="$(realpath "$binary")"
connections="${CONNECTIONS:-100}"
duration="${DURATION:-10s}"
threads="${THREADS:-2}"
command -v wrk >/dev/null || { echo "bench-serve: wrk is missing (apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench-serve: curl is missing" >&2; exit 1; }

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill -INT "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [[ -n "${DEMO_DB:-}" ]]; then
  cp "$DEMO_DB" "$work/demo.db"
  for suffix in -wal -shm; do
    if [[ -f "$DEMO_DB$suffix" ]]; then cp "$DEMO_DB$suffix" "$work/demo.db$suffix"; fi
  done
  cp -r "$DEMO_DB.blobs" "$work/demo.db.blobs"
fi
TRICHOLOG_HOME="$work" "$binary" serve --demo --db "sqlite:$work/demo.db" --listen 127.0.0.1:0 \
  >"$work/serve.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 1200); do  # up to 10 minutes: the demo renders and analyses its photos first
  url="$(grep -o 'serving at http://[^ ]*' "$work/serve.log" | head -1 | sed 's/serving at //; s:/$::')" || true
  [[ -n "$url" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.5
done
[[ -n "$url" ]] || { echo "bench-serve: serve printed no URL" >&2; cat "$work/serve.log" >&2; exit 1; }

# Sign in as the demo patient: the session cookie for every request.
curl -s -c "$work/jar" -H 'Content-Type: application/json' \
  -d '{"email":"demo.patient@tricholog.example","password":"tricholog-demo"}' \
  "$url/api/v1/session" >/dev/null
cookie="tricholog_session=$(awk '$6 == "tricholog_session" {print $7}' "$work/jar")"
dashboard="$(curl -s -o /dev/null -w '%{redirect_url}' -H "Cookie: $cookie" "$url/dashboard")"
dashboard="${dashboard#"$url"}"
patient_id="$(echo "$dashboard" | cut -d/ -f3)"
[[ -n "$patient_id" ]] || { echo "bench-serve: sign-in failed" >&2; exit 1; }
page="$dashboard"
page_name="dashboard page"
if [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url$page")" != 200 ]]; then
  page="/patients/$patient_id/trends"  # no dashboard page in this build: the trends page instead
  page_name="trends page (no dashboard)"
fi

targets=("$page_name|$page" "trends API|/api/v1/patients/$patient_id/trends" \
         "static file (baseline)|/static/css/site.css")
for target in "${targets[@]}"; do
  path="${target#*|}"
  status="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url$path")"
  [[ "$status" == 200 ]] || { echo "bench-serve: $path answers $status" >&2; exit 1; }
done

echo "tricholog serve --demo: $binary"
echo "wrk: $threads threads, $connections connections, $duration per target; $(nproc) CPUs"
printf '%-30s %12s %10s %10s %8s\n' target requests/s p50 p99 errors
for target in "${targets[@]}"; do
  name="${target%%|*}"
  path="${target#*|}"
  out="$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "Cookie: $cookie" "$url$path")"
  rps="$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')"
  p50="$(echo "$out" | awk '$1 == "50%" {print $2}')"
  p99="$(echo "$out" | awk '$1 == "99%" {print $2}')"
  errors="$(echo "$out" | awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}')"
  printf '%-30s %12s %10s %10s %8s\n' "$name" "$rps" "$p50" "$p99" "$errors"
done
