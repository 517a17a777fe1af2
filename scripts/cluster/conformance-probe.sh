#!/usr/bin/env bash
# Checks the cluster's side of the Gateway API conformance suite while no controller serves GatewayClass
# `isobar` yet: that the suite starts, applies its base manifests, and that every backend pod of those
# manifests (the locally built echo-basic images) becomes Ready. A stand-in GatewayClass `isobar` is
# created and marked Accepted by hand (nothing else would: the suite waits for that before anything);
# the suite must then fail, and only because no Gateway ever becomes Accepted/Programmed.
# Needs a running cluster (up.sh); refuses to run when a GatewayClass `isobar` already exists (a real
# controller is there: run conformance.sh). Exit 0 when all of the above held.
set -euo pipefail
source "$(dirname "$0")/env.sh"
namespaces=(gateway-conformance-infra gateway-conformance-app-backend gateway-conformance-web-backend)
work=$(mktemp -d)
kubectl get gatewayclass isobar >/dev/null 2>&1 && { echo "conformance-probe: GatewayClass isobar exists: run conformance.sh" >&2; exit 1; }
cleanup() { kubectl delete gatewayclass isobar --ignore-not-found --wait=false >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

# The CRDs first (conformance.sh applies them too; the GatewayClass needs them now).
node "$root/scripts/gen-gateway-api.mjs" >/dev/null
version=$(awk '$1 == "sigs.k8s.io/gateway-api" && $2 ~ /^v/ {print $2; exit}' "$root/test/conformance/gateway-api/go.mod")
kubectl apply --server-side --force-conflicts -k "$root/.gen/gateway-api/$version/crd/experimental" >/dev/null
kubectl wait --for=condition=Established --timeout=60s crd/gatewayclasses.gateway.networking.k8s.io >/dev/null
kubectl apply -f - >/dev/null <<'YAML'
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: isobar}
spec: {controllerName: isobar.io/gateway-controller}
YAML
gen=$(kubectl get gatewayclass isobar -o jsonpath='{.metadata.generation}')
kubectl patch gatewayclass isobar --subresource=status --type=merge -p "{\"status\":{\"conditions\":[{\"type\":\"Accepted\",\"status\":\"True\",\"reason\":\"Accepted\",\"message\":\"stand-in: conformance-probe.sh\",\"observedGeneration\":$gen,\"lastTransitionTime\":\"$(date -u +%FT%TZ)\"}]}}" >/dev/null
log "stand-in GatewayClass isobar marked Accepted"

# The suite, in the background: one quick test, and its readiness wait shortened (it cannot succeed).
CONFORMANCE_DEPLOY=0 CONFORMANCE_RUN_TEST=${CONFORMANCE_RUN_TEST:-GatewayClassObservedGenerationBump} \
  CONFORMANCE_TIMEOUTS=${CONFORMANCE_TIMEOUTS:-NamespacesMustBeReady:60} CONFORMANCE_REPORT="$work/report.yaml" \
  CONFORMANCE_LOG="$work/suite.log" bash "$here/conformance.sh" > "$work/out.log" 2>&1 &
suite=$!

# Every pod of the base manifests Ready, within 120 s of their namespace appearing.
ready=0
for _ in $(seq 600); do
  kill -0 "$suite" 2>/dev/null || break
  total=0 notready=0
  for ns in "${namespaces[@]}"; do
    while read -r _ r; do total=$((total + 1)); [ "$r" = True ] || notready=$((notready + 1)); done < <(
      kubectl -n "$ns" get pods -o jsonpath='{range .items[*]}{.metadata.name} {.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' 2>/dev/null)
  done
  if [ "$total" -ge 23 ] && [ "$notready" = 0 ]; then ready=1; break; fi
  sleep 0.2
done
if [ $ready = 1 ]; then
  log "all $total pods of the base manifests Ready:"
  for ns in "${namespaces[@]}"; do
    kubectl -n "$ns" get pods -o custom-columns='NAMESPACE:.metadata.namespace,NAME:.metadata.name,STATUS:.status.phase,READY:.status.containerStatuses[0].ready,IMAGE:.spec.containers[0].image,IMAGE_ID:.status.containerStatuses[0].imageID' --no-headers
  done
fi
rc=0; wait "$suite" || rc=$?
cat "$work/out.log"
[ $ready = 1 ] || { echo "conformance-probe: FAIL: the base manifests' pods did not all become Ready" >&2; exit 1; }
[ $rc != 0 ] || { echo "conformance-probe: FAIL: the suite passed against a stand-in GatewayClass" >&2; exit 1; }
# The suite's readiness wait gave up, and what it was still waiting for was the Gateways' status: no
# controller ever wrote their conditions (still the CRD's defaults, observedGeneration 0).
grep -q 'error waiting for .* namespaces to be ready' "$work/suite.log" \
  && grep -E '^\s+helpers\.go:[0-9]+: [0-9-]+T' "$work/suite.log" | grep -v 'Error listing' | tail -1 | grep -q 'Gateway .* stale conditions are: Accepted' \
  || { echo "conformance-probe: FAIL: the suite failed for another reason than Gateways not Accepted (log above)" >&2; exit 1; }
log "ok: the suite set up its backends and failed only because no controller programs the Gateways of class isobar"
