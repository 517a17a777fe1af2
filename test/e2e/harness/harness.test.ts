import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { describe, it, before, after } from 'node:test';
import { promisify } from 'node:util';
import { writeBootstrapFile } from '../../../plugins/sink-static/bootstrap-writer.js';
import { createTestPki } from './certs.js';
import { startEchoBackend, type EchoBackend, type EchoReply } from './echo-backend.js';
import { findEnvoyBinary } from './envoy-binary.js';
import { startEnvoy, type EnvoyProcess } from './envoy-process.js';
import { eventually } from './eventually.js';
import { request } from './http-client.js';
import { freePorts } from './ports.js';
import { staticProxyBootstrap } from './static-bootstrap.js';
import { createTempDir } from './temp-dir.js';

const run = promisify(execFile);

describe('e2e harness: a real Envoy with a static bootstrap', () => {
  let backend: EchoBackend;
  let envoy: EnvoyProcess;
  let httpPort: number;
  let httpsPort: number;
  const pki = createTestPki(['secure.example.test']);

  before(async () => {
    backend = await startEchoBackend('echo-1');
    [httpPort, httpsPort] = (await freePorts(2)) as [number, number];
    const bootstrap = staticProxyBootstrap({
      backend: { host: backend.host, port: backend.port },
      httpPort,
      https: { port: httpsPort, serverNames: ['secure.example.test'], certificate: pki.server },
      accessLog: true,
    });
    envoy = await startEnvoy({ bootstrap });
  });

  after(async () => {
    await envoy?.stop();
    await backend?.close();
  });

  it('proxies HTTP to the echo backend, keeping Host, method, path and query', async () => {
    const res = await request({ port: httpPort, host: 'plain.example.test', path: '/a/b?x=1&y=two', method: 'POST', body: 'hello' });
    assert.equal(res.status, 200, envoy.describe());
    const echo = res.json<EchoReply>();
    assert.equal(echo.backend, 'echo-1');
    assert.equal(echo.method, 'POST');
    assert.equal(echo.path, '/a/b?x=1&y=two');
    assert.equal(echo.body, 'hello');
    assert.equal(echo.headers.host, 'plain.example.test');
    // Only Envoy adds these: the request really went through it.
    assert.equal(echo.headers['x-forwarded-proto'], 'http');
    assert.match(String(echo.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    assert.equal(res.headers['server'], 'envoy');
  });

  it('passes the backend status through, set per request or for the backend', async () => {
    const once = await request({ port: httpPort, path: '/', headers: { 'x-echo-status': '418' } });
    assert.equal(once.status, 418);
    backend.setStatus(503);
    try {
      const res = await request({ port: httpPort, path: '/down' });
      assert.equal(res.status, 503);
      assert.equal(res.json<EchoReply>().path, '/down');
    } finally {
      backend.setStatus(200);
    }
    assert.equal((await request({ port: httpPort })).status, 200);
  });

  it('serves TLS for the SNI name with the test CA, and verifies the certificate', async () => {
    const res = await request({ port: httpsPort, host: 'secure.example.test', path: '/tls', tls: { ca: pki.ca.certPem } });
    assert.equal(res.status, 200, envoy.describe());
    assert.equal(res.json<EchoReply>().headers['x-forwarded-proto'], 'https');
    assert.equal(res.peerCertificate?.subjectaltname, 'DNS:secure.example.test');
    assert.equal(res.peerCertificate?.issuer['CN'], 'isobar e2e CA');
  });

  it('refuses TLS for another SNI name, and an unknown CA fails verification', async () => {
    await assert.rejects(request({ port: httpsPort, host: 'other.example.test', tls: { ca: pki.ca.certPem } }), /ECONNRESET/);
    await assert.rejects(request({ port: httpsPort, host: 'secure.example.test', tls: {} }), /unable to verify the first certificate/);
  });

  it('reads the admin interface: config_dump, clusters, logs', async () => {
    const listeners = await envoy.configDumpSection<{ static_listeners?: Array<{ listener: { name: string } }> }>('ListenersConfigDump');
    assert.deepEqual(listeners?.static_listeners?.map((l) => l.listener.name).sort(), ['http', 'https']);
    const clusters = await envoy.clusters();
    const cluster = clusters.cluster_statuses?.find((c) => c.name === 'backend');
    assert.ok(cluster, JSON.stringify(clusters));
    assert.equal(cluster.host_statuses?.[0]?.address?.socket_address?.port_value, backend.port);
    assert.equal((await envoy.admin('/ready')).body.trim(), 'LIVE');
    // The access log (an Any inside an Any inside a Listener) writes to Envoy's stdout.
    await request({ port: httpPort, path: '/logged-request' });
    await eventually(() => assert.match(envoy.logs, /GET \/logged-request HTTP\/1\.1" 200/));
  });
});

describe('e2e harness: Envoy lifecycle', () => {
  it('stops Envoy with SIGTERM and frees its ports', async (t) => {
    const backend = await startEchoBackend('echo-2');
    t.after(() => backend.close());
    const [httpPort] = (await freePorts(1)) as [number];
    const envoy = await startEnvoy({ bootstrap: staticProxyBootstrap({ backend, httpPort }) }, t);
    assert.equal((await request({ port: httpPort })).status, 200);
    await envoy.stop();
    assert.equal(envoy.isRunning, false);
    await assert.rejects(request({ port: httpPort }), /ECONNREFUSED/);
    await assert.rejects(request({ port: envoy.adminPort, path: '/ready' }), /ECONNREFUSED/);
  });

  it('reports a binary that cannot be started', async () => {
    await assert.rejects(startEnvoy({ bootstrap: {}, bin: '/nonexistent/envoy' }), /could not start \/nonexistent\/envoy: spawn \/nonexistent\/envoy ENOENT/);
  });

  it('reports a bootstrap Envoy rejects, with Envoy’s own message', async () => {
    const bad = { staticResources: { clusters: [{ name: 'x', connectTimeout: '-1s' }] } };
    await assert.rejects(startEnvoy({ bootstrap: bad, startTimeoutMs: 15_000 }), (err: Error) => {
      assert.match(err.message, /exited with 1 before it was ready/);
      assert.match(err.message, /--- envoy output \(tail\) ---\n.*Invalid duration: Expected positive duration/s);
      return true;
    });
  });
});

describe('e2e harness: the xDS bootstrap isobar writes', () => {
  it('passes envoy --mode validate; a broken copy does not', async (t) => {
    const dir = await createTempDir();
    t.after(() => dir.remove());
    const file = dir.file('bootstrap.json');
    writeBootstrapFile(file, { xdsAddress: '127.0.0.1', xdsPort: 8001, nodeId: 'node-1', nodeCluster: 'isobar', adminPort: 9901 });
    const ok = await run(findEnvoyBinary(), ['--mode', 'validate', '-c', file, '--use-dynamic-base-id', '--log-level', 'error']);
    assert.match(ok.stdout + ok.stderr, /configuration '.*' OK/);

    const broken = JSON.parse(await readFile(file, 'utf8'));
    broken.dynamicResources.adsConfig.apiType = 'NOT_A_TYPE';
    await writeFile(dir.file('broken.json'), JSON.stringify(broken));
    await assert.rejects(run(findEnvoyBinary(), ['--mode', 'validate', '-c', dir.file('broken.json'), '--use-dynamic-base-id']));
  });

  it('runs in Envoy: admin on 127.0.0.1, the isobar cluster, and ADS keeps reconnecting', async (t) => {
    const attempts: number[] = [];
    const fakeXds = createServer((socket: Socket) => {
      attempts.push(Date.now());
      socket.destroy(); // not an xDS server: Envoy must give up on the stream and try again
    });
    await new Promise<void>((resolve) => fakeXds.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => fakeXds.close(() => resolve())));
    const xdsPort = (fakeXds.address() as { port: number }).port;
    const dir = await createTempDir();
    t.after(() => dir.remove());
    const file = dir.file('bootstrap.json');
    writeBootstrapFile(file, { xdsAddress: '127.0.0.1', xdsPort, nodeId: 'node-1', nodeCluster: 'edge', adminPort: 0, xdsRetryBaseMs: 200, xdsRetryMaxMs: 1000 });

    // No control plane: initial fetches never finish, so wait for admin rather than /ready.
    const envoy = await startEnvoy({ bootstrap: file, waitFor: 'admin' }, t);
    const dump = await envoy.configDumpSection<{ bootstrap: { node: { id: string; cluster: string }; admin: unknown } }>('BootstrapConfigDump');
    assert.deepEqual({ id: dump?.bootstrap.node.id, cluster: dump?.bootstrap.node.cluster }, { id: 'node-1', cluster: 'edge' });
    assert.deepEqual(dump?.bootstrap.admin, { address: { socket_address: { address: '127.0.0.1', port_value: 0 } } });
    const isobar = (await envoy.clusters()).cluster_statuses?.find((c) => c.name === 'isobar');
    assert.equal(isobar?.added_via_api ?? false, false);
    assert.equal(isobar?.host_statuses?.[0]?.address?.socket_address?.port_value, xdsPort);
    // The HTTP/2 options went in as an Any in our JSON; Envoy shows what it made of them.
    const clusters = await envoy.configDumpSection<{ static_clusters: Array<{ cluster: Record<string, any> }> }>('ClustersConfigDump');
    const options = clusters?.static_clusters.find((c) => c.cluster['name'] === 'isobar')?.cluster['typed_extension_protocol_options'];
    assert.deepEqual(options?.['envoy.extensions.upstreams.http.v3.HttpProtocolOptions']?.explicit_http_config, {
      http2_protocol_options: { connection_keepalive: { interval: '30s', timeout: '5s' } },
    });

    await eventually(() => assert.ok(attempts.length >= 3, `${attempts.length} connection attempts so far\n${envoy.describe()}`), { timeoutMs: 15_000 });
    assert.equal(envoy.isRunning, true);
  });
});
