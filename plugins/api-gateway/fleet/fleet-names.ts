import { shortHash } from '../../../core/index.js';

/**
 * The name of a Gateway's Deployment, Service and xDS Secret: `isobar-<gateway>`, kept within a DNS label
 * (63 characters, a Service name's limit) by a hash of the full name when the Gateway's name is long.
 */
export function fleetObjectName(gatewayName: string): string {
  const plain = `isobar-${gatewayName}`;
  if (plain.length <= 63) return plain;
  return `isobar-${gatewayName.slice(0, 46).replace(/-+$/, '')}-${shortHash(gatewayName, 8)}`;
}

/** The label that ties a Gateway's pods to its Service: a hash, since label values are limited too. */
export function fleetLabel(namespace: string, name: string): string {
  return shortHash(`${namespace}/${name}`, 16);
}
