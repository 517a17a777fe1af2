/**
 * Attacks on the YAML itself rather than on one object's fields: an alias bomb (billion laughs), nesting
 * deep enough to exhaust a recursive parser, and text that is not YAML at all. Each is a whole file: a
 * file that does not parse keeps its last good version, so mixing these into object files would blur
 * which objects must be served.
 */
import type { Prng } from './prng.js';

export type YamlAttackKind = 'aliasBomb' | 'deepFlow' | 'brokenYaml';
export const YAML_ATTACKS: readonly YamlAttackKind[] = ['aliasBomb', 'deepFlow', 'brokenYaml'];

function header(name: string, namespace: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n`;
}

/** Nine levels of nine aliases: 9^9 strings once expanded, a few hundred bytes written. */
function aliasBomb(name: string, namespace: string): string {
  const levels = ['      l0: &l0 "lol"'];
  for (let i = 1; i <= 9; i++) levels.push(`      l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
  return `${header(name, namespace)}spec:\n  rules:\n  - host: ${name}.storm.test\n    x:\n${levels.join('\n')}\n`;
}

const BROKEN_LINES = ['key: [1, 2', 'quote: "never closed', '\ttab: indented', 'a: b: c', '{ unbalanced: ]', 'dup: 1\ndup: 2'];

/** A definitely-broken line (unterminated flow or quote, tab indentation, nested plain mapping…) inserted into a good object's text. */
function brokenYaml(name: string, namespace: string, rng: Prng): string {
  const lines = `${header(name, namespace)}spec:\n  rules:\n  - host: ${name}.storm.test\n    http:\n      paths:\n      - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }\n`.split('\n');
  lines.splice(rng.int(1, lines.length - 1), 0, rng.pick(BROKEN_LINES));
  return lines.join('\n');
}

export function yamlAttack(kind: YamlAttackKind, name: string, namespace: string, rng: Prng): string {
  switch (kind) {
    case 'aliasBomb':
      return aliasBomb(name, namespace);
    case 'deepFlow': {
      const depth = rng.int(5_000, 20_000);
      return `${header(name, namespace)}spec: { rules: ${'['.repeat(depth)}${']'.repeat(depth)} }\n`;
    }
    case 'brokenYaml':
      return brokenYaml(name, namespace, rng);
  }
}
