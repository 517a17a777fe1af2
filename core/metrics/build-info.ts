import { readFileSync } from 'node:fs';
import type { Metrics } from '../metrics.js';

/**
 * isobar_build_info: constant 1, labelled with what is running, so a dashboard can show versions per
 * replica and join them onto other series. The version is read from the package.json shipped beside dist/
 * (in the image too); "unknown" when it cannot be read rather than failing start-up over a label.
 */
export function declareBuildInfo(metrics: Metrics, version = packageVersion()): void {
  metrics
    .gauge({ name: 'isobar_build_info', help: 'Always 1; the labels say which isobar and which Node.js run.', labelNames: ['version', 'node_version'] })
    .set({ version, node_version: process.versions.node }, 1);
}

export function packageVersion(): string {
  try {
    // dist/core/metrics/build-info.js → the package root, three levels up.
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
