import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, collecting what it writes. */
export async function runCommand(cmd: string, args: string[]): Promise<Run> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

const MAIN = fileURLToPath(new URL('../../../cli/main.js', import.meta.url));

/** The compiled isobar CLI, as a user runs it. */
export const runIsobar = (args: string[]): Promise<Run> => runCommand(process.execPath, [MAIN, ...args]);
