#!/usr/bin/env bash
# Tears down what up.sh started, completely: processes (the recorded ones, then any process still
# running a binary from .tools/bin or a containerd shim/runc/pause of this cluster), containers and
# their cgroups, mounts under the cluster dir, the CNI bridge and veths, the iptables chains kube-proxy
# and the CNI plugins created (KUBE-*, CNI-*), the node address, the saved sysctls, the cluster dir.
# Safe to run when nothing is up. Ends by checking that nothing is left (exit 1 if something is).
set -uo pipefail
source "$(dirname "$0")/env.sh"
[ "$(id -u)" = 0 ] || { echo "down.sh: must run as root" >&2; exit 1; }
ctrd=$D/containerd
t_start=$(date +%s.%N)
step() { printf '[%s] down: %s (%s s)\n' "$(date +%T)" "$*" "$(awk -v a="$t_start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')"; }

# ---- processes ----
# kubelet first (it would restart pods), then the rest of the recorded processes.
pids_of() { [ -f "$D/pids" ] && awk -v n="$1" '$2==n{print $1}' "$D/pids"; }
stop_group() { # names...: TERM all of them at once, KILL what is left after 5 s
  local pids=() n p
  for n in "$@"; do for p in $(pids_of "$n"); do kill -0 "$p" 2>/dev/null && pids+=("$p"); done; done
  [ ${#pids[@]} -eq 0 ] && return 0
  kill -TERM "${pids[@]}" 2>/dev/null
  for _ in $(seq 50); do
    local alive=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && return 0
    sleep 0.1
  done
  kill -KILL "${pids[@]}" 2>/dev/null; sleep 0.2
}
stop_group kubelet kube-proxy kube-scheduler kube-controller-manager
step "kubelet, kube-proxy, kube-scheduler, kube-controller-manager stopped"
# Containers: the shims of this containerd (their command line names its socket/namespace) and what
# they run. Kill the containers' processes through their cgroups, then the shims.
shim_pids() { pgrep -f "^$bin/containerd-shim-runc-v2 .*-address $ctrd/containerd.sock" || true; }
cgroup_dirs() { find /sys/fs/cgroup/*/"${CGROUP_ROOT#/}" /sys/fs/cgroup/unified/"${CGROUP_ROOT#/}" -depth -type d 2>/dev/null; }
for i in 1 2 3; do
  for d in $(cgroup_dirs); do
    [ -f "$d/cgroup.procs" ] && for p in $(cat "$d/cgroup.procs" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
  done
  sleep 0.3
done
for p in $(shim_pids); do kill -KILL "$p" 2>/dev/null; done
stop_group containerd kube-apiserver
stop_group etcd
step "containers, containerd, kube-apiserver, etcd stopped"
# Anything else of this cluster still running (a shim started by a previous containerd, say).
for p in $(shim_pids); do kill -KILL "$p" 2>/dev/null; done
sleep 0.3

# ---- mounts under the cluster dir (deepest first), and the shim's rootfs mounts ----
for i in 1 2 3; do
  mps=$(awk -v d="$D/" 'index($2, d) == 1 {print $2}' /proc/self/mounts | sort -r)
  [ -z "$mps" ] && break
  for m in $mps; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done
done
# Network namespaces of pods are bind mounts under /run/netns (cni-<uuid>) made by containerd.
for m in $(awk '$2 ~ "^/run/netns/cni-" {print $2}' /proc/self/mounts); do umount "$m" 2>/dev/null; rm -f "$m"; done
for f in /run/netns/cni-*; do [ -e "$f" ] && rm -f "$f"; done

# ---- cgroups (deepest first; empty now) ----
for d in $(cgroup_dirs); do rmdir "$d" 2>/dev/null; done

# ---- network: bridge and its veths, node address ----
for v in $(ip -o link show master "$BRIDGE" 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do ip link del "$v" 2>/dev/null; done
ip link del "$BRIDGE" 2>/dev/null
ip addr del "$NODE_IP/32" dev lo 2>/dev/null

# ---- iptables: KUBE-* and CNI-* chains and every rule that jumps to them ----
flush_chains() { # iptables-binary
  local ipt=$1 table rules chains
  for table in filter nat mangle raw; do
    # (into a variable first: grep -q closing the pipe early would fail the pipeline under pipefail)
    rules=$($ipt -t "$table" -S 2>/dev/null) || continue
    grep -qE -- '-j (KUBE|CNI)-|^-N (KUBE|CNI)-' <<< "$rules" || continue
    # Rules in built-in chains that jump to our chains, then our chains.
    grep -E '^-A (INPUT|OUTPUT|FORWARD|PREROUTING|POSTROUTING) .*-j (KUBE|CNI)-' <<< "$rules" | sed 's/^-A/-D/' |
      while read -r rule; do eval "$ipt -t $table $rule" 2>/dev/null; done
    chains=$(awk '/^-N (KUBE|CNI)-/ {print $2}' <<< "$rules")
    for c in $chains; do $ipt -t "$table" -F "$c" 2>/dev/null; done
    for c in $chains; do $ipt -t "$table" -X "$c" 2>/dev/null; done
  done
}
# Twice: a rule may have jumped to a chain that the first pass could not delete yet.
for _ in 1 2; do flush_chains iptables; flush_chains ip6tables; done
# kube-proxy's iptables mode also cleans up (so may create) nftables tables of its nftables mode.
for fam in ip ip6; do nft delete table "$fam" kube-proxy 2>/dev/null; done
conntrack -D -s "$CLUSTER_CIDR" >/dev/null 2>&1; conntrack -D -d "$SERVICE_CIDR" >/dev/null 2>&1

step "mounts, cgroups, interfaces, iptables cleaned"
# ---- sysctls ----
if [ -f "$D/sysctls.saved" ]; then
  while IFS='=' read -r k v; do
    [ -n "$k" ] && [ "$(sysctl -n "$k")" != "$v" ] && sysctl -qw "$k=$v"
  done < "$D/sysctls.saved"
fi

# ---- files: the paths outside $D that up.sh found absent, then the cluster dir ----
created=""
[ -f "$D/created-paths" ] && created=$(cat "$D/created-paths")
for p in $created; do rm -rf "$p"; done
rm -rf "$D"
export ISOBAR_CLUSTER_CREATED_PATHS="$created"

exec bash "$here/check-clean.sh"
