import { injectable } from 'inversify';

/** One Gateway's own Envoy fleet as the last build wants it. */
export interface FleetIntent {
  gateway: { namespace: string; name: string; uid: string };
  /** The fleet id its Envoys announce (node metadata isobar.io/fleet). */
  fleet: string;
  /** Each distinct listener port: the Service's port, and the port Envoy binds. */
  ports: Array<{ port: number; bindPort: number }>;
  /** The Gateway's `spec.infrastructure` labels and annotations, put on every object made for the fleet. */
  infrastructure: { labels: Record<string, string>; annotations: Record<string, string> };
}

/**
 * What the Gateway API processor found in the last build, for the fleet provisioner: the two live in one
 * plugin and share this, so the build stays free of API writes and the provisioner never reads the store.
 */
@injectable()
export class FleetIntents {
  private latest: readonly FleetIntent[] = [];

  set(intents: readonly FleetIntent[]): void {
    this.latest = intents;
  }

  get(): readonly FleetIntent[] {
    return this.latest;
  }
}
