#!/usr/bin/env bash
# Runs jest and keeps its machine-readable results in build/test-results/<label>.json, which
# scripts/test/totals.js adds up for the closing line.
# Usage: scripts/test/run-jest.sh <label> [jest arguments…], e.g. run-jest.sh e2e --selectProjects e2e
set -euo pipefail
label="$1"
shift
root="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$root/build/test-results"
result="$root/build/test-results/$label.json"
rm -f "$result"
# --experimental-vm-modules gives jest vm.SourceTextModule, through which it serves require(esm) for
# the ESM-only @octokit packages (Node >= 24.9); the warning it prints in every worker is noise.
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--experimental-vm-modules --disable-warning=ExperimentalWarning"
# jest's --selectProjects takes every following word as a project name; paths given after it (files or
# folders that exist) are passed as test paths instead.
args=()
paths=()
for arg in "$@"; do
  if [[ "$arg" != -* && -e "$arg" ]]; then paths+=("$arg"); else args+=("$arg"); fi
done
exec node "$root/node_modules/jest/bin/jest.js" --json --outputFile "$result" "${args[@]}" -- "${paths[@]}"
