import { firstExecutable, onPath, repoEnvoy } from '../../../cli/standalone/envoy-locator.js';

/**
 * The Envoy the e2e tests run: $ENVOY_BIN, then the one scripts/setup.sh installed into
 * <repo>/.tools/bin/envoy, then `envoy` on PATH. Throws, saying how to get one, when there is none.
 */
export function findEnvoyBinary(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [env.ENVOY_BIN, repoEnvoy(), ...onPath('envoy', env)];
  const found = firstExecutable(candidates);
  if (found) return found;
  throw new Error(`no Envoy binary found (tried ${candidates.filter(Boolean).join(', ') || 'nothing'}); run "bash scripts/setup.sh" or set ENVOY_BIN`);
}
