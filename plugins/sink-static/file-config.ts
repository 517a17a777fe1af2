import { join, resolve } from 'node:path';
import { envoy, packAny, TypeUrl, type Snapshot } from '../../core/index.js';
import { type AnyRegistry, envoyAnyRegistry } from './any-registry.js';
import { ADMIN_ADDRESS } from './bootstrap-writer.js';
import { toProtoJson } from './proto-json.js';
import { renderChecked, selfContainedResources, type StaticBootstrapOptions } from './static-config.js';

/**
 * File-based dynamic config: Envoy loads listeners and clusters from two files in one directory and
 * reloads them when a file is moved into it. Envoy picks the parser by extension, and .json is one.
 */
export const FILE_NAMES = { lds: 'lds.json', cds: 'cds.json', bootstrap: 'bootstrap.json' } as const;

export interface DiscoveryFiles {
  lds: string;
  cds: string;
}

/**
 * The snapshot as two DiscoveryResponse files. Routes, endpoints and certificates are inlined (as in the
 * static render), so there are no RDS/EDS/SDS files to keep in step with these two.
 */
export function renderDiscoveryFiles(snapshot: Snapshot, registry: AnyRegistry = envoyAnyRegistry): DiscoveryFiles {
  const { listeners, clusters } = selfContainedResources(snapshot, registry);
  const response = (typeUrl: TypeUrl, resources: envoy.Any[]) =>
    renderChecked(toProtoJson(envoy.DiscoveryResponse, envoy.DiscoveryResponse.fromPartial({ versionInfo: snapshot.version, typeUrl, resources }), registry));
  const typeName = (url: TypeUrl) => url.slice(url.lastIndexOf('/') + 1);
  return {
    lds: response(TypeUrl.Listener, listeners.map((l) => packAny(typeName(TypeUrl.Listener), envoy.Listener, l))),
    cds: response(TypeUrl.Cluster, clusters.map((c) => packAny(typeName(TypeUrl.Cluster), envoy.Cluster, c))),
  };
}

/**
 * The bootstrap of an Envoy that follows the files in `directory`. Envoy watches the directory (not the
 * files) for moves, so every atomic replace (temp file + rename) is seen, whatever inode the new file has.
 */
export function buildFilesBootstrap(directory: string, o: StaticBootstrapOptions): envoy.Bootstrap {
  const dir = resolve(directory);
  const source = (file: string) => ({
    pathConfigSource: { path: join(dir, file), watchedDirectory: { path: dir } },
    resourceApiVersion: envoy.ApiVersion.V3,
  });
  return envoy.Bootstrap.fromPartial({
    node: { id: o.nodeId, cluster: o.nodeCluster },
    dynamicResources: { ldsConfig: source(FILE_NAMES.lds), cdsConfig: source(FILE_NAMES.cds) },
    admin: { address: { socketAddress: { address: ADMIN_ADDRESS, portValue: o.adminPort } } },
  });
}

export function renderFilesBootstrap(directory: string, o: StaticBootstrapOptions): string {
  return renderChecked(toProtoJson(envoy.Bootstrap, buildFilesBootstrap(directory, o)));
}
