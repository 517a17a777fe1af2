import { injectable } from 'inversify';
import { PROCESSOR_ORDER, WEBSOCKETS, type BuildContext, type DagRoute, type envoy, type Feature, type Processor, type TranslatorHooks } from '../../core/index.js';

/** Routes whose IngressRoute entry says `enableWebsockets: true` get WEBSOCKETS (core's, which other APIs set too). */
export { WEBSOCKETS };

/** Reads `enableWebsockets` from each route's origin. */
class WebsocketProcessor implements Processor {
  readonly id = 'websocket';
  readonly order = PROCESSOR_ORDER.features;

  run(ctx: BuildContext): void {
    for (const r of ctx.dag.allRoutes()) {
      const v = r.origin?.spec.enableWebsockets;
      if (v === true) r.attributes.set(WEBSOCKETS, true);
      else if (v !== undefined && v !== false) ctx.status.warn(r.origin!.object, 'FieldInvalid', `enableWebsockets must be true or false, not ${JSON.stringify(v)}; ignored`, `${r.origin!.field}.enableWebsockets`);
    }
  }
}

/**
 * WebSocket upgrades, per route: Envoy refuses an `Upgrade: websocket` request on a route unless the
 * route allows it, so a route without `enableWebsockets` keeps refusing them.
 */
@injectable()
export class WebsocketFeature implements Feature {
  readonly id = 'websocket';
  readonly processor = new WebsocketProcessor();
  readonly hooks: TranslatorHooks = {
    route(route: DagRoute, out: envoy.Route): void {
      if (route.attributes.get(WEBSOCKETS) && out.route) out.route.upgradeConfigs = [{ upgradeType: 'websocket', connectConfig: undefined, enabled: true }];
    },
  };
}
