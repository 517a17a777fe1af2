import { createServer, type Server } from 'node:net';

/**
 * Ports are picked below the kernel's ephemeral range (32768-60999 here): ports in that range are handed
 * out to every `listen(0)` and every client socket on the machine (another test's Envoy admin, an HTTP
 * client), so a port found free there can be taken before the caller binds it. Below it, only another
 * caller of this function could take one, and the random start makes that unlikely.
 */
const LOW = 20000;
const HIGH = 30000; // 30000-32767 is Kubernetes' NodePort range

function tryListen(host: string, port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ host, port, exclusive: true }, () => resolve(server));
  });
}

/** Ports free on `host` right now, all different, below the ephemeral range. */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers: Server[] = [];
  const ports: number[] = [];
  try {
    let port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    for (let tried = 0; ports.length < count; tried++, port = port + 1 >= HIGH ? LOW : port + 1) {
      if (tried >= HIGH - LOW) throw new Error(`freePorts: fewer than ${count} free ports in ${LOW}-${HIGH - 1}`);
      const server = await tryListen(host, port);
      if (server === undefined) continue;
      servers.push(server);
      ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const [port] = await freePorts(1, host);
  return port!;
}
