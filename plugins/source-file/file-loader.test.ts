import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFile } from './file-loader.js';
import { defaultKinds } from '../../test/fixtures/routing-processors.js';

const KINDS = defaultKinds();

const opts = { file: '/cfg/app.yaml', defaultNamespace: 'team', kinds: KINDS };

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

  it('delivers an object that breaks its schema as invalid, with file, line and field, and its sibling as valid', () => {
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
    assert.equal(load.ok, true);
    assert.deepEqual(load.problems, [], 'the problem is the object\'s, not the file\'s');
    assert.deepEqual(load.objects.map((o) => [o.key, o.sourced.origin.problems]), [
      ['Service/team/s1', undefined],
      [
        'Ingress/team/web',
        [
          {
            severity: 'error',
            reason: 'FieldInvalid',
            message: 'invalid value 99999: must be between 1 and 65535, inclusive',
            field: 'spec.rules[0].http.paths[1].backend.service.port.number',
            file: '/cfg/app.yaml',
            line: 23,
          },
        ],
      ],
    ]);
  });

  // One bad object never keeps its siblings out: each row is a multi-document file with a good Secret and one broken object.
  const SIBLING = 'apiVersion: v1\nkind: Secret\nmetadata: {name: good}\n---\n';
  const badObjects: Array<[string, string, { key?: string; reason: string; field: string; line: number }]> = [
    ['a Service port out of range', 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 70000}]\n', { key: 'Service/team/s', reason: 'FieldInvalid', field: 'spec.ports[0].port', line: 9 }],
    ['an IngressRoute port as a word', 'apiVersion: contour.heptio.com/v1beta1\nkind: IngressRoute\nmetadata: {name: r}\nspec:\n  routes: [{match: /, services: [{name: s, port: eighty}]}]\n', { key: 'IngressRoute/team/r', reason: 'FieldType', field: 'spec.routes[0].services[0].port', line: 9 }],
    ['an unknown Ingress field', 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: w}\nspec:\n  rulez: []\n', { key: 'Ingress/team/w', reason: 'FieldUnknown', field: 'spec.rulez', line: 9 }],
    ['an unsupported apiVersion of a known kind', 'apiVersion: networking.k8s.io/v2\nkind: Ingress\nmetadata: {name: w}\nspec: {}\n', { key: 'Ingress/team/w', reason: 'FieldNotSupported', field: 'apiVersion', line: 5 }],
    // No name: not an object core could hold, so a problem of the file; the sibling still applies.
    ['an object without a name', 'apiVersion: v1\nkind: Secret\nmetadata: {labels: {a: b}}\n', { reason: 'FieldRequired', field: 'metadata.name', line: 7 }],
    ['a document that is not a map', '- just\n- a list\n', { reason: 'FieldType', field: '', line: 5 }],
  ];
  for (const [name, bad, want] of badObjects) {
    it(`serves the sibling of ${name}`, () => {
      const load = loadFile(SIBLING + bad, opts);
      assert.equal(load.ok, true);
      const good = load.objects.find((o) => o.key === 'Secret/team/good');
      assert.ok(good, 'the sibling is delivered');
      assert.equal(good.sourced.origin.problems, undefined);
      if (want.key) {
        const o = load.objects.find((x) => x.key === want.key);
        assert.ok(o, `${want.key} delivered: ${JSON.stringify(load.problems)}`);
        const c = o.sourced.origin.problems?.find((x) => x.field === want.field);
        assert.ok(c, JSON.stringify(o.sourced.origin.problems));
        assert.deepEqual([c.severity, c.reason, c.line, c.file], ['error', want.reason, want.line, '/cfg/app.yaml']);
        assert.deepEqual(load.problems, []);
      } else {
        assert.equal(load.objects.length, 1);
        assert.deepEqual(load.problems.map((p) => [p.reason, p.field ?? '', p.line]), [[want.reason, want.field, want.line]]);
      }
    });
  }

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
    assert.deepEqual(bad.objects[0]!.sourced.origin.problems?.map((p) => [p.line, p.field]), [[7, 'spec.ports[0].port']]);
  });

  it('rejects a List whose items are not a list, and still applies the other documents', () => {
    const load = loadFile('apiVersion: v1\nkind: List\nitems: {a: 1}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n', opts);
    assert.equal(load.ok, true);
    assert.deepEqual(load.objects.map((o) => o.key), ['Secret/team/s']);
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
