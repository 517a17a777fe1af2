#!/usr/bin/env bash
# Brings up a real single-node Kubernetes cluster on this machine: etcd, kube-apiserver,
# containerd (+ runc), kube-controller-manager, kube-scheduler, kubelet and kube-proxy (iptables),
# all as root child processes whose files live under $ISOBAR_CLUSTER_DIR (default /tmp/isobar-cluster).
# Waits until the node is Ready and the `default` service account exists, then prints the kubeconfig.
# Tear down with down.sh (which up.sh also runs first if a previous cluster was left behind).
# Needs scripts/setup-cluster.sh (binaries, images) and scripts/setup-k8s.sh (kube-apiserver, etcd).
set -euo pipefail
source "$(dirname "$0")/env.sh"
t_start=$(date +%s.%N)
[ "$(id -u)" = 0 ] || { echo "up.sh: must run as root" >&2; exit 1; }
for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl containerd ctr containerd-shim-runc-v2; do
  [ -x "$bin/$b" ] || { echo "up.sh: $bin/$b is missing (run scripts/setup-k8s.sh and scripts/setup-cluster.sh)" >&2; exit 1; }
done
# Built by build-images.sh, imported into containerd below; echo-basic-* are the Gateway API
# conformance suite's backends, under the registry.k8s.io names its manifests use.
images=(pause echo isobar envoy echo-basic-v0.1.0 echo-basic-v0.2.0)
for f in "${images[@]}"; do
  [ -f "$root/.tools/images/$f.tar" ] || { echo "up.sh: image $f is missing (run scripts/cluster/build-images.sh)" >&2; exit 1; }
done
if [ -e "$D" ] || ip addr show dev lo | grep -q "$NODE_IP/"; then
  log "a previous cluster is left: running down.sh"
  bash "$here/down.sh"
fi
# The fixed ports must be free (any address): say which is taken rather than fail later.
for port in $ETCD_CLIENT_PORT $ETCD_PEER_PORT $API_PORT 10248 10249 10250 10256 10257 10259; do
  if ss -Htln "sport = :$port" | grep -q .; then
    echo "up.sh: port $port is taken: $(ss -Htlnp "sport = :$port" | head -1)" >&2; exit 1
  fi
done
mkdir -p "$D"/{pki,logs,etcd,containerd,cni/net.d,kubelet,pod-logs,run}
# On failure: keep the logs beside the cluster dir, then tear down (ISOBAR_KEEP_CLUSTER=1 leaves the
# failed cluster as it is, for a look; down.sh removes it later).
up_ok=0
on_exit() {
  [ $up_ok = 1 ] && return
  local keep="$D-failed-$(date +%Y%m%dT%H%M%S)"
  cp -r "$D/logs" "$keep" 2>/dev/null && echo "up.sh: failed; logs kept in $keep" >&2
  [ "${ISOBAR_KEEP_CLUSTER:-0}" = 1 ] || bash "$here/down.sh" >&2
}
trap on_exit EXIT
# Paths outside $D that the kubelet and containerd create whatever they are told (device-plugins
# socket dir, /var/log/containers links, runc/shim dirs): down.sh removes those that were not here.
for p in $HOST_PATHS; do [ -e "$p" ] || echo "$p"; done > "$D/created-paths"
# PATH for the kubelet and containerd: the shim, runc, iptables, mount helpers.
export PATH="$bin:/usr/sbin:/usr/bin:/sbin:/bin"

# ---- sysctls (saved for down.sh) ----
for s in "${SYSCTLS[@]}"; do echo "$s=$(sysctl -n "$s")"; done > "$D/sysctls.saved"
# bridge-nf-call-iptables must be 1 for Services between pods on one bridge (kube-proxy checks it).
[ "$(sysctl -n net.bridge.bridge-nf-call-iptables 2>/dev/null || echo missing)" = 1 ] || {
  modprobe br_netfilter 2>/dev/null || true
  echo "net.bridge.bridge-nf-call-iptables=$(sysctl -n net.bridge.bridge-nf-call-iptables)" >> "$D/sysctls.saved"
  sysctl -qw net.bridge.bridge-nf-call-iptables=1
}
# Forwarding between the bridge and the host (the bridge plugin would set it too, with isGateway).
sysctl -qw net.ipv4.ip_forward=1

