/**
 * The mutation table: each kind says which objects it applies to and changes a copy in place, returning
 * what isobar must do with the result (see attack-values.ts). Kept as data so the mutator's own test can
 * check that every kind applies and does what its name says.
 */
import { BAD_PORTS, CONTROL_CHARS, HUGE_RETRY_COUNT, longHosts, REGEX_PATHS, UINT32_MAX, type Expectation } from './attack-values.js';
import type { Prng } from './prng.js';
import { deleteNode, isRecord, nodesOf, setNode, type Tree, type TreeNode } from './tree-walk.js';

/** A good route another namespace might try to take over. `host` '' is a rule without a host. */
export interface GoodClaim {
  host: string;
  path: string;
  pathType: 'Prefix' | 'Exact' | 'ImplementationSpecific';
}

export interface MutationContext {
  claims: readonly GoodClaim[];
  /** A tag unique to this object (its name), for hosts that must not collide with others. */
  tag: string;
}

export interface Mutation {
  kind: MutationKind;
  applies(o: Tree): boolean;
  apply(o: Tree, rng: Prng, ctx: MutationContext): Expectation;
}

export type MutationKind =
  | 'deleteField'
  | 'nullInList'
  | 'scalarTypeSwap'
  | 'structuralTypeSwap'
  | 'outOfRangePort'
  | 'hugeWeight'
  | 'hugeRetryCount'
  | 'controlChars'
  | 'badRegex'
  | 'longHost'
  | 'takeover'
  | 'unknownField'
  | 'deepNesting';

export const REWRITE_TARGET = 'nginx.ingress.kubernetes.io/rewrite-target';
/** Maps whose keys are free-form: a new key there is not an unknown field. */
const FREE_FORM = /(^|\.)(labels|annotations|data|stringData|selector)$/;
const PORT_KEYS = new Set(['port', 'number', 'servicePort']);

const isIngress = (o: Tree) => o.kind === 'Ingress';
const isRoute = (o: Tree) => o.kind === 'IngressRoute';
const routing = (o: Tree) => isIngress(o) || isRoute(o);
const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

function pickNode(o: Tree, rng: Prng, want: (n: TreeNode) => boolean): TreeNode {
  return rng.pick(nodesOf(o).filter(want));
}
const has = (o: Tree, want: (n: TreeNode) => boolean) => nodesOf(o).some(want);

const portNode = (n: TreeNode) => typeof n.value === 'number' && PORT_KEYS.has(String(n.key)) && !n.path.includes('targetPort');
const hostNode = (n: TreeNode) => typeof n.value === 'string' && (n.key === 'host' || n.key === 'fqdn' || /\.hosts\[\d+\]$/.test(n.path));
const ingressPaths = (o: Tree) => nodesOf(o).filter((n) => /\.paths\[\d+\]$/.test(n.path) && isRecord(n.value)).map((n) => n.value as Tree);
const routes = (o: Tree) => (isRecord(o.spec) && Array.isArray(o.spec.routes) ? (o.spec.routes as unknown[]).filter(isRecord) : []);

function annotations(o: Tree): Record<string, unknown> {
  const meta = o.metadata as Tree;
  if (!isRecord(meta.annotations)) meta.annotations = {};
  return meta.annotations as Record<string, unknown>;
}

/** A backend in the Ingress's own apiVersion's shape. */
function backendFor(o: Tree): Tree {
  return o.apiVersion === 'networking.k8s.io/v1' ? { service: { name: 'web', port: { number: 80 } } } : { serviceName: 'web', servicePort: 80 };
}

function otherType(v: unknown, rng: Prng, structural: boolean): unknown {
  if (structural) {
    if (Array.isArray(v)) return rng.pick([{ swapped: 1 }, 7, 'list']);
    if (isRecord(v)) return rng.pick([['object'], 7, 'object']);
    return rng.pick([{ was: String(v) }, [v]]);
  }
  if (typeof v === 'string') return rng.pick([12345, true]);
  if (typeof v === 'number') return rng.pick([String(v), false]);
  return rng.pick(['yes', 1]);
}

