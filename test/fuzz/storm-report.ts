/**
 * Whether /status accounts for a storm: every document that must be refused is not `valid` (or is a
 * problem of its file, at its lines); every routing object is on /status in some state (or a problem of
 * its file); nothing deleted or overwritten lingers. Violations are grouped by mutation, each group with
 * one document to replay, because a list of 300 names helps nobody.
 */
import type { StatusJson } from '../e2e/harness/isobar-stack.js';
import type { StormFile } from './mutator.js';
import type { StormState } from './storm-writer.js';

export interface Violation {
  rule: string;
  mutation: string;
  name: string;
  file: string;
  detail: string;
  text: string;
}

type Problem = StatusJson['problems'][number] & { object?: string };

export function checkStormStatus(status: StatusJson, state: StormState): Violation[] {
  const byName = new Map<string, StatusJson['objects'][number]>();
  for (const o of status.objects) if (/^m\d+$/.test(o.ref.name)) byName.set(o.ref.name, o);
  const problems = new Map<string, Problem[]>();
  for (const p of status.problems as Problem[]) {
    const m = p.file ? /(storm\/d\d+\/[^/]+\.yaml)$/.exec(p.file) : null;
    if (m) problems.set(m[1]!, [...(problems.get(m[1]!) ?? []), p]);
  }
  const out: Violation[] = [];
  for (const [file, content] of state.live) {
    for (const doc of content.docs) {
      const own = (problems.get(file) ?? []).filter((p) => content.docs.length === 1 || p.object?.endsWith(`/${doc.name}`) || (p.line !== undefined && p.line >= doc.firstLine && p.line <= doc.lastLine));
      const object = byName.get(doc.name);
      const v = (rule: string, detail: string) => out.push({ rule, mutation: doc.mutation, name: doc.name, file, detail, text: doc.text });
      if (doc.expect === 'refused' && own.length === 0 && (!object || object.state === 'valid')) {
        v('refused object not reported', object ? `on /status as valid (${object.ref.kind} ${object.ref.namespace}/${object.ref.name})` : 'neither on /status nor a problem of its file');
      } else if (doc.expect === 'reported' && /^kind: (Ingress|IngressRoute)$/m.test(doc.text) && !object && own.length === 0) {
        v('routing object missing', 'neither on /status nor a problem of its file');
      }
    }
  }
  for (const name of state.gone) {
    const o = byName.get(name);
    if (o) out.push({ rule: 'removed object lingers', mutation: '-', name, file: '-', detail: `${o.ref.kind} ${o.ref.namespace}/${o.ref.name} is ${o.state}`, text: '' });
  }
  return out;
}

/** A readable summary: counts per rule and mutation, and one example of each with its YAML (truncated). */
export function describeViolations(violations: Violation[], seed: number): string {
  const groups = new Map<string, Violation[]>();
  for (const v of violations) groups.set(`${v.rule} [${v.mutation}]`, [...(groups.get(`${v.rule} [${v.mutation}]`) ?? []), v]);
  const parts = [...groups].map(([k, vs]) => {
    const e = vs[0]!;
    return `${k}: ${vs.length} (e.g. ${e.name} in ${e.file}: ${e.detail})\n${e.text.slice(0, 1200).replace(/^/gm, '    ')}`;
  });
  return `seed ${seed} (replay with ISOBAR_FUZZ_SEED=${seed}): ${violations.length} violations\n${parts.join('\n')}`;
}

export function docCount(files: Iterable<StormFile>): number {
  let n = 0;
  for (const f of files) n += f.docs.length;
  return n;
}
