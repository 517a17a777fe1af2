#!/usr/bin/env bash
# Builds the cluster's images without Docker or a registry, as docker-save tarballs in
# .tools/images (imported into containerd by up.sh):
#   isobar.local/pause:3.10  the sandbox image (images/pause, static Go), containerd's sandbox_image
#   isobar.local/echo:dev    the test backend (images/echo, static Go) plus Debian's static busybox
#                            (sh, wget, nslookup, ... for kubectl exec)
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

# build NAME REF ENTRYPOINT -- sources...: one image from images/NAME/main.go
build() {
  local name=$1 ref=$2
  local src="$here/images/$name/main.go"
  local busybox=; [ "$name" = echo ] && busybox=/bin/busybox
  local key; key=$(cat "$src" "$bin/ocibuild" $busybox | sha256sum | cut -c1-16)
  if [ "$force" != 1 ] && [ -f "$out/$name.tar" ] && [ "$(cat "$out/$name.key" 2>/dev/null)" = "$key" ]; then
    echo "$ref: up to date ($(du -h "$out/$name.tar" | cut -f1))"
    return
  fi
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
  mv "$out/$name.tar.new" "$out/$name.tar"
  echo "$key" > "$out/$name.key"
  echo "$ref" > "$out/$name.ref"
  rm -rf "$tmp"
  printf "%s: built in %s s, %s\n" "$ref" "$(awk -v a="$t0" -v b="$(date +%s.%N)" "BEGIN{printf \"%.1f\", b-a}")" "$(du -h "$out/$name.tar" | cut -f1)"
}
build pause isobar.local/pause:3.10
build echo isobar.local/echo:dev
