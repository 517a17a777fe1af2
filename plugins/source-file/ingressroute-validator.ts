import type { FieldIssues, Obj } from './field-issues.js';
import { fieldOf, itemOf } from './field-path.js';

/**
 * Structural checks of a contour.heptio.com/v1beta1 IngressRoute, as the CRD's OpenAPI schema would make
 * the API server do them: field types, integer ranges, the few required fields, and no unknown fields (a
 * misspelt `enableWebsocket` would otherwise be dropped without a word). What needs other objects or
 * judgement (does the Service exist, may this namespace be a root, is the delegation sound, is "1.4" a TLS
 * version) is the processor's, which reports it as a condition on the object.
 */
export function validateIngressRoute(obj: Obj, issues: FieldIssues): void {
  onlyKnown(obj, '', ['apiVersion', 'kind', 'metadata', 'spec', 'status'], issues);
  // status is written by the controller; a file copied from `kubectl get -o yaml` may carry it.
  issues.map(obj['status'], 'status');
  const spec = issues.map(obj['spec'], 'spec', { required: true });
  if (!spec) return;
  onlyKnown(spec, 'spec', ['virtualhost', 'routes', 'tcpproxy'], issues);
  virtualHost(spec['virtualhost'], 'spec.virtualhost', issues);
  issues.list(spec['routes'], 'spec.routes')?.forEach((r, i) => route(r, itemOf('spec.routes', i), issues));
  const tcp = issues.map(spec['tcpproxy'], 'spec.tcpproxy');
  if (tcp) {
    onlyKnown(tcp, 'spec.tcpproxy', ['services', 'delegate'], issues);
    services(tcp['services'], 'spec.tcpproxy.services', issues);
    delegate(tcp['delegate'], 'spec.tcpproxy.delegate', issues);
  }
}

function virtualHost(value: unknown, f: string, issues: FieldIssues): void {
  const vh = issues.map(value, f);
  if (!vh) return;
  onlyKnown(vh, f, ['fqdn', 'tls'], issues);
  issues.string(vh['fqdn'], `${f}.fqdn`, { required: true });
  const tls = issues.map(vh['tls'], `${f}.tls`);
  if (!tls) return;
  onlyKnown(tls, `${f}.tls`, ['secretName', 'minimumProtocolVersion', 'passthrough'], issues);
  issues.string(tls['secretName'], `${f}.tls.secretName`);
  issues.string(tls['minimumProtocolVersion'], `${f}.tls.minimumProtocolVersion`);
  issues.bool(tls['passthrough'], `${f}.tls.passthrough`);
}

const ROUTE_FIELDS = ['match', 'services', 'delegate', 'enableWebsockets', 'permitInsecure', 'prefixRewrite', 'timeoutPolicy', 'retryPolicy'];

function route(value: unknown, f: string, issues: FieldIssues): void {
  const r = issues.map(value, f);
  if (!r) return;
  onlyKnown(r, f, ROUTE_FIELDS, issues);
  issues.string(r['match'], `${f}.match`, { required: true });
  services(r['services'], `${f}.services`, issues);
  delegate(r['delegate'], `${f}.delegate`, issues);
  issues.bool(r['enableWebsockets'], `${f}.enableWebsockets`);
  issues.bool(r['permitInsecure'], `${f}.permitInsecure`);
  issues.string(r['prefixRewrite'], `${f}.prefixRewrite`);
  const timeout = issues.map(r['timeoutPolicy'], `${f}.timeoutPolicy`);
  if (timeout) {
    onlyKnown(timeout, `${f}.timeoutPolicy`, ['request'], issues);
    issues.string(timeout['request'], `${f}.timeoutPolicy.request`);
  }
  const retry = issues.map(r['retryPolicy'], `${f}.retryPolicy`);
  if (retry) {
    onlyKnown(retry, `${f}.retryPolicy`, ['count', 'perTryTimeout'], issues);
    issues.int(retry['count'], `${f}.retryPolicy.count`, { min: 0 });
    issues.string(retry['perTryTimeout'], `${f}.retryPolicy.perTryTimeout`);
  }
}

function services(value: unknown, f: string, issues: FieldIssues): void {
  issues.list(value, f)?.forEach((entry, i) => {
    const sf = itemOf(f, i);
    const s = issues.map(entry, sf);
    if (!s) return;
    onlyKnown(s, sf, ['name', 'port', 'weight', 'strategy', 'healthCheck'], issues);
    issues.string(s['name'], `${sf}.name`, { required: true });
    issues.port(s['port'], `${sf}.port`, { required: true });
    issues.int(s['weight'], `${sf}.weight`, { min: 0 });
    issues.string(s['strategy'], `${sf}.strategy`);
    healthCheck(s['healthCheck'], `${sf}.healthCheck`, issues);
  });
}

function healthCheck(value: unknown, f: string, issues: FieldIssues): void {
  const hc = issues.map(value, f);
  if (!hc) return;
  onlyKnown(hc, f, ['path', 'host', 'intervalSeconds', 'timeoutSeconds', 'unhealthyThresholdCount', 'healthyThresholdCount'], issues);
  issues.string(hc['path'], `${f}.path`);
  issues.string(hc['host'], `${f}.host`);
  issues.int(hc['intervalSeconds'], `${f}.intervalSeconds`);
  issues.int(hc['timeoutSeconds'], `${f}.timeoutSeconds`);
  // The two counts are uint32 in Contour's types: a negative count cannot even be decoded.
  issues.int(hc['unhealthyThresholdCount'], `${f}.unhealthyThresholdCount`, { min: 0 });
  issues.int(hc['healthyThresholdCount'], `${f}.healthyThresholdCount`, { min: 0 });
}

function delegate(value: unknown, f: string, issues: FieldIssues): void {
  const d = issues.map(value, f);
  if (!d) return;
  onlyKnown(d, f, ['name', 'namespace'], issues);
  issues.string(d['name'], `${f}.name`, { required: true });
  issues.string(d['namespace'], `${f}.namespace`);
}

/** Reports every key of `m` outside `known`, naming the fields that are allowed there. */
function onlyKnown(m: Obj, base: string, known: readonly string[], issues: FieldIssues): void {
  for (const key of Object.keys(m)) {
    if (!known.includes(key)) issues.unknown(fieldOf(base, key), `${base || 'an IngressRoute'} allows ${known.join(', ')}`);
  }
}
