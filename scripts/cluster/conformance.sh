#!/usr/bin/env bash
# Runs the Gateway API conformance suite (test/conformance/gateway-api, compiled by
# scripts/setup-conformance.sh) against the cluster up.sh started, and exits with the suite's status:
#   1. the release's experimental-channel CRDs (scripts/gen-gateway-api.mjs, from the module pinned in gateway-api.json), server-side applied: the
#      suite refuses to start unless every Gateway API CRD in the cluster has its version and one channel;
#   2. scripts/cluster/conformance-deploy.sh, when it exists: deploys the implementation under test
#      (isobar, serving GatewayClass `isobar`); nothing here deploys it;
#   3. the suite, from its package directory (its relative defaults are the same as under `go test`);
#   4. a summary per profile from the report the suite wrote.
# Environment (all optional):
#   CONFORMANCE_RUN_TEST=Name      one test only (the suite's -run-test), for debugging
#   CONFORMANCE_REPORT=path        the report (default test/conformance/gateway-api-report.yaml)
#   CONFORMANCE_TIMEOUTS='A:s;B:s' the suite's -timeout-config-overrides (seconds), e.g. NamespacesMustBeReady:60
#   CONFORMANCE_TEST_TIMEOUT=2h    go test's -test.timeout for the whole run (its default 10m is too short)
#   CONFORMANCE_CLEANUP=false      keep the base manifests (namespaces, backends, Gateways) afterwards
#   CONFORMANCE_DEBUG=1            the suite's -debug (requests and responses)
#   CONFORMANCE_DEPLOY=0           do not run conformance-deploy.sh
#   CONFORMANCE_ARGS='...'         more suite flags, word-split (e.g. -skip-tests=A,B -fail-fast)
#   CONFORMANCE_LOG=path           the run's output (default /tmp/isobar-conformance.log), also on stdout
set -euo pipefail
source "$(dirname "$0")/env.sh"
src="$root/test/conformance/gateway-api"
suite_bin="$root/.tools/bin/gateway-api-conformance.test"
report=$(realpath -m "${CONFORMANCE_REPORT:-$root/test/conformance/gateway-api-report.yaml}")
run_log=${CONFORMANCE_LOG:-/tmp/isobar-conformance.log}
[ -f "$D/cluster.env" ] && kubectl get --raw /readyz >/dev/null 2>&1 \
  || { echo "conformance: no cluster is up (bash scripts/cluster/up.sh first)" >&2; exit 1; }

# Both skip themselves when up to date (a few ms); here so that a run never uses stale CRDs or a binary
# built from an older supported-features.txt.
node "$root/scripts/gen-gateway-api.mjs"
bash "$root/scripts/setup-conformance.sh"
version=$(awk '$1 == "sigs.k8s.io/gateway-api" && $2 ~ /^v/ {print $2; exit}' "$src/go.mod")
crds="$root/.gen/gateway-api/$version/crd/experimental"

# Server-side: the largest CRDs are too big for client-side apply's last-applied annotation. -k applies
# what the release's kustomization.yaml lists (the CRDs and its safe-upgrades admission policy, which
# refuses experimental CRDs over standard ones: a cluster that has standard CRDs needs them deleted first).
log "installing Gateway API $version CRDs (experimental channel)"
kubectl apply --server-side --force-conflicts -k "$crds" >/dev/null
mapfile -t crd_names < <(kubectl get crd -o name | grep -E '\.gateway\.networking\.(x-)?k8s\.io$')
kubectl wait --for=condition=Established --timeout=60s "${crd_names[@]}" >/dev/null
log "${#crd_names[@]} CRDs established"

hook="$here/conformance-deploy.sh"
if [ "${CONFORMANCE_DEPLOY:-1}" != 0 ] && [ -f "$hook" ]; then
  log "deploying the implementation: $hook"
  bash "$hook"
fi

args=(-test.v "-test.timeout=${CONFORMANCE_TEST_TIMEOUT:-2h}" -test.run '^TestGatewayAPIConformance$'
  -kubeconfig "$KUBECONFIG_ADMIN" -report-output "$report"
  "-cleanup-base-resources=${CONFORMANCE_CLEANUP:-true}")
[ -n "${CONFORMANCE_RUN_TEST:-}" ] && args+=(-run-test "$CONFORMANCE_RUN_TEST")
[ -n "${CONFORMANCE_TIMEOUTS:-}" ] && args+=(-timeout-config-overrides "$CONFORMANCE_TIMEOUTS")
[ "${CONFORMANCE_DEBUG:-0}" = 1 ] && args+=(-debug)
# shellcheck disable=SC2206 # word splitting is the point: a list of flags
[ -n "${CONFORMANCE_ARGS:-}" ] && args+=($CONFORMANCE_ARGS)
mkdir -p "$(dirname "$report")"
rm -f "$report" # a report left from an earlier run must not be summarised as this one's
log "running the suite (log: $run_log): ${args[*]}"
t0=$(date +%s)
set +e
(cd "$src" && KUBECONFIG="$KUBECONFIG_ADMIN" "$suite_bin" "${args[@]}") 2>&1 | tee "$run_log"
rc=${PIPESTATUS[0]}
set -e
log "suite exited $rc after $(( $(date +%s) - t0 )) s"

# The summary, from the suite's own report (no report: the run died before its cleanup, e.g. on
# -test.timeout).
if [ -f "$report" ]; then
  (cd "$root" && node -e '
    const r = require("yaml").parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`report: ${process.argv[1]} (Gateway API ${r.gatewayAPIVersion} ${r.gatewayAPIChannel}, ${r.implementation.project} ${r.implementation.version})`);
    const line = (what, s) => {
      if (!s) return;
      const st = s.statistics ?? {};
      console.log(`  ${what}: ${s.result}: ${st.Passed ?? 0} passed, ${st.Failed ?? 0} failed, ${st.Skipped ?? 0} skipped`);
      if (s.failedTests?.length) console.log(`    failed: ${s.failedTests.join(", ")}`);
    };
    if (!r.profiles?.length) console.log("  no profile has results: the suite stopped before its tests (setup failed, see the log)");
    for (const p of r.profiles ?? []) {
      console.log(`${p.name}: ${p.summary}`);
      line("core", p.core);
      line("extended", p.extended);
      if (p.extended?.supportedFeatures?.length) console.log(`    supported: ${p.extended.supportedFeatures.join(", ")}`);
    }' "$report")
else
  echo "conformance: the suite wrote no report ($report)" >&2
fi
exit "$rc"
