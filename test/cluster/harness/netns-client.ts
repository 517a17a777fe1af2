import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { host } from './node-cluster.js';

const LOAD_CLIENT = fileURLToPath(new URL('../../support/cluster/load-client.js', import.meta.url));

export interface LoadTotals {
  sent: number;
  ok: number;
  failed: number;
  errors: Record<string, number>;
  pods: Record<string, number>;
}

/**
 * A client in a network namespace of its own: a veth pair to the root namespace (10.198.N.0/30) and a
 * route to the node's address only, so it reaches the cluster the way a machine beside the node would,
 * through the NodePorts, and nothing else of this machine.
 *
 * The namespace is held by a `sleep` started with `unshare --net`, not made with `ip netns add`: that
 * bind-mounts /run/netns onto itself, copying the pods' netns mounts (containerd keeps them there), and
 * the copies then keep every pod deleted afterwards Terminating (`remove netns: ... device or resource busy`).
 */
export class NetnsClient {
  private constructor(
    private readonly holder: ChildProcess,
    private readonly hostLink: string,
  ) {}

  static async create(index: number, nodeIp: string): Promise<NetnsClient> {
    const hostLink = `isoc${index}h`;
    const nsLink = `isoc${index}c`;
    await host('ip', ['link', 'delete', hostLink]).catch(() => undefined);
    const holder = spawn('unshare', ['--net', 'sleep', 'infinity'], { stdio: 'ignore' });
    const client = new NetnsClient(holder, hostLink);
    const ownNs = readlinkSync('/proc/self/ns/net');
    for (let i = 0; ; i++) {
      const comm = (() => {
        try {
          return readFileSync(`/proc/${holder.pid}/comm`, 'utf8').trim();
        } catch {
          return '';
        }
      })();
      if (comm === 'sleep' && readlinkSync(`/proc/${holder.pid}/ns/net`) !== ownNs) break;
      if (i > 100) throw new Error('unshare --net did not start');
      await sleep(20);
    }
    await host('ip', ['link', 'add', hostLink, 'type', 'veth', 'peer', 'name', nsLink]);
    await host('ip', ['link', 'set', nsLink, 'netns', String(holder.pid)]);
    await host('ip', ['addr', 'add', `10.198.${index}.1/30`, 'dev', hostLink]);
    await host('ip', ['link', 'set', hostLink, 'up']);
    await client.exec('ip', ['addr', 'add', `10.198.${index}.2/30`, 'dev', nsLink]);
    await client.exec('ip', ['link', 'set', nsLink, 'up']);
    await client.exec('ip', ['link', 'set', 'lo', 'up']);
    await client.exec('ip', ['route', 'add', `${nodeIp}/32`, 'via', `10.198.${index}.1`]);
    return client;
  }

  private get nsenter(): string[] {
    return [`--net=/proc/${this.holder.pid}/ns/net`];
  }

  exec(cmd: string, args: string[]): Promise<string> {
    return host('nsenter', [...this.nsenter, cmd, ...args]);
  }

  /** One request from inside the namespace: the status and the echo pod's JSON, or the error. */
  async get(url: string, hostHeader: string): Promise<{ status: number; body: string }> {
    // node:http, not fetch: fetch does not send a Host header of its own.
    const script = `const u=new URL(${JSON.stringify(url)});require('node:http').get({host:u.hostname,port:u.port,path:u.pathname,headers:{host:${JSON.stringify(hostHeader)}},timeout:5000},r=>{let b='';r.on('data',d=>b+=d);r.on('end',()=>console.log(JSON.stringify({status:r.statusCode,body:b})))}).on('error',e=>console.log(JSON.stringify({status:0,body:String(e)})))`;
    return JSON.parse(await this.exec(process.execPath, ['-e', script])) as { status: number; body: string };
  }

  /** Starts steady load; `stop()` ends it and returns the totals. */
  async load(url: string, hostHeader: string, concurrency = 4): Promise<{ stop(): Promise<LoadTotals> }> {
    const child: ChildProcess = spawn('nsenter', [...this.nsenter, process.execPath, LOAD_CLIENT, url, hostHeader, String(concurrency)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const check = (): void => (out.startsWith('started\n') ? resolve() : undefined);
      child.stdout!.on('data', check);
      child.once('exit', (code) => reject(new Error(`load client exited (${code}) before starting`)));
    });
    return {
      async stop() {
        const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await done;
        return JSON.parse(out.split('\n')[1]!) as LoadTotals;
      },
    };
  }

  /** Ends the namespace (its last process) and with it the veth pair. */
  async remove(): Promise<void> {
    if (this.holder.exitCode === null) {
      const gone = new Promise((resolve) => this.holder.once('exit', resolve));
      this.holder.kill('SIGKILL');
      await gone;
    }
    await host('ip', ['link', 'delete', this.hostLink]).catch(() => undefined);
  }
}
