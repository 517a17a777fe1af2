import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseExposition, sampleValue, samplesOf } from './prometheus-text.js';

describe('parseExposition (test support)', () => {
  it('reads families, labels with escapes, and special values', () => {
    const exp = parseExposition(
      [
        '# HELP a_total Things.',
        '# TYPE a_total counter',
        'a_total{k="x\\"y\\\\z\\nw",j="2"} 3',
        'a_total 0',
        'h_bucket{le="+Inf"} 7',
        'g NaN',
        '',
      ].join('\n'),
    );
    assert.equal(exp.types.get('a_total'), 'counter');
    assert.equal(exp.help.get('a_total'), 'Things.');
    assert.equal(sampleValue(exp, 'a_total', { k: 'x"y\\z\nw' }), 3);
    assert.equal(samplesOf(exp, 'a_total').length, 2);
    assert.equal(sampleValue(exp, 'h_bucket', { le: '+Inf' }), 7);
    assert.ok(Number.isNaN(sampleValue(exp, 'g')));
  });

  it('names the line of a malformed sample', () => {
    assert.throws(() => parseExposition('ok 1\nbad{k="v} 1'), /metrics line 2: unterminated value of label k/);
    assert.throws(() => parseExposition('x{k="\\t"} 1'), /bad escape/);
  });
});
