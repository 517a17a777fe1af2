// A steady HTTP client for the cluster tests, run inside the test's own network namespace
// (`nsenter --net=... node load-client.js URL HOST [CONCURRENCY]`, see NetnsClient.load). Every request opens a new
// connection (Connection: close), so a failure is the proxy's, not a keep-alive race of the client.
// Runs until SIGTERM, then prints one JSON line: { sent, ok, failed, errors, pods } and exits 0.
import http from 'node:http';

const [url, hostHeader, concurrencyArg] = process.argv.slice(2);
if (!url || !hostHeader) {
  console.error('usage: load-client URL HOST [CONCURRENCY]');
  process.exit(2);
}
const target = new URL(url);
const stats = { sent: 0, ok: 0, failed: 0, errors: {} as Record<string, number>, pods: {} as Record<string, number> };
let stopping = false;

function once(): Promise<void> {
  return new Promise((resolve) => {
    stats.sent++;
    const fail = (why: string): void => {
      stats.failed++;
      stats.errors[why] = (stats.errors[why] ?? 0) + 1;
      resolve();
    };
    const req = http.get(
      { host: target.hostname, port: target.port, path: target.pathname, headers: { host: hostHeader, connection: 'close' }, agent: false, timeout: 5000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('error', (err) => fail(`response: ${err.message}`));
        res.on('end', () => {
          if (res.statusCode !== 200) return fail(`status ${res.statusCode}`);
          try {
            const pod = (JSON.parse(body) as { pod?: string }).pod ?? '?';
            stats.pods[pod] = (stats.pods[pod] ?? 0) + 1;
            stats.ok++;
            resolve();
          } catch {
            fail('body is not the echo JSON');
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => fail(`request: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
  });
}

async function worker(): Promise<void> {
  while (!stopping) await once();
}

const workers = Array.from({ length: Number(concurrencyArg ?? 4) }, () => worker());
process.on('SIGTERM', () => {
  stopping = true;
  void Promise.all(workers).then(() => {
    process.stdout.write(JSON.stringify(stats) + '\n');
    process.exit(0);
  });
});
process.stdout.write('started\n');
