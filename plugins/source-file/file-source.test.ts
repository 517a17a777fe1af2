import assert from 'node:assert/strict';
import { unlink } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { pino } from 'pino';
import { ConfigId, KindRegistry, LoggerId, Source, type IsobarConfig } from '../../core/index.js';
import { FileSource } from './file-source.js';
import { makeDir, secretYaml, sleep, startSource } from '../../test/support/source-file/recording-connection.js';
import { plugin } from './source-file-module.js';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: fist
  namespace: sealyun
spec:
  ports:
  - name: http
    port: 8080
`;

// As written in the product's seed document (extensions/v1beta1, serviceName/servicePort).
const FIST_INGRESS = `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: fist-ingress
  namespace: sealyun                     # the Ingress lives in the Service's namespace
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /token
spec:
  rules:
  - http:
      paths:
      - path: /token
        backend:
          serviceName: fist
          servicePort: 8080
`;

const V1_INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - host: web.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: {number: 80}}
      - path: /api
        pathType: Prefix
        backend:
          service:
            name: api
            port:
              name: http
`;

describe('FileSource: loading', () => {
  it('loads several files, multi-document files and nested directories, then calls full once and synced', async () => {
    const dir = await makeDir({
      'sealyun.yaml': `${SERVICE}---\n${FIST_INGRESS}`,
      'teams/web/ingress.yml': V1_INGRESS,
      'teams/web/secrets/tls.json': JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls' }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'c', 'tls.key': 'k' } }),
      'README.md': '# not a manifest',
      '.hidden.yaml': secretYaml('hidden'),
      'sealyun.yaml~': secretYaml('backup'),
      '.git/objects.yaml': secretYaml('git'),
    });
    const fx = await startSource(dir);
    try {
      assert.deepEqual(fx.conn.calls.map((c) => c.type), ['full', 'synced']);
      assert.deepEqual(fx.conn.keys(), ['Ingress/default/web', 'Ingress/sealyun/fist-ingress', 'Secret/default/tls', 'Service/sealyun/fist']);
      const ingress = fx.conn.objects.get('Ingress/sealyun/fist-ingress')!;
      assert.deepEqual(ingress.origin.file, fx.file('sealyun.yaml'));
      assert.equal(ingress.origin.source, 'file');
      assert.equal(ingress.origin.line, 11);
      assert.equal(fx.conn.objects.get('Secret/default/tls')!.origin.file, fx.file('teams/web/secrets/tls.json'));
    } finally {
      await fx.close();
    }
  });

  it('delivers a v1beta1 Ingress exactly as written, and applies the default namespace', async () => {
    const fx = await startSource(await makeDir({ 'a.yaml': FIST_INGRESS, 'b.yaml': V1_INGRESS }));
    try {
      const { creationTimestamp, ...metadata } = fx.conn.objects.get('Ingress/sealyun/fist-ingress')!.object.metadata;
      assert.match(creationTimestamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'the time isobar first saw it');
      assert.deepEqual({ ...fx.conn.objects.get('Ingress/sealyun/fist-ingress')!.object, metadata }, {
        apiVersion: 'extensions/v1beta1',
        kind: 'Ingress',
        metadata: { name: 'fist-ingress', namespace: 'sealyun', annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/token' } },
        spec: { rules: [{ http: { paths: [{ path: '/token', backend: { serviceName: 'fist', servicePort: 8080 } }] } }] },
      });
      assert.equal(fx.conn.objects.get('Ingress/default/web')!.object.metadata.namespace, 'default');
    } finally {
      await fx.close();
    }
  });

  it('gives lineOf for nested fields of a delivered object', async () => {
    const fx = await startSource(await makeDir({ 'a.yaml': `${SERVICE}---\n${V1_INGRESS}` }));
    try {
      const origin = fx.conn.objects.get('Ingress/default/web')!.origin;
      assert.equal(origin.line, 11);
      assert.equal(origin.lineOf?.('spec.rules[0].host'), 17);
      assert.equal(origin.lineOf?.('spec.rules[0].http.paths[1]'), 24);
      assert.equal(origin.lineOf?.('spec.rules[0].http.paths[1].backend'), 26);
      assert.equal(origin.lineOf?.('spec.rules[0].http.paths[1].backend.service.port.name'), 30);
      assert.equal(origin.lineOf?.('spec.rules[0].http.paths[0].backend.service.port.number'), 23);
    } finally {
      await fx.close();
    }
  });

  it('delivers an object with an invalid field as invalid (file, line, field), with its siblings and other files', async () => {
    const bad = V1_INGRESS.replace('path: /api', 'path: api');
    const fx = await startSource(await makeDir({ 'bad.yaml': `${secretYaml('in-bad-file')}---\n${bad}`, 'good.yaml': secretYaml('good') }));
    try {
      assert.deepEqual(fx.conn.keys(), ['Ingress/default/web', 'Secret/default/good', 'Secret/default/in-bad-file']);
      assert.equal(fx.conn.objects.get('Secret/default/in-bad-file')!.origin.problems, undefined);
      assert.deepEqual(fx.conn.objects.get('Ingress/default/web')!.origin.problems, [
        {
          severity: 'error',
          file: fx.file('bad.yaml'),
          line: 23,
          reason: 'FieldInvalid',
          field: 'spec.rules[0].http.paths[1].path',
          message: `invalid value "api": must be an absolute path (start with '/')`,
        },
      ]);
      assert.deepEqual(fx.conn.calls.map((c) => c.type), ['full', 'synced'], 'no file-level problem');
    } finally {
      await fx.close();
    }
  });

  it('warns about kinds it does not use and applies the rest of the file', async () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: contour\n  namespace: heptio-contour\n';
    const fx = await startSource(await makeDir({ 'mixed.yaml': `${deployment}---\n${SERVICE}` }));
    try {
      assert.deepEqual(fx.conn.keys(), ['Service/sealyun/fist']);
      const [p] = fx.conn.problemsByScope.get(fx.file('mixed.yaml'))!;
      assert.deepEqual([p!.reason, p!.line, p!.object, p!.message], ['KindIgnored', 1, 'Deployment heptio-contour/contour', 'kind Deployment (apps/v1) is not used by isobar; ignored']);
    } finally {
      await fx.close();
    }
  });

  it('keeps a duplicate object with the first file in path order; the other file reports both and keeps its other objects', async () => {
    const fx = await startSource(await makeDir({ 'b.yaml': `${secretYaml('shared', 'b')}---\n${secretYaml('only-b')}`, 'a.yaml': secretYaml('shared', 'a') }));
    try {
      assert.deepEqual(fx.conn.keys(), ['Secret/default/only-b', 'Secret/default/shared']);
      assert.equal(fx.conn.objects.get('Secret/default/shared')!.origin.file, fx.file('a.yaml'));
      const problems = fx.conn.problemsByScope.get(fx.file('b.yaml'))!;
      assert.equal(problems.length, 1);
      assert.equal(problems[0]!.reason, 'DuplicateObject');
      assert.ok(problems[0]!.message.includes(fx.file('a.yaml')) && problems[0]!.message.includes(fx.file('b.yaml')), problems[0]!.message);
      assert.equal(fx.conn.problemsByScope.has(fx.file('a.yaml')), false);

      await unlink(fx.file('a.yaml'));
      await fx.conn.until('b.yaml to own the Secret', () => fx.conn.objects.get('Secret/default/shared')?.origin.file === fx.file('b.yaml'));
      await fx.conn.until('b.yaml problems cleared', () => !fx.conn.problemsByScope.has(fx.file('b.yaml')));
      assert.equal(fx.conn.objects.get('Secret/default/shared')!.object.metadata.labels?.['version'], 'b');
      assert.deepEqual(fx.conn.removedKeys(), [], 'the shared Secret was handed over, never removed');
    } finally {
      await fx.close();
    }
  });

  it('starts on a missing directory (empty, synced, a problem) and loads it when it appears', async () => {
    const parent = await makeDir();
    const dir = `${parent}/later`;
    const fx = await startSource(dir, { pollMs: 20, cleanup: parent });
    try {
      assert.deepEqual(fx.conn.calls.map((c) => c.type), ['full', 'problems', 'synced']);
      assert.equal(fx.conn.problemsByScope.get(dir)?.[0]?.reason, 'DirectoryMissing');
      await fx.write('x.yaml', secretYaml('late'));
      await fx.conn.until('the late Secret', () => fx.conn.objects.has('Secret/default/late'));
      await fx.conn.until('the directory problem cleared', () => !fx.conn.problemsByScope.has(dir));
    } finally {
      await fx.close();
    }
  });

  it('reports a problem with its file and line and leaves logging it to the status board (one line per problem)', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const fx = await startSource(await makeDir({ 'bad.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: [oops\n' }), { logger: pino({ level: 'info' }, stream) });
    try {
      await fx.conn.until('bad.yaml reported', () => fx.conn.problemsByScope.has(fx.file('bad.yaml')));
      const [problem] = fx.conn.problemsByScope.get(fx.file('bad.yaml'))!;
      assert.equal(problem!.reason, 'YamlSyntax');
      assert.equal(problem!.file, fx.file('bad.yaml'));
      assert.equal(typeof problem!.line, 'number');
      await sleep(20);
      assert.deepEqual(lines.filter((l) => l['reason'] === 'YamlSyntax' || String(l['msg']).includes('YAML syntax')), [], 'the source logged the problem itself');
    } finally {
      await fx.close();
    }
  });

  it('is bound as the Source by its plugin module', async () => {
    assert.deepEqual([plugin.id, plugin.kind], ['source-file', 'source']);
    const container = new Container();
    container.bind(ConfigId).toConstantValue({ sourceFile: { directory: '/nonexistent' }, ingress: { defaultNamespace: 'default' } } as unknown as IsobarConfig);
    container.bind(LoggerId).toConstantValue(pino({ level: 'silent' }));
    container.bind(KindRegistry).toSelf();
    await container.load(plugin.module);
    const source = container.get<Source>(Source);
    assert.ok(source instanceof FileSource);
    assert.equal(source.id, 'file');
  });
});
