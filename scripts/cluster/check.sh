#!/usr/bin/env bash
# Proves the cluster that up.sh started works: a pod of the locally built echo image runs and
# answers on its pod IP; a 2-replica Deployment becomes Available; its ClusterIP and NodePort
# Services answer from the host; a pod reaches the API server through the `kubernetes` Service
# with its service-account token; kubectl logs and exec work (API server -> kubelet).
# Leaves its namespace behind only on failure (for a look); exit 1 on the first failure.
set -euo pipefail
source "$(dirname "$0")/env.sh"
NS=isobar-check
IMAGE=isobar.local/echo:dev
fail() { echo "check: FAIL: $*" >&2; exit 1; }
ok() { log "ok: $*"; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'; }
retry_curl() { # url [timeout-seconds]
  local deadline=$(( $(date +%s) + ${2:-30} ))
  until out=$(curl -sf --max-time 3 "$1"); do
    [ "$(date +%s)" -lt "$deadline" ] || fail "no HTTP answer from $1"
    sleep 0.5
  done
  echo "$out"
}
kubectl delete namespace "$NS" --ignore-not-found --wait=true >/dev/null
kubectl create namespace "$NS" >/dev/null
# The namespace's default service account appears asynchronously (service-account controller).
for _ in $(seq 100); do kubectl -n "$NS" get serviceaccount default >/dev/null 2>&1 && break; sleep 0.2; done

# 1. A single pod of the locally built image.
t0=$(date +%s.%N)
kubectl -n "$NS" apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Pod
metadata: {name: echo-pod, labels: {app: echo-pod}}
spec:
  containers:
  - name: echo
    image: $IMAGE
    imagePullPolicy: IfNotPresent
    env: [{name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
    ports: [{containerPort: 8080}]
    readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 1}
YAML
kubectl -n "$NS" wait --for=condition=Ready pod/echo-pod --timeout=120s >/dev/null || { kubectl -n "$NS" describe pod echo-pod; fail "pod echo-pod not Ready"; }
ok "pod echo-pod Ready in $(elapsed "$t0") s"
pod_ip=$(kubectl -n "$NS" get pod echo-pod -o jsonpath='{.status.podIP}')
out=$(retry_curl "http://$pod_ip:8080/hello")
echo "$out" | grep -q '"pod":"echo-pod"' || fail "pod IP answer: $out"
ok "host -> pod IP $pod_ip:8080: $out"

# 2. A Deployment of 2 replicas, a ClusterIP and a NodePort Service.
t0=$(date +%s.%N)
kubectl -n "$NS" apply -f - >/dev/null <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: echo}
spec:
  replicas: 2
  selector: {matchLabels: {app: echo}}
  template:
    metadata: {labels: {app: echo}}
    spec:
      containers:
      - name: echo
        image: $IMAGE
        imagePullPolicy: IfNotPresent
        env: [{name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
        ports: [{containerPort: 8080}]
        readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: echo}
spec:
  selector: {app: echo}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: echo-nodeport}
spec:
  type: NodePort
  selector: {app: echo}
  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]
YAML
kubectl -n "$NS" wait --for=condition=Available deployment/echo --timeout=120s >/dev/null || { kubectl -n "$NS" describe deployment echo; kubectl -n "$NS" get pods -o wide; fail "deployment echo not Available"; }
ok "deployment echo (2 replicas) Available in $(elapsed "$t0") s"
cluster_ip=$(kubectl -n "$NS" get service echo -o jsonpath='{.spec.clusterIP}')
seen=""
# Available means both pods are Ready; kube-proxy may program the second endpoint a moment later, so
# keep asking for up to 30 s (not a fixed number of quick tries) until both replicas have answered.
deadline=$(( $(date +%s) + 30 ))
while [ "$(date +%s)" -lt "$deadline" ]; do
  out=$(retry_curl "http://$cluster_ip/")
  seen=$(printf '%s\n%s' "$seen" "$(echo "$out" | sed -n 's/.*"pod":"\([^"]*\)".*/\1/p')" | sort -u | grep -v '^$')
  [ "$(echo "$seen" | wc -l)" -ge 2 ] && break
  sleep 0.2
done
[ "$(echo "$seen" | wc -l)" -ge 2 ] || fail "ClusterIP $cluster_ip reached only: $seen"
ok "host -> ClusterIP $cluster_ip:80 reaches both replicas: $(echo $seen)"
out=$(retry_curl "http://$NODE_IP:30080/np")
echo "$out" | grep -q '"pod":"echo-' || fail "NodePort answer: $out"
ok "host -> NodePort $NODE_IP:30080: $out"

# 3. A pod reaches the API server through the `kubernetes` Service, as its service account.
kubectl -n "$NS" create rolebinding default-view --clusterrole=view --serviceaccount="$NS:default" >/dev/null
t0=$(date +%s.%N)
kubectl -n "$NS" apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Pod
metadata: {name: kube-client}
spec:
  restartPolicy: Never
  containers:
  - name: client
    image: $IMAGE
    imagePullPolicy: IfNotPresent
    command: [/bin/sh, -c, "/echo kube-get /version && /echo kube-get /api/v1/namespaces/$NS/pods && /echo get http://echo.$NS.svc.cluster.local/ 2>/dev/null; /echo get http://$cluster_ip/from-pod"]
YAML
kubectl -n "$NS" wait --for=jsonpath='{.status.phase}'=Succeeded pod/kube-client --timeout=120s >/dev/null || {
  kubectl -n "$NS" logs kube-client || true; kubectl -n "$NS" describe pod kube-client; fail "pod kube-client did not succeed"; }
logs=$(kubectl -n "$NS" logs kube-client)
echo "$logs" | grep -q "https://$SERVICE_IP:443/version 200" || fail "kube-client: $logs"
echo "$logs" | grep -q "/api/v1/namespaces/$NS/pods 200" || fail "kube-client: $logs"
echo "$logs" | grep -q "http://$cluster_ip/from-pod 200" || fail "kube-client: $logs"
ok "pod -> kubernetes Service https://$SERVICE_IP:443 (/version, list pods as its service account) and pod -> ClusterIP, in $(elapsed "$t0") s (kubectl logs works)"
printf '%s\n' "$logs" | grep -E ' [0-9]{3}$' | sed 's/^/    /'

# 4. kubectl exec (API server -> kubelet -> containerd), and pod -> pod.
other_ip=$(kubectl -n "$NS" get pods -l app=echo -o jsonpath='{.items[0].status.podIP}')
out=$(kubectl -n "$NS" exec echo-pod -- wget -qO- "http://$other_ip:8080/exec")
echo "$out" | grep -q '"pod":"echo-' || fail "exec wget: $out"
ok "kubectl exec echo-pod -- wget pod $other_ip:8080: $out"

kubectl delete namespace "$NS" --wait=true >/dev/null
ok "all checks passed"
