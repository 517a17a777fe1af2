#!/usr/bin/env bash
# npm run test:conformance: the Gateway API conformance suite against a cluster of its own. Builds what
# is missing (setup-cluster.sh skips finished steps: the images, the compiled suite), brings a cluster
# up, runs conformance.sh (which deploys isobar through conformance-deploy.sh when that exists), and
# always brings the cluster down; a leftover found by down.sh fails the run. Exits with the suite's status.
# Not part of npm test: the whole suite takes long, and fails until isobar serves Gateway API.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bash scripts/setup-cluster.sh
trap 'rc=$?; bash scripts/cluster/down.sh || rc=1; exit $rc' EXIT
bash scripts/cluster/up.sh
bash scripts/cluster/conformance.sh
