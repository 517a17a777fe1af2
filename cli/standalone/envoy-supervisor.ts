import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';

export interface EnvoyRun {
  bin: string;
  bootstrapFile: string;
  drainSeconds: number;
  logLevel?: string;
}

/**
 * Keeps one Envoy child running: its output goes to the log; if it crashes it is restarted with backoff
 * (1 s doubling to 30 s), and if it is stopped from outside, isobar stops too; stop() asks it to drain (SIGTERM) and kills it if it lingers.
 */
export class EnvoySupervisor {
  private child?: ChildProcess;
  private stopping = false;
  private backoffMs = 1000;
  private restartTimer?: NodeJS.Timeout;

  constructor(
    private readonly run: EnvoyRun,
    private readonly logger: Logger,
    private readonly onCleanExit: () => void = () => process.kill(process.pid, 'SIGTERM'),
  ) {}

  start(): void {
    const args = ['-c', this.run.bootstrapFile, '--log-level', this.run.logLevel ?? 'warn', '--drain-time-s', String(this.run.drainSeconds), '--use-dynamic-base-id'];
    const child = spawn(this.run.bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const startedAt = Date.now();
    this.logger.info({ pid: child.pid, bin: this.run.bin }, 'envoy started');
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => this.logger.info({ envoy: true }, line));
    }
    child.on('error', (err) => this.logger.error({ err }, 'envoy could not be started'));
    child.on('exit', (code, signal) => {
      this.child = undefined;
      if (this.stopping) return;
      if (code === 0 || signal === 'SIGINT' || signal === 'SIGTERM') {
        // Envoy was told to stop (Ctrl-C reaches the whole process group): isobar stops with it.
        this.logger.info({ code, signal }, 'envoy stopped; stopping isobar too');
        this.onCleanExit();
        return;
      }
      if (Date.now() - startedAt > 60_000) this.backoffMs = 1000;
      this.logger.error({ code, signal, restartInMs: this.backoffMs }, 'envoy exited unexpectedly; restarting');
      this.restartTimer = setTimeout(() => this.start(), this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, 30_000);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), (this.run.drainSeconds + 5) * 1000);
    await exited;
    clearTimeout(timer);
  }
}
