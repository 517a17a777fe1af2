import type { FieldIssues, Obj } from '../schema/field-issues.js';
import { itemOf } from '../schema/field-path.js';
import { dns1123Label, dns1123Subdomain, ianaServiceName, ipAddress } from '../schema/formats.js';

const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

/** Named checks of a v1 Service (its schema says the types): type, addresses, externalName, and the ports list. */
export function validateService(obj: Obj, issues: FieldIssues): void {
  const spec = issues.map(obj['spec'], 'spec', { required: true });
  if (!spec) return;
  const type = issues.string(spec['type'], 'spec.type', { allowed: SERVICE_TYPES }) ?? 'ClusterIP';
  const clusterIP = issues.string(spec['clusterIP'], 'spec.clusterIP', {
    format: (v) => (v === 'None' ? undefined : ipAddress(v)),
  });
  if (type === 'ExternalName') {
    const name = issues.string(spec['externalName'], 'spec.externalName', { required: true });
    if (name !== undefined) {
      const why = dns1123Subdomain(name.replace(/\.$/, ''));
      if (why) issues.invalid('spec.externalName', name, why);
    }
  }
  const ports = issues.list(spec['ports'], 'spec.ports');
  const portsOptional = type === 'ExternalName' || clusterIP === 'None';
  const noPorts = spec['ports'] === undefined || spec['ports'] === null || ports?.length === 0;
  if (!portsOptional && noPorts) {
    issues.required('spec.ports', 'a Service needs at least one port unless it is headless or ExternalName');
  }
  if (!ports) return;
  const names = new Map<string, number>();
  const portProtocols = new Map<string, number>();
  ports.forEach((entry, i) => {
    const f = itemOf('spec.ports', i);
    const p = issues.map(entry, f);
    if (!p) return;
    const name = issues.string(p['name'], `${f}.name`, { required: ports.length > 1, format: dns1123Label });
    if (name !== undefined) {
      const first = names.get(name);
      if (first !== undefined) issues.add(`${f}.name`, 'FieldDuplicate', `duplicate port name "${name}" (also spec.ports[${first}])`);
      else names.set(name, i);
    }
    const port = issues.port(p['port'], `${f}.port`, { required: true });
    const protocol = issues.string(p['protocol'], `${f}.protocol`, { allowed: PROTOCOLS }) ?? 'TCP';
    if (port !== undefined) {
      const key = `${port}/${protocol}`;
      const first = portProtocols.get(key);
      if (first !== undefined) issues.add(`${f}.port`, 'FieldDuplicate', `duplicate port ${key} (also spec.ports[${first}])`);
      else portProtocols.set(key, i);
    }
    issues.portOrName(p['targetPort'], `${f}.targetPort`, ianaServiceName);
    issues.int(p['nodePort'], `${f}.nodePort`, { min: 0, max: 65535 });
  });
}
