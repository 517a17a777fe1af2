import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { loadConfig } from '../../config/load-config.js';
import type { IsobarConfig } from '../../config/schema.js';
import { coreModule } from '../../core/container/core-module.js';
import { loadPlugins, withDefaultApis } from '../../core/container/plugin-loader.js';
import { groupOf, KindRegistry, watchedVersion } from '../../core/index.js';
import { pluginCatalog } from '../../cli/plugin-catalog.js';
import { createTempDir } from '../e2e/harness/temp-dir.js';
import { yamlObjects, type KubeObjectLike } from './harness/kube-objects.js';
import { helmTemplate } from './harness/helm.js';
import { repoPath } from './harness/kube-tools.js';

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs?: string[];
}

/** `group/resource verb` for every permission of the routing rules (those not narrowed to isobar's own objects by name, and not the Lease). */
function permissions(objects: KubeObjectLike[]): Set<string> {
  const out = new Set<string>();
  for (const o of objects.filter((x) => x.kind === 'ClusterRole' || x.kind === 'Role')) {
    for (const r of (o['rules'] ?? []) as Rule[]) {
      if (r.resourceNames || r.resources?.includes('leases')) continue;
      for (const g of r.apiGroups ?? []) for (const res of r.resources ?? []) for (const v of r.verbs ?? []) out.add(`${g}/${res} ${v}`);
    }
  }
  return out;
}

/** What the loaded plugins need with this config: read every watched kind, write the status of those that have one, and the writes each plugin declares. */
async function needed(config: IsobarConfig): Promise<Set<string>> {
  const container = new Container();
  await container.load(coreModule);
  const plugins = await loadPlugins(container, pluginCatalog, withDefaultApis(config.plugins));
  const out = new Set<string>();
  for (const p of plugins) for (const r of p.permissions?.(config) ?? []) for (const v of r.verbs) out.add(`${r.group}/${r.resource} ${v}`);
  for (const k of container.get(KindRegistry).all()) {
    if (!(k.watchedWith?.(config) ?? true)) continue;
    const g = groupOf(watchedVersion(k));
    for (const v of ['get', 'list', 'watch']) out.add(`${g}/${k.plural} ${v}`);
    if (k.status?.subresource) for (const v of ['update', 'patch']) out.add(`${g}/${k.plural}/status ${v}`);
  }
  return out;
}

async function configOf(objects: KubeObjectLike[]): Promise<IsobarConfig> {
  const cm = objects.find((o) => o.kind === 'ConfigMap' && typeof (o['data'] as Record<string, string> | undefined)?.['isobar.yaml'] === 'string');
  assert.ok(cm, 'an isobar.yaml ConfigMap');
  const dir = await createTempDir('isobar-rbac-config-');
  try {
    return loadConfig(await dir.write('isobar.yaml', (cm['data'] as Record<string, string>)['isobar.yaml']!));
  } finally {
    await dir.remove();
  }
}

function objectsIn(dir: string, only?: (file: string) => boolean): KubeObjectLike[] {
  return readdirSync(repoPath(dir))
    .filter((f) => f.endsWith('.yaml') && (only?.(f) ?? true))
    .sort()
    .flatMap((f) => yamlObjects(readFileSync(repoPath(dir, f), 'utf8')));
}

/** Exactly what is needed: a missing permission breaks a watch, an extra one is more than isobar should hold. */
function assertSame(have: Set<string>, want: Set<string>, where: string): void {
  const missing = [...want].filter((p) => !have.has(p)).sort();
  const extra = [...have].filter((p) => !want.has(p)).sort();
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, where);
}

describe('the RBAC shipped in deploy/ grants exactly what the registered kinds need', () => {
  it('deploy/manifests', async () => {
    const objects = objectsIn('deploy/manifests');
    assertSame(permissions(objects), await needed(await configOf(objects)), 'deploy/manifests');
  });

  for (const tenant of ['tenant-a.yaml', 'tenant-b.yaml']) {
    it(`deploy/tenant/${tenant}`, async () => {
      const objects = objectsIn('deploy/tenant', (f) => f === tenant);
      assertSame(permissions(objects), await needed(await configOf(objects)), tenant);
    });
  }

  const renders: Array<[string, string[]]> = [
    ['cluster-wide', []],
    ['per namespace', ['watchNamespaces={team-a}']],
    ['without IngressClasses', ['watchIngressClasses=false']],
    ['per namespace, Gateway API without fleets', ['watchNamespaces={team-a}', 'gatewayApi.fleets=false']],
    ['without Gateway API', ['gatewayApi.enabled=false']],
  ];
  for (const [name, set] of renders) {
    it(`the Helm chart, ${name}`, async () => {
      const objects = await helmTemplate(set);
      assertSame(permissions(objects), await needed(await configOf(objects)), `helm template ${set.join(' ')}`);
    });
  }

  it('a plugin switched off takes its permissions with it (the comparison is not vacuous)', async () => {
    const config = await configOf(objectsIn('deploy/manifests'));
    const without = await needed({ ...config, plugins: [...withDefaultApis(config.plugins).filter((p) => p !== 'api-ingressroute')] });
    assert.ok(!without.has('contour.heptio.com/ingressroutes list'));
    assert.ok(without.has('networking.k8s.io/ingresses list'));
  });
});
