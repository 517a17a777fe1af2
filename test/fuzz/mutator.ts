/**
 * The seeded mutator: object `i` of seed `s` is always the same mutated copy of the same seed object, so a
 * storm replays exactly from its seed. Every copy is renamed (`m<i>`) into a storm namespace and moved to
 * its own host first, so what it can break is the mutation's doing, and /status can be searched for it.
 */
import { Document, visit } from 'yaml';
import type { Expectation } from './attack-values.js';
import { MUTATIONS, type GoodClaim, type MutationKind } from './mutations.js';
import { Prng } from './prng.js';
import { deepClone, isRecord, type Tree } from './tree-walk.js';
import { YAML_ATTACKS, yamlAttack, type YamlAttackKind } from './yaml-attacks.js';

export const STORM_NAMESPACES = ['storm-a', 'storm-b', 'storm-c', 'storm-d'];

/** One mutated document: its name (unique in a storm), what was done, and what isobar must do about it. */
export interface MutatedDoc {
  name: string;
  namespace: string;
  /** The seed object's kind and name (before renaming). */
  base: string;
  mutation: MutationKind | YamlAttackKind;
  expect: Expectation;
  text: string;
}

/** A file of documents, with the lines each occupies (1-based, inclusive), to match problems to documents. */
export interface StormFile {
  text: string;
  docs: Array<MutatedDoc & { firstLine: number; lastLine: number }>;
}

export class Mutator {
  constructor(
    readonly seed: number,
    private readonly bases: readonly Tree[],
    private readonly claims: readonly GoodClaim[],
  ) {
    if (bases.length === 0 || claims.length === 0) throw new Error('a mutator needs seed objects and good claims');
  }

  private rng(index: number, salt: number): Prng {
    return new Prng((this.seed ^ Math.imul(index + 1, 0x9e3779b1) ^ salt) >>> 0);
  }

  /** Object `index`: a seed object, renamed and moved, with one mutation (of `only` if given). */
  object(index: number, only?: MutationKind): MutatedDoc {
    const rng = this.rng(index, 0x51ed);
    const name = `m${index}`;
    const namespace = rng.pick(STORM_NAMESPACES);
    const candidates = only ? this.bases.filter((b) => MUTATIONS.find((m) => m.kind === only)!.applies(rehomed(b, name, namespace))) : this.bases;
    if (candidates.length === 0) throw new Error(`no seed object takes mutation ${only}`);
    const base = rng.pick(candidates);
    const o = rehomed(base, name, namespace);
    const mutation = only ? MUTATIONS.find((m) => m.kind === only)! : rng.pick(MUTATIONS.filter((m) => m.applies(o)));
    const expect = mutation.apply(o, rng, { claims: this.claims, tag: name });
    return { name, namespace, base: `${base.kind}/${(base.metadata as Tree).name}`, mutation: mutation.kind, expect, text: toYaml(o) };
  }

  /** Document `index` as a whole-file YAML attack (alias bomb, deep nesting, broken text). */
  attack(index: number, only?: YamlAttackKind): MutatedDoc {
    const rng = this.rng(index, 0xa77a);
    const name = `m${index}`;
    const namespace = rng.pick(STORM_NAMESPACES);
    const kind = only ?? rng.pick(YAML_ATTACKS);
    return { name, namespace, base: 'yaml', mutation: kind, expect: 'refused', text: yamlAttack(kind, name, namespace, rng) };
  }

  /** Objects `first` … `first + count - 1` as one multi-document file. */
  file(first: number, count: number): StormFile {
    const docs: StormFile['docs'] = [];
    let line = 1;
    const parts: string[] = [];
    for (let i = first; i < first + count; i++) {
      const doc = this.object(i);
      const lines = doc.text.split('\n').length - 1; // text ends with a newline
      docs.push({ ...doc, firstLine: line, lastLine: line + lines - 1 });
      parts.push(doc.text);
      line += lines + 1; // and the `---` after it
    }
    return { text: parts.join('---\n'), docs };
  }
}

/** A copy named `name` in `namespace`, every host it claims moved under `<name>.storm.test`. */
export function rehomed(base: Tree, name: string, namespace: string): Tree {
  const o = deepClone(base);
  o.metadata = { ...(isRecord(o.metadata) ? o.metadata : {}), name, namespace };
  const own = (h: unknown) => (typeof h === 'string' && h.startsWith('*.') ? `*.${name}.storm.test` : `${name}.storm.test`);
  const spec = isRecord(o.spec) ? o.spec : undefined;
  if (o.kind === 'Ingress' && spec) {
    for (const rule of Array.isArray(spec.rules) ? spec.rules : []) if (isRecord(rule)) rule.host = own(rule.host);
    for (const tls of Array.isArray(spec.tls) ? spec.tls : []) if (isRecord(tls) && Array.isArray(tls.hosts)) tls.hosts = tls.hosts.map(own);
  }
  if (o.kind === 'IngressRoute' && spec && isRecord(spec.virtualhost)) spec.virtualhost.fqdn = own(spec.virtualhost.fqdn);
  return o;
}

/** YAML for one object; collections deep down are written as flow, so deep nesting stays a few lines. */
export function toYaml(o: Tree): string {
  const doc = new Document(o);
  visit(doc, {
    Map: (_, node, path) => void (path.length > 24 && (node.flow = true)),
    Seq: (_, node, path) => void (path.length > 24 && (node.flow = true)),
  });
  return doc.toString({ lineWidth: 0 });
}
