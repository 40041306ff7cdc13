#!/usr/bin/env bash
# Build the Pulumi YAML language host (pulumi-language-yaml), which the CLI cannot download here, from
# its Go module, cached by version outside the repo like the CLI (scripts/build-pulumi.sh). Unlike the
# CLI's modules, pulumi-yaml's carries no replace directive, so `go install module@version` works.
# Prints the bin directory on the last line.
set -euo pipefail

version="v1.25.0"
module="github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
cache="${PULUMI_SCM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-scm-integrations}"
bin="$cache/pulumi-language-yaml-$version/bin"

log() { echo "[make language-yaml] $*" >&2; }

if [ -x "$bin/pulumi-language-yaml" ]; then
  log "cached: $bin (pulumi-language-yaml $version)"
  echo "$bin"
  exit 0
fi

start=$(date +%s)
mkdir -p "$bin"
log "building pulumi-language-yaml $version with $(go version | cut -d' ' -f3) (once; a few minutes on a cold module cache)"
GOTOOLCHAIN=local GOBIN="$bin.partial" go install -trimpath -ldflags "-s -w" "$module@$version"
mv "$bin.partial/pulumi-language-yaml" "$bin/pulumi-language-yaml"
rmdir "$bin.partial"
log "built in $(( $(date +%s) - start )) s: $bin/pulumi-language-yaml"
echo "$bin"
