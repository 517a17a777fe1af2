#!/usr/bin/env bash
# npm run test:cluster: the tests that run the shipped manifests as real pods (test/cluster), then the
# Gateway API conformance suite against isobar in the same cluster. Builds
# what is missing (setup-cluster.sh skips finished steps and rebuilds the isobar image when the
# sources changed), brings one cluster up for all the test files, runs them one at a time, and always
# brings the cluster down again; down.sh ends with check-clean.sh, so anything left behind fails the run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bash scripts/setup-cluster.sh
# On any exit (a failed step included), the cluster goes down; a leftover found by down.sh fails the run.
trap 'rc=$?; bash scripts/cluster/down.sh || rc=1; exit $rc' EXIT
bash scripts/cluster/up.sh
# What peer suites (the Gateway API conformance suite) need: ClusterIP and NodePort Services reachable
# from the node, pods reaching the API server through the kubernetes Service, logs and exec.
bash scripts/cluster/check.sh
# `test.sh conformance` (npm run test:conformance) runs the conformance suite alone.
[ "${1:-}" = conformance ] || node --test --test-concurrency=1 --test-timeout=900000 'dist/test/cluster/**/*.test.js'
# Then, on the same cluster, the Gateway API conformance suite, unmodified (conformance.sh deploys isobar
# as README.md says and writes the suite's report to test/conformance/gateway-api-report.yaml). Its exit
# status is the suite's: every test not in test/conformance/gateway-api/known-failures.txt must pass.
bash scripts/cluster/conformance.sh
