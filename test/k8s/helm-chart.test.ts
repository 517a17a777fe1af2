/**
 * The Helm chart rendered by the real helm binary: its values.schema.json refuses bad values naming the
 * key, the monitoring wiring (prometheus.io annotations, the Envoy metrics Service, the ServiceMonitor)
 * reaches the ports that serve metrics, and the default render agrees with deploy/manifests.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { CHART, helm, helmTemplate } from './harness/helm.js';
import type { KubeObjectLike } from './harness/kube-objects.js';
import { manifests } from './harness/shipped-manifests.js';
import { annotations, container, containersByName, flagValue, only, podTemplate, serviceSpec, servicesMatching, targetOf } from './harness/pod-spec.js';

const PROMETHEUS = ['prometheus.io/scrape', 'prometheus.io/port', 'prometheus.io/path'];

function prometheusAnnotations(o: { metadata: object }): Record<string, string> {
  return Object.fromEntries(Object.entries(annotations(o)).filter(([k]) => PROMETHEUS.includes(k)));
}

function containerPort(deployment: KubeObjectLike, containerName: string, portName: string): number | undefined {
  return container(deployment, containerName).ports?.find((p) => p.name === portName)?.containerPort;
}

/**
 * What Prometheus' annotation-based discovery would scrape, checked against what listens: the pod's
 * annotations name isobar's admin port; the Envoy metrics Service's name the port Envoy's bootstrap
 * opens for its stats (--stats-port), which its targetPort reaches; the public Service has no such port.
 */
function assertAnnotatedScrapes(objects: KubeObjectLike[], envoyServiceName: string, where: string): void {
  const deployment = only(objects, 'Deployment');
  const adminPort = containerPort(deployment, 'isobar', 'admin');
  assert.deepEqual(
    prometheusAnnotations(podTemplate(deployment)),
    { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(adminPort), 'prometheus.io/path': '/metrics' },
    `${where}: pod annotations`,
  );

  const statsPort = containerPort(deployment, 'envoy', 'metrics');
  assert.ok(statsPort, `${where}: the envoy container has a port named metrics`);
  const bootstrap = container(deployment, 'envoy-bootstrap').args;
  assert.equal(flagValue(bootstrap, '--stats-port'), String(statsPort), `${where}: the bootstrap opens the stats listener on the metrics port`);
  assert.equal(flagValue(bootstrap, '--stats-address'), '0.0.0.0', `${where}: the stats listener is on the pod IP`);

  const metricsService = only(objects, 'Service', 'isobar-envoy-metrics');
  assert.deepEqual(
    prometheusAnnotations(metricsService),
    { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(statsPort), 'prometheus.io/path': '/stats/prometheus' },
    `${where}: isobar-envoy-metrics annotations`,
  );
  const spec = serviceSpec(metricsService);
  assert.equal(spec.clusterIP, 'None', `${where}: headless`);
  assert.deepEqual(spec.ports.map((p) => targetOf(deployment, p)), [{ container: 'envoy', containerPort: statsPort }], `${where}: the metrics Service reaches Envoy's stats port`);

  const publicPorts = serviceSpec(only(objects, 'Service', envoyServiceName)).ports.map((p) => targetOf(deployment, p)?.containerPort);
  assert.ok(!publicPorts.includes(statsPort), `${where}: the public Service ${envoyServiceName} does not expose the stats port (${publicPorts.join(', ')})`);
  for (const s of objects.filter((o) => o.kind === 'Service' && o.metadata.name !== 'isobar-envoy-metrics')) {
    assert.deepEqual(prometheusAnnotations(s), {}, `${where}: Service ${s.metadata.name} is not annotated (its pods already are)`);
  }
}

