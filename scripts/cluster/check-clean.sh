#!/usr/bin/env bash
# Exit 0 if nothing of the cluster is left on the machine, else lists what is and exits 1.
set -uo pipefail
source "$(dirname "$0")/env.sh"
left=0
report() { echo "left: $*"; left=1; }
procs=$(pgrep -a -f "^($bin/|/usr/sbin/runc .*$D|/pause$|/echo( |$))" 2>/dev/null | grep -v -e pgrep -e check-clean)
[ -n "$procs" ] && report "processes:"$'\n'"$procs"
mounts=$(grep -E " ($D|/run/netns/cni-|/run/containerd)" /proc/self/mounts)
[ -n "$mounts" ] && report "mounts:"$'\n'"$mounts"
links=$(ip -o link show | awk -F': ' '{print $2}' | grep -E "^($BRIDGE|veth)")
[ -n "$links" ] && report "interfaces: $links"
ip addr show dev lo | grep -q "$NODE_IP/" && report "address $NODE_IP on lo"
for ipt in iptables ip6tables; do
  for t in filter nat mangle raw; do
    rules=$($ipt -t "$t" -S 2>/dev/null | grep -E '(KUBE|CNI)-')
    [ -n "$rules" ] && report "$ipt -t $t:"$'\n'"$rules"
  done
done
nft list tables 2>/dev/null | grep -q kube-proxy && report "nftables: $(nft list tables | grep kube-proxy)"
cg=$(find /sys/fs/cgroup/*/"${CGROUP_ROOT#/}" /sys/fs/cgroup/unified/"${CGROUP_ROOT#/}" -maxdepth 0 -type d 2>/dev/null)
[ -n "$cg" ] && report "cgroups: $cg"
[ -e "$D" ] && report "dir $D"
for f in ${ISOBAR_CLUSTER_CREATED_PATHS-$HOST_PATHS}; do
  [ -e "$f" ] && report "$f"
done
if [ $left = 0 ]; then echo "clean: no processes, mounts, interfaces, iptables rules, cgroups or files of the cluster are left"; fi
exit $left
