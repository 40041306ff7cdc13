#!/usr/bin/env bash
# Build the Pulumi CLI from its Go modules (it cannot be downloaded here), cached by version outside the
# repo so a second run takes seconds. The wrapper module (go.mod/go.sum pinned in scripts/pulumi-cli/) is
# copied into the cache: `go install pkg@version` refuses pulumi's modules because they carry replace
# directives. Prints the bin directory on the last line.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(node -p "require('$root/package.json').dependencies['@pulumi/pulumi']")"
cache="${PULUMI_SCM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-scm-integrations}"
dir="$cache/pulumi-v$version"
bin="$dir/bin"
shim="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
# The language host lives in its own untagged module; only a pseudo-version at the pkg tag's commit names it.
language_host_module="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
language_host_version="v3.0.0-20260624180030-dc7edd58bc13"

log() { echo "[make pulumi] $*" >&2; }

if ! grep -q "github.com/pulumi/pulumi/pkg/v3 v$version" "$root/scripts/pulumi-cli/go.mod"; then
  log "scripts/pulumi-cli/go.mod does not pin pkg/v3 v$version (package.json pins @pulumi/pulumi $version)."
  log "Fix: update the require line and run 'go mod tidy' there so the CLI matches the SDK."
  exit 1
fi
if [ ! -f "$shim" ]; then
  log "node_modules/@pulumi/pulumi is missing. Fix: run 'npm ci' first."
  exit 1
fi

if [ -x "$bin/pulumi" ] && [ "$("$bin/pulumi" version 2>/dev/null)" = "v$version" ] && [ -x "$bin/pulumi-resource-pulumi-nodejs" ]; then
  log "cached: $bin (pulumi v$version)"
  echo "$bin"
  exit 0
fi

start=$(date +%s)
mkdir -p "$dir/src" "$bin"
cp "$root/scripts/pulumi-cli/go.mod" "$root/scripts/pulumi-cli/go.sum" "$root/scripts/pulumi-cli/tools.go" "$dir/src/"
cd "$dir/src"
export GOTOOLCHAIN=local GOFLAGS=-mod=readonly
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"
log "building pulumi v$version with $(go version | cut -d' ' -f3) (a cold build downloads ~1.5 GB of modules and takes several minutes)"
go build -trimpath -ldflags "$ldflags" -o "$bin/pulumi.partial" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
mv "$bin/pulumi.partial" "$bin/pulumi"

# pulumi-language-nodejs runs `pulumi up` in a project folder. Inline programs (Automation API, used by
# our tests and the demo) do not need it. Built when the module proxy serves it; said loudly otherwise.
if GOFLAGS=-mod=mod go mod download "$language_host_module@$language_host_version" >/dev/null 2>"$dir/language-host.err"; then
  log "building pulumi-language-nodejs"
  mkdir -p "$dir/langhost" && cd "$dir/langhost"
  [ -f go.mod ] || go mod init pulumi-scm-integrations/langhost-build >/dev/null 2>&1
  GOFLAGS=-mod=mod go get "$language_host_module@$language_host_version" >/dev/null
  GOFLAGS=-mod=mod go build -trimpath -ldflags "$ldflags" -o "$bin/pulumi-language-nodejs" "$language_host_module"
else
  log "pulumi-language-nodejs not built: the Go module proxy refuses $language_host_module ($(head -c 200 "$dir/language-host.err" | tr '\n' ' '))"
  log "Automation API inline programs (make test, make demo) work without it; 'pulumi up' inside a project folder needs it."
fi

install -m 0755 "$shim" "$bin/pulumi-resource-pulumi-nodejs"
log "built in $(( $(date +%s) - start )) s: $(du -sh "$bin/pulumi" | cut -f1) pulumi binary in $bin"
echo "$bin"
