import { ANY, itemOf, listOf, type FieldIssues, type MapShape, type Obj } from '../../core/index.js';

/**
 * Structural checks of a contour.heptio.com/v1beta1 IngressRoute, as the CRD's OpenAPI schema would make
 * the API server do them: field types, integer ranges, the few required fields. Unknown fields (a misspelt
 * `enableWebsocket` would otherwise be dropped without a word) are found from INGRESSROUTE_FIELDS. What needs
 * other objects or judgement (does the Service exist, may this namespace be a root, is the delegation sound, is "1.4" a TLS
 * version) is the processor's, which reports it as a condition on the object.
 */
export function validateIngressRoute(obj: Obj, issues: FieldIssues): void {
  const spec = issues.map(obj['spec'], 'spec', { required: true });
  if (!spec) return;
  virtualHost(spec['virtualhost'], 'spec.virtualhost', issues);
  issues.list(spec['routes'], 'spec.routes')?.forEach((r, i) => route(r, itemOf('spec.routes', i), issues));
  const tcp = issues.map(spec['tcpproxy'], 'spec.tcpproxy');
  if (tcp) {
    services(tcp['services'], 'spec.tcpproxy.services', issues);
    delegate(tcp['delegate'], 'spec.tcpproxy.delegate', issues);
  }
}

function virtualHost(value: unknown, f: string, issues: FieldIssues): void {
  const vh = issues.map(value, f);
  if (!vh) return;
  issues.string(vh['fqdn'], `${f}.fqdn`, { required: true });
  const tls = issues.map(vh['tls'], `${f}.tls`);
  if (!tls) return;
  issues.string(tls['secretName'], `${f}.tls.secretName`);
  issues.string(tls['minimumProtocolVersion'], `${f}.tls.minimumProtocolVersion`);
  issues.bool(tls['passthrough'], `${f}.tls.passthrough`);
}

function route(value: unknown, f: string, issues: FieldIssues): void {
  const r = issues.map(value, f);
  if (!r) return;
  issues.string(r['match'], `${f}.match`, { required: true });
  services(r['services'], `${f}.services`, issues);
  delegate(r['delegate'], `${f}.delegate`, issues);
  issues.bool(r['enableWebsockets'], `${f}.enableWebsockets`);
  issues.bool(r['permitInsecure'], `${f}.permitInsecure`);
  issues.string(r['prefixRewrite'], `${f}.prefixRewrite`);
  const timeout = issues.map(r['timeoutPolicy'], `${f}.timeoutPolicy`);
  if (timeout) issues.string(timeout['request'], `${f}.timeoutPolicy.request`);
  const retry = issues.map(r['retryPolicy'], `${f}.retryPolicy`);
  if (retry) {
    issues.int(retry['count'], `${f}.retryPolicy.count`, { min: 0 });
    issues.string(retry['perTryTimeout'], `${f}.retryPolicy.perTryTimeout`);
  }
}

function services(value: unknown, f: string, issues: FieldIssues): void {
  issues.list(value, f)?.forEach((entry, i) => {
    const sf = itemOf(f, i);
    const s = issues.map(entry, sf);
    if (!s) return;
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
  issues.string(d['name'], `${f}.name`, { required: true });
  issues.string(d['namespace'], `${f}.namespace`);
}

const DELEGATE_FIELDS: MapShape = { name: ANY, namespace: ANY };
const HEALTH_CHECK_FIELDS: MapShape = { path: ANY, host: ANY, intervalSeconds: ANY, timeoutSeconds: ANY, unhealthyThresholdCount: ANY, healthyThresholdCount: ANY };
const SERVICES = listOf({ name: ANY, port: ANY, weight: ANY, strategy: ANY, healthCheck: HEALTH_CHECK_FIELDS });

/** The fields of the IngressRoute CRD's schema. */
export const INGRESSROUTE_FIELDS: MapShape = {
  spec: {
    virtualhost: { fqdn: ANY, tls: { secretName: ANY, minimumProtocolVersion: ANY, passthrough: ANY } },
    routes: listOf({
      match: ANY,
      services: SERVICES,
      delegate: DELEGATE_FIELDS,
      enableWebsockets: ANY,
      permitInsecure: ANY,
      prefixRewrite: ANY,
      timeoutPolicy: { request: ANY },
      retryPolicy: { count: ANY, perTryTimeout: ANY },
    }),
    tcpproxy: { services: SERVICES, delegate: DELEGATE_FIELDS },
  },
};
