#!/usr/bin/env bash
# Reproduces every figure in docs/benchmarks.md: builds the exporter and the native
# clock reader, then runs the phases (default: all) and writes
# bench/results/<UTC timestamp>/{results.json,report.md}. Loopback only; everything it
# starts, it stops.
#
#   bench/run.sh                    # clock, scrape, levers, pace, memory, floor, idle, startup (~13 min)
#   bench/run.sh scrape memory      # a subset
# Needs: gcc, wrk, hyperfine, /usr/bin/prometheus-node-exporter (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in gcc wrk hyperfine /usr/bin/prometheus-node-exporter; do
  command -v "$tool" >/dev/null || { echo "bench: missing $tool" >&2; exit 2; }
done

npm run --silent build
mkdir -p bench/.build
gcc -O2 -Wall -Wextra -o bench/.build/clock-floor bench/clock-floor.c

out="bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
node dist/bench/run.js "$out" bench/.build/clock-floor "$@"
echo "bench: results in $out" >&2
