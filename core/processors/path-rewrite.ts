import type { PathMatch, PathRewrite } from '../dag/dag-types.js';
import { escapeRegex } from './host-validation.js';

/**
 * Replace the matched prefix P by the target T. P is taken without a trailing slash so that `/` and
 * `/api/` behave like `/api`; when T ends in "/" the slash after P is absorbed, so no "//" appears
 * (`/api` → `/` turns `/api/users` into `/users`). `exact`: the path must be P itself.
 * Shared by Ingress `rewrite-target` and the prefix-rewrite feature (IngressRoute `prefixRewrite`).
 */
export function prefixRewrite(prefix: string, target: string, exact = false): PathRewrite {
  const p = escapeRegex(prefix === '/' ? '' : prefix.replace(/\/+$/, ''));
  const substitution = target.replaceAll('\\', '\\\\');
  if (exact) return { pattern: `^${escapeRegex(prefix)}$`, substitution };
  return { pattern: target.endsWith('/') ? `^${p}/?` : `^${p}`, substitution };
}

/** The prefix a route's match stands for, which a prefix replacement replaces (a regex match: all of the path). */
export function matchedPrefix(match: PathMatch): string {
  return match.kind === 'regex' ? '/' : match.path;
}
