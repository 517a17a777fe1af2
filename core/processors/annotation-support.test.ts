import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { build, routeConfig } from '../../test/fixtures/build.js';
import { endpoints, ingressV1, service, storeOf } from '../../test/fixtures/objects.js';
import type { K8sObject } from '../model/k8s-object.js';

const base: K8sObject[] = [service('team', 'web', [{ port: 80 }]), endpoints('team', 'web', '10.0.0.1', [{ port: 8080 }])];
const spec = { rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] };
const ingress = (annotations: Record<string, string>) => ingressV1('team', 'app', spec, annotations);
const ingressRoute = (annotations: Record<string, string>): K8sObject => ({
  apiVersion: 'contour.heptio.com/v1beta1',
  kind: 'IngressRoute',
  metadata: { name: 'app', namespace: 'team', annotations },
  spec: { virtualhost: { fqdn: 'b.example.com' }, routes: [{ match: '/', services: [{ name: 'web', port: 80 }] }] },
});

const NOT_ENFORCED = /^security annotation ".*" is not implemented by isobar: the restriction it asks for is NOT enforced, and this object's routes are served without it$/;
const IGNORED = /^annotation ".*" is not implemented by isobar; it is ignored$/;

/** [case, object, the annotation warned about (none: no warning), message] */
const cases: Array<[string, K8sObject, string | undefined, RegExp?]> = [
  ['Ingress: an unimplemented nginx annotation', ingress({ 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' }), 'nginx.ingress.kubernetes.io/proxy-body-size', IGNORED],
  ['Ingress: whitelist-source-range', ingress({ 'nginx.ingress.kubernetes.io/whitelist-source-range': '10.0.0.0/8' }), 'nginx.ingress.kubernetes.io/whitelist-source-range', NOT_ENFORCED],
  ['Ingress: allowlist-source-range', ingress({ 'nginx.ingress.kubernetes.io/allowlist-source-range': '10.0.0.0/8' }), 'nginx.ingress.kubernetes.io/allowlist-source-range', NOT_ENFORCED],
  ['Ingress: denylist-source-range', ingress({ 'nginx.ingress.kubernetes.io/denylist-source-range': '1.2.3.4/32' }), 'nginx.ingress.kubernetes.io/denylist-source-range', NOT_ENFORCED],
  ['Ingress: auth-url', ingress({ 'nginx.ingress.kubernetes.io/auth-url': 'https://auth/check' }), 'nginx.ingress.kubernetes.io/auth-url', NOT_ENFORCED],
  ['Ingress: auth-type', ingress({ 'nginx.ingress.kubernetes.io/auth-type': 'basic' }), 'nginx.ingress.kubernetes.io/auth-type', NOT_ENFORCED],
  ['Ingress: auth-tls-verify-client', ingress({ 'nginx.ingress.kubernetes.io/auth-tls-verify-client': 'on' }), 'nginx.ingress.kubernetes.io/auth-tls-verify-client', NOT_ENFORCED],
  ['Ingress: enable-modsecurity', ingress({ 'nginx.ingress.kubernetes.io/enable-modsecurity': 'true' }), 'nginx.ingress.kubernetes.io/enable-modsecurity', NOT_ENFORCED],
  ['Ingress: the older ingress.kubernetes.io/auth-secret', ingress({ 'ingress.kubernetes.io/auth-secret': 'htpasswd' }), 'ingress.kubernetes.io/auth-secret', NOT_ENFORCED],
  ['Ingress: nginx ssl-redirect (isobar reads ingress.kubernetes.io/force-ssl-redirect)', ingress({ 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' }), 'nginx.ingress.kubernetes.io/ssl-redirect', NOT_ENFORCED],
  ['Ingress: a projectcontour.io annotation', ingress({ 'projectcontour.io/websocket-routes': '/' }), 'projectcontour.io/websocket-routes', IGNORED],
  ['Ingress: projectcontour.io TLS minimum version', ingress({ 'projectcontour.io/tls-minimum-protocol-version': '1.3' }), 'projectcontour.io/tls-minimum-protocol-version', NOT_ENFORCED],
  ['Ingress: a kubernetes.io/ingress. annotation other than class and allow-http', ingress({ 'kubernetes.io/ingress.global-static-ip-name': 'ip' }), 'kubernetes.io/ingress.global-static-ip-name', IGNORED],
  ['Ingress: rewrite-target is implemented', ingress({ 'nginx.ingress.kubernetes.io/rewrite-target': '/x' }), undefined],
  ['Ingress: force-ssl-redirect and allow-http are implemented', ingress({ 'ingress.kubernetes.io/force-ssl-redirect': 'false', 'kubernetes.io/ingress.allow-http': 'true' }), undefined],
  ['Ingress: the class annotation is implemented', ingress({ 'kubernetes.io/ingress.class': 'isobar' }), undefined],
  ['Ingress: other prefixes are not isobar\'s', ingress({ 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'example.com/x': 'y', 'cert-manager.io/cluster-issuer': 'le' }), undefined],
  ['IngressRoute: a contour.heptio.com annotation', ingressRoute({ 'contour.heptio.com/request-timeout': '5s' }), 'contour.heptio.com/request-timeout', IGNORED],
  ['IngressRoute: rewrite-target is an Ingress annotation', ingressRoute({ 'nginx.ingress.kubernetes.io/rewrite-target': '/x' }), 'nginx.ingress.kubernetes.io/rewrite-target', IGNORED],
  ['IngressRoute: force-ssl-redirect is an Ingress annotation', ingressRoute({ 'ingress.kubernetes.io/force-ssl-redirect': 'true' }), 'ingress.kubernetes.io/force-ssl-redirect', NOT_ENFORCED],
  ['IngressRoute: projectcontour.io/ingress.class is implemented', ingressRoute({ 'projectcontour.io/ingress.class': 'isobar' }), undefined],
];

describe('unimplemented annotations', () => {
  for (const [name, obj, annotation, message] of cases) {
    it(name, () => {
      const result = build(storeOf([...base, obj]));
      const status = result.statuses.find((s) => s.ref.kind === obj.kind && s.ref.name === 'app');
      assert.ok(status, 'the object has a status');
      const warnings = status.conditions.filter((c) => c.reason === 'AnnotationNotSupported');
      if (!annotation) return assert.deepEqual(warnings, []);
      assert.equal(warnings.length, 1, JSON.stringify(status.conditions));
      const [w] = warnings;
      assert.deepEqual([w!.severity, w!.field], ['warning', `metadata.annotations["${annotation}"]`]);
      assert.ok(w!.message.includes(`"${annotation}"`), w!.message);
      assert.match(w!.message, message!);
      assert.equal(status.state, 'warning', 'served, with the warning');
    });
  }

  it('still serves the route that asks for an unenforced restriction, and names every annotation once, sorted', () => {
    const result = build(storeOf([...base, ingress({ 'nginx.ingress.kubernetes.io/whitelist-source-range': '10.0.0.0/8', 'nginx.ingress.kubernetes.io/auth-url': 'https://a' })]));
    const vh = routeConfig(result, 'ingress_http').virtualHosts.find((v) => v.domains[0] === 'a.example.com');
    assert.equal(vh?.routes.length, 1, 'the route is served (without the restriction, as the warning says)');
    const fields = result.statuses.find((s) => s.ref.name === 'app')!.conditions.map((c) => c.field);
    assert.deepEqual(fields, ['metadata.annotations["nginx.ingress.kubernetes.io/auth-url"]', 'metadata.annotations["nginx.ingress.kubernetes.io/whitelist-source-range"]']);
  });
});
