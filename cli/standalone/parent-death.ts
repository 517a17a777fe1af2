import { firstExecutable, onPath } from './envoy-locator.js';

/**
 * A command line that makes the kernel SIGKILL the child if isobar dies without a chance to stop it
 * (SIGKILL, OOM kill): util-linux's `setpriv --pdeathsig KILL` sets PR_SET_PDEATHSIG and then execs the
 * command, so the child keeps setpriv's pid. Where setpriv is missing (not Linux, a minimal image) the
 * command runs as it is and only isobar's exit handlers stand between Envoy and an orphaned life.
 */
export function withParentDeathSignal(bin: string, args: string[], env: NodeJS.ProcessEnv = process.env): { bin: string; args: string[]; guarded: boolean } {
  const setpriv = process.platform === 'linux' ? firstExecutable(onPath('setpriv', env)) : undefined;
  if (!setpriv) return { bin, args, guarded: false };
  return { bin: setpriv, args: ['--pdeathsig', 'KILL', '--', bin, ...args], guarded: true };
}
