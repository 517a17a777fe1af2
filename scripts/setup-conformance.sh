#!/usr/bin/env bash
# Compiles the Gateway API conformance suite (test/conformance/gateway-api: the upstream suite at the
# version its go.mod requires, plus isobar's options) into .tools/bin/gateway-api-conformance.test with
# `go test -c`, so that a run needs neither Go nor the module cache. Skipped when the binary was built
# from the same go.mod, go.sum, Go files and supported-features.txt (which is embedded) with the same
# toolchain; ISOBAR_SETUP_FORCE=1 rebuilds. Run by scripts/setup-cluster.sh; run by
# scripts/cluster/conformance.sh too, so an edit of supported-features.txt is never run stale.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/test/conformance/gateway-api"
bin="$root/.tools/bin"
out="$bin/gateway-api-conformance.test"
stamp="$bin/.gateway-api-conformance.key"
force=${ISOBAR_SETUP_FORCE:-0}
command -v go >/dev/null || { echo "setup-conformance: go is missing" >&2; exit 1; }
# sigs.k8s.io/gateway-api v1.7.0 and its conformance module say go 1.27.0, newer than this machine's Go:
# go fetches this toolchain from the module proxy (once, ~4 s) and runs it.
export GOTOOLCHAIN=go1.27.3
# go.sum is committed: verify against it, never rewrite it. Static, like the cluster's other Go binaries.
export GOFLAGS=-mod=readonly CGO_ENABLED=0
mkdir -p "$bin"

key=$( (cd "$src" && sha256sum go.mod go.sum supported-features.txt $(ls ./*.go | sort); echo "$GOTOOLCHAIN") | sha256sum | cut -c1-16)
if [ "$force" != 1 ] && [ -x "$out" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$key" ]; then
  echo "gateway-api-conformance.test: up to date"
  exit 0
fi
t0=$(date +%s)
(cd "$src" && go test -c -trimpath -ldflags "-s -w" -o "$out.new" .)
mv "$out.new" "$out"
echo "$key" > "$stamp"
echo "gateway-api-conformance.test: built in $(( $(date +%s) - t0 )) s, $(du -h "$out" | cut -f1) ($(cd "$src" && go version))"
