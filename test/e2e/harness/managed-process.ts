import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const OUTPUT_LIMIT = 256 * 1024;
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * A child process whose output is kept (the last 256 KiB, stdout and stderr interleaved) for assertion
 * messages, and which is killed if the test process exits without stopping it.
 */
export class ManagedProcess {
  private output = '';
  private exitCode: number | null | undefined;
  readonly exited: Promise<void>;
  /** Rejects if the binary could not be started at all (race it against a readiness wait). */
  readonly spawnFailed: Promise<never>;

  private constructor(
    private readonly child: ChildProcess,
    readonly name: string,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      const done = (code: number | null) => {
        this.exitCode ??= code;
        running.delete(child);
        resolve();
      };
      child.once('exit', (code, signal) => done(code ?? (signal ? -1 : null)));
      // A binary that could not be spawned emits 'error' and maybe never 'exit'.
      child.once('error', () => child.pid === undefined && done(-1));
    });
    this.spawnFailed = new Promise<never>((_, reject) => child.once('error', (err) => reject(new Error(`could not start ${child.spawnfile}: ${err.message}`))));
    this.spawnFailed.catch(() => {});
  }

  static spawn(name: string, bin: string, args: string[], options: SpawnOptions = {}): ManagedProcess {
    const child = spawn(bin, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    return new ManagedProcess(child, name);
  }

  get isRunning(): boolean {
    return this.exitCode === undefined;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get logs(): string {
    return this.output;
  }

  get exitStatus(): number | null | undefined {
    return this.exitCode;
  }

  /** The command line, for messages. */
  get commandLine(): string {
    return this.child.spawnargs.join(' ');
  }

  /** The last `lines` lines of output. */
  tail(lines = 30): string {
    return this.output.trimEnd().split('\n').slice(-lines).join('\n');
  }

  describe(lines = 30): string {
    return `${this.name} (${this.isRunning ? 'running' : `exited with ${this.exitCode}`}):\n${this.tail(lines) || '(no output)'}`;
  }

  /** SIGTERM, then SIGKILL after `timeoutMs`. Safe to call more than once. */
  async stop(timeoutMs = 10_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.isRunning) return;
    this.child.kill(signal);
    const gone = await Promise.race([this.exited.then(() => true), sleep(timeoutMs, false, { ref: false })]);
    if (!gone) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}
