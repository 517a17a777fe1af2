import type { OpenApiSchema } from '../schema/openapi-schema.js';
import { KUBE_SCHEMAS } from './kube-schemas.generated.js';

/** The published OpenAPI schema of a built-in kind in one version (scripts/gen-kube-schemas.mjs lists which). */
export function kubeSchema(apiVersion: string, kind: string): OpenApiSchema {
  const entry = KUBE_SCHEMAS[`${apiVersion}/${kind}`];
  if (!entry) throw new Error(`no Kubernetes OpenAPI schema for ${kind} ${apiVersion}: add it to scripts/gen-kube-schemas.mjs`);
  return entry.schema;
}
