/**
 * xDS over mutual TLS, as in a cluster: `isobar certgen` makes the certificates, isobar serves xDS with
 * xds.tls, and a real Envoy bootstrapped by `isobar bootstrap --xds-ca/--xds-cert/--xds-key` gets its
 * config over TLS and routes traffic. Clients without a certificate from that CA get nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { TypeUrl } from '../../core/index.js';
import { createCertificateAuthority } from '../../core/pki/certificate-authority.js';
import { createBootstrapCommand } from '../../cli/commands/bootstrap-command.js';
import { createCertgenCommand } from '../../cli/commands/certgen-command.js';
import { startEchoBackend, type EchoBackend, type EchoReply } from './harness/echo-backend.js';
import { startEnvoy } from './harness/envoy-process.js';
import { eventually } from './harness/eventually.js';
import { startStack, type IsobarStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';
import { createTempDir, type TempDir } from './harness/temp-dir.js';
import { probeAds } from './harness/xds-probe.js';

const ingress = (path: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: secure, namespace: team }
spec:
  rules:
  - host: mtls.example.com
    http:
      paths:
      - { path: ${path}, pathType: Prefix, backend: { service: { name: echo, port: { number: 80 } } } }
`;

/** `isobar bootstrap` with Envoy's client certificate from `certs`, as an init container would run it. */
async function bootstrapFile(certs: TempDir, xdsPort: number, nodeId: string, extra: string[] = []): Promise<string> {
  const file = certs.file(`${nodeId}.json`);
  let stderr = '';
  const command = createBootstrapCommand({ out: () => {}, err: (text) => (stderr += text) });
  const tls = ['--xds-ca', certs.file('ca.crt'), '--xds-cert', certs.file('envoy.crt'), '--xds-key', certs.file('envoy.key')];
  assert.equal(await command.run([file, '--xds-port', String(xdsPort), '--admin-port', '0', '--node-id', nodeId, ...tls, ...extra]), 0, stderr);
  return file;
}

/** One Envoy stat, e.g. cluster.isobar.ssl.handshake (0 when Envoy has not created it). */
async function stat(stack: IsobarStack | { envoy: IsobarStack['envoy'] }, name: string): Promise<number> {
  const body = (await stack.envoy.admin(`/stats?filter=^${name.replaceAll('.', '\\.')}$`)).body;
  return Number(/: (\d+)/.exec(body)?.[1] ?? 0);
}

describe('xDS over mutual TLS', () => {
  let certs: TempDir;
  let backend: EchoBackend;
  let stack: IsobarStack;
  const cleanups: Array<() => unknown> = [];

  before(async () => {
    certs = await createTempDir('isobar-mtls-');
    cleanups.push(() => certs.remove());
    let stderr = '';
    const certgen = createCertgenCommand({ out: () => {}, err: (text) => (stderr += text) });
    assert.equal(await certgen.run(['--out-dir', certs.path, '--valid-days', '1']), 0, stderr);
    backend = await startEchoBackend('echo');
    cleanups.push(() => backend.close());
    stack = await startStack(
      { after: (fn) => cleanups.push(fn) },
      {
        files: { 'app.yaml': [ingress('/'), serviceYaml('team', 'echo', 80, backend.port)].join('---\n') },
        config: { 'xds.tls.caFile': certs.file('ca.crt'), 'xds.tls.certFile': certs.file('isobar.crt'), 'xds.tls.keyFile': certs.file('isobar.key') },
        bootstrap: (xdsPort) => bootstrapFile(certs, xdsPort, 'mtls-envoy'),
      },
    );
  });

  after(async () => {
    for (const fn of cleanups.reverse()) await fn();
  });

  it('Envoy gets its config over mutual TLS and routes to the backend, and follows changes', async () => {
    // startStack waited for Envoy's /ready: listeners and clusters arrived, over the TLS cluster.
    const bootstrap = JSON.parse(readFileSync(certs.file('mtls-envoy.json'), 'utf8'));
    assert.equal(bootstrap.staticResources.clusters[0].transportSocket.name, 'envoy.transport_sockets.tls');
    assert.ok((await stat(stack, 'cluster.isobar.ssl.handshake')) >= 1, 'Envoy made a TLS handshake with isobar');
    const reply = await eventually(async () => {
      const r = await stack.get('/hello', { host: 'mtls.example.com' });
      assert.equal(r.status, 200, r.body);
      return r.json<EchoReply>();
    });
    assert.deepEqual([reply.backend, reply.path], ['echo', '/hello']);
    const xds = (await stack.status()).sinks['sink-xds'] as unknown as { streamDetails: Array<{ node: string; protocol: string }> };
    assert.ok(xds.streamDetails.some((s) => s.node === 'mtls-envoy' && s.protocol === 'ADS'), JSON.stringify(xds.streamDetails));

    await stack.write('app.yaml', [ingress('/v2'), serviceYaml('team', 'echo', 80, backend.port)].join('---\n'));
    await eventually(async () => assert.equal((await stack.get('/hello', { host: 'mtls.example.com' })).status, 404));
    assert.equal((await stack.get('/v2/x', { host: 'mtls.example.com' })).status, 200);
  });

  it('serves an xDS client holding a certificate from the CA', async () => {
    const creds = grpc.credentials.createSsl(readFileSync(certs.file('ca.crt')), readFileSync(certs.file('envoy.key')), readFileSync(certs.file('envoy.crt')));
    const result = await probeAds(stack.xdsPort, creds);
    assert.equal(result.answered && result.typeUrl, TypeUrl.Cluster, JSON.stringify(result));
  });

  const refused: Array<[string, () => grpc.ChannelCredentials]> = [
    ['a plaintext client', () => grpc.credentials.createInsecure()],
    ['a TLS client without a certificate', () => grpc.credentials.createSsl(readFileSync(certs.file('ca.crt')))],
    [
      'a client certificate from another CA',
      () => {
        const other = createCertificateAuthority().issueClientCertificate('envoy');
        return grpc.credentials.createSsl(readFileSync(certs.file('ca.crt')), Buffer.from(other.keyPem), Buffer.from(other.certPem));
      },
    ],
  ];
  for (const [name, credentials] of refused) {
    it(`refuses ${name}`, async () => {
      const result = await probeAds(stack.xdsPort, credentials());
      assert.deepEqual([result.answered, !result.answered && result.code], [false, grpc.status.UNAVAILABLE], JSON.stringify(result));
    });
  }

  it('an Envoy expecting another server name never takes isobar for the xDS server', async (t) => {
    const file = await bootstrapFile(certs, stack.xdsPort, 'wrong-name', ['--xds-server-name', 'not-isobar.example.com']);
    const envoy = await startEnvoy({ bootstrap: file, waitFor: 'admin' }, t);
    await eventually(async () => assert.ok((await stat({ envoy }, 'cluster.isobar.ssl.fail_verify_san')) >= 1, 'no SAN mismatch yet'), { timeoutMs: 15_000 });
    assert.notEqual((await envoy.admin('/ready')).status, 200, 'Envoy got config from a server it should not trust');
    const xds = (await stack.status()).sinks['sink-xds'] as unknown as { streamDetails: Array<{ node: string }> };
    assert.ok(!xds.streamDetails.some((s) => s.node === 'wrong-name'));
  });
});