describe('the Helm chart’s values.schema.json', () => {
  it('helm lint --strict passes, and the defaults render', async () => {
    await helm('lint', '--strict', CHART);
    const objects = await helmTemplate();
    assert.equal(podTemplate(only(objects, 'Deployment')).spec.containers.length, 2);
  });

  const refused: Array<[string, RegExp]> = [
    ['replicaCount=abc', /'\/replicaCount': got string, want integer/],
    ['replicaCount=0', /'\/replicaCount': minimum/],
    ['admin.port=70000', /'\/admin\/port': maximum: got 70,000, want 65,535/],
    ['envoy.containerPorts.metrics=0', /'\/envoy\/containerPorts\/metrics': minimum/],
    ['replicaCoutn=3', /additional properties 'replicaCoutn' not allowed/],
    ['metrics.serviceMonitor.enable=true', /'\/metrics\/serviceMonitor': additional properties 'enable' not allowed/],
    ['service.type=Loadbalancer', /'\/service\/type': value must be one of 'ClusterIP', 'NodePort', 'LoadBalancer'/],
    ['log.level=verbose', /'\/log\/level': value must be one of/],
    ['metrics.serviceMonitor.interval=half-a-minute', /'\/metrics\/serviceMonitor\/interval': 'half-a-minute' does not match pattern/],
    ['watchNamespaces={Team_A}', /'\/watchNamespaces\/0': 'Team_A' does not match pattern/],
    ['podAnnotations.team=7', /'\/podAnnotations\/team': got number, want string/],
  ];
  for (const [set, message] of refused) {
    it(`--set ${set} is refused, naming the key`, async () => {
      await assert.rejects(helmTemplate([set]), (err: Error) => {
        assert.match(err.message, /values don't meet the specifications of the schema/);
        assert.match(err.message, message);
        return true;
      });
    });
  }

  it('helm lint checks the schema too', async () => {
    await assert.rejects(helm('lint', CHART, '--set', 'replicaCount=abc'), /replicaCount/);
  });

  it('values the schema allows still render: free-form maps, node ports, an empty ServiceMonitor interval', async () => {
    const objects = await helmTemplate([
      'service.type=NodePort',
      'service.nodePorts.http=30080',
      'resources.limits.memory=1Gi',
      'nodeSelector.disk=ssd',
      'podSecurityContext.runAsUser=1000',
      'podDisruptionBudget.minAvailable=50%',
      'metrics.serviceMonitor.enabled=true',
      'metrics.serviceMonitor.interval=',
    ]);
    const ports = serviceSpec(only(objects, 'Service', 'isobar-envoy')).ports as Array<{ name: string; nodePort?: number }>;
    assert.equal(ports.find((p) => p.name === 'http')?.nodePort, 30080);
    const endpoints = (only(objects, 'ServiceMonitor')['spec'] as { endpoints: Array<Record<string, unknown>> }).endpoints;
    assert.ok(endpoints.every((e) => !('interval' in e) && e['scrapeTimeout'] === '10s'), JSON.stringify(endpoints));
  });

  it('describes every key of values.yaml, and no key that values.yaml does not document', () => {
    const schema = JSON.parse(readFileSync(`${CHART}/values.schema.json`, 'utf8')) as SchemaNode;
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    const values = parse(readFileSync(`${CHART}/values.yaml`, 'utf8')) as Record<string, unknown>;
    const problems: string[] = [];
    compare(schema, schema, values, '', problems);
    assert.deepEqual(problems, []);
  });
});

interface SchemaNode {
  $schema?: string;
  $ref?: string;
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  anyOf?: SchemaNode[];
  definitions?: Record<string, SchemaNode>;
}

function resolve(root: SchemaNode, node: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const name = node.$ref.replace('#/definitions/', '');
  const target = root.definitions?.[name];
  if (!target) throw new Error(`unresolved $ref ${node.$ref}`);
  return resolve(root, target);
}

/**
 * Walks values.yaml and the schema together: every value needs a schema node saying what it may be; an
 * object of fixed keys must refuse others; a fixed key in the schema must exist in values.yaml (where its
 * default is documented). Free-form objects (type object without properties) end the walk.
 */
function compare(root: SchemaNode, raw: SchemaNode, value: unknown, path: string, problems: string[]): void {
  const node = resolve(root, raw);
  if (!node.type && !node.anyOf) problems.push(`${path || '/'}: no type`);
  if (node.type !== 'object' || !node.properties) return;
  if (node.additionalProperties !== false) problems.push(`${path || '/'}: fixed keys, but others allowed`);
  const keys = Object.keys((value ?? {}) as object);
  for (const k of keys) {
    const child = node.properties[k];
    if (!child) problems.push(`${path}/${k}: in values.yaml, not in the schema`);
    else compare(root, child, (value as Record<string, unknown>)[k], `${path}/${k}`, problems);
  }
  for (const k of Object.keys(node.properties)) {
    if (!keys.includes(k) && !(path === '' && k === 'global')) problems.push(`${path}/${k}: in the schema, not in values.yaml`);
  }
}

describe('monitoring: annotations, the Envoy metrics Service, the ServiceMonitor', () => {
  it('deploy/manifests: annotations and ports lead Prometheus to isobar’s /metrics and Envoy’s /stats/prometheus', () => {
    assertAnnotatedScrapes(manifests(), 'envoy', 'deploy/manifests');
  });

  it('the chart’s defaults: the same', async () => {
    assertAnnotatedScrapes(await helmTemplate(), 'isobar-envoy', 'helm defaults');
  });

  it('envoy.containerPorts.metrics moves the bootstrap flag, the container port, the Service and its annotation together', async () => {
    const objects = await helmTemplate(['envoy.containerPorts.metrics=9102']);
    assertAnnotatedScrapes(objects, 'isobar-envoy', 'envoy.containerPorts.metrics=9102');
    assert.equal(containerPort(only(objects, 'Deployment'), 'envoy', 'metrics'), 9102);
  });

  it('metrics.prometheusAnnotations=false: no prometheus.io annotations anywhere, and no metrics Service without a ServiceMonitor', async () => {
    const objects = await helmTemplate(['metrics.prometheusAnnotations=false']);
    const annotated = objects.filter((o) => Object.keys(prometheusAnnotations(o)).length > 0).map((o) => `${o.kind} ${o.metadata.name}`);
    assert.deepEqual(annotated, []);
    assert.deepEqual(prometheusAnnotations(podTemplate(only(objects, 'Deployment'))), {});
    assert.ok(!objects.some((o) => o.metadata.name === 'isobar-envoy-metrics'));
    assert.ok(!objects.some((o) => o.kind === 'ServiceMonitor'));
    // The stats listener itself stays: only the announcements go.
    assert.equal(containerPort(only(objects, 'Deployment'), 'envoy', 'metrics'), 8002);
  });

  it('no ServiceMonitor by default; enabled, its two endpoints each reach one Service and the container port that serves that path', async () => {
    assert.ok(!(await helmTemplate()).some((o) => o.kind === 'ServiceMonitor'));
    const objects = await helmTemplate(['metrics.serviceMonitor.enabled=true', 'metrics.prometheusAnnotations=false']);
    const monitor = only(objects, 'ServiceMonitor');
    assert.equal(monitor.apiVersion, 'monitoring.coreos.com/v1');
    const spec = monitor['spec'] as {
      namespaceSelector: { matchNames: string[] };
      selector: { matchLabels: Record<string, string> };
      endpoints: Array<{ port: string; path: string; interval?: string; scrapeTimeout?: string }>;
    };
    const deployment = only(objects, 'Deployment');
    const reached = spec.endpoints.map((e) => {
      const services = servicesMatching(objects, spec.selector.matchLabels, spec.namespaceSelector.matchNames).filter((s) => serviceSpec(s).ports.some((p) => p.name === e.port));
      assert.equal(services.length, 1, `endpoint ${e.port}: one Service has that port (${services.map((s) => s.metadata.name).join(', ')})`);
      const port = serviceSpec(services[0]!).ports.find((p) => p.name === e.port)!;
      return { service: services[0]!.metadata.name, path: e.path, target: targetOf(deployment, port), interval: e.interval, scrapeTimeout: e.scrapeTimeout };
    });
    assert.deepEqual(reached, [
      { service: 'isobar', path: '/metrics', target: { container: 'isobar', containerPort: 8000 }, interval: '30s', scrapeTimeout: '10s' },
      { service: 'isobar-envoy-metrics', path: '/stats/prometheus', target: { container: 'envoy', containerPort: 8002 }, interval: '30s', scrapeTimeout: '10s' },
    ]);
    assert.deepEqual(prometheusAnnotations(only(objects, 'Service', 'isobar-envoy-metrics')), {}, 'annotations off, the Service stays for the ServiceMonitor');
  });

  it('metrics.serviceMonitor: namespace, extra labels, interval and scrapeTimeout', async () => {
    const objects = await helmTemplate([
      'metrics.serviceMonitor.enabled=true',
      'metrics.serviceMonitor.namespace=monitoring',
      'metrics.serviceMonitor.labels.release=kube-prometheus',
      'metrics.serviceMonitor.interval=15s',
      'metrics.serviceMonitor.scrapeTimeout=5s',
    ]);
    const monitor = only(objects, 'ServiceMonitor');
    assert.equal(monitor.metadata.namespace, 'monitoring');
    const labels = monitor.metadata['labels'] as Record<string, string>;
    assert.equal(labels['release'], 'kube-prometheus');
    assert.equal(labels['app.kubernetes.io/instance'], 'isobar', 'the chart’s own labels stay');
    const spec = monitor['spec'] as { namespaceSelector: { matchNames: string[] }; endpoints: Array<{ interval: string; scrapeTimeout: string }> };
    assert.deepEqual(spec.namespaceSelector.matchNames, ['isobar-system'], 'the Services are found in the release namespace');
    assert.deepEqual(spec.endpoints.map((e) => [e.interval, e.scrapeTimeout]), [['15s', '5s'], ['15s', '5s']]);
  });
});

describe('the default chart render agrees with deploy/manifests', () => {
  // Names that differ by design: the chart prefixes the public Envoy Service with the release's name.
  const chartName: Record<string, string> = { isobar: 'isobar', envoy: 'isobar-envoy', 'isobar-envoy-metrics': 'isobar-envoy-metrics' };

  it('every container: image, command line, environment, ports, mounts, hooks and probes', async () => {
    const fromChart = containersByName(only(await helmTemplate(), 'Deployment'));
    const fromManifests = containersByName(only(manifests(), 'Deployment'));
    assert.deepEqual([...fromChart.keys()], [...fromManifests.keys()]);
    for (const [name, want] of fromManifests) {
      const have = fromChart.get(name)!;
      for (const field of ['image', 'command', 'args', 'env', 'ports', 'volumeMounts', 'lifecycle', 'readinessProbe', 'livenessProbe'] as const) {
        assert.deepEqual(have[field], want[field], `container ${name}: ${field}`);
      }
    }
  });

  it('the pod’s annotations (but the chart’s config checksum)', async () => {
    const have = annotations(podTemplate(only(await helmTemplate(), 'Deployment')));
    delete have['checksum/config'];
    assert.deepEqual(have, annotations(podTemplate(only(manifests(), 'Deployment'))));
  });

  it('the Services: type, ports, headlessness and annotations (selectors differ: the chart adds the release)', async () => {
    const rendered = await helmTemplate();
    const shipped = manifests().filter((o) => o.kind === 'Service');
    assert.deepEqual(shipped.map((s) => chartName[s.metadata.name]).sort(), rendered.filter((o) => o.kind === 'Service').map((s) => s.metadata.name).sort());
    for (const want of shipped) {
      const have = only(rendered, 'Service', chartName[want.metadata.name]);
      const { selector: _a, ...haveSpec } = serviceSpec(have);
      const { selector: _b, ...wantSpec } = serviceSpec(want);
      assert.deepEqual(haveSpec, wantSpec, `Service ${want.metadata.name}: spec`);
      assert.deepEqual(annotations(have), annotations(want), `Service ${want.metadata.name}: annotations`);
    }
  });
});
