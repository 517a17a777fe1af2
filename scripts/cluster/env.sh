# Shared settings of up.sh, down.sh and check.sh (sourced).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
bin="$root/.tools/bin"
# Everything the cluster writes lives here; down.sh removes it.
D=${ISOBAR_CLUSTER_DIR:-/tmp/isobar-cluster}
NODE=isobar-node
# The node's address: an extra /32 on lo (this kernel has no dummy links). The API server, the
# kubelet and NodePorts listen on it only, and pods reach it through the bridge's gateway route.
NODE_IP=10.199.0.1
API_PORT=16443            # 6443 is left to anything else; the k8s tests use ephemeral ports
ETCD_CLIENT_PORT=12379
ETCD_PEER_PORT=12380
SERVICE_CIDR=10.96.0.0/16
SERVICE_IP=10.96.0.1      # the `kubernetes` Service
CLUSTER_CIDR=10.244.0.0/16
POD_CIDR=10.244.0.0/24    # node IPAM gives the first (only) node the first /24
BRIDGE=isobr0
CGROUP_ROOT=/isobar-cluster
# The OCI runtime containerd runs (Debian's runc unless told otherwise).
RUNC=${ISOBAR_CLUSTER_RUNC:-/usr/sbin/runc}
# Global sysctls the kubelet sets when protectKernelDefaults is false (its kernel tunables) and the
# CNI bridge plugin sets (isGateway: ip_forward). up.sh saves their values, down.sh restores them.
SYSCTLS=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes net.ipv4.ip_forward)
KUBECONFIG_ADMIN="$D/admin.kubeconfig"
kubectl() { "$bin/kubectl" --kubeconfig "$KUBECONFIG_ADMIN" "$@"; }
log() { printf '[%s] %s\n' "$(date +%T)" "$*"; }
# Fixed paths outside $D that the kubelet and containerd use (see up.sh's created-paths).
HOST_PATHS="/var/lib/kubelet /var/lib/cni /var/log/containers /var/log/pods /run/containerd /var/lib/containerd /etc/cni /opt/cni /opt/containerd"
