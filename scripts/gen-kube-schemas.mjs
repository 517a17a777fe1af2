#!/usr/bin/env node
// Writes core/kinds/kube-schemas.generated.ts: the OpenAPI schemas of the built-in kinds isobar reads, taken
// from the OpenAPI documents Kubernetes publishes in its source tree (api/openapi-spec), which the Go
// module proxy serves as the k8s.io/kubernetes module. References are inlined and descriptions dropped,
// so each schema stands alone; nothing else is changed. Run again after changing the versions below;
// kube-schemas.test.ts checks that the committed file is what this script writes.
//
//   node scripts/gen-kube-schemas.mjs [output-file]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The Kubernetes release whose kube-apiserver the tests run. */
const CURRENT = 'v1.36.3';
/** The last release that served Ingress in networking.k8s.io/v1beta1 and extensions/v1beta1 (removed in 1.22). */
const LEGACY = 'v1.21.14';

/** [apiVersion, kind, release, document (under api/openapi-spec), schema name]. */
const KINDS = [
  // ObjectMeta is not a kind: the validator puts it under every kind's metadata (which the kinds leave open).
  ['meta.k8s.io/v1', 'ObjectMeta', CURRENT, 'v3/api__v1_openapi.json', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'],
  ['v1', 'Service', CURRENT, 'v3/api__v1_openapi.json', 'io.k8s.api.core.v1.Service'],
  ['v1', 'Endpoints', CURRENT, 'v3/api__v1_openapi.json', 'io.k8s.api.core.v1.Endpoints'],
  ['v1', 'Secret', CURRENT, 'v3/api__v1_openapi.json', 'io.k8s.api.core.v1.Secret'],
  ['v1', 'ConfigMap', CURRENT, 'v3/api__v1_openapi.json', 'io.k8s.api.core.v1.ConfigMap'],
  ['v1', 'Namespace', CURRENT, 'v3/api__v1_openapi.json', 'io.k8s.api.core.v1.Namespace'],
  ['discovery.k8s.io/v1', 'EndpointSlice', CURRENT, 'v3/apis__discovery.k8s.io__v1_openapi.json', 'io.k8s.api.discovery.v1.EndpointSlice'],
  ['networking.k8s.io/v1', 'Ingress', CURRENT, 'v3/apis__networking.k8s.io__v1_openapi.json', 'io.k8s.api.networking.v1.Ingress'],
  ['networking.k8s.io/v1', 'IngressClass', CURRENT, 'v3/apis__networking.k8s.io__v1_openapi.json', 'io.k8s.api.networking.v1.IngressClass'],
  ['networking.k8s.io/v1beta1', 'Ingress', LEGACY, 'swagger.json', 'io.k8s.api.networking.v1beta1.Ingress'],
  ['extensions/v1beta1', 'Ingress', LEGACY, 'swagger.json', 'io.k8s.api.extensions.v1beta1.Ingress'],
];

/** Keywords that document rather than constrain (or constrain what isobar checks itself: ObjectMeta, status). */
const DROPPED = new Set(['description', 'default', 'example', 'x-kubernetes-group-version-kind', 'x-kubernetes-list-map-keys', 'x-kubernetes-list-type', 'x-kubernetes-patch-merge-key', 'x-kubernetes-patch-strategy', 'x-kubernetes-map-type', 'x-kubernetes-unions']);

function moduleDir(release) {
  const out = execFileSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${release}`], { encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod' } });
  return JSON.parse(out).Dir;
}

function definitions(doc) {
  return doc.components?.schemas ?? doc.definitions;
}

/** What every kind has; the validator checks it the same for all (core/schema/object-validator.ts). */
const ENVELOPE = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/** The schema with every $ref inlined, and without the envelope fields of a kind. */
function inline(node, defs, seen, top) {
  if (Array.isArray(node)) return node.map((n) => inline(n, defs, seen, false));
  if (typeof node !== 'object' || node === null) return node;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.split('/').pop();
    if (seen.includes(name)) throw new Error(`recursive schema ${name}`);
    return inline(defs[name], defs, [...seen, name], false);
  }
  // OpenAPI v3 wraps a reference in allOf to give it a description or default.
  if (Array.isArray(node.allOf) && node.allOf.length === 1 && Object.keys(node).every((k) => k === 'allOf' || DROPPED.has(k))) return inline(node.allOf[0], defs, seen, false);
  const out = {};
  for (const key of Object.keys(node).sort()) {
    if (DROPPED.has(key)) continue;
    if (key === 'properties') {
      out.properties = {};
      for (const p of Object.keys(node.properties).sort()) {
        if (top && ENVELOPE.has(p)) continue;
        out.properties[p] = inline(node.properties[p], defs, seen, false);
      }
      continue;
    }
    out[key] = inline(node[key], defs, seen, false);
  }
  return out;
}

const output = process.argv[2] ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'core', 'kinds', 'kube-schemas.generated.ts');
const docs = new Map();
const schemas = {};
for (const [apiVersion, kind, release, file, name] of KINDS) {
  const where = `${release}/${file}`;
  if (!docs.has(where)) docs.set(where, JSON.parse(readFileSync(path.join(moduleDir(release), 'api', 'openapi-spec', file), 'utf8')));
  const defs = definitions(docs.get(where));
  if (!defs[name]) throw new Error(`${name} is not in k8s.io/kubernetes@${where}`);
  schemas[`${apiVersion}/${kind}`] = { source: `k8s.io/kubernetes@${release} api/openapi-spec/${file} ${name}`, schema: inline(defs[name], defs, [name], true) };
}
// A subtree that occurs more than once (a schema two versions share, EndpointAddress under addresses and
// notReadyAddresses, ...) is written once, as a constant, and referred to.
const counts = new Map();
const count = (node) => {
  if (typeof node !== 'object' || node === null) return;
  const json = JSON.stringify(node);
  counts.set(json, (counts.get(json) ?? 0) + 1);
  for (const v of Object.values(node)) count(v);
};
for (const { schema } of Object.values(schemas)) count(schema);
const shared = new Map();
const consts = [];
const code = (node, depth) => {
  if (typeof node !== 'object' || node === null) return JSON.stringify(node);
  const json = JSON.stringify(node);
  if (depth > 0 && json.length > 120 && counts.get(json) > 1) {
    if (!shared.has(json)) {
      const body = render(node, 0);
      shared.set(json, `S${consts.length}`);
      consts.push(`const S${consts.length} = ${body};`);
    }
    return shared.get(json);
  }
  return render(node, depth);
};
const render = (node, depth) => {
  const pad = ' '.repeat(depth + 1);
  const flat = JSON.stringify(node);
  if (flat.length <= 100 && !Object.values(node).some((v) => typeof v === 'object' && v !== null && shared.has(JSON.stringify(v)))) return flat;
  if (Array.isArray(node)) return `[${node.map((v) => code(v, depth + 1)).join(', ')}]`;
  const keys = Object.keys(node);
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${pad} ${JSON.stringify(k)}: ${code(node[k], depth + 1)}`).join(',\n')}\n${pad}}`;
};
const entries = Object.entries(schemas).map(([key, { source, schema }]) => `  ${JSON.stringify(key)}: { source: ${JSON.stringify(source)}, schema: ${code(schema, 1)} },`);
const text = `// Generated by scripts/gen-kube-schemas.mjs from the OpenAPI documents of k8s.io/kubernetes; do not edit.
import type { OpenApiSchema } from '../schema/openapi-schema.js';

${consts.join('\n\n')}

/** OpenAPI schemas of the built-in kinds isobar reads, by \`apiVersion/kind\`, with where each came from. */
export const KUBE_SCHEMAS: Readonly<Record<string, { source: string; schema: OpenApiSchema }>> = {
${entries.join('\n')}
};
`;
writeFileSync(output, text);
console.log(`wrote ${output} (${Object.keys(schemas).length} schemas, ${text.length} bytes)`);
