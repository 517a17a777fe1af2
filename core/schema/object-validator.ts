import type { Kind } from '../kinds/kind.js';
import type { KindRegistry } from '../kinds/kind-registry.js';
import { FieldIssues, type FieldIssue, type Obj } from './field-issues.js';
import { ANY, reportUnknownFields, type MapShape } from './known-fields.js';
import { METADATA_FIELDS, validateMetadata } from './metadata-validator.js';

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
 * Structural validation, like the API server's with strict field validation: types, required fields, names,
 * enums and unknown fields, as the object's registered kind declares them. Semantics that involve other
 * objects (does the Service exist, is the certificate valid) are left to the processors.
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
  // status is written by a controller; a file copied from `kubectl get -o yaml` may carry it.
  issues.map(obj['status'], 'status');
  // The spec of a version isobar does not know cannot be checked meaningfully; the version is the error.
  if (!kind.apiVersions.includes(apiVersion)) {
    issues.unsupported('apiVersion', apiVersion, kind.apiVersions);
  } else {
    const validation = kind.validation(apiVersion);
    validation.check?.(obj, issues);
    reportUnknownFields(obj, objectFields(validation.fields), '', issues);
  }
  return issues.all.length === 0 ? { status: 'valid', kind } : { status: 'invalid', issues: issues.all, kind };
}

function objectFields(own: MapShape): MapShape {
  return { apiVersion: ANY, kind: ANY, metadata: METADATA_FIELDS, status: ANY, ...own };
}
