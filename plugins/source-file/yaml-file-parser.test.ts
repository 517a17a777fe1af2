import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseYamlFile } from './yaml-file-parser.js';

const MULTI = `# a comment before the first document
apiVersion: v1
kind: Service
metadata:
  name: s1
---
---
# only a comment
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    example.com/flag: "on"
spec:
  rules:
  - host: a.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: s1
            port:
              number: 80
      - path: /api
        pathType: Exact
        backend:
          service: {name: s2, port: {number: 81}}
`;

describe('parseYamlFile', () => {
  const parsed = parseYamlFile(MULTI);
  const ingress = parsed.documents.find((d) => (d.value as { kind?: string } | null)?.kind === 'Ingress')!;

  it('returns every document with the line its content starts on', () => {
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      parsed.documents.map((d) => [d.index, d.line, d.value === null ? null : (d.value as { kind: string }).kind]),
      [
        [0, 2, 'Service'],
        [1, 6, null],
        [2, 7, null],
        [3, 10, 'Ingress'],
      ],
    );
  });

  const lines: Array<[string, number]> = [
    ['', 10],
    ['metadata.name', 13],
    ['spec.rules', 17],
    ['spec.rules[0]', 18],
    ['spec.rules[0].http.paths[0].backend.service.port.number', 27],
    ['spec.rules[0].http.paths[1]', 28],
    ['spec.rules[0].http.paths[1].backend', 30],
    // flow mappings: the same line
    ['spec.rules[0].http.paths[1].backend.service.port.number', 31],
    // keys with dots, in brackets or dotted
    ['metadata.annotations[example.com/flag]', 15],
    ['metadata.annotations["example.com/flag"]', 15],
    ['metadata.annotations.example.com/flag', 15],
    // missing fields: the deepest parent that exists
    ['spec.rules[0].http.paths[0].backend.service.port.name', 26],
    ['spec.rules[3].host', 17],
    ['spec.tls', 16],
  ];
  for (const [field, line] of lines) {
    it(`lineOf(${JSON.stringify(field)}) = ${line}`, () => assert.equal(ingress.lineOf(field), line));
  }

  it('reports syntax errors with their line, and no error-free documents count', () => {
    const bad = parseYamlFile('apiVersion: v1\nkind: Service\n---\nmetadata:\n  name: [a,\n  labels: {}\n');
    assert.ok(bad.errors.length > 0);
    assert.ok(bad.errors.every((e) => e.line >= 5), JSON.stringify(bad.errors));
    assert.match(bad.errors[0]!.message, /\S/);
    assert.doesNotMatch(bad.errors[0]!.message, /\n/);
  });

  it('reports duplicate keys', () => {
    const bad = parseYamlFile('a: 1\nb: 2\na: 3\n');
    assert.equal(bad.errors.length, 1);
    assert.equal(bad.errors[0]!.line, 3);
    assert.match(bad.errors[0]!.message, /unique/);
  });

  it('reads JSON, with lines', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } }, null, 2);
    const p = parseYamlFile(json);
    assert.deepEqual(p.errors, []);
    assert.equal((p.documents[0]!.value as { kind: string }).kind, 'Service');
    assert.equal(p.documents[0]!.lineOf('spec.ports[0].port'), 10);
  });

  it('resolves aliases but refuses alias bombs', () => {
    const ok = parseYamlFile('a: &x {p: 1}\nb: *x\n');
    assert.deepEqual(ok.documents[0]!.value, { a: { p: 1 }, b: { p: 1 } });
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const bomb = parseYamlFile(levels.join('\n') + '\n');
    assert.equal(bomb.documents.length, 0);
    assert.equal(bomb.errors.length, 1);
  });

  it('supports YAML merge keys, as Kubernetes YAML does', () => {
    const p = parseYamlFile('base: &b {port: 80, protocol: TCP}\nport: {<<: *b, port: 81}\n');
    assert.deepEqual(p.documents[0]!.value, { base: { port: 80, protocol: 'TCP' }, port: { port: 81, protocol: 'TCP' } });
  });

  it('gives the source text of a node, for change detection', () => {
    assert.equal(ingress.sourceText(['metadata', 'name']), 'web');
    assert.equal(ingress.sourceText(['nope']), '');
  });
});
