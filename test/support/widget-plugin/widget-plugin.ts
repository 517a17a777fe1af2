import { ContainerModule, injectable } from 'inversify';
import {
  Attributes,
  dns1123Subdomain,
  hostProblem,
  Processor,
  rankOf,
  resolveBackend,
  type BuildContext,
  type K8sObject,
  type Kind,
  type OpenApiSchema,
  type PluginDescriptor,
} from '../../../core/index.js';

/**
 * A routing API that exists only in tests: `Widget` (widgets.example.isobar.io/v1) sends every request for
 * `spec.host` to `spec.service`:`spec.port`, on the config's HTTP listener or on one of its own. It is what a new API plugin is, and nothing more: a kind with
 * its schema and status shape, and a processor; neither source knows it.
 */
export const WIDGET_SCHEMA: OpenApiSchema = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['host', 'service', 'port'],
      properties: {
        host: { type: 'string', minLength: 1 },
        service: { type: 'string', minLength: 1 },
        port: { type: 'integer', minimum: 1, maximum: 65535 },
        /** Serve the host on a listener of its own, on 127.0.0.1 at this port, instead of the config's. */
        listenerPort: { type: 'integer', minimum: 1, maximum: 65535 },
        /** That listener is for this fleet's Envoys only (as a Gateway's is for its own Deployment). */
        fleet: { type: 'string', minLength: 1 },
      },
    },
    status: { type: 'object', properties: { verdict: { type: 'string' }, message: { type: 'string' } } },
  },
  required: ['spec'],
};

export const WIDGET_KIND: Kind = {
  kind: 'Widget',
  apiVersions: ['widgets.example.isobar.io/v1'],
  plural: 'widgets',
  namespaced: true,
  custom: true,
  plugin: 'api-widget',
  nameFormat: dns1123Subdomain,
  status: {
    subresource: true,
    fields: (s) => ({ verdict: s.state, message: s.conditions.map((c) => c.message).join('; ') }),
    fingerprint: (status) => JSON.stringify([(status as { verdict?: string } | undefined)?.verdict ?? '', (status as { message?: string } | undefined)?.message ?? '']),
  },
  validation: () => ({ schema: WIDGET_SCHEMA }),
};

interface Widget extends K8sObject {
  spec: { host: string; service: string; port: number; listenerPort?: number; fleet?: string };
}

@injectable()
class WidgetProcessor implements Processor {
  readonly id = 'widget';
  readonly order = 300;

  run(ctx: BuildContext): void {
    for (const obj of ctx.store.list<Widget>('Widget')) {
      ctx.status.touch(obj);
      ctx.guard(obj, () => {
        const { host, service, port, listenerPort, fleet } = obj.object.spec;
        const namespace = obj.object.metadata.namespace ?? '';
        const bad = hostProblem(host);
        if (bad) return ctx.status.reject(obj, 'HostInvalid', bad, 'spec.host');
        const res = resolveBackend(ctx.dag, ctx.store, namespace, service, { number: port });
        if ('problem' in res) return ctx.status.reject(obj, res.reason, res.problem, 'spec.service');
        const def = { name: `widget_${listenerPort}`, address: '127.0.0.1', port: listenerPort!, ...(fleet ? { fleet } : {}) };
        if (fleet && !listenerPort) return ctx.status.reject(obj, 'FleetWithoutListener', 'spec.fleet needs spec.listenerPort', 'spec.fleet');
        const listener = listenerPort ? ctx.dag.httpListener(def) : ctx.dag.http;
        ctx.dag.virtualHost(host, listener).routes.push({
          match: { kind: 'segment-prefix', path: '/' },
          action: { kind: 'forward', backends: [{ cluster: res.cluster, weight: 1 }] },
          owner: { kind: 'Widget', namespace, name: obj.object.metadata.name },
          ownerRank: rankOf(obj),
          attributes: new Attributes(),
        });
      });
    }
  }
}

export const widgetPlugin: PluginDescriptor = {
  id: 'api-widget',
  kind: 'api',
  description: 'Widget, a routing API of the tests',
  kinds: [WIDGET_KIND],
  module: new ContainerModule(({ bind }) => {
    bind<Processor>(Processor).to(WidgetProcessor).inSingletonScope();
  }),
};

/** The CRD a cluster needs for Widgets, from the same schema. */
export const WIDGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.widgets.example.isobar.io' },
  spec: {
    group: 'widgets.example.isobar.io',
    scope: 'Namespaced',
    names: { kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget' },
    versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: WIDGET_SCHEMA } }],
  },
};
