#!/usr/bin/env bash
# Pack the native provider plugin as a tarball the Pulumi CLI installs with
#   pulumi plugin install resource scm-integrations <version> --file <tarball>
# Layout (what the launcher expects beside itself): pulumi-resource-scm-integrations (launcher),
# package.json, schema.json, build/provider/** (compiled), node_modules/ (production dependencies,
# installed from package-lock.json). Needs `npx tsc -p tsconfig.json` first (make plugin does it).
# Prints the tarball's path on the last line.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
version="$(node -p "require('$root/package.json').version")"
os="$(uname -s | tr '[:upper:]' '[:lower:]')"
arch="$(uname -m | sed -e 's/x86_64/amd64/' -e 's/aarch64/arm64/')"
name="pulumi-resource-scm-integrations-v$version-$os-$arch"
stage="$root/build/plugin/$name"
tarball="$root/build/plugin/$name.tar.gz"

log() { echo "[make plugin] $*" >&2; }

if [ ! -f "$root/build/provider/src/native/main.js" ]; then
  log "build/provider/src/native/main.js is missing. Fix: run 'npx tsc -p tsconfig.json' (or make plugin)"
  exit 1
fi

rm -rf "$stage" && mkdir -p "$stage/build"
install -m 0755 "$root/scripts/plugin/pulumi-resource-scm-integrations" "$stage/"
cp "$root/package.json" "$root/package-lock.json" "$root/schema.json" "$stage/"
cp -r "$root/build/provider" "$stage/build/provider"
# Production dependencies only, exactly as locked; no install scripts (the repo's postinstall links
# the clone to itself, which a plugin does not need).
(cd "$stage" && npm ci --omit=dev --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error >&2)
rm -f "$stage/package-lock.json"
tar -C "$stage" -czf "$tarball.partial" .
mv "$tarball.partial" "$tarball"
log "packed $(du -sh "$tarball" | cut -f1) $tarball"
echo "$tarball"
