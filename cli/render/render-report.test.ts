import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderReport } from './render-report.js';

const ref = (kind: string, name: string) => ({ kind, namespace: 'web', name });

describe('renderReport', () => {
  it('counts refused and orphaned objects and unreadable files as left out, warnings not', () => {
    const r = renderReport(
      [
        { ref: ref('IngressRoute', 'child'), state: 'orphaned', conditions: [] },
        { ref: ref('Ingress', 'b'), state: 'warning', conditions: [{ severity: 'warning', reason: 'ServiceNotFound', message: 'no Service', field: 'spec.backend' }] },
        { ref: ref('Ingress', 'a'), state: 'valid', conditions: [] },
      ],
      [
        { source: 'source-k8s', object: 'IngressRoute', severity: 'warning', reason: 'KindNotServed', message: 'CRD missing' },
        { source: 'source-file', file: '/d/x.yaml', line: 3, reason: 'YamlSyntax', message: 'bad' },
      ],
    );
    assert.equal(r.leftOut, 2);
    assert.equal(r.warnings, 2);
    assert.deepEqual(r.text.split('\n'), [
      '3 object(s): 1 ok, 1 with warnings, 0 refused, 1 orphaned; 2 source problem(s)',
      '  ok        Ingress web/a',
      '  warning   Ingress web/b: ServiceNotFound: no Service (spec.backend)',
      '  orphaned  IngressRoute web/child: no root delegates to it, so nothing serves it',
      '  warning   IngressRoute: KindNotServed: CRD missing',
      '  not read  /d/x.yaml:3: YamlSyntax: bad',
      '',
    ]);
  });

  it('is empty of problems for a clean input', () => {
    const r = renderReport([{ ref: ref('Ingress', 'a'), state: 'valid', conditions: [] }], []);
    assert.equal(r.leftOut, 0);
    assert.equal(r.text, '1 object(s): 1 ok, 0 with warnings, 0 refused, 0 orphaned; 0 source problem(s)\n  ok        Ingress web/a\n');
  });
});
