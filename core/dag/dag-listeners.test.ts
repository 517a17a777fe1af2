import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Attributes } from './attributes.js';
import { Dag, DEFAULT_LISTENERS } from './dag.js';
import type { DagRoute } from './dag-types.js';

const route = (path: string): DagRoute => ({
  match: { kind: 'segment-prefix', path },
  action: { kind: 'direct', status: 200, body: '' },
  owner: { kind: 'Widget', namespace: 'a', name: 'w' },
  ownerRank: '0',
  attributes: new Attributes(),
});

describe('listeners as DAG nodes', () => {
  it("always has the config's two listeners; hosts attach to them by default", () => {
    const dag = new Dag({ http: { name: 'ingress_http', address: '127.0.0.1', port: 18080 }, https: { name: 'ingress_https', address: '127.0.0.1', port: 18443 } });
    assert.deepEqual([...dag.listeners.values()].map((l) => [l.name, l.protocol, l.address, l.port, l.routeConfigName]), [
      ['ingress_http', 'HTTP', '127.0.0.1', 18080, 'ingress_http'],
      ['ingress_https', 'HTTPS', '127.0.0.1', 18443, 'https'],
    ]);
    dag.virtualHost('a.example.com');
    dag.secureVirtualHost('a.example.com', undefined);
    assert.deepEqual([[...dag.http.virtualHosts.keys()], [...dag.https.virtualHosts.keys()]], [['a.example.com'], ['a.example.com']]);
  });

  it('a processor declares more; declaring one again gets the same node, a different address is an error', () => {
    const dag = new Dag();
    const l = dag.httpListener({ name: 'extra', address: '127.0.0.1', port: 9090 });
    assert.equal(dag.httpListener({ name: 'extra', address: '127.0.0.1', port: 9090 }), l);
    assert.throws(() => dag.httpListener({ name: 'extra', address: '127.0.0.1', port: 9091 }), /already HTTP on 127.0.0.1:9090/);
    assert.throws(() => dag.httpsListener({ name: 'extra', address: '127.0.0.1', port: 9090 }), /not HTTPS/);
    dag.virtualHost('x.example.com', l).routes.push(route('/x'));
    dag.virtualHost('y.example.com').routes.push(route('/y'));
    assert.deepEqual(dag.allRoutes().map((r) => r.match.kind === 'segment-prefix' && r.match.path).sort(), ['/x', '/y']);
    assert.equal(dag.virtualHosts.has('x.example.com'), false, "the extra listener's host is not on the config's");
  });

  it('never merges listeners of different fleets', () => {
    const dag = new Dag();
    const gw = { name: 'gw', address: '0.0.0.0', port: 80, fleet: 'gateway/ns/a' };
    const l = dag.httpListener(gw);
    assert.equal(dag.httpListener(gw), l);
    assert.equal(l.fleet, 'gateway/ns/a');
    assert.throws(() => dag.httpListener({ ...gw, fleet: 'gateway/ns/b' }), /already of fleet gateway\/ns\/a; not of fleet gateway\/ns\/b/);
    assert.throws(() => dag.httpListener({ name: 'gw', address: '0.0.0.0', port: 80 }), /not of the default fleet/);
  });

  it('a fork is empty, with the same default listeners', () => {
    const dag = new Dag({ ...DEFAULT_LISTENERS, http: { ...DEFAULT_LISTENERS.http, port: 1234 } });
    dag.virtualHost('a.example.com');
    dag.httpListener({ name: 'extra', address: '0.0.0.0', port: 9090 });
    const fork = dag.fork();
    assert.deepEqual([...fork.listeners.keys()], ['ingress_http', 'ingress_https']);
    assert.equal(fork.http.port, 1234);
    assert.equal(fork.virtualHosts.size, 0);
  });
});
