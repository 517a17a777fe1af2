import { redactSecrets, TypeUrl } from '../../core/index.js';
import { anyToProtoJson, type JsonObject, type JsonValue } from '../../plugins/sink-static/proto-json.js';
import type { XdsUpdate } from './xds-client.js';

/** The five types `isobar xds` asks for, by the short name operators use. */
export const XDS_TYPES = {
  lds: TypeUrl.Listener,
  rds: TypeUrl.RouteConfiguration,
  cds: TypeUrl.Cluster,
  eds: TypeUrl.ClusterLoadAssignment,
  sds: TypeUrl.Secret,
} as const;
export type XdsTypeName = keyof typeof XDS_TYPES;

export function isXdsTypeName(s: string): s is XdsTypeName {
  return Object.hasOwn(XDS_TYPES, s);
}

/** One response as printed with --json (one line each), and the basis of the text form. */
export interface PrintedUpdate {
  type: string;
  typeUrl: string;
  version: string;
  nonce: string;
  resources: JsonObject[];
  removed?: string[];
}

export function printable(label: string, update: XdsUpdate): PrintedUpdate {
  const out: PrintedUpdate = {
    type: label,
    typeUrl: update.typeUrl,
    version: update.version,
    nonce: update.nonce,
    resources: update.resources.map((r) => anyToProtoJson(r.resource)),
  };
  if (update.removed.length > 0) out.removed = update.removed;
  return out;
}

/**
 * What is printed: private keys (inline TLS keys, session ticket keys, generic secrets, any PEM private
 * key in a string) replaced by a note pointing at --show-secrets, unless `showSecrets`.
 */
export function shown(p: PrintedUpdate, showSecrets: boolean): PrintedUpdate {
  return showSecrets ? p : { ...p, resources: redactSecrets(p.resources) };
}

/** Text form: a comment line with version and nonce, then each resource as indented Envoy JSON. */
export function renderText(p: PrintedUpdate): string {
  const removed = p.removed ? ` removed=${p.removed.join(',')}` : '';
  const head = `# ${p.type.toUpperCase()} version=${p.version} nonce=${p.nonce} resources=${p.resources.length}${removed}\n`;
  return head + p.resources.map((r) => JSON.stringify(r, null, 2) + '\n').join('');
}

export function renderJson(p: PrintedUpdate): string {
  return JSON.stringify(p) + '\n';
}

/**
 * The names of `type` that the resources of a response refer to, the way Envoy finds them: EDS from
 * EDS clusters (service_name, else the cluster name), RDS from HTTP connection managers' `rds`, SDS
 * from any SDS secret config (listener or cluster TLS contexts). Works on the Envoy JSON, so every Any
 * at any depth is already unpacked.
 */
export function referencedNames(type: 'eds' | 'rds' | 'sds', resources: readonly JsonObject[]): string[] {
  const names = new Set<string>();
  for (const r of resources) {
    if (type === 'eds') {
      if (r['type'] !== 'EDS') continue;
      const eds = r['edsClusterConfig'] as JsonObject | undefined;
      const service = typeof eds?.['serviceName'] === 'string' ? eds['serviceName'] : '';
      names.add(service || String(r['name']));
    } else {
      walk(r, (o) => {
        if (type === 'rds' && isObject(o['rds']) && typeof o['rds']['routeConfigName'] === 'string') names.add(o['rds']['routeConfigName']);
        if (type === 'sds' && 'sdsConfig' in o && typeof o['name'] === 'string') names.add(o['name']);
      });
    }
  }
  return [...names].sort();
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function walk(v: JsonValue, visit: (o: JsonObject) => void): void {
  if (Array.isArray(v)) for (const item of v) walk(item, visit);
  else if (isObject(v)) {
    visit(v);
    for (const child of Object.values(v)) walk(child, visit);
  }
}
