import 'reflect-metadata';
import { Container } from 'inversify';
import type { IsobarConfig } from '../config/schema.js';
import { coreModule } from '../core/container/core-module.js';
import { loadPlugins, withDefaultApis, type PluginCatalog } from '../core/container/plugin-loader.js';
import { KindRegistry } from '../core/kinds/kind-registry.js';
import { ConfigId, type PluginDescriptor } from '../core/container/plugin.js';
import { Lifecycle, Sink } from '../core/container/contribution-points.js';
import { Engine } from '../core/engine/engine.js';
import { withTimeout } from '../core/engine/with-timeout.js';
import { AdminServer } from '../core/admin/admin-server.js';
import { LoggerId, type Logger } from '../core/logging.js';
import { Metrics, MetricsId } from '../core/metrics.js';
import { declareBuildInfo } from '../core/metrics/build-info.js';
import { pluginCatalog } from './plugin-catalog.js';

export interface AppOptions {
  /** false: no status endpoint (admin.address/port unused). `render` runs this way and opens no port. */
  statusEndpoint?: boolean;
}

/** One running isobar: container, engine, plugins, status endpoint. */
export class App {
  adminPort = 0;
  private constructor(
    readonly container: Container,
    readonly engine: Engine,
    readonly admin: AdminServer,
    readonly plugins: PluginDescriptor[],
    private readonly config: IsobarConfig,
    private readonly logger: Logger,
    private readonly options: AppOptions,
  ) {}

  static async create(config: IsobarConfig, logger: Logger, catalog: PluginCatalog = pluginCatalog, options: AppOptions = {}): Promise<App> {
    const container = new Container();
    // Its own registry: several Apps may run in one process (tests), and each serves only its own series.
    const metrics = new Metrics();
    declareBuildInfo(metrics);
    container.bind(ConfigId).toConstantValue(config);
    container.bind(LoggerId).toConstantValue(logger);
    container.bind(MetricsId).toConstantValue(metrics);
    await container.load(coreModule);
    const ids = withDefaultApis(config.plugins);
    if (ids.length > config.plugins.length) logger.info({ added: ids.slice(config.plugins.length) }, `"plugins" names no routing API; loading ${ids.slice(config.plugins.length).join(' and ')}`);
    const plugins = await loadPlugins(container, catalog, ids);
    logger.info({ plugins: plugins.map((p) => p.id) }, 'plugins loaded');
    const engine = container.get(Engine);
    return new App(container, engine, new AdminServer(engine, metrics, logger.child({ component: 'admin' }), container.get(KindRegistry)), plugins, config, logger, options);
  }

  /** Starts everything; if any part fails, what did start is stopped again before the error is thrown. */
  async start(): Promise<void> {
    try {
      for (const l of this.lifecycles()) await l.initialize?.();
      if (this.options.statusEndpoint !== false) this.adminPort = await this.admin.listen(this.config.admin.address, this.config.admin.port);
      await this.engine.start();
      for (const l of this.lifecycles()) await l.onStart?.();
    } catch (err) {
      await this.stop().catch((stopErr: unknown) => this.logger.error({ err: stopErr }, 'stopping after a failed start also failed'));
      throw err;
    }
  }

  /** Stops sources, then sinks, then the status endpoint; lifecycle stop hooks in parallel, each bounded. */
  async stop(): Promise<void> {
    const timeout = this.config.shutdown.timeoutMs;
    await Promise.all(this.lifecycles().map((l) => withTimeout(Promise.resolve(l.onStop?.()), timeout, 'stop hook', this.logger)));
    await this.engine.stop();
    await this.admin.close();
  }

  /** A loaded sink by plugin id (e.g. 'sink-xds'), typed as the caller needs it. */
  sink<T extends Sink = Sink>(id: string): T | undefined {
    if (!this.container.isBound(Sink)) return undefined;
    return this.container.getAll<Sink>(Sink).find((s) => s.id === id) as T | undefined;
  }

  /** The port the xDS server listens on, when sink-xds is loaded and listening. */
  xdsPort(): number | undefined {
    return this.sink<Sink & { port?: number }>('sink-xds')?.port;
  }

  private lifecycles(): Lifecycle[] {
    return this.container.isBound(Lifecycle) ? this.container.getAll<Lifecycle>(Lifecycle) : [];
  }
}
