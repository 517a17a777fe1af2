import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFile } from './file-loader.js';

const opts = { file: '/cfg/app.yaml', defaultNamespace: 'team' };

describe('loadFile', () => {
  it('applies the default namespace, and none to cluster-scoped IngressClass', () => {
    const load = loadFile(
      `apiVersion: v1
kind: Service
metadata: {name: s1}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: s2, namespace: other}
spec: {ports: [{port: 80}]}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: isobar, namespace: stray}
spec: {controller: example.com/isobar}
`,
      opts,
    );
    assert.equal(load.ok, true);
    assert.deepEqual(load.problems, []);
    assert.deepEqual(
      load.objects.map((o) => [o.key, o.line, o.sourced.object.metadata.namespace]),
      [
        ['Service/team/s1', 1, 'team'],
        ['Service/other/s2', 6, 'other'],
        ['IngressClass//isobar', 11, undefined],
      ],
    );
    assert.deepEqual(load.objects[2]!.label, 'IngressClass isobar');
  });

  it('delivers a v1beta1 Ingress as written (plus its namespace)', () => {
    const written = {
      apiVersion: 'extensions/v1beta1',
      kind: 'Ingress',
      metadata: { name: 'fist-ingress', annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/token' } },
      spec: { backend: { serviceName: 'fist', servicePort: 'http' }, rules: [{ http: { paths: [{ path: '/token', backend: { serviceName: 'fist', servicePort: 8080 } }] } }] },
    };
    const load = loadFile(JSON.stringify(written), opts);
    assert.equal(load.ok, true, JSON.stringify(load.problems));
    assert.deepEqual(load.objects[0]!.sourced.object, { ...written, metadata: { ...written.metadata, namespace: 'team' } });
    assert.equal(load.objects[0]!.sourced.origin.source, 'file');
    assert.equal(load.objects[0]!.sourced.origin.file, '/cfg/app.yaml');
  });

  it('reports an invalid field with file, line, object and field, and applies nothing of the file', () => {
    const load = loadFile(
      `apiVersion: v1
kind: Service
metadata: {name: s1}
spec: {ports: [{port: 80}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: s1, port: {number: 80}}}
      - path: /api
        pathType: Prefix
        backend:
          service:
            name: s1
            port:
              number: 99999
`,
      opts,
    );
    assert.equal(load.ok, false);
    assert.deepEqual(load.objects, []);
    assert.deepEqual(load.problems, [
      {
        source: 'file',
        file: '/cfg/app.yaml',
        line: 23,
        reason: 'FieldInvalid',
        object: 'Ingress team/web',
        field: 'spec.rules[0].http.paths[1].backend.service.port.number',
        message: 'Ingress team/web: spec.rules[0].http.paths[1].backend.service.port.number: invalid value 99999: must be between 1 and 65535, inclusive',
      },
    ]);
  });

  it('warns about kinds isobar does not use and still applies the rest', () => {
    const load = loadFile('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n', opts);
    assert.equal(load.ok, true);
    assert.deepEqual(load.objects.map((o) => o.key), ['Secret/team/s']);
    assert.deepEqual(load.problems, [
      { source: 'file', file: '/cfg/app.yaml', line: 1, reason: 'KindIgnored', object: 'Deployment team/d', message: 'kind Deployment (apps/v1) is not used by isobar; ignored' },
    ]);
  });

  it('expands kind: List, with lines and lineOf inside the items', () => {
    const load = loadFile(
      `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: a}
  spec:
    ports:
    - port: 80
- apiVersion: v1
  kind: Secret
  metadata: {name: b}
`,
      opts,
    );
    assert.equal(load.ok, true, JSON.stringify(load.problems));
    assert.deepEqual(load.objects.map((o) => [o.key, o.line]), [['Service/team/a', 4], ['Secret/team/b', 10]]);
    assert.equal(load.objects[0]!.sourced.origin.lineOf?.('spec.ports[0].port'), 9);
    const bad = loadFile('kind: List\napiVersion: v1\nitems:\n- kind: Service\n  apiVersion: v1\n  metadata: {name: a}\n  spec: {ports: [{port: -1}]}\n', opts);
    assert.equal(bad.ok, false);
    assert.deepEqual(bad.problems.map((p) => [p.line, p.field]), [[7, 'spec.ports[0].port']]);
  });

  it('rejects a List whose items are not a list', () => {
    const load = loadFile('apiVersion: v1\nkind: List\nitems: {a: 1}\n', opts);
    assert.equal(load.ok, false);
    assert.deepEqual(load.problems.map((p) => [p.reason, p.line, p.field]), [['FieldType', 3, 'items']]);
  });

  it('skips empty documents and an empty file', () => {
    assert.deepEqual(loadFile('', opts), { ok: true, objects: [], problems: [] });
    assert.deepEqual(loadFile('---\n# nothing\n---\n', opts), { ok: true, objects: [], problems: [] });
  });

  it('keeps the first of two definitions in one file and reports the second', () => {
    const load = loadFile('apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: team}\n', opts);
    assert.equal(load.ok, true);
    assert.deepEqual(load.objects.map((o) => o.line), [1]);
    assert.deepEqual(load.problems.map((p) => [p.reason, p.line, p.object]), [['DuplicateObject', 5, 'Secret team/s']]);
  });

  it('reports YAML syntax errors with their line', () => {
    const load = loadFile('apiVersion: v1\nkind: Secret\nmetadata:\n  name: [s\n', opts);
    assert.equal(load.ok, false);
    assert.equal(load.problems[0]!.reason, 'YamlSyntax');
    assert.equal(load.problems[0]!.file, '/cfg/app.yaml');
    assert.ok((load.problems[0]!.line ?? 0) >= 4, JSON.stringify(load.problems));
  });

  it('changes the fingerprint when positions move, not otherwise', () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n';
    const a = loadFile(text, opts).objects[0]!;
    const b = loadFile(text, opts).objects[0]!;
    const moved = loadFile('# moved\n' + text, opts).objects[0]!;
    const comment = loadFile('apiVersion: v1\n# x\nkind: Secret\nmetadata: {name: s}\n', opts).objects[0]!;
    assert.equal(a.fingerprint, b.fingerprint);
    assert.notEqual(a.fingerprint, moved.fingerprint);
    assert.notEqual(a.fingerprint, comment.fingerprint);
  });
});
