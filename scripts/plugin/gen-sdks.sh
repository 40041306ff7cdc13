#!/usr/bin/env bash
# Generate the SDKs of the native provider from schema.json (as the plugin serves it) into sdk-gen/<language> (nodejs, python,
# go) with Pulumi's own generators at the CLI's version (scripts/plugin/sdkgen). The output is
# committed, as Pulumi providers commit theirs: `go get` needs the Go SDK in the repository, and a
# reviewer sees every API change of a schema edit in the diff. With --check, generate into a temporary
# folder and fail when sdk-gen/ differs (CI's staleness check, like make check-generated).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
languages=(nodejs python go)
sdkgen="$("$root/scripts/plugin/build-sdkgen.sh")"

# The generator writes no go.mod; the Go SDK's module files are kept in scripts/plugin/sdk-go/ (a
# module for `go get` and `replace`, pinned to the SDK version the CLI has).
generate() {
  # From the schema the plugin serves (schema.json plus the provider resource's inputs), as Pulumi
  # providers generate from `pulumi package get-schema`.
  (cd "$root" && node --require ts-node/register/transpile-only provider/src/native/print-schema.ts) >"$1.schema.json"
  "$sdkgen" "$1.schema.json" "$1" "${languages[@]}"
  rm -f "$1.schema.json"
  cp "$root/scripts/plugin/sdk-go/go.mod" "$root/scripts/plugin/sdk-go/go.sum" "$1/go/"
}

if [ "${1:-}" = "--check" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  generate "$tmp"
  status=0
  for language in "${languages[@]}"; do
    if ! diff -r "$tmp/$language" "$root/sdk-gen/$language" >"$tmp/$language.diff" 2>&1; then
      echo "[make check-sdks] sdk-gen/$language is stale (schema.json changed). Fix: run 'make sdks' and commit sdk-gen/" >&2
      head -40 "$tmp/$language.diff" >&2
      status=1
    fi
  done
  [ $status -eq 0 ] && echo "[make check-sdks] sdk-gen/ is fresh (${languages[*]})" >&2
  exit $status
fi

generate "$root/sdk-gen"
