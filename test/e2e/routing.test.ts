/** Ingress v1 semantics through a real Envoy: hosts, wildcards, Exact vs Prefix, rewrite-target, default backend. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { startStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';

const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  defaultBackend:
    service: { name: fallback, port: { number: 80 } }
  rules:
  - host: shop.example.com
    http:
      paths:
      - { path: /cart, pathType: Exact, backend: { service: { name: exact, port: { name: web } } } }
      - { path: /cart, pathType: Prefix, backend: { service: { name: prefix, port: { number: 80 } } } }
  - host: "*.wild.example.com"
    http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: prefix, port: { number: 80 } } } }
`;

describe('routing', () => {
  it('routes by host, path type and wildcard, rewrites, and falls back to the default backend', async (t) => {
    const exact = await startEchoBackend('exact');
    const prefix = await startEchoBackend('prefix');
    const fallback = await startEchoBackend('fallback');
    t.after(() => Promise.all([exact.close(), prefix.close(), fallback.close()]));
    const stack = await startStack(t, {
      files: {
        'shop.yaml': ingress,
        'svc.yaml': [serviceYaml('shop', 'exact', 80, exact.port, 'web'), serviceYaml('shop', 'prefix', 80, prefix.port), serviceYaml('shop', 'fallback', 80, fallback.port)].join('---\n'),
      },
    });
    const hit = async (path: string, host: string) => {
      const r = await stack.get(path, { host });
      assert.equal(r.status, 200, `${host}${path}: ${r.status} ${r.body}`);
      const e = r.json<EchoReply>();
      return `${e.backend} ${e.path}`;
    };
    await eventually(() => hit('/cart', 'shop.example.com'));

    const cases: Array<[string, string, string]> = [
      ['shop.example.com', '/cart', 'exact /'],
      ['shop.example.com:8080', '/cart', 'exact /'],
      ['shop.example.com', '/cart/', 'prefix /'],
      ['shop.example.com', '/cart/items?id=3', 'prefix /items?id=3'],
      ['shop.example.com', '/cartoon', 'fallback /cartoon'],
      ['a.wild.example.com', '/x', 'prefix /x'],
      ['a.b.wild.example.com', '/x', 'fallback /x'],
      ['unknown.example.com', '/y', 'fallback /y'],
    ];
    for (const [host, path, want] of cases) assert.equal(await hit(path, host), want, `${host}${path}`);
  });
});
