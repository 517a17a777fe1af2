import { qualifiedName, type FieldIssues, type Obj } from '../../core/index.js';

/** Named checks of a networking.k8s.io/v1 IngressClass (its schema says the types): the controller name's form, the parameters' scope. */
export function validateIngressClass(obj: Obj, issues: FieldIssues): void {
  const spec = issues.map(obj['spec'], 'spec', { required: true });
  if (!spec) return;
  // The API requires a domain-prefixed path such as "example.com/ingress-controller".
  issues.string(spec['controller'], 'spec.controller', {
    required: true,
    format: (v) => (v.length > 250 ? 'must be no more than 250 characters' : v.includes('/') ? qualifiedControllerPrefix(v) : 'must be a domain-prefixed path (e.g. "example.com/controller")'),
  });
  const params = issues.map(spec['parameters'], 'spec.parameters');
  if (!params) return;
  issues.string(params['scope'], 'spec.parameters.scope', { allowed: ['Cluster', 'Namespace'] });
}

function qualifiedControllerPrefix(v: string): string | undefined {
  const domain = v.slice(0, v.indexOf('/'));
  return qualifiedName(`${domain}/x`) ? 'must start with a DNS subdomain followed by "/"' : undefined;
}
