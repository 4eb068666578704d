#!/usr/bin/env bash
# Load with the samplers and probes running: wrk with 50 and 200 connections for
# SECONDS (default 60) each against the built exporter on loopback; prints JSON and a
# Markdown table (docs/benchmarks.md, "Load with the samplers running"). Needs wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench: missing wrk" >&2; exit 2; }
npm run --silent build
node dist/bench/load-main.js "${1:-60}"
