import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { IsobarConfig, Snapshot } from '../../core/index.js';
import { build } from '../../test/fixtures/build.js';
import { endpoints, ingressV1, service, storeOf } from '../../test/fixtures/objects.js';
import { FILE_NAMES } from './file-config.js';
import { FileSink } from './file-sink.js';

function snapshot(backendIp: string): Snapshot {
  return build(
    storeOf([
      service('web', 'shop', [{ port: 80 }]),
      endpoints('web', 'shop', backendIp, [{ port: 8080 }]),
      ingressV1('web', 'shop', { rules: [{ host: 'shop.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'shop', port: { number: 80 } } } }] } }] }),
    ]),
  ).snapshot;
}

function sinkIn(t: { after(fn: () => void): void }): { sink: FileSink; dir: string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'isobar-file-sink-')), 'out');
  t.after(() => rmSync(join(dir, '..'), { recursive: true, force: true }));
  const config = { sinkStatic: { mode: 'files', directory: dir, envoyAdminPort: 9911, nodeId: 'files-1', nodeCluster: 'edge' } } as IsobarConfig;
  return { sink: new FileSink(config, pino({ level: 'silent' })), dir };
}

const read = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const inode = (dir: string, name: string) => statSync(join(dir, name)).ino;

describe('FileSink', () => {
  it('creates the directory and writes LDS, CDS and a bootstrap that watches them', async (t) => {
    const { sink, dir } = sinkIn(t);
    await sink.start();
    assert.deepEqual(readdirSync(dir), [], 'nothing before the first snapshot: Envoy must not start on empty files');
    const s = snapshot('10.0.0.1');
    sink.publish(s);
    assert.deepEqual(readdirSync(dir).sort(), ['bootstrap.json', 'cds.json', 'lds.json']);

    const lds = read(dir, FILE_NAMES.lds);
    assert.equal(lds.versionInfo, s.version);
    assert.equal(lds.typeUrl, 'type.googleapis.com/envoy.config.listener.v3.Listener');
    assert.deepEqual(lds.resources.map((r: { '@type': string; name: string }) => [r['@type'], r.name]), [['type.googleapis.com/envoy.config.listener.v3.Listener', 'ingress_http']]);
    const cds = read(dir, FILE_NAMES.cds);
    assert.equal(cds.resources[0].type, 'STATIC');
    assert.equal(cds.resources[0].loadAssignment.endpoints[0].lbEndpoints[0].endpoint.address.socketAddress.address, '10.0.0.1');

    const bootstrap = read(dir, FILE_NAMES.bootstrap);
    assert.deepEqual(bootstrap.node, { id: 'files-1', cluster: 'edge' });
    assert.deepEqual(bootstrap.admin.address.socketAddress, { address: '127.0.0.1', portValue: 9911 });
    for (const [key, file] of [['ldsConfig', 'lds.json'], ['cdsConfig', 'cds.json']] as const) {
      assert.deepEqual(bootstrap.dynamicResources[key], { pathConfigSource: { path: join(dir, file), watchedDirectory: { path: dir } }, resourceApiVersion: 'V3' });
    }
    assert.equal(bootstrap.staticResources, undefined);
    assert.deepEqual(sink.status(), { mode: 'files', directory: dir, writtenVersion: s.version, writes: 1 });
  });

  it('replaces only the files whose content changed, by rename', async (t) => {
    const { sink, dir } = sinkIn(t);
    await sink.start();
    sink.publish(snapshot('10.0.0.1'));
    const before = { lds: inode(dir, 'lds.json'), cds: inode(dir, 'cds.json'), bootstrap: inode(dir, 'bootstrap.json') };
    sink.publish(snapshot('10.0.0.1'));
    assert.deepEqual({ lds: inode(dir, 'lds.json'), cds: inode(dir, 'cds.json'), bootstrap: inode(dir, 'bootstrap.json') }, before, 'same content: no file touched');

    const next = snapshot('10.0.0.2');
    sink.publish(next);
    assert.notEqual(inode(dir, 'cds.json'), before.cds, 'new endpoints: cds.json replaced');
    assert.notEqual(inode(dir, 'lds.json'), before.lds, 'lds.json carries the new version');
    assert.equal(inode(dir, 'bootstrap.json'), before.bootstrap);
    assert.equal(read(dir, 'cds.json').resources[0].loadAssignment.endpoints[0].lbEndpoints[0].endpoint.address.socketAddress.address, '10.0.0.2');
    assert.deepEqual(readdirSync(dir).sort(), ['bootstrap.json', 'cds.json', 'lds.json'], 'no temp files');
  });

  it('keeps the last good files and reports the error when a write fails', async (t) => {
    const { sink, dir } = sinkIn(t);
    await sink.start();
    sink.publish(snapshot('10.0.0.1'));
    const good = sink.status().writtenVersion;
    rmSync(dir, { recursive: true });
    assert.doesNotThrow(() => sink.publish(snapshot('10.0.0.3')));
    assert.equal(sink.status().writtenVersion, good);
    assert.match(sink.status().lastError ?? '', /ENOENT/);
  });
});
