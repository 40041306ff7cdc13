#!/usr/bin/env bash
# Build sdkgen (scripts/plugin/sdkgen: Pulumi's SDK generators, at the CLI's version) into the cache
# outside the repo, keyed by the pkg/v3 version its go.mod pins, like the CLI (scripts/build-pulumi.sh).
# Prints the binary's path on the last line.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
src="$root/scripts/plugin/sdkgen"
version="$(sed -n 's|^[[:space:]]*github.com/pulumi/pulumi/pkg/v3 \(v[0-9.]*\).*|\1|p' "$src/go.mod" | head -1)"
cache="${PULUMI_SCM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-scm-integrations}"
dir="$cache/sdkgen-$version"
bin="$dir/bin/sdkgen"
stamp="$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-16)"

log() { echo "[make sdks] $*" >&2; }

if [ -x "$bin" ] && [ "$(cat "$dir/stamp" 2>/dev/null)" = "$stamp" ]; then
  log "cached: $bin"
  echo "$bin"
  exit 0
fi
start=$(date +%s)
mkdir -p "$dir/src" "$dir/bin"
cp "$src/go.mod" "$src/go.sum" "$src/main.go" "$dir/src/"
log "building sdkgen (pulumi pkg/v3 $version codegen) with $(go version | cut -d' ' -f3)"
(cd "$dir/src" && GOTOOLCHAIN=local GOFLAGS=-mod=readonly go build -trimpath -ldflags "-s -w" -o "$bin.partial" .)
mv "$bin.partial" "$bin"
echo "$stamp" > "$dir/stamp"
log "built in $(( $(date +%s) - start )) s: $bin"
echo "$bin"
