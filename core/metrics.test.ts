import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Metrics } from './metrics.js';
import { parseExposition, sampleValue, samplesOf } from '../test/support/metrics/prometheus-text.js';

describe('Metrics (prom-client facade)', () => {
  it('serves process and Node.js default metrics by default, and leaves them out when asked', async () => {
    const withDefaults = parseExposition(await new Metrics().text());
    assert.ok(samplesOf(withDefaults, 'process_cpu_seconds_total').length === 1);
    assert.ok(samplesOf(withDefaults, 'nodejs_heap_size_used_bytes').length === 1);
    const bare = new Metrics({ defaultMetrics: false });
    assert.deepEqual(parseExposition(await bare.text()).samples, []);
  });

  it('starts counters at 0 for every declared label value, before any event', async () => {
    const m = new Metrics({ defaultMetrics: false });
    const c = m.counter({ name: 't_events_total', help: 'Events.', labelNames: ['kind'], initial: [{ kind: 'a' }, { kind: 'b' }] });
    m.counter({ name: 't_plain_total', help: 'Plain.' });
    let exp = parseExposition(await m.text());
    assert.equal(exp.types.get('t_events_total'), 'counter');
    assert.equal(sampleValue(exp, 't_events_total', { kind: 'a' }), 0);
    assert.equal(sampleValue(exp, 't_events_total', { kind: 'b' }), 0);
    assert.equal(sampleValue(exp, 't_plain_total'), 0);
    c.inc({ kind: 'b' }, 2);
    exp = parseExposition(await m.text());
    assert.equal(sampleValue(exp, 't_events_total', { kind: 'b' }), 2);
  });

  it('escapes quote, backslash and newline in label values per the text format', async () => {
    const m = new Metrics({ defaultMetrics: false });
    const tricky = 'a"b\\c\nd';
    m.gauge({ name: 't_g', help: 'G.', labelNames: ['v'] }).set({ v: tricky }, 1);
    const text = await m.text();
    assert.match(text, /^t_g\{v="a\\"b\\\\c\\nd"\} 1$/m);
    assert.equal(sampleValue(parseExposition(text), 't_g', { v: tricky }), 1, 'the parser gets the original value back');
  });

  it('writes histogram buckets, sum and count, zeroed for declared labels', async () => {
    const m = new Metrics({ defaultMetrics: false });
    const h = m.histogram({ name: 't_seconds', help: 'H.', labelNames: ['kind'], buckets: [0.1, 1], initial: [{ kind: 'x' }] });
    let exp = parseExposition(await m.text());
    assert.equal(sampleValue(exp, 't_seconds_count', { kind: 'x' }), 0);
    h.observe({ kind: 'x' }, 0.5);
    exp = parseExposition(await m.text());
    assert.equal(sampleValue(exp, 't_seconds_bucket', { kind: 'x', le: '0.1' }), 0);
    assert.equal(sampleValue(exp, 't_seconds_bucket', { kind: 'x', le: '1' }), 1);
    assert.equal(sampleValue(exp, 't_seconds_bucket', { kind: 'x', le: '+Inf' }), 1);
    assert.equal(sampleValue(exp, 't_seconds_sum', { kind: 'x' }), 0.5);
    assert.equal(sampleValue(exp, 't_seconds_count', { kind: 'x' }), 1);
  });

  it('returns the same object when a metric is declared again, and names a conflicting declaration', () => {
    const m = new Metrics({ defaultMetrics: false });
    const a = m.counter({ name: 't_total', help: 'T.', labelNames: ['x'] });
    assert.equal(m.counter({ name: 't_total', help: 'T.', labelNames: ['x'] }), a);
    assert.throws(() => m.gauge({ name: 't_total', help: 'T.' }), /metric t_total is already declared as a counter with labels \[x\]; cannot declare it as a gauge/);
    assert.throws(() => m.counter({ name: 't_total', help: 'T.', labelNames: ['y'] }), /labels \[y\]/);
  });

  it('keeps each instance separate (one registry per App) and reads collect gauges on scrape', async () => {
    const one = new Metrics({ defaultMetrics: false });
    const two = new Metrics({ defaultMetrics: false });
    let size = 3;
    one.gauge({ name: 't_size', help: 'S.', collect: (g) => g.set(size) });
    two.gauge({ name: 't_size', help: 'S.' }).set(9);
    assert.equal(sampleValue(parseExposition(await one.text()), 't_size'), 3);
    size = 4;
    assert.equal(sampleValue(parseExposition(await one.text()), 't_size'), 4);
    assert.equal(sampleValue(parseExposition(await two.text()), 't_size'), 9);
    assert.match(one.contentType, /^text\/plain; version=0\.0\.4/);
  });
});
