import { execFile } from 'node:child_process';
import { packageVersion } from '../../core/metrics/build-info.js';
import { locateEnvoy } from '../standalone/envoy-locator.js';

/** What `isobar version` reports. Envoy is optional: `serve` runs without one on this machine. */
export interface Versions {
  isobar: string;
  node: string;
  envoy: { version: string; path: string } | { error: string };
}

/**
 * Envoy prints `<path>  version: <commit>/<semver>/<Clean|Modified>/<RELEASE|DEBUG>/<TLS library>`; the
 * semver is the second field after "version:".
 */
export function parseEnvoyVersion(output: string): string | undefined {
  const m = /version:\s*[0-9a-f]+\/(\d+\.\d+\.\d+[^/\s]*)\//.exec(output);
  return m?.[1];
}

/** Runs `<envoy> --version`, bounded: a binary that hangs must not hang `isobar version`. */
function envoyVersion(bin: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(bin, ['--version'], { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${bin} --version failed: ${err.message.split('\n')[0]}`));
      const version = parseEnvoyVersion(`${stdout}\n${stderr}`);
      if (version) resolve(version);
      else reject(new Error(`${bin} --version printed no version: ${JSON.stringify((stdout || stderr).trim().slice(0, 200))}`));
    });
  });
}

/** isobar's and Node's versions, and Envoy's when a binary is found the way `standalone` finds it. */
export async function collectVersions(envoyBin = '', timeoutMs = 5000): Promise<Versions> {
  let envoy: Versions['envoy'];
  try {
    const path = locateEnvoy(envoyBin);
    envoy = { version: await envoyVersion(path, timeoutMs), path };
  } catch (err) {
    envoy = { error: (err as Error).message };
  }
  return { isobar: packageVersion(), node: process.versions.node, envoy };
}

export function formatVersions(v: Versions): string {
  const envoy = 'version' in v.envoy ? `envoy  ${v.envoy.version} (${v.envoy.path})` : `envoy  not found: ${v.envoy.error}`;
  return `isobar ${v.isobar}\nnode   ${v.node}\n${envoy}\n`;
}
