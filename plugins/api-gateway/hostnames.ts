/**
 * Gateway API hostnames: a leading `*.` matches one or more labels (`*.example.com` matches
 * `a.example.com` and `a.b.example.com`, never `example.com`), as Envoy's domain match does.
 */

/** Whether every name `inner` stands for is also one `outer` stands for. */
export function covers(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  if (!outer.startsWith('*.')) return false;
  return inner.endsWith(outer.slice(1));
}

/** The names both a listener's hostname (absent: any) and a route's hostname stand for, or undefined when none. */
export function intersect(listener: string | undefined, route: string): string | undefined {
  if (listener === undefined) return route;
  if (covers(listener, route)) return route;
  if (covers(route, listener)) return listener;
  return undefined;
}

/**
 * How strongly a route claims `effective` (one of its virtual hosts on a listener): by the most specific
 * of its own hostnames that gives it, counting first the characters of a non-wildcard name, then those of
 * any name (the spec's precedence among routes; a route without hostnames claims nothing of its own).
 */
export function claimStrength(listener: string | undefined, routeHostnames: readonly string[], effective: string): number {
  let best = 0;
  for (const h of routeHostnames) {
    if (intersect(listener, h) !== effective) continue;
    best = Math.max(best, (h.startsWith('*') ? 0 : h.length) * 1_000 + h.length);
  }
  return best;
}

/** Orders listener hostnames most specific first: exact names, then wildcards by suffix length, then none. */
export function specificity(hostname: string | undefined): number {
  if (hostname === undefined) return 0;
  return hostname.startsWith('*.') ? hostname.length : 1_000 + hostname.length;
}

/**
 * The virtual hosts a route's hostnames give on one listener: each intersection with the listener's
 * hostname, except those a more specific listener on the same port covers (its requests are that
 * listener's, and only its routes may answer them). An empty list with hostnames written means no
 * intersection (NoMatchingListenerHostname).
 */
export function effectiveHostnames(listener: string | undefined, routeHostnames: readonly string[], moreSpecific: readonly (string | undefined)[]): string[] {
  const wanted = routeHostnames.length === 0 ? [listener ?? '*'] : routeHostnames.map((h) => intersect(listener, h)).filter((h): h is string => h !== undefined);
  const mine = specificity(listener);
  const out = wanted.filter((e) => e === '*' || !moreSpecific.some((other) => other !== undefined && specificity(other) > mine && covers(other, e)));
  return [...new Set(out)].sort();
}
