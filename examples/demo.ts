/**
 * `npm start`: the quick-start demo. Starts small echo backends on 127.0.0.1:9101-9103 (where
 * examples/k8s's Endpoints point), then runs `isobar standalone` on examples/isobar.yaml.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const backends: Array<[string, number]> = [
  ['sealyun/fist', 9101],
  ['sealyun/fist-terminal', 9102],
  ['default/s1', 9103],
];
for (const [name, port] of backends) {
  createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ backend: name, method: req.method, path: req.url, host: req.headers.host }) + '\n');
  }).listen(port, '127.0.0.1');
}
const main = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const config = fileURLToPath(new URL('../../examples/isobar.yaml', import.meta.url));
const child = spawn(process.execPath, [main, 'standalone', '-c', config, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
