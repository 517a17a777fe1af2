#!/usr/bin/env bash
# npm run test:cluster: the tests that run the shipped manifests as real pods (test/cluster). Builds
# what is missing (setup-cluster.sh skips finished steps and rebuilds the isobar image when the
# sources changed), brings one cluster up for all the test files, runs them one at a time, and always brings the
# cluster down again; down.sh ends with check-clean.sh, so anything left behind fails the run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bash scripts/setup-cluster.sh
code=0
trap 'bash scripts/cluster/down.sh || code=1; exit $code' EXIT
bash scripts/cluster/up.sh
node --test --test-concurrency=1 --test-timeout=900000 'dist/test/cluster/**/*.test.js' || code=$?
