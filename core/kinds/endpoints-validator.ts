import type { FieldIssues, Obj } from '../schema/field-issues.js';
import { itemOf } from '../schema/field-path.js';
import { dns1123Label, dns1123Subdomain, ipAddress, ipv4, ipv6, type FormatCheck } from '../schema/formats.js';
import { PROTOCOLS } from './service-validator.js';

const ADDRESS_TYPES: Record<string, FormatCheck> = { IPv4: ipv4, IPv6: ipv6, FQDN: dns1123Subdomain };
const MAX_SLICE_ITEMS = 100;

/*
 * Loopback addresses are accepted on purpose: the API server refuses them, but on a VM the file source
 * routinely points at backends on 127.0.0.1.
 */

/** Named checks of a v1 Endpoints (its schema says the types): every subset has addresses, ports, and valid IPs. */
export function validateEndpoints(obj: Obj, issues: FieldIssues): void {
  issues.list(obj['subsets'], 'subsets')?.forEach((entry, i) => {
    const f = itemOf('subsets', i);
    const subset = issues.map(entry, f);
    if (!subset) return;
    const ready = validateAddresses(subset['addresses'], `${f}.addresses`, issues);
    const notReady = validateAddresses(subset['notReadyAddresses'], `${f}.notReadyAddresses`, issues);
    if (ready === 0 && notReady === 0) issues.required(f, 'must specify addresses or notReadyAddresses');
    const ports = issues.list(subset['ports'], `${f}.ports`, { required: true });
    if (ports?.length === 0) issues.required(`${f}.ports`, 'at least one port');
    validatePorts(ports, `${f}.ports`, issues, true);
  });
}

/** Named checks of a discovery.k8s.io/v1 EndpointSlice (its schema says the types): addressType, addresses of that type, ports. */
export function validateEndpointSlice(obj: Obj, issues: FieldIssues): void {
  const addressType = issues.string(obj['addressType'], 'addressType', { required: true, allowed: Object.keys(ADDRESS_TYPES) });
  const format = addressType ? ADDRESS_TYPES[addressType] : undefined;
  const endpoints = issues.list(obj['endpoints'], 'endpoints');
  if (endpoints && endpoints.length > 1000) issues.invalid('endpoints', `${endpoints.length} endpoints`, 'must have at most 1000 items');
  endpoints?.forEach((entry, i) => {
    const f = itemOf('endpoints', i);
    const ep = issues.map(entry, f);
    if (!ep) return;
    const addresses = issues.list(ep['addresses'], `${f}.addresses`, { required: true });
    if (addresses && (addresses.length === 0 || addresses.length > MAX_SLICE_ITEMS)) {
      issues.invalid(`${f}.addresses`, `${addresses.length} addresses`, `must have 1 to ${MAX_SLICE_ITEMS} items`);
    }
    addresses?.forEach((a, j) => issues.string(a, itemOf(`${f}.addresses`, j), { required: true, format }));
    issues.string(ep['hostname'], `${f}.hostname`, { format: dns1123Label });
  });
  const ports = issues.list(obj['ports'], 'ports');
  if (ports && ports.length > MAX_SLICE_ITEMS) issues.invalid('ports', `${ports.length} ports`, `must have at most ${MAX_SLICE_ITEMS} items`);
  validatePorts(ports, 'ports', issues, false);
}

/** Validates an address list; returns how many entries it has (0 when absent or invalid). */
function validateAddresses(value: unknown, f: string, issues: FieldIssues): number {
  const list = issues.list(value, f);
  list?.forEach((entry, i) => {
    const af = itemOf(f, i);
    const a = issues.map(entry, af);
    if (!a) return;
    issues.string(a['ip'], `${af}.ip`, { required: true, format: ipAddress });
    issues.string(a['hostname'], `${af}.hostname`, { format: dns1123Label });
  });
  return list?.length ?? 0;
}

/** Endpoints ports need a port number; EndpointSlice ports may leave it null (meaning "all ports"). */
function validatePorts(ports: unknown[] | undefined, f: string, issues: FieldIssues, portRequired: boolean): void {
  const names = new Map<string, number>();
  ports?.forEach((entry, i) => {
    const pf = itemOf(f, i);
    const p = issues.map(entry, pf);
    if (!p) return;
    const name = issues.string(p['name'], `${pf}.name`, { required: portRequired && ports.length > 1, format: dns1123Label });
    if (name !== undefined) {
      const first = names.get(name);
      if (first !== undefined) issues.add(`${pf}.name`, 'FieldDuplicate', `duplicate port name "${name}" (also ${itemOf(f, first)})`);
      else names.set(name, i);
    }
    issues.port(p['port'], `${pf}.port`, { required: portRequired });
    issues.string(p['protocol'], `${pf}.protocol`, { allowed: PROTOCOLS });
  });
}
