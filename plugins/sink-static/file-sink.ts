import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inject, injectable } from 'inversify';
import { ConfigId, LoggerId, type IsobarConfig, type Logger, type Sink, type Snapshot } from '../../core/index.js';
import { writeFileAtomic } from './atomic-write.js';
import { FILE_NAMES, renderDiscoveryFiles, renderFilesBootstrap } from './file-config.js';
import { fileModeFor } from './static-config.js';

/** What the status endpoint shows for the file sink. */
export interface FileSinkStatus {
  mode: 'files';
  directory: string;
  /** Version of the snapshot last written; absent before the first write. */
  writtenVersion?: string;
  writes: number;
  /** Why the last publish could not be written; cleared by the next good write. */
  lastError?: string;
}

/**
 * Envoy with no control plane to talk to: every snapshot becomes lds.json and cds.json in one directory,
 * each replaced atomically (temp file in that directory, then rename), so Envoy, which reloads a file
 * when one is moved into the directory, never reads half a file. bootstrap.json, for starting Envoy, is
 * written after the first snapshot: Envoy refuses to start when a watched file does not exist yet, and
 * writing empty ones first would take down whatever an Envoy already running from them serves.
 */
@injectable()
export class FileSink implements Sink {
  readonly id = 'sink-static';
  protected readonly log: Logger;
  protected readonly directory: string;
  protected readonly written = { lds: '', cds: '', bootstrap: '' };
  protected state: FileSinkStatus;

  constructor(
    @inject(ConfigId) protected readonly config: IsobarConfig,
    @inject(LoggerId) logger: Logger,
  ) {
    this.log = logger.child({ component: 'sink-static' });
    this.directory = resolve(config.sinkStatic.directory);
    this.state = { mode: config.sinkStatic.mode, directory: this.directory, writes: 0 };
  }

  async start(): Promise<void> {
    mkdirSync(this.directory, { recursive: true });
  }

  publish(snapshot: Snapshot): void {
    try {
      const files = renderDiscoveryFiles(snapshot);
      // Clusters first: a listener whose routes name a new cluster then finds it. (A removed cluster is gone
      // a moment before the route to it; that route answers 503 meanwhile, as it would over xDS.)
      this.replace('cds', files.cds);
      this.replace('lds', files.lds, fileModeFor(snapshot));
      const s = this.config.sinkStatic;
      this.replace('bootstrap', renderFilesBootstrap(this.directory, { adminPort: s.envoyAdminPort, nodeId: s.nodeId, nodeCluster: s.nodeCluster }));
      this.state = { ...this.state, writtenVersion: snapshot.version, writes: this.state.writes + 1 };
      delete this.state.lastError;
      this.log.debug({ version: snapshot.version, directory: this.directory }, 'config files written');
    } catch (err) {
      // The files of the last good snapshot stay in place, and Envoy keeps serving them.
      this.state = { ...this.state, lastError: (err as Error).message };
      this.log.error({ err, version: snapshot.version }, 'could not write config files; Envoy keeps the previous ones');
    }
  }

  async stop(): Promise<void> {}

  status(): FileSinkStatus {
    return { ...this.state };
  }

  /** Rewrites a file only when its content changed: every move into the directory makes Envoy reload. */
  private replace(key: keyof typeof FILE_NAMES, content: string, mode = 0o644): void {
    if (this.written[key] === content) return;
    writeFileAtomic(join(this.directory, FILE_NAMES[key]), content, mode);
    this.written[key] = content;
  }
}
