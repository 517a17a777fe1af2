import { loadConfig } from '../../../config/load-config.js';
import { buildAll, type BuildResult } from '../../../core/engine/build.js';
import { RouteConfiguration } from '../../../core/generated/envoy/config/route/v3/route.js';
import { Listener } from '../../../core/generated/envoy/config/listener/v3/listener.js';
import type { K8sObject } from '../../../core/model/k8s-object.js';
import { TypeUrl } from '../../../core/snapshot/snapshot.js';
import { plugin as apiGateway } from '../../../plugins/api-gateway/api-gateway-module.js';
import { SETTINGS } from '../../fixtures/build.js';
import { storeOf } from '../../fixtures/objects.js';
import { DEFAULT_API_PLUGINS, routingProcessors } from '../../fixtures/routing-processors.js';

/** A Gateway API build: the default routing APIs plus api-gateway, with config overrides as loadConfig takes them. */
export class GatewayBuild {
  readonly result: BuildResult;

  /** `features`: the feature plugins the build is told are loaded. */
  constructor(objects: K8sObject[], overrides: Record<string, unknown> = {}, features: readonly string[] = []) {
    const config = loadConfig(undefined, overrides);
    this.result = buildAll(storeOf(objects), routingProcessors(config, [...DEFAULT_API_PLUGINS, apiGateway]), [], SETTINGS, new Set(features));
  }

  /** The status detail isobar computed for an object (what it writes as `status`). */
  detail(kind: string, ns: string, name: string): Record<string, any> | undefined {
    return this.result.statuses.find((s) => s.ref.kind === kind && s.ref.namespace === ns && s.ref.name === name)?.detail as Record<string, any> | undefined;
  }

  /** type=status:reason of each condition of a route's parent entry (by index). */
  parentConditions(kind: string, ns: string, name: string, parent = 0): string[] {
    const p = this.detail(kind, ns, name)?.parents?.[parent];
    return (p?.conditions ?? []).map((c: any) => `${c.type}=${c.status}:${c.reason}`);
  }

  /** type=status:reason of each condition of a Gateway's listener. */
  listenerConditions(ns: string, name: string, listener: string): string[] {
    const l = this.detail('Gateway', ns, name)?.listeners?.find((x: any) => x.name === listener);
    return (l?.conditions ?? []).map((c: any) => `${c.type}=${c.status}:${c.reason}`);
  }

  conditions(kind: string, ns: string, name: string): string[] {
    return (this.detail(kind, ns, name)?.conditions ?? []).map((c: any) => `${c.type}=${c.status}:${c.reason}`);
  }

  listener(name: string): Listener | undefined {
    const item = this.result.snapshot.resources.get(TypeUrl.Listener)?.items.get(name);
    return item ? Listener.decode(item.resource.value) : undefined;
  }

  routeConfig(name: string): RouteConfiguration | undefined {
    const item = this.result.snapshot.resources.get(TypeUrl.RouteConfiguration)?.items.get(name);
    return item ? RouteConfiguration.decode(item.resource.value) : undefined;
  }

  names(type: TypeUrl): string[] {
    return [...(this.result.snapshot.resources.get(type)?.items.keys() ?? [])];
  }
}
