#!/usr/bin/env bash
# The Windows suite: dist/test/windows/*.test.js run by Node's test runner inside the
# official Windows build of Node (node.exe) under Wine, against the real Windows backends
# (Wine's kernel32, ntdll, advapi32, pdh, ...). scripts/test.js runs it and adds up the
# spec reporter's closing "ℹ pass N" / "ℹ fail N" lines, which this script echoes.
#
# Without wine: a NOTICE and exit 0 on a developer machine; a failure under
# HOSTWATCH_REQUIRE_TOOLS=1 (CI, where .ci/run installs wine).
# Environment: HOSTWATCH_CACHE (see windows-env.sh), HOSTWATCH_WINDOWS_TIMEOUT (seconds
# for the whole suite, default 900).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# Wine's own diagnostics (no display driver for explorer.exe, the wine32 hint) are noise
# here; a crash inside node.exe is still reported ("wine: Unhandled page fault ...").
export WINEDEBUG=-all

if ! command -v wine >/dev/null 2>&1; then
  if [ "${HOSTWATCH_REQUIRE_TOOLS:-}" = 1 ]; then
    echo "windows-test: error: wine is missing and HOSTWATCH_REQUIRE_TOOLS=1 (.ci/run installs it)" >&2
    exit 1
  fi
  echo "NOTICE: skipping the Windows suite: wine is not installed (scripts/windows-env.sh installs it; see docs/windows.md)"
  exit 0
fi

shopt -s nullglob
files=(dist/test/windows/*.test.js)
if [ "${#files[@]}" -eq 0 ]; then
  echo "windows-test: error: no dist/test/windows/*.test.js; run npm run build first" >&2
  exit 1
fi

bash "$root/scripts/windows-env.sh"
cache=${HOSTWATCH_CACHE:-$root/.cache}
# shellcheck disable=SC1091
. "$cache/windows.env"

prefix=$(bash "$root/scripts/windows-prefix.sh" clone)
trap 'bash "$root/scripts/windows-prefix.sh" remove "$prefix"' EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# node.exe cannot write to a pipe under Wine (EBADF at the first write), so its output
# goes to files that are echoed afterwards. Its own children (the test runner runs each
# file in a subprocess) talk over Windows pipes, which work.
out="$prefix/suite.out"
err="$prefix/suite.err"
echo "windows-test: ${#files[@]} file(s) under $NODE_EXE in prefix $prefix"
# In the background and waited for, so that a TERM or INT runs the EXIT trap at once:
# removing the prefix kills node.exe with everything else running in it.
status=0
WINEPREFIX="$prefix" timeout --kill-after=10 "${HOSTWATCH_WINDOWS_TIMEOUT:-900}" \
  wine "$NODE_EXE" --test --test-reporter=spec --test-concurrency=1 "${files[@]}" \
  >"$out" 2>"$err" </dev/null &
wait $! || status=$?
tr -d '\r' <"$out"
tr -d '\r' <"$err" >&2
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "windows-test: error: the suite did not finish within ${HOSTWATCH_WINDOWS_TIMEOUT:-900} s" >&2
fi
exit "$status"
