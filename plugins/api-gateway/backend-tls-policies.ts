import { compareStrings, rankOf, sortedBy, type BuildContext, type ServicePort, type StoredObject, type SubjectAltName, type UpstreamTls, type UpstreamTlsChoice } from '../../core/index.js';
import { caCertificates } from './ca-certificate-refs.js';
import { ConditionSet } from './conditions.js';
import type { GatewayState } from './gateway-state.js';
import { GROUP, type BackendTlsPolicy, type BackendTlsSubjectAltName } from './gateway-types.js';

/** One BackendTLSPolicy as this build reads it. */
interface PolicyVerdict {
  obj: StoredObject<BackendTlsPolicy>;
  conditions: ConditionSet;
  /** What its target ports get: TLS, or (the policy cannot be honoured) no connection at all. */
  choice: NonNullable<UpstreamTlsChoice>;
  /** `namespace/name` of the Gateways whose routes send to one of its targets. */
  ancestors: Set<string>;
}

/** `namespace/service/section`; section '' is the whole Service. */
const targetKey = (ns: string, service: string, section = '') => `${ns}/${service}/${section}`;

function subjectAltNames(written: readonly BackendTlsSubjectAltName[]): SubjectAltName[] {
  const out: SubjectAltName[] = [];
  for (const s of written) {
    if (s.type === 'Hostname' && s.hostname) out.push({ kind: 'dns', value: s.hostname });
    if (s.type === 'URI' && s.uri) out.push({ kind: 'uri', value: s.uri });
  }
  return out;
}

/**
 * The BackendTLSPolicies of one build: each read once (its CA certificates, hostname and subject
 * alternative names), the one that takes precedence per Service port, and, as routes resolve their
 * backends, the Gateways each policy is used under (its status ancestors).
 */
export class BackendTlsPolicies {
  private readonly verdicts: PolicyVerdict[] = [];
  /** Per target, the policies naming it, oldest first: the first takes precedence. */
  private readonly claimants = new Map<string, PolicyVerdict[]>();

  constructor(private readonly ctx: BuildContext) {
    for (const obj of sortedBy(ctx.store.list<BackendTlsPolicy>('BackendTLSPolicy'), rankOf)) {
      const v = this.read(obj);
      this.verdicts.push(v);
      this.claimTargets(v);
    }
  }

  /**
   * What a route of these Gateways gets for a port of Service `namespace/name`: the policy naming that port
   * (by sectionName) takes precedence over one naming the whole Service; no policy, plain HTTP. With TLS,
   * the first of the Gateways that has a backend client certificate has Envoy present it (one cluster
   * serves all of a route's Gateways).
   */
  tlsFor(namespace: string, name: string, gateways: readonly GatewayState[]): (port: ServicePort) => UpstreamTlsChoice {
    return (port) => {
      const keys = [...(port.name ? [targetKey(namespace, name, port.name)] : []), targetKey(namespace, name)];
      // Every policy naming the port is used here, the Conflicted ones too (their status says so).
      for (const v of keys.flatMap((k) => this.claimants.get(k) ?? [])) {
        for (const g of gateways) v.ancestors.add(`${g.obj.object.metadata.namespace ?? ''}/${g.obj.object.metadata.name}`);
      }
      const choice = keys.map((k) => this.claimants.get(k)?.[0]).find((v) => v !== undefined)?.choice;
      const certificate = gateways.find((g) => g.backendClientCertificate)?.backendClientCertificate;
      if (!choice || !('tls' in choice) || !certificate) return choice;
      this.ctx.dag.useSecret(certificate);
      return { tls: { ...choice.tls, clientCertificate: certificate.name } };
    };
  }

  /** Each policy used under a Gateway of isobar's gets an ancestor entry per such Gateway, in name order. */
  writeStatus(controllerName: string): void {
    for (const v of this.verdicts) {
      if (v.ancestors.size === 0) continue;
      const ancestors = [...v.ancestors].sort(compareStrings).map((key) => {
        const [namespace, name] = key.split('/') as [string, string];
        return { ancestorRef: { group: GROUP, kind: 'Gateway', namespace, name }, controllerName, conditions: v.conditions.all() };
      });
      this.ctx.status.detail(v.obj, { ancestors });
    }
  }

