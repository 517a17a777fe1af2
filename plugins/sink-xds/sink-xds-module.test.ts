import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { ConfigId, LoggerId, Sink } from '../../core/index.js';
import { plugin } from './sink-xds-module.js';
import { XdsSink } from './xds-sink.js';
import { capturingLogger, testConfig } from '../../test/support/sink-xds/xds-test-harness.js';

describe('sink-xds plugin', () => {
  it('declares itself and binds one XdsSink into the Sink point', async () => {
    assert.deepEqual([plugin.id, plugin.kind], ['sink-xds', 'sink']);
    const container = new Container();
    container.bind(ConfigId).toConstantValue(testConfig);
    container.bind(LoggerId).toConstantValue(capturingLogger([]));
    await container.load(plugin.module);
    const sinks = container.getAll<Sink>(Sink);
    assert.equal(sinks.length, 1);
    assert.ok(sinks[0] instanceof XdsSink);
    assert.equal(sinks[0], container.get(XdsSink), 'a singleton');
    assert.equal(sinks[0]!.id, 'sink-xds');
  });
});
