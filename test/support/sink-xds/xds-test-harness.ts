/** Test support: a real XdsSink on 127.0.0.1 with an ephemeral port, its logs captured, and its clients. */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { IsobarConfig } from '../../../core/index.js';
import { redactingLogOptions } from '../../../core/logging.js';
import { AdsTestClient } from './ads-test-client.js';
import { DeltaTestClient } from './delta-test-client.js';
import { XdsSink } from '../../../plugins/sink-xds/xds-sink.js';

export type LogLine = Record<string, unknown> & { level: number; msg: string };

export const testConfig = { xds: { address: '127.0.0.1', port: 0 }, shutdown: { timeoutMs: 2000 } } as IsobarConfig;

export function capturingLogger(lines: LogLine[]): pino.Logger {
  const dest = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  // The production logger's redaction too, so what a test sees logged is what an operator would see.
  return pino({ level: 'debug', ...redactingLogOptions }, dest);
}

export class XdsHarness {
  readonly logs: LogLine[] = [];
  readonly sink: XdsSink;
  protected readonly clients: Array<{ close(): void }> = [];

  constructor() {
    this.sink = new XdsSink(testConfig, capturingLogger(this.logs));
  }

  static async start(): Promise<XdsHarness> {
    const h = new XdsHarness();
    await h.sink.start();
    return h;
  }

  /** A state-of-the-world client: ADS, or with (service, method) one per-type stream. */
  client(nodeId: string, service?: object, method?: string): AdsTestClient {
    const c = new AdsTestClient(this.sink.port!, nodeId, service, method);
    this.clients.push(c);
    return c;
  }

  /** A delta client: ADS, or with (service, method) one per-type stream. */
  deltaClient(nodeId: string, service?: object, method?: string): DeltaTestClient {
    const c = new DeltaTestClient(this.sink.port!, nodeId, service, method);
    this.clients.push(c);
    return c;
  }

  node(nodeId: string) {
    return this.sink.status().nodes.find((n) => n.id === nodeId);
  }

  /** Log lines at `level` (pino numbers: 20 debug, 40 warn) whose message contains `text`. */
  logged(level: number, text: string): LogLine[] {
    return this.logs.filter((l) => l.level === level && l.msg.includes(text));
  }

  async stop(): Promise<void> {
    for (const c of this.clients) c.close();
    await this.sink.stop();
  }
}

/** Polls until `condition` holds; server-side effects of a client message are not synchronous. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