export const MUTATIONS: readonly Mutation[] = [
  {
    kind: 'deleteField',
    applies: () => true,
    apply(o, rng) {
      // Not the namespace: without one an object lands in the default namespace, the seeds' own tenant,
      // which may legitimately add to its own services (that is no attack on another tenant).
      deleteNode(pickNode(o, rng, (n) => n.path !== 'metadata' && n.path !== 'metadata.namespace'));
      return 'reported';
    },
  },
  {
    kind: 'nullInList',
    applies: (o) => has(o, (n) => Array.isArray(n.value)),
    apply(o, rng) {
      const list = pickNode(o, rng, (n) => Array.isArray(n.value)).value as unknown[];
      if (list.length > 0 && rng.chance(0.5)) list[rng.int(0, list.length - 1)] = null;
      else list.splice(rng.int(0, list.length), 0, null);
      return 'reported';
    },
  },
  {
    kind: 'scalarTypeSwap',
    applies: (o) => has(o, (n) => scalar(n.value)),
    apply(o, rng) {
      const n = pickNode(o, rng, (x) => scalar(x.value));
      setNode(n, otherType(n.value, rng, false));
      return 'reported';
    },
  },
  {
    kind: 'structuralTypeSwap',
    // No Kubernetes field takes both a map or list and something else, so any such swap breaks the schema.
    applies: () => true,
    apply(o, rng) {
      const n = pickNode(o, rng, () => true);
      setNode(n, otherType(n.value, rng, true));
      return 'refused';
    },
  },
  {
    kind: 'outOfRangePort',
    applies: (o) => has(o, portNode),
    apply(o, rng) {
      const slice = o.kind === 'EndpointSlice';
      const bad = rng.pick(BAD_PORTS.filter((p) => !(slice && p.value === 0)));
      setNode(pickNode(o, rng, portNode), bad.value);
      return bad.expect;
    },
  },
  {
    kind: 'hugeWeight',
    // Each weight is a legal uint32; their sum is not. isobar may split them or refuse, but Envoy must never see the sum.
    applies: (o) => routes(o).some((r) => Array.isArray(r.services) && r.services.length > 0),
    apply(o, rng) {
      const route = rng.pick(routes(o).filter((r) => Array.isArray(r.services) && r.services.length > 0));
      const services = route.services as Tree[];
      if (services.length < 2) services.push({ ...services[0], weight: 0 });
      for (const s of services) if (isRecord(s)) s.weight = UINT32_MAX;
      return 'reported';
    },
  },
  {
    kind: 'hugeRetryCount',
    applies: (o) => routes(o).length > 0,
    apply(o, rng) {
      const route = rng.pick(routes(o));
      route.retryPolicy = { ...(isRecord(route.retryPolicy) ? route.retryPolicy : {}), count: HUGE_RETRY_COUNT };
      return 'refused';
    },
  },
  {
    kind: 'controlChars',
    applies: routing,
    apply(o, rng, ctx) {
      const c = rng.pick(CONTROL_CHARS);
      const where = rng.pick(['host', 'path', 'rewrite', 'annotation'] as const);
      if (where === 'host' && has(o, hostNode)) {
        const n = pickNode(o, rng, hostNode);
        setNode(n, `${String(n.value).replace(/^\*\./, '')}${c}evil.test`);
        return 'refused';
      }
      if (where === 'path') {
        const target = isIngress(o) ? ingressPaths(o) : routes(o);
        const key = isIngress(o) ? 'path' : 'match';
        if (target.length > 0) {
          rng.pick(target)[key] = `/${ctx.tag}${c}x`;
          return 'reported';
        }
      }
      if (where === 'rewrite' || where === 'path') {
        if (isIngress(o)) annotations(o)[REWRITE_TARGET] = `/r${c}w`;
        else if (routes(o).length > 0) rng.pick(routes(o)).prefixRewrite = `/r${c}w`;
        else (o.spec as Tree).routes = [{ match: '/', prefixRewrite: `/r${c}w`, services: [{ name: 'web', port: 80 }] }];
        return 'refused';
      }
      annotations(o).description = `line one${c}line two`;
      return 'reported';
    },
  },
  {
    kind: 'badRegex',
    applies: (o) => isIngress(o) && ingressPaths(o).length > 0,
    apply(o, rng) {
      const regex = rng.pick(REGEX_PATHS);
      const path = rng.pick(ingressPaths(o));
      path.path = regex.value;
      path.pathType = 'ImplementationSpecific';
      annotations(o)[REWRITE_TARGET] = '/$1';
      return regex.expect;
    },
  },
  {
    kind: 'longHost',
    applies: (o) => has(o, hostNode),
    apply(o, rng, ctx) {
      const host = rng.pick(longHosts(ctx.tag));
      const isFqdn = isRoute(o);
      setNode(pickNode(o, rng, hostNode), host.value);
      // A wildcard fqdn is not an IngressRoute's to have (Contour refuses it), so isobar may refuse it too.
      return isFqdn ? 'reported' : host.expect;
    },
  },
  {
    kind: 'takeover',
    // Another namespace claims a good route: the same match, another path type for `/`, an Exact on it, or a root on its host.
    applies: routing,
    apply(o, rng, ctx) {
      const claim = rng.pick(ctx.claims);
      if (isRoute(o)) {
        const spec = o.spec as Tree;
        const named = ctx.claims.filter((c) => c.host !== '' && !c.host.startsWith('*.'));
        spec.virtualhost = { ...(isRecord(spec.virtualhost) ? spec.virtualhost : {}), fqdn: rng.pick(named).host };
        if (routes(o).length === 0) spec.routes = [{ match: '/', services: [{ name: 'web', port: 80 }] }];
        return 'refused';
      }
      const variant = rng.pick(['same', 'rootOtherType', 'exact'] as const);
      const pathType = variant === 'same' ? claim.pathType : variant === 'exact' ? 'Exact' : claim.pathType === 'Prefix' ? 'ImplementationSpecific' : 'Prefix';
      const path = variant === 'rootOtherType' ? '/' : claim.path;
      const rule: Tree = { http: { paths: [{ path, pathType, backend: backendFor(o) }] } };
      if (claim.host) rule.host = claim.host;
      const spec = isRecord(o.spec) ? o.spec : (o.spec = {});
      spec.rules = [rule];
      delete spec.tls;
      delete annotations(o)[REWRITE_TARGET];
      return 'refused';
    },
  },
  {
    kind: 'unknownField',
    applies: () => true,
    apply(o, rng) {
      const candidates = [{ value: o, path: '' }, ...nodesOf(o).filter((n) => isRecord(n.value) && !FREE_FORM.test(n.path))];
      const target = rng.pick(candidates).value as Tree;
      const keys = Object.keys(target);
      let key = keys.length > 0 ? `${rng.pick(keys).slice(0, -1)}z` : 'surplus';
      while (key in target) key += 'z';
      target[key] = rng.pick(['x', 1, { nested: true }]);
      return 'refused';
    },
  },
  {
    kind: 'deepNesting',
    applies: (o) => isRecord(o.spec),
    apply(o, rng) {
      let deep: unknown = 'bottom';
      for (let i = rng.int(200, 600); i > 0; i--) deep = rng.chance(0.5) ? [deep] : { d: deep };
      (o.spec as Tree).nestz = deep;
      return 'refused';
    },
  },
];

export function mutation(kind: MutationKind): Mutation {
  const m = MUTATIONS.find((x) => x.kind === kind);
  if (!m) throw new Error(`no mutation ${kind}`);
  return m;
}
