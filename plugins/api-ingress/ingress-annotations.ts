import { CLASS_ANNOTATIONS, type Ingress } from '../../core/index.js';

export const FORCE_SSL_REDIRECT = 'ingress.kubernetes.io/force-ssl-redirect';
export const ALLOW_HTTP = 'kubernetes.io/ingress.allow-http';
export const REWRITE_TARGET = 'nginx.ingress.kubernetes.io/rewrite-target';

/** Every annotation an Ingress is read for (here and for class selection); others under isobar's prefixes get a warning. */
export const INGRESS_ANNOTATIONS: ReadonlySet<string> = new Set([FORCE_SSL_REDIRECT, ALLOW_HTTP, REWRITE_TARGET, ...CLASS_ANNOTATIONS]);

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
