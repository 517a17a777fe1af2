import type { Condition, ObjectStatus, SourceProblem } from '../../core/status/condition.js';

/** What `isobar render` prints about its input: one line per object and per source problem. */
export interface RenderReport {
  text: string;
  /** Objects refused in whole or part (invalid) or not served (orphaned), plus source problems that kept something from loading. */
  leftOut: number;
  warnings: number;
}

/** invalid: what it asks for is refused, in whole or in part (the rest is served); orphaned: nothing serves it. */
const LABEL = { valid: 'ok', warning: 'warning', invalid: 'refused', orphaned: 'orphaned' } as const;

function where(c: { field?: string; file?: string; line?: number }): string {
  const at = [c.file === undefined ? undefined : c.line === undefined ? c.file : `${c.file}:${c.line}`, c.field].filter(Boolean);
  return at.length > 0 ? ` (${at.join(', ')})` : '';
}

function conditionText(c: Condition): string {
  return `${c.reason}: ${c.message}${where(c)}`;
}

function objectLines(s: ObjectStatus): string[] {
  const name = `${s.ref.kind} ${s.ref.namespace ? `${s.ref.namespace}/` : ''}${s.ref.name}`;
  const head = `  ${LABEL[s.state].padEnd(9)} ${name}`;
  if (s.state === 'orphaned' && s.conditions.length === 0) return [`${head}: no root delegates to it, so nothing serves it`];
  if (s.conditions.length === 0) return [head];
  if (s.conditions.length === 1) return [`${head}: ${conditionText(s.conditions[0]!)}`];
  return [head, ...s.conditions.map((c) => `              ${c.severity}: ${conditionText(c)}`)];
}

function problemLine(p: SourceProblem): string {
  const label = p.severity === 'warning' ? 'warning' : 'not read';
  const subject = p.file ?? p.object ?? p.source;
  const at = p.file !== undefined && p.line !== undefined ? `${subject}:${p.line}` : subject;
  return `  ${label.padEnd(9)} ${at}: ${p.reason}: ${p.message}${p.field ? ` (${p.field})` : ''}`;
}

const byName = (a: ObjectStatus, b: ObjectStatus): number => {
  const ka = `${a.ref.kind}/${a.ref.namespace}/${a.ref.name}`;
  const kb = `${b.ref.kind}/${b.ref.namespace}/${b.ref.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** The per-object result of a render, sorted by kind, namespace and name, source problems last. */
export function renderReport(objects: readonly ObjectStatus[], problems: readonly SourceProblem[]): RenderReport {
  const sorted = [...objects].sort(byName);
  const count = (...states: ObjectStatus['state'][]) => sorted.filter((s) => states.includes(s.state)).length;
  const blocking = problems.filter((p) => p.severity !== 'warning').length;
  const leftOut = count('invalid', 'orphaned') + blocking;
  const warnings = count('warning') + (problems.length - blocking);
  const summary = `${sorted.length} object(s): ${count('valid')} ok, ${count('warning')} with warnings, ${count('invalid')} refused, ${count('orphaned')} orphaned; ${problems.length} source problem(s)`;
  const lines = [summary, ...sorted.flatMap(objectLines), ...problems.map(problemLine)];
  return { text: lines.join('\n') + '\n', leftOut, warnings };
}
