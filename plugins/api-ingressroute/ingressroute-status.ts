import { type ObjectStatus } from '../../core/index.js';

/** IngressRoute's own status shape (`status.currentStatus` / `status.description`), as Contour defined it. */
export interface IngressRouteStatus {
  currentStatus: 'valid' | 'invalid' | 'orphaned';
  description: string;
}

export function ingressRouteStatus(s: ObjectStatus): IngressRouteStatus {
  const currentStatus = s.state === 'invalid' ? 'invalid' : s.state === 'orphaned' ? 'orphaned' : 'valid';
  const description =
    s.conditions.length === 0 ? 'valid IngressRoute' : s.conditions.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join('; ');
  return { currentStatus, description };
}
