import type { Logger } from 'pino';
import type { ObjectStatus, SourceProblem } from '../status/condition.js';
import { stableStringify } from '../util/stable-json.js';

/**
 * What isobar currently thinks of every object and file, for the status endpoint and the logs. Only
 * conditions that are new or changed since the previous build are logged, so a steady state is quiet.
 */
export class StatusBoard {
  private objects: ObjectStatus[] = [];
  private readonly problems = new Map<string, SourceProblem[]>();
  private lastLogged = new Map<string, string>();
  private logging = true;

  constructor(private readonly logger: Logger) {}

  /**
   * Stops logging conditions and problems; they are still kept for whoever reads the board. For a
   * command that reports them itself (`render`), so that each problem is printed once.
   */
  muteLog(): void {
    this.logging = false;
  }

  setObjects(statuses: ObjectStatus[]): void {
    this.objects = statuses;
    const next = new Map<string, string>();
    for (const s of statuses) {
      const key = `${s.ref.kind}/${s.ref.namespace}/${s.ref.name}`;
      const fp = stableStringify(s.conditions);
      next.set(key, fp);
      if (!this.logging || this.lastLogged.get(key) === fp) continue;
      for (const c of s.conditions) {
        const log = c.severity === 'error' ? this.logger.error.bind(this.logger) : this.logger.warn.bind(this.logger);
        log({ object: key, reason: c.reason, field: c.field, file: c.file, line: c.line }, `${key}: ${c.message}`);
      }
      if (s.conditions.length === 0 && this.lastLogged.has(key)) this.logger.info({ object: key }, `${key}: valid`);
    }
    this.lastLogged = next;
  }

  /**
   * The one place a source's problems are logged: a source reports them here and does not log them
   * itself, so each problem is one log line, at its severity (absent means error), when it first
   * appears or changes.
   */
  setProblems(scope: string, problems: SourceProblem[]): void {
    if (problems.length === 0) {
      if (this.problems.delete(scope) && this.logging) this.logger.info({ scope }, `${scope}: problems cleared`);
      return;
    }
    const prev = stableStringify(this.problems.get(scope) ?? []);
    this.problems.set(scope, problems);
    if (!this.logging || prev === stableStringify(problems)) return;
    for (const p of problems) {
      const where = p.file ?? p.object ?? p.source;
      const fields = { source: p.source, file: p.file, line: p.line, object: p.object, field: p.field, reason: p.reason };
      const message = `${where}${p.line ? `:${p.line}` : ''}: ${p.message}`;
      if (p.severity === 'warning') this.logger.warn(fields, message);
      else this.logger.error(fields, message);
    }
  }

  objectStatuses(): ObjectStatus[] {
    return this.objects;
  }

  sourceProblems(): SourceProblem[] {
    return [...this.problems.keys()].sort().flatMap((k) => this.problems.get(k)!);
  }
}
