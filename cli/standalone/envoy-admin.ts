import { readFileSync } from 'node:fs';
import { STATS_STAT_PREFIX } from '../../plugins/sink-static/stats-listener.js';

/**
 * The few calls standalone makes to its Envoy's admin interface. The address is read from the file
 * Envoy writes at start-up (`--admin-address-path`), so an admin port of 0 (Envoy picks one) works too.
 */
export class EnvoyAdmin {
  constructor(
    private readonly addressFile: string,
    private readonly timeoutMs = 2000,
  ) {}

  /** `host:port` of the admin interface; throws when Envoy has not written it (yet). */
  address(): string {
    const text = readFileSync(this.addressFile, 'utf8').trim();
    if (text === '') throw new Error(`Envoy has not written its admin address to ${this.addressFile} yet`);
    return text;
  }

  async post(path: string): Promise<string> {
    return this.call('POST', path);
  }

  /**
   * Open downstream connections on the traffic listeners (every listener but admin's own, which this
   * very call uses), summed from the per-listener `downstream_cx_active` gauges.
   */
  async activeDownstreamConnections(): Promise<number> {
    return sumListenerConnections(await this.call('GET', '/stats?filter=downstream_cx_active'));
  }

  private async call(method: string, path: string): Promise<string> {
    const url = `http://${this.address()}${path}`;
    const res = await fetch(url, { method, signal: AbortSignal.timeout(this.timeoutMs) });
    const body = await res.text();
    if (!res.ok) throw new Error(`Envoy admin ${method} ${path} answered ${res.status}: ${body.trim().slice(0, 200)}`);
    return body;
  }
}

const GAUGE = /^listener\.(.+)\.downstream_cx_active: (\d+)$/;

/**
 * Sums `listener.<name>.downstream_cx_active` over the traffic listeners in Envoy's text stats. The
 * per-worker copies (`<name>.worker_N`, `<name>.main_thread`) would count each connection twice, and
 * `admin` is the admin interface itself, and the stats listener's scrapes are not traffic.
 */
export function sumListenerConnections(stats: string): number {
  let total = 0;
  for (const line of stats.split('\n')) {
    const m = GAUGE.exec(line.trim());
    if (!m) continue;
    const name = m[1]!;
    if (name === 'admin' || name === STATS_STAT_PREFIX || /\.(worker_\d+|main_thread)$/.test(name)) continue;
    total += Number(m[2]);
  }
  return total;
}
