#!/usr/bin/env bash
# Reproduces the "Listen probe" figures in docs/benchmarks.md: the probe against a native
# C loop doing the same calls (ratio of medians, same run), then the exporter's CPU cost
# at the default probe settings. Loopback only; everything it starts, it stops.
#   bench/listen.sh [rounds] [probes-per-round] [cpu-window-seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v gcc >/dev/null || { echo "bench: missing gcc" >&2; exit 2; }
npm run --silent build
mkdir -p bench/.build bench/results
gcc -O2 -Wall -Wextra -o bench/.build/listen-floor bench/listen-floor.c
out="bench/results/listen-$(date -u +%Y%m%dT%H%M%SZ).json"
{
  echo "{\"date\": \"$(date -u +%FT%TZ)\", \"machine\": \"$(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr)\","
  echo "\"probe\": $(node dist/bench/listen-probe.js bench/.build/listen-floor "${1:-20}" "${2:-250}"),"
  echo "\"cpu\": $(node dist/bench/listen-cpu.js "${3:-300}")}"
} >"$out"
cat "$out"
echo "bench: results in $out" >&2
