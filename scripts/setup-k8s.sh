#!/usr/bin/env bash
# Builds the Kubernetes pieces the Kubernetes-source tests run for real: kube-apiserver and etcd
# (from the Go module proxy, one wrapper module pinned to a Kubernetes release) and helm (to render
# the chart for its server-side dry-run). Binaries land in .tools/bin; a finished build is skipped.
# Pattern: k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with
# ./staging paths, which do not exist outside its repository, so the wrapper replaces each with the
# published v0.<minor>.<patch> of the same release.
# ISOBAR_SETUP_FORCE=1 rebuilds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
K8S_VERSION=${K8S_VERSION:-1.36.3}
HELM_VERSION=${HELM_VERSION:-3.19.0}
tools="$root/.tools"
bin="$tools/bin"
work="$tools/k8s-build"
force=${ISOBAR_SETUP_FORCE:-0}
stamp="$bin/.k8s-$K8S_VERSION-helm-$HELM_VERSION"

command -v go >/dev/null || { echo "setup-k8s: go is missing" >&2; exit 1; }
if [ "$force" != 1 ] && [ -f "$stamp" ] && [ -x "$bin/kube-apiserver" ] && [ -x "$bin/etcd" ] && [ -x "$bin/helm" ]; then
  echo "kube-apiserver $K8S_VERSION, etcd and helm $HELM_VERSION already built"
  exit 0
fi
mkdir -p "$work" "$bin"
cd "$work"
staging_version="v0.${K8S_VERSION#1.}"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0

k8s_mod=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
[ -f "$k8s_mod" ] || { echo "setup-k8s: no go.mod for k8s.io/kubernetes v$K8S_VERSION" >&2; exit 1; }
go_line=$(grep -m1 '^go ' "$k8s_mod")
{
  echo "module isobar.local/k8s-tools"
  echo
  echo "$go_line"
  echo
  echo "require k8s.io/kubernetes v$K8S_VERSION"
  echo
  echo "replace ("
  grep -E '^\s*k8s\.io/[a-z0-9-]+ v0\.0\.0$' "$k8s_mod" | awk -v v="$staging_version" '{print "\t" $1 " => " $1 " " v}'
  echo ")"
} > go.mod
cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
)
GO
rm -f go.sum
# tidy resolves etcd's server module at the version k8s.io/kubernetes itself requires (no upgrade).
go mod tidy
grep -q "go.etcd.io/etcd/server/v3" go.mod || { echo "setup-k8s: go.etcd.io/etcd/server/v3 not in the build list" >&2; exit 1; }
echo "building kube-apiserver v$K8S_VERSION"
go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$(echo "$K8S_VERSION" | cut -d. -f2)" \
  -o "$bin/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
echo "building etcd (the version k8s.io/kubernetes v$K8S_VERSION requires)"
go build -trimpath -ldflags "-s -w" -o "$bin/etcd" go.etcd.io/etcd/server/v3
echo "building helm v$HELM_VERSION"
GOBIN="$bin" go install -trimpath -ldflags "-s -w" "helm.sh/helm/v3/cmd/helm@v$HELM_VERSION"
"$bin/kube-apiserver" --version
"$bin/etcd" --version | head -1
"$bin/helm" version --short
touch "$stamp"
