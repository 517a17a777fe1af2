import { kubeSchema } from '../kinds/kube-schema.js';
import type { Kind } from '../kinds/kind.js';
import type { KindRegistry } from '../kinds/kind-registry.js';
import { FieldIssues, uniqueIssues, type FieldIssue, type Obj } from './field-issues.js';
import { validateMetadata } from './metadata-validator.js';
import type { OpenApiSchema } from './openapi-schema.js';
import { schemaIssues } from './schema-validator.js';

/** What a source does with one object it read (the file source: from a file). */
export type Verdict =
  | { status: 'valid'; kind: Kind }
  /** `kind` is set when the kind is one isobar reads, so the object can still be named and reported as invalid. */
  | { status: 'invalid'; issues: FieldIssue[]; kind?: Kind }
  /** A kind (or a same-named kind of another API group) isobar does not read. */
  | { status: 'ignored'; message: string }
  /** A kind a plugin that is not loaded would read. */
  | { status: 'unserved'; message: string };

/**
 * Validation like the API server's with strict field validation: the kind's OpenAPI schema (types,
 * required fields, ranges, enums, unknown fields), then its named checks (formats and rules a schema cannot
 * say). Semantics that involve other objects (does the Service exist, is the certificate valid) are left
 * to the processors.
 */
export function validateObject(value: unknown, kinds: KindRegistry): Verdict {
  const issues = new FieldIssues();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.add('', 'FieldType', 'a document must be a Kubernetes object (a map with apiVersion, kind and metadata)');
    return { status: 'invalid', issues: issues.all };
  }
  const obj = value as Obj;
  const apiVersion = issues.string(obj['apiVersion'], 'apiVersion', { required: true });
  const kindName = issues.string(obj['kind'], 'kind', { required: true });
  if (apiVersion === undefined || kindName === undefined) return { status: 'invalid', issues: issues.all };

  const found = kinds.lookup(kindName, apiVersion);
  if (found.status === 'unserved') {
    return { status: 'unserved', message: `kind ${kindName} (${apiVersion}) is not served: enable plugin "${found.plugin}" in the config's plugins` };
  }
  if (found.status === 'unknown') return { status: 'ignored', message: `kind ${kindName} (${apiVersion}) is not used by isobar; ignored` };
  const kind = found.kind;
  validateMetadata(obj, issues, { nameFormat: kind.nameFormat, namespaced: kind.namespaced });
  let fromSchema: FieldIssue[] = [];
  // The spec of a version isobar does not know cannot be checked meaningfully; the version is the error.
  if (!kind.apiVersions.includes(apiVersion)) {
    issues.unsupported('apiVersion', apiVersion, kind.apiVersions);
    fromSchema = schemaIssues(ENVELOPE, obj);
  } else {
    const validation = kind.validation(apiVersion);
    validation.check?.(obj, issues);
    fromSchema = schemaIssues(enveloped(validation.schema), obj);
  }
  const all = merge(issues.all, fromSchema);
  return all.length === 0 ? { status: 'valid', kind } : { status: 'invalid', issues: all, kind };
}

/** One issue per field. The schema decides what is structurally wrong; a named check that agrees on the reason words it (its hints are specific). */
function merge(named: readonly FieldIssue[], fromSchema: readonly FieldIssue[]): FieldIssue[] {
  const bySchema = new Map<string, FieldIssue[]>();
  for (const i of fromSchema) bySchema.set(i.field, [...(bySchema.get(i.field) ?? []), i]);
  const worded = new Set<FieldIssue>();
  const out: FieldIssue[] = [];
  for (const n of named) {
    const there = bySchema.get(n.field);
    const same = there?.find((s) => s.reason === n.reason);
    if (same) worded.add(same);
    if (!there || same) out.push(n);
  }
  for (const s of fromSchema) if (!worded.has(s)) out.push(s);
  return uniqueIssues(out);
}

/**
 * What every kind has, checked the same for all: apiVersion and kind (read above), metadata as ObjectMeta,
 * and status, which is a controller's (a file copied from `kubectl get -o yaml` may carry any).
 */
const ENVELOPE_FIELDS: Record<string, OpenApiSchema> = {
  apiVersion: { type: 'string' },
  kind: { type: 'string' },
  metadata: kubeSchema('meta.k8s.io/v1', 'ObjectMeta'),
  status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
};
/** What is checked of an object whose version is not served: only the envelope. */
const ENVELOPE: OpenApiSchema = { type: 'object', properties: ENVELOPE_FIELDS, 'x-kubernetes-preserve-unknown-fields': true };

const withEnvelope = new WeakMap<OpenApiSchema, OpenApiSchema>();
function enveloped(schema: OpenApiSchema): OpenApiSchema {
  let s = withEnvelope.get(schema);
  if (!s) {
    s = { ...schema, properties: { ...schema.properties, ...ENVELOPE_FIELDS } };
    withEnvelope.set(schema, s);
  }
  return s;
}
