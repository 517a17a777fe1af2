import { hostProblem, type Ingress } from '../../core/index.js';
import { defaultBackendOf } from './ingress-normalizer.js';

/**
 * Every host an Ingress claims: its rules' hosts (`*` for a rule without one), its TLS hosts, and `*`
 * for a default backend. Read defensively (any field may be null or of the wrong type): this runs over
 * every object before any of them is processed, outside each object's own failure boundary.
 */
export function ingressHostClaims(ing: Ingress): Set<string> {
  const hosts = new Set<string>();
  const spec = isRecord(ing.spec) ? ing.spec : {};
  const add = (h: unknown) => {
    if (typeof h === 'string' && !hostProblem(h)) hosts.add(h);
  };
  for (const rule of arrayOf(spec.rules)) {
    if (!isRecord(rule)) continue;
    if (rule.host === undefined || rule.host === null) hosts.add('*');
    else add(rule.host);
  }
  for (const tls of arrayOf(spec.tls)) if (isRecord(tls)) for (const h of arrayOf(tls.hosts)) add(h);
  if (defaultBackendOf(spec)) hosts.add('*');
  return hosts;
}

function arrayOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
