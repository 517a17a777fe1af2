import type { FieldIssues, Obj } from './field-issues.js';
import { fieldOf } from './field-path.js';
import { dns1123Label, labelValue, qualifiedName, type FormatCheck } from './formats.js';

export interface MetadataRules {
  /** Format of metadata.name for the kind (most kinds: DNS subdomain; Service: RFC 1035 label). */
  nameFormat: FormatCheck;
  namespaced: boolean;
}

/** Checks `metadata` the way the API server's ObjectMeta validation does, minus server-set fields. */
export function validateMetadata(obj: Obj, issues: FieldIssues, rules: MetadataRules): void {
  const meta = issues.map(obj['metadata'], 'metadata', { required: true });
  if (!meta) return;
  if ((meta['name'] === undefined || meta['name'] === null) && meta['generateName'] !== undefined) {
    issues.required('metadata.name', 'generateName is not supported in files; give the object a name');
  } else {
    issues.string(meta['name'], 'metadata.name', { required: true, format: rules.nameFormat });
  }
  if (rules.namespaced) issues.string(meta['namespace'], 'metadata.namespace', { format: dns1123Label });
  issues.stringMap(meta['labels'], 'metadata.labels', (k) => fieldOf('metadata.labels', k), { key: qualifiedName, value: labelValue });
  issues.stringMap(meta['annotations'], 'metadata.annotations', (k) => fieldOf('metadata.annotations', k), { key: qualifiedName });
}
