#!/usr/bin/env bash
# Throwaway Wine prefixes for one run each, cloned from the template that
# scripts/windows-env.sh made. A clone costs ~50 ms: the 700 MB of DLLs are hard links
# (wine only reads them), the registry files are real copies (wineserver rewrites them).
# One prefix per run means its own wineserver, so a run can kill everything it started
# without touching anyone else's Wine, and state a test leaves (a created service) dies
# with the run.
#
#   windows-prefix.sh clone          prints the new prefix's path
#   windows-prefix.sh pids DIR       Linux pids of processes running in prefix DIR
#   windows-prefix.sh remove DIR     kills what still runs in DIR, then deletes it
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${HOSTWATCH_CACHE:-$root/.cache}
cache=$(cd "$cache" 2>/dev/null && pwd || printf '%s' "$cache")
export WINEDEBUG=-all

die() {
  printf 'windows-prefix: error: %s\n' "$*" >&2
  exit 1
}

clone() {
  [ -f "$cache/windows.env" ] || die "no $cache/windows.env; run scripts/windows-env.sh first"
  # shellcheck disable=SC1091
  . "$cache/windows.env"
  local dir
  dir=$(mktemp -d "$WINE_RUNS/run.XXXXXX")
  cp -al "$WINE_TEMPLATE/." "$dir/"
  for reg in "$dir"/*.reg; do
    rm "$reg"
    cp -p "$WINE_TEMPLATE/$(basename "$reg")" "$reg"
  done
  printf '%s\n' "$dir"
}

# Every wine process (wineserver, services.exe, node.exe, ...) inherits WINEPREFIX from
# the wine command that started the prefix's first process.
pids() {
  local dir=$1 env
  for env in /proc/[0-9]*/environ; do
    if grep -qzxF "WINEPREFIX=$dir" "$env" 2>/dev/null; then
      env=${env#/proc/}
      printf '%s\n' "${env%/environ}"
    fi
  done
}

remove() {
  local dir=$1 pid
  case "$dir" in
    "$cache"/wine/run.*) ;;
    *) die "refusing to remove $dir: not a run prefix under $cache/wine" ;;
  esac
  [ -d "$dir" ] || return 0
  WINEPREFIX="$dir" wineserver -k 2>/dev/null || true
  WINEPREFIX="$dir" timeout 20 wineserver -w 2>/dev/null || true
  for pid in $(pids "$dir"); do
    [ "$pid" = $$ ] || [ "$pid" = "$PPID" ] || kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$dir"
}

case "${1:-}" in
  clone) clone ;;
  pids) pids "$(cd "${2:?prefix directory}" && pwd)" ;;
  remove) remove "${2:?prefix directory}" ;;
  *) die "usage: $0 clone | pids DIR | remove DIR" ;;
esac
