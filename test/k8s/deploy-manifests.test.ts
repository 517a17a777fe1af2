import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { KubeApiError } from '../../plugins/source-k8s/kube-client.js';
import { loadConfig } from '../../config/load-config.js';
import { createTempDir } from '../e2e/harness/temp-dir.js';
import { startKubeCluster, type KubeCluster } from './harness/kube-cluster.js';
import { apply, yamlObjects, type KubeObjectLike } from './harness/kube-objects.js';
import { helm } from './harness/helm.js';
import { repoPath } from './harness/kube-tools.js';

function manifestFiles(dir: string): string[] {
  return readdirSync(repoPath(dir))
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => repoPath(dir, f));
}

function objectsOf(files: string[]): KubeObjectLike[] {
  return files.flatMap((f) => yamlObjects(readFileSync(f, 'utf8')));
}

/** Namespaces are created for real first: a dry-run of a namespaced object needs its namespace to exist. */
async function dryRunAll(cluster: KubeCluster, objects: KubeObjectLike[]): Promise<void> {
  await apply(cluster, objects.filter((o) => o.kind === 'Namespace'));
  const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition');
  await apply(cluster, crds);
  for (const o of objects) {
    try {
      await apply(cluster, [o], { dryRun: true });
    } catch (err) {
      assert.fail(`${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}: ${(err as Error).message}`);
    }
  }
}

describe('shipped manifests, tenant files and Helm chart pass a server-side dry-run', () => {
  let cluster: KubeCluster;
  before(async () => {
    cluster = await startKubeCluster();
  });
  after(async () => {
    await cluster?.stop();
  });

  it('deploy/manifests: every object is admitted, and the kinds a controller needs are all there', async () => {
    const objects = objectsOf(manifestFiles('deploy/manifests'));
    const kinds = new Set(objects.map((o) => o.kind));
    for (const k of ['Namespace', 'CustomResourceDefinition', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Deployment', 'Service', 'IngressClass', 'ConfigMap']) {
      assert.ok(kinds.has(k), `deploy/manifests has no ${k}`);
    }
    await dryRunAll(cluster, objects);
  });

  it('the IngressRoute CRD has a real schema: the seed IngressRoute is accepted, a malformed one refused', async () => {
    await apply(cluster, objectsOf(manifestFiles('deploy/manifests')).filter((o) => o.kind === 'CustomResourceDefinition'));
    const seed = yamlObjects(readFileSync(repoPath('examples/crd/basic-ingressroute.yaml'), 'utf8'))[0]!;
    await apply(cluster, [{ ...seed, metadata: { ...seed.metadata, namespace: 'default' } }], { dryRun: true });
    const bad = { ...seed, metadata: { name: 'bad', namespace: 'default' }, spec: { virtualhost: { fqdn: 'x.example.com' }, routes: [{ match: '/', services: [{ name: 's1', port: 70000 }] }] } };
    await assert.rejects(apply(cluster, [bad], { dryRun: true }), (err: unknown) => err instanceof KubeApiError && err.status === 422 && /port/.test(err.message));
    const crd = (await cluster.admin.request<{ spec: { versions: Array<{ additionalPrinterColumns?: Array<{ name: string }> }> } }>('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/ingressroutes.contour.heptio.com')).body;
    const columns = crd.spec.versions[0]!.additionalPrinterColumns?.map((c) => c.name) ?? [];
    assert.ok(columns.includes('FQDN') && columns.some((c) => /status/i.test(c)), `printer columns: ${columns.join(', ')}`);
  });

  it('deploy/tenant: both tenants’ files are admitted', async () => {
    await dryRunAll(cluster, objectsOf(manifestFiles('deploy/tenant')));
  });

  it('the Helm chart lints, and renders objects the API server admits (cluster-wide and per-namespace)', async () => {
    await helm('lint', repoPath('deploy/helm/isobar'));
    const clusterWide = yamlObjects(await helm('template', 'isobar', repoPath('deploy/helm/isobar'), '--namespace', 'isobar-system', '--include-crds'));
    assert.ok(clusterWide.some((o) => o.kind === 'ClusterRoleBinding'), 'cluster-wide mode binds a ClusterRole');
    await dryRunAll(cluster, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'isobar-system' } }, ...clusterWide]);
    const scoped = yamlObjects(await helm('template', 'isobar', repoPath('deploy/helm/isobar'), '--namespace', 'isobar-system', '--set', 'watchNamespaces={team-a}'));
    const roleBindings = scoped.filter((o) => o.kind === 'RoleBinding').map((o) => o.metadata.namespace);
    assert.ok(roleBindings.includes('team-a'), `a RoleBinding in team-a (got ${roleBindings.join(', ')})`);
    await dryRunAll(cluster, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }, ...scoped]);
  });

  it('every shipped isobar.yaml (manifests, tenants, Helm renders) loads with isobar’s strict config loader', async () => {
    const rendered = [
      ...yamlObjects(await helm('template', 'isobar', repoPath('deploy/helm/isobar'), '--namespace', 'isobar-system')),
      ...yamlObjects(await helm('template', 'isobar', repoPath('deploy/helm/isobar'), '--namespace', 'isobar-system', '--set', 'watchNamespaces={team-a,team-b}')),
    ];
    const configMaps = [...objectsOf(manifestFiles('deploy/manifests')), ...objectsOf(manifestFiles('deploy/tenant')), ...rendered].filter(
      (o) => o.kind === 'ConfigMap' && typeof (o['data'] as Record<string, string> | undefined)?.['isobar.yaml'] === 'string',
    );
    assert.ok(configMaps.length >= 5, `found ${configMaps.length} isobar.yaml ConfigMaps`);
    const dir = await createTempDir('isobar-shipped-config-');
    try {
      const loaded = [];
      for (const [i, cm] of configMaps.entries()) {
        const file = await dir.write(`config-${i}.yaml`, (cm['data'] as Record<string, string>)['isobar.yaml']!);
        const where = `${cm.metadata.namespace}/${cm.metadata.name}`;
        const config = loadConfig(file);
        assert.ok(config.plugins.includes('source-k8s') && config.plugins.includes('sink-xds'), `${where}: plugins`);
        assert.ok(config.xds.tls.caFile && config.xds.tls.certFile && config.xds.tls.keyFile, `${where}: xDS over mTLS by default`);
        loaded.push(config);
      }
      const watched = loaded.map((c) => c.sourceK8s.watchNamespaces);
      assert.ok(watched.some((w) => w.join(',') === 'team-a,team-b'), 'the chart passes watchNamespaces to isobar');
    } finally {
      await dir.remove();
    }
  });
});
