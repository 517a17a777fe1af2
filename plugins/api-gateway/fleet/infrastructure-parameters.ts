import type { StoreReader, StoredObject } from '../../../core/index.js';
import type { Gateway } from '../gateway-types.js';

/**
 * Why a Gateway's `spec.infrastructure.parametersRef` cannot be used, or undefined when it can (or is
 * absent). isobar reads a core ConfigMap in the Gateway's namespace; any other kind, or a ConfigMap that
 * does not exist, leaves the Gateway not accepted (InvalidParameters), as the spec asks.
 */
export function infrastructureProblem(store: StoreReader, gw: StoredObject<Gateway>): string | undefined {
  const ref = gw.object.spec?.infrastructure?.parametersRef;
  if (!ref) return undefined;
  const ns = gw.object.metadata.namespace ?? '';
  if ((ref.group ?? '') !== '' || ref.kind !== 'ConfigMap') {
    return `spec.infrastructure.parametersRef names ${ref.group ? `${ref.group}/` : ''}${ref.kind} ${ref.name}; isobar reads parameters from a ConfigMap only`;
  }
  if (!store.get('ConfigMap', ns, ref.name)) return `spec.infrastructure.parametersRef: ConfigMap ${ns}/${ref.name} does not exist`;
  return undefined;
}
