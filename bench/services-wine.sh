#!/usr/bin/env bash
# The services figure in docs/benchmarks.md ("Services"): bench/services-wine.ts inside
# node.exe under Wine, in a throwaway prefix. Uses the Wine harness's runtime
# (scripts/windows-env.sh) when it is there; otherwise NODE_EXE must name a node.exe and
# a new prefix is made with winecfg -v win10. Writes bench/results/services-wine-<UTC>.json.
#   bench/services-wine.sh [extra services, default 300] [rounds, default 50]
set -euo pipefail
cd "$(dirname "$0")/.."
export WINEDEBUG=-all
npm run --silent build

if [ -f scripts/windows-env.sh ]; then
  bash scripts/windows-env.sh >/dev/null
  # shellcheck disable=SC1091
  . "${HOSTWATCH_CACHE:-.cache}/windows.env"
  prefix=$(bash scripts/windows-prefix.sh clone)
  cleanup() { bash scripts/windows-prefix.sh remove "$prefix"; }
else
  : "${NODE_EXE:?set NODE_EXE to a node.exe (see WINDOWS-ON-WINE.md)}"
  prefix=$(mktemp -d /tmp/hostwatch-bench-wine.XXXXXX)
  WINEPREFIX="$prefix" wine winecfg -v win10 >/dev/null 2>&1
  cleanup() {
    WINEPREFIX="$prefix" wineserver -k || true
    rm -rf "$prefix"
  }
fi
trap cleanup EXIT

mkdir -p bench/results
out="bench/results/services-wine-$(date -u +%Y%m%dT%H%M%SZ).json"
# node.exe cannot write to a pipe under Wine: its output goes to files.
if ! WINEPREFIX="$prefix" wine "$NODE_EXE" dist/bench/services-wine.js "$out" "$@" \
  >"$prefix/bench.out" 2>"$prefix/bench.err" </dev/null; then
  tr -d '\r' <"$prefix/bench.err" >&2
  exit 1
fi
WINEPREFIX="$prefix" wineserver -w
cat "$out"
