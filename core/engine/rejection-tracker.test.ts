import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { build } from '../../test/fixtures/build.js';
import { endpoints, ingressV1, service, sourced, storeOf } from '../../test/fixtures/objects.js';
import type { K8sObject } from '../model/k8s-object.js';
import { TypeUrl, type Snapshot } from '../snapshot/snapshot.js';
import type { ObjectStore } from '../store/object-store.js';
import { RejectionTracker } from './rejection-tracker.js';

const backend = { service: { name: 'web', port: { number: 80 } } };
const base: K8sObject[] = [service('team', 'web', [{ port: 80 }]), endpoints('team', 'web', '10.0.0.1', [{ port: 8080 }])];
const ing = (name: string, path = '/') => ingressV1('team', name, { rules: [{ host: `${name}.example.com`, http: { paths: [{ path, pathType: 'Prefix', backend }] } }] });
const rds = (s: Snapshot) => [...s.resources.get(TypeUrl.RouteConfiguration)!.items.values()].map((r) => ({ name: r.name, version: r.version }));

/** Builds the store as the engine would (probation withheld) and records it. */
function buildInto(tracker: RejectionTracker, store: ObjectStore) {
  const result = build(store);
  tracker.record(result.snapshot, result.provenance, store);
  return result;
}

describe('RejectionTracker', () => {
  it('charges a rejection to the one object that changed since the last acceptance', () => {
    const store = storeOf([...base, ing('a'), ing('b')]);
    const tracker = new RejectionTracker();
    const first = buildInto(tracker, store);
    tracker.accepted(TypeUrl.RouteConfiguration, rds(first.snapshot), first.snapshot);
    store.applyDelta('test', [sourced()(ing('c'))], []);
    const second = buildInto(tracker, store);
    const verdict = tracker.rejected(TypeUrl.RouteConfiguration, rds(second.snapshot), 'bad regex', 'node-1', store);
    assert.equal(verdict.culprit?.object.key, 'Ingress/team/c');
    assert.equal(verdict.culprit?.condition.reason, 'RejectedByEnvoy');
    assert.match(verdict.culprit!.condition.message, /node node-1.*bad regex/);
  });

  it('an object changed after the rejected build is not charged', () => {
    const store = storeOf([...base, ing('a')]);
    const tracker = new RejectionTracker();
    const first = buildInto(tracker, store);
    tracker.accepted(TypeUrl.RouteConfiguration, rds(first.snapshot), first.snapshot);
    store.applyDelta('test', [sourced()(ing('c'))], []);
    const rejected = buildInto(tracker, store);
    store.applyDelta('test', [sourced()(ing('c', '/fixed'))], []);
    const verdict = tracker.rejected(TypeUrl.RouteConfiguration, rds(rejected.snapshot), 'bad', 'n', store);
    assert.equal(verdict.culprit, undefined);
    assert.deepEqual(verdict.probation, []);
  });

  it('halves several suspects, and lets the held-back half in after an acceptance of the current config', () => {
    const store = storeOf([...base, ing('a'), ing('b'), ing('c'), ing('d')]);
    const tracker = new RejectionTracker();
    const first = buildInto(tracker, store);
    const verdict = tracker.rejected(TypeUrl.RouteConfiguration, rds(first.snapshot), 'bad', 'n', store);
    assert.equal(verdict.culprit, undefined);
    assert.deepEqual(verdict.probation, ['Ingress/team/c', 'Ingress/team/d']);
    assert.deepEqual([...tracker.probation(store)], ['Ingress/team/c', 'Ingress/team/d']);
    // An answer to an older config does not release anyone.
    assert.equal(tracker.accepted(TypeUrl.RouteConfiguration, rds(first.snapshot), build(storeOf([...base, ing('z')])).snapshot), false);
    const current = buildInto(tracker, store);
    assert.equal(tracker.accepted(TypeUrl.RouteConfiguration, rds(current.snapshot), current.snapshot), true);
    assert.deepEqual([...tracker.probation(store)], ['Ingress/team/d']);
  });

  it('a held-back object that changes is let back in', () => {
    const store = storeOf([...base, ing('a'), ing('b')]);
    const tracker = new RejectionTracker();
    const first = buildInto(tracker, store);
    tracker.rejected(TypeUrl.RouteConfiguration, rds(first.snapshot), 'bad', 'n', store);
    assert.deepEqual([...tracker.probation(store)], ['Ingress/team/b']);
    store.applyDelta('test', [sourced()(ing('b', '/v2'))], []);
    assert.deepEqual([...tracker.probation(store)], []);
  });

  it('trust is per type: an object accepted in clusters is still a suspect in routes', () => {
    const store = storeOf([...base, ing('a')]);
    const tracker = new RejectionTracker();
    const first = buildInto(tracker, store);
    const clusters = [...first.snapshot.resources.get(TypeUrl.Cluster)!.items.values()].map((r) => ({ name: r.name, version: r.version }));
    tracker.accepted(TypeUrl.Cluster, clusters, first.snapshot);
    const verdict = tracker.rejected(TypeUrl.RouteConfiguration, rds(first.snapshot), 'bad', 'n', store);
    assert.equal(verdict.culprit?.object.key, 'Ingress/team/a');
  });
});