# ---- the pods' cgroup root (kubelet's cgroupRoot must exist), in every mounted v1 hierarchy ----
for c in /sys/fs/cgroup/*/; do
  [ "$c" = /sys/fs/cgroup/unified/ ] && continue
  mkdir -p "$c${CGROUP_ROOT#/}"
  if [ -f "$c/cpuset.cpus" ]; then # a v1 cpuset starts empty: inherit the parent's
    cat "$c/cpuset.cpus" > "$c${CGROUP_ROOT#/}/cpuset.cpus"
    cat "$c/cpuset.mems" > "$c${CGROUP_ROOT#/}/cpuset.mems"
  fi
done

# ---- node address ----
ip addr add "$NODE_IP/32" dev lo

# ---- certificates: one CA for serving, client certs and the service-account key ----
pki=$D/pki
(
  cd "$pki"
  openssl_req() { # name CN O [SANs]
    local name=$1 cn=$2 o=$3 san=${4:-}
    openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$name.key"
    openssl req -new -key "$name.key" -subj "/CN=$cn${o:+/O=$o}" -out "$name.csr" 2>/dev/null
    {
      echo "basicConstraints=CA:FALSE"
      echo "keyUsage=critical,digitalSignature,keyEncipherment"
      if [ -n "$san" ]; then echo "extendedKeyUsage=serverAuth,clientAuth"; echo "subjectAltName=$san"; else echo "extendedKeyUsage=clientAuth"; fi
    } > "$name.ext"
    openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -extfile "$name.ext" -out "$name.crt" 2>/dev/null
    rm -f "$name.csr" "$name.ext"
  }
  openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key
  openssl req -x509 -new -key ca.key -subj "/CN=isobar-cluster-ca" -days 30 -out ca.crt \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
  openssl_req apiserver kube-apiserver "" "IP:$NODE_IP,IP:$SERVICE_IP,IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  openssl_req kubelet-serving "system:node:$NODE" system:nodes "IP:$NODE_IP,DNS:$NODE"
  openssl_req apiserver-kubelet-client kube-apiserver-kubelet-client system:masters
  openssl_req admin isobar-cluster-admin system:masters
  openssl_req kubelet "system:node:$NODE" system:nodes
  openssl_req controller-manager system:kube-controller-manager ""
  openssl_req scheduler system:kube-scheduler ""
  openssl_req kube-proxy system:kube-proxy ""
  openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out sa.key
  openssl pkey -in sa.key -pubout -out sa.pub
)
kubeconfig() { # name -> $D/name.kubeconfig with the client cert pki/name.crt
  cat > "$D/$1.kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
- name: isobar
  cluster:
    server: https://$NODE_IP:$API_PORT
    certificate-authority: $pki/ca.crt
users:
- name: $1
  user:
    client-certificate: $pki/$1.crt
    client-key: $pki/$1.key
contexts:
- name: isobar
  context: {cluster: isobar, user: $1}
current-context: isobar
KC
}
for k in admin kubelet controller-manager scheduler kube-proxy; do kubeconfig "$k"; done

pids=$D/pids
: > "$pids"
start() { # name cmd... : background, log to logs/name.log, pid recorded
  local name=$1; shift
  "$@" > "$D/logs/$name.log" 2>&1 &
  echo "$! $name" >> "$pids"
}
alive() { # name: the process is still running
  local pid; pid=$(awk -v n="$1" '$2==n{print $1}' "$pids")
  kill -0 "$pid" 2>/dev/null || { echo "up.sh: $1 exited; last lines of $D/logs/$1.log:" >&2; tail -30 "$D/logs/$1.log" >&2; exit 1; }
}
wait_for() { # name timeout-seconds description command...
  local name=$1 timeout=$2 what=$3; shift 3
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    alive "$name"
    [ "$(date +%s)" -lt "$deadline" ] || { echo "up.sh: $what not within $timeout s; last lines of $D/logs/$name.log:" >&2; tail -30 "$D/logs/$name.log" >&2; exit 1; }
    sleep 0.2
  done
  log "$what ($(awk -v a="$t_start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s)"
}

# ---- etcd ----
start etcd "$bin/etcd" --data-dir="$D/etcd" \
  --listen-client-urls="http://127.0.0.1:$ETCD_CLIENT_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster="default=http://127.0.0.1:$ETCD_PEER_PORT" --listen-metrics-urls= \
  --unsafe-no-fsync --log-level=warn
wait_for etcd 30 "etcd healthy" curl -sf "http://127.0.0.1:$ETCD_CLIENT_PORT/health"

# ---- containerd (own root, state and socket; CRI v1; sandbox image built here) ----
ctrd=$D/containerd
cat > "$ctrd/config.toml" <<TOML
version = 3
root = "$ctrd/root"
state = "$ctrd/state"
# (no /etc/containerd/conf.d drop-ins of the machine)
imports = []
[grpc]
  address = "$ctrd/containerd.sock"
[ttrpc]
  address = "$ctrd/containerd.sock.ttrpc"
[debug]
  level = "info"
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$ctrd/opt"
[plugins."io.containerd.nri.v1.nri"]
  disable = true
[plugins."io.containerd.cri.v1.images"]
  snapshotter = "overlayfs"
  [plugins."io.containerd.cri.v1.images".pinned_images]
    sandbox = "isobar.local/pause:3.10"
[plugins."io.containerd.cri.v1.runtime"]
  enable_selinux = false
  # This machine's root lacks CAP_SYS_RESOURCE (CapEff 000001fffeffffff: bit 24 off), so no process
  # may lower its oom_score_adj below 0; the sandbox's default -998 makes runc fail with
  # "nsexec: failed to update /proc/self/oom_score_adj: Permission denied". Clamp to containerd's own.
  restrict_oom_score_adj = true
  [plugins."io.containerd.cri.v1.runtime".cni]
    bin_dirs = ["/usr/lib/cni"]
    conf_dir = "$D/cni/net.d"
  [plugins."io.containerd.cri.v1.runtime".containerd]
    default_runtime_name = "runc"
    [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]
        BinaryName = "$RUNC"
        # cgroupfs, as the kubelet's cgroupDriver (no systemd here)
        SystemdCgroup = false
        # runc's state dir, so that down.sh finds (and removes) it with the rest
        Root = "$ctrd/runc"
[plugins."io.containerd.grpc.v1.cri"]
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
TOML
# CNI: one bridge, host-local addresses from the node's pod CIDR, masquerade off the pod network,
# hairpin so a pod reaches itself through its Service; portmap for hostPort.
cat > "$D/cni/net.d/10-isobar.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "isobar",
  "plugins": [
    {
      "type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": true, "hairpinMode": true,
      "ipam": { "type": "host-local", "ranges": [[{ "subnet": "$POD_CIDR" }]], "routes": [{ "dst": "0.0.0.0/0" }], "dataDir": "$D/cni/ipam" }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
JSON
start containerd "$bin/containerd" --config "$ctrd/config.toml"
wait_for containerd 30 "containerd up" "$bin/ctr" --address "$ctrd/containerd.sock" version
t0=$(date +%s.%N)
for f in "${images[@]}"; do
  "$bin/ctr" --address "$ctrd/containerd.sock" -n k8s.io images import "$root/.tools/images/$f.tar" > /dev/null
done
log "images imported in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s: $("$bin/ctr" --address "$ctrd/containerd.sock" -n k8s.io images ls -q | grep -v sha256 | tr '\n' ' ')"

# ---- kube-apiserver ----
start kube-apiserver "$bin/kube-apiserver" \
  --etcd-servers="http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --bind-address="$NODE_IP" --advertise-address="$NODE_IP" --secure-port="$API_PORT" \
  --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
  --client-ca-file="$pki/ca.crt" \
  --kubelet-client-certificate="$pki/apiserver-kubelet-client.crt" --kubelet-client-key="$pki/apiserver-kubelet-client.key" \
  --kubelet-certificate-authority="$pki/ca.crt" \
  --kubelet-preferred-address-types=InternalIP,Hostname \
  --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
  --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-cluster-ip-range="$SERVICE_CIDR" --allow-privileged=true \
  --enable-priority-and-fairness=false --profiling=false --v=1
wait_for kube-apiserver 90 "kube-apiserver ready" curl -sf --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "https://$NODE_IP:$API_PORT/readyz"

# ---- kube-controller-manager (service-account tokens and CA, node IPAM) ----
start kube-controller-manager "$bin/kube-controller-manager" \
  --kubeconfig="$D/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$D/controller-manager.kubeconfig" --authorization-kubeconfig="$D/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port=10257 --leader-elect=false \
  --use-service-account-credentials=true \
  --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
  --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
  --allocate-node-cidrs=true --cluster-cidr="$CLUSTER_CIDR" --node-cidr-mask-size=24 \
  --service-cluster-ip-range="$SERVICE_CIDR" --profiling=false --v=1

# ---- kube-scheduler ----
start kube-scheduler "$bin/kube-scheduler" \
  --kubeconfig="$D/scheduler.kubeconfig" \
  --authentication-kubeconfig="$D/scheduler.kubeconfig" --authorization-kubeconfig="$D/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port=10259 --leader-elect=false --profiling=false --v=1

# ---- kubelet ----
cat > "$D/kubelet/config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
tlsCertFile: $pki/kubelet-serving.crt
tlsPrivateKeyFile: $pki/kubelet-serving.key
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  # kube-apiserver's client certificate (logs, exec) is signed by the cluster CA.
  x509: {clientCAFile: $pki/ca.crt}
authorization: {mode: Webhook}
containerRuntimeEndpoint: unix://$ctrd/containerd.sock
# No systemd on this machine: cgroupfs, as containerd's runc (SystemdCgroup = false).
cgroupDriver: cgroupfs
# Pods' cgroups under /sys/fs/cgroup/<controller>$CGROUP_ROOT/kubepods..., removed by down.sh.
cgroupRoot: $CGROUP_ROOT
# This machine mounts cgroup v1 (a v2 hierarchy only beside it at /sys/fs/cgroup/unified, which
# holds no controllers). Since 1.35 the kubelet refuses to start on cgroup v1 unless told otherwise.
failCgroupV1: false
# The machine's swap setting is not the cluster's concern.
failSwapOn: false
podLogsDir: $D/pod-logs
clusterDomain: cluster.local
resolvConf: /etc/resolv.conf
# The kubelet's kernel tunables (vm.overcommit_memory, kernel.panic, ...) are changed, not checked;
# up.sh saved the values and down.sh restores them.
protectKernelDefaults: false
# Keep the locally built images: no image GC, no disk-pressure eviction on a shared disk.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
serializeImagePulls: false
maxPods: 50
# The default -999 cannot be set here (no CAP_SYS_RESOURCE, see containerd's config).
oomScoreAdj: 0
YAML
start kubelet "$bin/kubelet" --config="$D/kubelet/config.yaml" --kubeconfig="$D/kubelet.kubeconfig" \
  --root-dir="$D/kubelet" --hostname-override="$NODE" --node-ip="$NODE_IP" --v=1

# ---- kube-proxy (iptables) ----
cat > "$D/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $D/kube-proxy.kubeconfig}
mode: iptables
hostnameOverride: $NODE
clusterCIDR: $CLUSTER_CIDR
# NodePorts on the node address only; localhostNodePorts false spares the route_localnet sysctl.
nodePortAddresses: ["$NODE_IP/32"]
iptables: {localhostNodePorts: false, masqueradeAll: false}
# Leave the machine's conntrack sysctls as they are.
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
# The default -999 cannot be set here (no CAP_SYS_RESOURCE).
oomScoreAdj: 0
YAML
start kube-proxy "$bin/kube-proxy" --config="$D/kube-proxy.yaml" --v=1

node_ready() { kubectl get node "$NODE" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' | grep -qx True; }
wait_for kubelet 120 "node $NODE Ready" node_ready
wait_for kube-controller-manager 60 "service account default/default" kubectl -n default get serviceaccount default
wait_for kube-proxy 60 "kube-proxy healthy" curl -sf http://127.0.0.1:10256/healthz
for n in etcd containerd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy; do alive "$n"; done
t_up=$(awk -v a="$t_start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
echo "$t_up" > "$D/up-seconds"
# For whatever uses the cluster (the test harness later): where it is.
cat > "$D/cluster.env" <<ENV
KUBECONFIG=$KUBECONFIG_ADMIN
ISOBAR_CLUSTER_SERVER=https://$NODE_IP:$API_PORT
ISOBAR_CLUSTER_CA=$pki/ca.crt
ISOBAR_CLUSTER_NODE=$NODE
ISOBAR_CLUSTER_NODE_IP=$NODE_IP
ISOBAR_CLUSTER_POD_CIDR=$POD_CIDR
ISOBAR_CLUSTER_SERVICE_CIDR=$SERVICE_CIDR
ISOBAR_CLUSTER_CONTAINERD=$ctrd/containerd.sock
ENV
up_ok=1
log "cluster up in $t_up s"
echo "KUBECONFIG=$KUBECONFIG_ADMIN"
