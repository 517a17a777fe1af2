import type { BuildContext, StoredObject } from '../../core/index.js';
import { ConditionSet } from './conditions.js';
import type { GatewayClass } from './gateway-types.js';
import { GATEWAY_API_VERSION } from './generated/crd-schemas.js';

/**
 * The GatewayClasses isobar serves (spec.controllerName is its own), each with its status: Accepted, and
 * SupportedVersion for the Gateway API release isobar implements. A class asking for parameters isobar
 * does not read is not accepted (InvalidParameters), so its Gateways are left alone.
 */
export function acceptedClasses(ctx: BuildContext, controllerName: string): Set<string> {
  const accepted = new Set<string>();
  for (const gc of ctx.store.list<GatewayClass>('GatewayClass')) {
    if (gc.object.spec?.controllerName !== controllerName) continue;
    ctx.status.touch(gc);
    const c = ConditionSet.for(gc as StoredObject);
    const params = gc.object.spec.parametersRef;
    if (params) c.set('Accepted', false, 'InvalidParameters', `parametersRef ${params.group}/${params.kind} ${params.name} is not a kind isobar reads`);
    else {
      c.set('Accepted', true, 'Accepted', 'isobar serves this class');
      accepted.add(gc.object.metadata.name);
    }
    c.set('SupportedVersion', true, 'SupportedVersion', `isobar implements Gateway API ${GATEWAY_API_VERSION}`);
    ctx.status.detail(gc, { conditions: c.all() });
  }
  return accepted;
}
