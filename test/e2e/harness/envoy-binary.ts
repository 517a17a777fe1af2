import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Envoy the e2e tests run: $ENVOY_BIN, then the one scripts/setup.sh installed into
 * <repo>/.tools/bin/envoy, then `envoy` on PATH. Throws, saying how to get one, when there is none.
 */
export function findEnvoyBinary(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [env.ENVOY_BIN, repoEnvoy(), ...(env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'envoy'))];
  const tried: string[] = [];
  for (const c of candidates) {
    if (!c) continue;
    tried.push(c);
    if (isExecutable(c)) return c;
  }
  throw new Error(`no Envoy binary found (tried ${tried.join(', ') || 'nothing'}); run "bash scripts/setup.sh" or set ENVOY_BIN`);
}

/** <repo>/.tools/bin/envoy, found by walking up from this file, which may be compiled into dist/ or .build/. */
function repoEnvoy(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, '.tools', 'bin', 'envoy');
    if (isExecutable(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
