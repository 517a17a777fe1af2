import { regexProblem, type PathMatch, type ValueMatch } from '../../core/index.js';
import type { HttpRouteMatch } from './gateway-types.js';

export interface RequestMatch {
  path: PathMatch;
  headers: ValueMatch[];
  queryParams: ValueMatch[];
  method?: string;
}

/** A match isobar cannot serve, and the field at fault (below the match). */
export interface MatchProblem {
  field: string;
  message: string;
}

/** A match as written, or what is wrong with it (an invalid regex would make Envoy refuse the whole route table). */
export function readMatch(m: HttpRouteMatch): RequestMatch | MatchProblem {
  const type = m.path?.type ?? 'PathPrefix';
  const value = m.path?.value ?? '/';
  let path: PathMatch;
  if (type === 'Exact') path = { kind: 'exact', path: value };
  else if (type === 'PathPrefix') path = { kind: 'segment-prefix', path: value };
  else {
    const bad = regexProblem(value);
    if (bad) return { field: 'path.value', message: bad };
    path = { kind: 'regex', pattern: value };
  }
  const headers = values(m.headers ?? [], true);
  if ('field' in headers) return { ...headers, field: `headers${headers.field}` };
  const queryParams = values(m.queryParams ?? [], false);
  if ('field' in queryParams) return { ...queryParams, field: `queryParams${queryParams.field}` };
  return { path, headers, queryParams, ...(m.method ? { method: m.method } : {}) };
}

/** Header (case-insensitive names) or query conditions; a name given twice counts once, the first (as the spec says). */
function values(list: ReadonlyArray<{ type?: string; name: string; value: string }>, foldCase: boolean): ValueMatch[] | MatchProblem {
  const seen = new Set<string>();
  const out: ValueMatch[] = [];
  for (const [i, h] of list.entries()) {
    const key = foldCase ? h.name.toLowerCase() : h.name;
    if (seen.has(key)) continue;
    seen.add(key);
    if (h.type === 'RegularExpression') {
      const bad = regexProblem(h.value);
      if (bad) return { field: `[${i}].value`, message: bad };
      out.push({ name: h.name, kind: 'regex', value: h.value });
    } else out.push({ name: h.name, kind: 'exact', value: h.value });
  }
  return out;
}
