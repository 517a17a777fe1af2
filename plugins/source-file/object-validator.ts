import { FieldIssues, type FieldIssue, type Obj } from './field-issues.js';
import { groupOf, kindRule, type KindRule } from './kind-registry.js';
import { ANY, reportUnknownFields, type MapShape } from './known-fields.js';
import { METADATA_FIELDS, validateMetadata } from './metadata-validator.js';

/** What the file source does with one object from a file. */
export type Verdict =
  | { status: 'valid'; rule: KindRule }
  /** `rule` is set when the kind is one isobar reads, so the object can still be named and reported as invalid. */
  | { status: 'invalid'; issues: FieldIssue[]; rule?: KindRule }
  /** A kind (or a same-named kind of another API group) isobar does not read. */
  | { status: 'ignored'; message: string };

/**
 * Structural validation, like the API server's with strict field validation: types, required fields, names,
 * enums and unknown fields. Semantics that involve other objects (does the Service exist, is the
 * certificate valid) are left to the processors.
 */
export function validateObject(value: unknown): Verdict {
  const issues = new FieldIssues();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.add('', 'FieldType', 'a document must be a Kubernetes object (a map with apiVersion, kind and metadata)');
    return { status: 'invalid', issues: issues.all };
  }
  const obj = value as Obj;
  const apiVersion = issues.string(obj['apiVersion'], 'apiVersion', { required: true });
  const kind = issues.string(obj['kind'], 'kind', { required: true });
  if (apiVersion === undefined || kind === undefined) return { status: 'invalid', issues: issues.all };

  const rule = kindRule(kind);
  if (!rule || !rule.apiVersions.some((v) => groupOf(v) === groupOf(apiVersion))) {
    return { status: 'ignored', message: `kind ${kind} (${apiVersion}) is not used by isobar; ignored` };
  }
  validateMetadata(obj, issues, { nameFormat: rule.nameFormat, namespaced: rule.namespaced });
  // status is written by a controller; a file copied from `kubectl get -o yaml` may carry it.
  issues.map(obj['status'], 'status');
  // The spec of a version isobar does not know cannot be checked meaningfully; the version is the error.
  if (!rule.apiVersions.includes(apiVersion)) {
    issues.unsupported('apiVersion', apiVersion, rule.apiVersions);
  } else {
    rule.validate?.(obj, issues, apiVersion);
    reportUnknownFields(obj, objectFields(rule, apiVersion), '', issues);
  }
  return issues.all.length === 0 ? { status: 'valid', rule } : { status: 'invalid', issues: issues.all, rule };
}

function objectFields(rule: KindRule, apiVersion: string): MapShape {
  const own = typeof rule.fields === 'function' ? rule.fields(apiVersion) : rule.fields;
  return { apiVersion: ANY, kind: ANY, metadata: METADATA_FIELDS, status: ANY, ...own };
}