  /** The oldest policy takes each of its targets that no older one holds; a policy that loses one is Conflicted. */
  private claimTargets(v: PolicyVerdict): void {
    const ns = v.obj.object.metadata.namespace ?? '';
    (v.obj.object.spec?.targetRefs ?? []).forEach((t, i) => {
      if ((t.group ?? '') !== '' || t.kind !== 'Service') {
        this.ctx.status.warn(v.obj, 'TargetUnsupported', `targetRefs[${i}] is a ${t.group ? `${t.group}/` : ''}${t.kind}; only core Services are supported`, `spec.targetRefs[${i}]`);
        return;
      }
      const key = targetKey(ns, t.name, t.sectionName);
      const list = this.claimants.get(key) ?? [];
      if (list.includes(v)) return;
      this.claimants.set(key, [...list, v]);
      const holder = list[0];
      if (holder !== undefined) {
        const where = `Service ${ns}/${t.name}${t.sectionName ? ` port ${t.sectionName}` : ''}`;
        const message = `${where} is already the target of the older BackendTLSPolicy ${holder.obj.object.metadata.name}`;
        v.conditions.set('Accepted', false, 'Conflicted', message);
        this.ctx.status.warn(v.obj, 'Conflicted', `${message}; this policy is not applied there`, `spec.targetRefs[${i}]`);
      }
    });
  }

  /** A policy's validation: its CAs (at least one usable), what TLS it asks for, and its conditions. */
  private read(obj: StoredObject<BackendTlsPolicy>): PolicyVerdict {
    // Accepted first in the list; set again below once the verdict is known.
    const conditions = ConditionSet.for(obj).set('Accepted', true, 'Accepted', 'the policy is applied to its targets');
    const v: PolicyVerdict = { obj, conditions, choice: { refuse: '' }, ancestors: new Set() };
    const name = `BackendTLSPolicy ${obj.object.metadata.namespace ?? ''}/${obj.object.metadata.name}`;
    const refuse = (reason: string, message: string, field: string): PolicyVerdict => {
      conditions.set('Accepted', false, reason, message);
      this.ctx.status.warn(obj, reason, `${message}; requests to its targets are answered 500`, field);
      v.choice = { refuse: `${name}: ${message}` };
      return v;
    };
    const validation = obj.object.spec?.validation ?? {};
    const refs = validation.caCertificateRefs ?? [];
    if (validation.wellKnownCACertificates) {
      conditions.set('ResolvedRefs', true, 'ResolvedRefs', 'the policy names no CA certificate to resolve');
      return refuse('Invalid', `wellKnownCACertificates ${validation.wellKnownCACertificates} is not supported; name the CA certificates in caCertificateRefs`, 'spec.validation.wellKnownCACertificates');
    }
    const cas = caCertificates(this.ctx.store, obj.object.metadata.namespace ?? '', refs, { field: 'spec.validation.caCertificateRefs' });
    const first = cas.problems[0];
    if (first) {
      conditions.set('ResolvedRefs', false, first.reason, cas.problems.map((p) => p.message).join('; '));
      for (const p of cas.problems) this.ctx.status.warn(obj, p.reason, p.message, p.field);
    } else conditions.set('ResolvedRefs', true, 'ResolvedRefs', 'every CA certificate reference is resolved');
    if (cas.pem === '') return refuse('NoValidCACertificate', refs.length === 0 ? 'validation.caCertificateRefs is empty' : 'no caCertificateRef holds a usable CA certificate', 'spec.validation.caCertificateRefs');
    const hostname = validation.hostname ?? '';
    if (hostname === '') return refuse('Invalid', 'validation.hostname is required', 'spec.validation.hostname');
    const sans = subjectAltNames(validation.subjectAltNames ?? []);
    const tls: UpstreamTls = { sni: hostname, caPem: cas.pem, ...(sans.length > 0 ? { subjectAltNames: sans } : {}) };
    v.choice = { tls };
    return v;
  }
}
