import type { Ingress } from '../../model/kinds.js';

export const FORCE_SSL_REDIRECT = 'ingress.kubernetes.io/force-ssl-redirect';
export const ALLOW_HTTP = 'kubernetes.io/ingress.allow-http';
export const REWRITE_TARGET = 'nginx.ingress.kubernetes.io/rewrite-target';

export interface IngressOptions {
  forceSslRedirect: boolean;
  allowHttp: boolean;
  rewriteTarget?: string;
}

export interface AnnotationProblem {
  annotation: string;
  message: string;
}

/** The annotations isobar honours on an Ingress; malformed values are reported and ignored. */
export function readIngressAnnotations(ing: Ingress): { options: IngressOptions; problems: AnnotationProblem[] } {
  const a = ing.metadata.annotations ?? {};
  const problems: AnnotationProblem[] = [];
  const bool = (key: string, fallback: boolean): boolean => {
    const v = a[key];
    if (v === undefined) return fallback;
    if (v === 'true' || v === 'false') return v === 'true';
    problems.push({ annotation: key, message: `annotation ${key} is "${v}"; want "true" or "false" (ignored)` });
    return fallback;
  };
  const options: IngressOptions = { forceSslRedirect: bool(FORCE_SSL_REDIRECT, false), allowHttp: bool(ALLOW_HTTP, true) };
  const target = a[REWRITE_TARGET];
  if (target !== undefined) {
    if (target.startsWith('/')) options.rewriteTarget = target;
    else problems.push({ annotation: REWRITE_TARGET, message: `annotation ${REWRITE_TARGET} is "${target}"; it must start with "/" (ignored)` });
  }
  return { options, problems };
}

export function annotationField(key: string): string {
  return `metadata.annotations["${key}"]`;
}
