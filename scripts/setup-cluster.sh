#!/usr/bin/env bash
# Builds and installs what a real single-node Kubernetes cluster needs on this machine (issue 12,
# step 1), beside the kube-apiserver and etcd that setup-k8s.sh builds:
#   - kubelet, kube-controller-manager, kube-scheduler, kube-proxy and kubectl of the same release,
#     from the Go module proxy, with the wrapper-module pattern of setup-k8s.sh (a second wrapper
#     module in .tools/k8s-node-build, so the first one's build list is not disturbed);
#   - containerd 2.x (containerd, ctr, containerd-shim-runc-v2) from the Go module proxy: Debian 12's
#     containerd is 1.6.20, and Kubernetes 1.36's kubelet no longer supports containerd 1.x
#     (1.35 was the last release to); 
#   - Debian packages runc, containernetworking-plugins (bridge, host-local, loopback, portmap),
#     iptables, conntrack, socat (kubectl port-forward) and busybox-static;
#   - ocibuild, the project's image packer (scripts/cluster/ocibuild, on go-containerregistry), and
#     the images the cluster needs (see scripts/cluster/build-images.sh).
#   - the Gateway API conformance suite, compiled (scripts/setup-conformance.sh), which runs against
#     this cluster (scripts/cluster/conformance.sh).
# Binaries land in .tools/bin; finished steps are skipped (stamp files). ISOBAR_SETUP_FORCE=1 rebuilds.
# Run by scripts/cluster/test.sh (npm run test:cluster, part of npm test and so of .ci/run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
K8S_VERSION=${K8S_VERSION:-1.36.3}
CONTAINERD_VERSION=${CONTAINERD_VERSION:-2.4.2}
GGCR_VERSION=${GGCR_VERSION:-0.22.1}
tools="$root/.tools"
bin="$tools/bin"
force=${ISOBAR_SETUP_FORCE:-0}
step() { printf '\n==> %s\n' "$*"; }
die() { printf 'setup-cluster: %s\n' "$*" >&2; exit 1; }
command -v go >/dev/null || die "go is missing"
[ "$(id -u)" = 0 ] || die "must run as root (apt-get; the cluster itself needs root)"
mkdir -p "$bin"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0

step "Debian packages"
pkgs=(runc containernetworking-plugins iptables conntrack socat busybox-static)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "present: ${pkgs[*]}"
fi
echo "Debian containerd would be $(apt-cache policy containerd 2>/dev/null | sed -n 's/ *Candidate: //p') (too old for kubelet $K8S_VERSION; containerd $CONTAINERD_VERSION is built instead)"

step "kubelet, kube-controller-manager, kube-scheduler, kube-proxy, kubectl v$K8S_VERSION"
stamp="$bin/.k8s-node-$K8S_VERSION"
node_bins=(kubelet kube-controller-manager kube-scheduler kube-proxy kubectl)
have=1; for b in "${node_bins[@]}"; do [ -x "$bin/$b" ] || have=0; done
if [ "$force" != 1 ] && [ -f "$stamp" ] && [ $have = 1 ]; then
  echo "already built"
else
  work="$tools/k8s-node-build"
  mkdir -p "$work"; cd "$work"
  staging_version="v0.${K8S_VERSION#1.}"
  k8s_mod=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  [ -f "$k8s_mod" ] || die "no go.mod for k8s.io/kubernetes v$K8S_VERSION"
  {
    echo "module isobar.local/k8s-node-tools"; echo
    grep -m1 '^go ' "$k8s_mod"; echo
    echo "require k8s.io/kubernetes v$K8S_VERSION"; echo
    echo "replace ("
    grep -E '^\s*k8s\.io/[a-z0-9-]+ v0\.0\.0$' "$k8s_mod" | awk -v v="$staging_version" '{print "\t" $1 " => " $1 " " v}'
    echo ")"
  } > go.mod
  cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubelet"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  rm -f go.sum
  go mod tidy
  minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  ldflags="-s -w -X k8s.io/component-base/version.gitVersion=v$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
  ldflags="$ldflags -X k8s.io/client-go/pkg/version.gitVersion=v$K8S_VERSION -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=$minor"
  # One at a time: the machine has 2 shared cores.
  for b in "${node_bins[@]}"; do
    echo "building $b"
    t0=$(date +%s)
    go build -trimpath -ldflags "$ldflags" -o "$bin/$b" "k8s.io/kubernetes/cmd/$b"
    echo "$b: $(( $(date +%s) - t0 )) s, $(du -h "$bin/$b" | cut -f1)"
  done
  "$bin/kubelet" --version
  touch "$stamp"
fi

step "containerd v$CONTAINERD_VERSION"
stamp="$bin/.containerd-$CONTAINERD_VERSION"
if [ "$force" != 1 ] && [ -f "$stamp" ] && [ -x "$bin/containerd" ] && [ -x "$bin/ctr" ] && [ -x "$bin/containerd-shim-runc-v2" ]; then
  echo "already built"
else
  # Static, without cgo: the btrfs snapshotter (cgo) is left out; overlayfs and native are in.
  for c in containerd ctr containerd-shim-runc-v2; do
    echo "building $c"
    GOBIN="$bin" go install -trimpath -tags no_btrfs,no_devmapper \
      -ldflags "-s -w -X github.com/containerd/containerd/v2/version.Version=v$CONTAINERD_VERSION" \
      "github.com/containerd/containerd/v2/cmd/$c@v$CONTAINERD_VERSION"
  done
  "$bin/containerd" --version
  touch "$stamp"
fi

step "ocibuild (image packer on go-containerregistry v$GGCR_VERSION)"
src="$root/scripts/cluster/ocibuild/main.go"
stamp="$bin/.ocibuild-$GGCR_VERSION-$(sha256sum "$src" | cut -c1-12)"
if [ "$force" != 1 ] && [ -f "$stamp" ] && [ -x "$bin/ocibuild" ]; then
  echo "already built"
else
  work="$tools/ocibuild-build"
  rm -rf "$work"; mkdir -p "$work"; cd "$work"
  cp "$src" main.go
  printf 'module isobar.local/ocibuild\n\ngo 1.24\n\nrequire github.com/google/go-containerregistry v%s\n' "$GGCR_VERSION" > go.mod
  go mod tidy
  go build -trimpath -ldflags "-s -w" -o "$bin/ocibuild" .
  rm -f "$bin"/.ocibuild-*
  touch "$stamp"
fi

step "images"
bash "$root/scripts/cluster/build-images.sh"

step "Gateway API conformance suite"
# Its own toolchain (go 1.27, see the script); skipped when the suite's sources are unchanged.
bash "$root/scripts/setup-conformance.sh"
