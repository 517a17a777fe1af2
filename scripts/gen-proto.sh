#!/usr/bin/env bash
# Generates the Envoy v3 TypeScript types (ts-proto) into core/generated/.
# The .proto sources come from @grpc/grpc-js-xds (its deps/ folder); buf (from npm) compiles them,
# so no protoc or network is needed beyond `npm ci`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
deps="$root/node_modules/@grpc/grpc-js-xds/deps"
stage="$root/.gen/proto"
out="$root/core/generated"
[ -d "$deps" ] || { echo "gen-proto: $deps is missing; run npm ci first" >&2; exit 1; }

rm -rf "$stage" "$out"
mkdir -p "$stage" "$out"
cp -r "$deps/envoy-api/envoy" "$deps/xds/xds" "$deps/xds/udpa" "$deps/googleapis/google" "$stage/"
mkdir -p "$stage/validate"
# The validate.proto shipped next to these Envoy protos predates StringRules.ignore_empty (field 26 in
# protoc-gen-validate), which envoy/config/core/v3/protocol.proto uses: add the field so the options parse.
sed 's|^\(message StringRules {\)\r*$|\1\n    optional bool ignore_empty = 26;|' \
  "$deps/protoc-gen-validate/validate/validate.proto" > "$stage/validate/validate.proto"
grep -q 'ignore_empty = 26' "$stage/validate/validate.proto" || { echo "gen-proto: validate.proto overlay failed" >&2; exit 1; }

cat > "$stage/buf.yaml" <<'YAML'
version: v2
YAML
cat > "$stage/buf.gen.yaml" <<YAML
version: v2
plugins:
  - local: $root/node_modules/.bin/protoc-gen-ts_proto
    out: $out
    opt:
      - esModuleInterop=true
      - importSuffix=.js
      - outputServices=grpc-js
      - env=node
      - forceLong=number
      - useOptionals=messages
      - exportCommonSymbols=false
YAML

entries=(
  envoy/config/bootstrap/v3/bootstrap.proto
  envoy/config/listener/v3/listener.proto
  envoy/config/route/v3/route.proto
  envoy/config/cluster/v3/cluster.proto
  envoy/config/endpoint/v3/endpoint.proto
  envoy/extensions/transport_sockets/tls/v3/tls.proto
  envoy/extensions/transport_sockets/tls/v3/secret.proto
  envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto
  envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.proto
  envoy/extensions/filters/http/router/v3/router.proto
  envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.proto
  envoy/extensions/access_loggers/stream/v3/stream.proto
  envoy/extensions/upstreams/http/v3/http_protocol_options.proto
  envoy/service/discovery/v3/ads.proto
  envoy/service/discovery/v3/discovery.proto
  envoy/service/listener/v3/lds.proto
  envoy/service/route/v3/rds.proto
  envoy/service/cluster/v3/cds.proto
  envoy/service/endpoint/v3/eds.proto
  envoy/service/secret/v3/sds.proto
)
paths=()
for e in "${entries[@]}"; do paths+=(--path "$e"); done
(cd "$stage" && "$root/node_modules/.bin/buf" generate --template buf.gen.yaml "${paths[@]}" .)
echo "gen-proto: $(find "$out" -name '*.ts' | wc -l) files in core/generated"
