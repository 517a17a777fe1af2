import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import { EnvoyAdmin } from './envoy-admin.js';
import { drainEnvoy } from './envoy-drain.js';
import { ENVOY_LOG_FORMAT, relayEnvoyLogLine } from './envoy-log.js';
import { withParentDeathSignal } from './parent-death.js';

export interface EnvoyRun {
  bin: string;
  bootstrapFile: string;
  /** Where Envoy writes its admin `host:port` (read back to drain it). */
  adminAddressFile: string;
  drainSeconds: number;
  /** Envoy's --drain-strategy: 'immediate' closes every connection at its next response once draining. */
  drainStrategy: 'immediate' | 'gradual';
  logLevel?: string;
}

/** How long Envoy may take to exit after SIGTERM (its drain is over by then) before it is killed. */
const EXIT_GRACE_MS = 5000;

/**
 * Keeps one Envoy child running: its log lines go to isobar's log at Envoy's own level; if it crashes
 * it is restarted with backoff (1 s doubling to 30 s), and if it is stopped from outside, isobar stops
 * too. Envoy runs in a process group of its own, so a terminal's Ctrl-C reaches isobar alone and isobar
 * decides how Envoy stops: stop() drains it, kill() ends it at once, and it is killed whenever isobar's
 * process exits (exit handler) or dies (parent-death signal, where setpriv exists).
 */
export class EnvoySupervisor {
  private child?: ChildProcess;
  private stopping = false;
  private backoffMs = 1000;
  private restartTimer?: NodeJS.Timeout;
  private readonly admin: EnvoyAdmin;
  private readonly killOnExit = () => this.kill();

  constructor(
    private readonly run: EnvoyRun,
    private readonly logger: Logger,
    private readonly onCleanExit: () => void = () => process.kill(process.pid, 'SIGTERM'),
  ) {
    this.admin = new EnvoyAdmin(run.adminAddressFile);
  }

  /** Pid (and process group id) of the running Envoy, if any. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const envoyArgs = [
      '-c', this.run.bootstrapFile,
      '--log-level', this.run.logLevel ?? 'warn',
      '--log-format', ENVOY_LOG_FORMAT,
      '--log-format-escaped',
      '--drain-time-s', String(this.run.drainSeconds),
      '--drain-strategy', this.run.drainStrategy,
      '--admin-address-path', this.run.adminAddressFile,
      '--use-dynamic-base-id',
    ];
    // A crashed Envoy's address file is stale; the next one writes its own.
    rmSync(this.run.adminAddressFile, { force: true });
    const cmd = withParentDeathSignal(this.run.bin, envoyArgs);
    const child = spawn(cmd.bin, cmd.args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    process.once('exit', this.killOnExit);
    const startedAt = Date.now();
    this.logger.info({ pid: child.pid, bin: this.run.bin, killedWithIsobar: cmd.guarded }, 'envoy started');
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => relayEnvoyLogLine(this.logger, line));
    }
    child.on('error', (err) => this.logger.error({ err }, 'envoy could not be started'));
    child.on('exit', (code, signal) => {
      process.removeListener('exit', this.killOnExit);
      if (this.child === child) this.child = undefined;
      if (this.stopping) {
        this.logger.info({ code, signal }, 'envoy stopped');
        return;
      }
      if (code === 0 || signal === 'SIGINT' || signal === 'SIGTERM') {
        // Someone stopped Envoy on purpose (it has its own process group, so not isobar's Ctrl-C):
        // isobar stops with it rather than bring back what the user just stopped.
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

  /** Drains Envoy (see drainEnvoy), then stops it with SIGTERM, and SIGKILL if it lingers. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const outcome = await drainEnvoy(this.admin, { drainSeconds: this.run.drainSeconds, exited }, this.logger);
    if (outcome === 'envoy-exited') return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => this.kill(), EXIT_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  /** Ends Envoy now (SIGKILL to its process group); synchronous, so it can run in an exit handler. */
  kill(): void {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
}
