#!/usr/bin/env bash
# Deploys isobar into the running cluster for the Gateway API conformance suite, as a user would
# (README.md): the namespace, the xDS certificates from `isobar certgen`, deploy/manifests with only the
# image names swapped for the images built here (build-images.sh), and the GatewayClass "isobar".
# The Gateway API CRDs are installed by conformance.sh before this runs.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"

kubectl apply -f deploy/manifests/00-namespace.yaml
node dist/cli/main.js certgen --kube-secrets --namespace isobar-system | kubectl apply -f -
# This cluster runs no DNS server: each Gateway's Envoys reach isobar's xDS server by the isobar
# Service's cluster IP instead of its name (the config's gatewayApi.xdsAddress), so the Services go first.
kubectl apply -f deploy/manifests/06-services.yaml
xds_ip=$(kubectl -n isobar-system get service isobar -o jsonpath='{.spec.clusterIP}')
# The three image names of deploy/manifests (and the two in the config's gatewayApi keys), as the cluster
# test swaps them, and that address.
for f in deploy/manifests/*.yaml; do
  sed -e 's#ghcr.io/isobar-proxy/isobar:0.1.0#isobar.local/isobar:dev#g' -e 's#docker.io/envoyproxy/envoy:v1.40.0#isobar.local/envoy:dev#g' \
    -e "s#xdsAddress: isobar.isobar-system.svc#xdsAddress: $xds_ip#" "$f"
  echo '---'
done | kubectl apply -f -
kubectl apply -f deploy/gateway-api/gatewayclass.yaml
kubectl -n isobar-system rollout status deployment/isobar --timeout=180s
log "isobar deployed for Gateway API conformance"
