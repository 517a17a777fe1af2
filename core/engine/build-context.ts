import type { BuildContext } from '../container/contribution-points.js';

/** A context for running processors outside a build (tests, tools): guarded steps run unguarded, so faults surface. */
export function standaloneContext(parts: Omit<BuildContext, 'guard'>): BuildContext {
  return { ...parts, guard: (_obj, fn) => fn() };
}
