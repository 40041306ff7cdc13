#!/usr/bin/env bash
# Compile each generated SDK in sdk-gen/ with its language's own toolchain, where it exists here:
# Node.js with tsc (the repo's TypeScript and @pulumi/pulumi), Python with compileall (syntax and
# bytecode; its pulumi dependency is not installed here), Go with go build against
# github.com/pulumi/pulumi/sdk/v3 at the CLI's version (sdk-gen/go/go.mod, from scripts/plugin/sdk-go). .NET: no dotnet toolchain on these machines, and its generator is not in pkg/v3.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
log() { echo "[make check-sdks] $*" >&2; }

(cd "$root" && npx tsc -p sdk-gen/nodejs/tsconfig.json --noEmit)
log "nodejs: tsc ok"

PYTHONPYCACHEPREFIX="$tmp/pycache" python3 -m compileall -q "$root/sdk-gen/python" >/dev/null
log "python: compileall ok ($(python3 --version))"

if command -v go >/dev/null; then
  cd "$root/sdk-gen/go"
  GOTOOLCHAIN=local GOFLAGS=-mod=readonly nice go build ./scmintegrations ./scmintegrations/internal
  log "go: go build of the resources package ok ($(go version | cut -d' ' -f3))"
  # Known generator fault (pkg/v3 v3.276.0 codegen/go, config defaults of an enum type): config.go
  # names the enum as `scm-integrations.SnykRegion` (the package name, dashes and all) and imports
  # nothing for it. Reported here rather than patched, so the SDK stays the generator's output.
  if GOTOOLCHAIN=local GOFLAGS=-mod=readonly go build ./scmintegrations/config 2>"$tmp/config.err"; then
    log "go: config package ok"
  else
    log "go: KNOWN FAULT, the config package does not compile: $(head -1 "$tmp/config.err")"
  fi
else
  log "go: not checked (no go toolchain)"
fi

if command -v dotnet >/dev/null; then log "dotnet: present, but no .NET SDK is generated here"; else log "dotnet: no toolchain here (not generated)"; fi
