import { X509Certificate } from 'node:crypto';
import type { K8sObject, StoreReader } from '../../core/index.js';

interface ConfigMap extends K8sObject {
  data?: Record<string, unknown>;
}

/** Why a caCertificateRef cannot be used: the referrer's ResolvedRefs reason, and where and why. */
export interface CaRefProblem {
  reason: 'InvalidKind' | 'InvalidCACertificateRef' | 'RefNotPermitted';
  field: string;
  message: string;
}

export interface PolicyCas {
  /** The PEM certificates of every usable ref, in the order written; empty when none is usable. */
  pem: string;
  problems: CaRefProblem[];
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of one PEM text, each parsed (a block Node cannot read is an error), or why there are none. */
function certificates(text: string): { pem: string[] } | { error: string } {
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) return { error: 'holds no PEM certificate' };
  for (const [i, b] of blocks.entries()) {
    try {
      new X509Certificate(b);
    } catch (err) {
      return { error: `certificate ${i + 1} is not readable (${(err as Error).message})` };
    }
  }
  return { pem: blocks };
}

/** Where the refs are written (`spec.validation.caCertificateRefs`), and whether a ConfigMap of another namespace may be used. */
export interface CaRefOptions {
  field: string;
  permitted?: (namespace: string, name: string) => boolean;
}

/**
 * caCertificateRefs (a BackendTLSPolicy's, a Gateway's client certificate validation): core ConfigMaps,
 * of the referrer's namespace unless a ref names another that `permitted` allows, each holding PEM CA
 * certificates under `ca.crt`. Other kinds are InvalidKind; another namespace not permitted is
 * RefNotPermitted; a ConfigMap that is missing, lacks the key or holds no readable certificate is
 * InvalidCACertificateRef.
 */
export function caCertificates(store: StoreReader, referrerNamespace: string, refs: ReadonlyArray<{ group?: string; kind?: string; name: string; namespace?: string }>, opts: CaRefOptions): PolicyCas {
  const out: PolicyCas = { pem: '', problems: [] };
  const pems: string[] = [];
  refs.forEach((ref, i) => {
    const field = `${opts.field}[${i}]`;
    const group = ref.group ?? '';
    const namespace = ref.namespace ?? referrerNamespace;
    if (group !== '' || ref.kind !== 'ConfigMap') {
      out.problems.push({ reason: 'InvalidKind', field, message: `${field} is a ${group ? `${group}/` : ''}${ref.kind ?? '(no kind)'}; only core ConfigMaps are supported` });
      return;
    }
    if (namespace !== referrerNamespace && !(opts.permitted?.(namespace, ref.name) ?? false)) {
      out.problems.push({ reason: 'RefNotPermitted', field, message: `${field}: ConfigMap ${namespace}/${ref.name} is in another namespace and no ReferenceGrant there allows it` });
      return;
    }
    const cm = store.get<ConfigMap>('ConfigMap', namespace, ref.name)?.object;
    if (!cm) {
      out.problems.push({ reason: 'InvalidCACertificateRef', field, message: `${field}: ConfigMap ${namespace}/${ref.name} not found` });
      return;
    }
    const text = cm.data?.['ca.crt'];
    if (typeof text !== 'string' || text.trim() === '') {
      out.problems.push({ reason: 'InvalidCACertificateRef', field, message: `${field}: ConfigMap ${namespace}/${ref.name} has no ca.crt` });
      return;
    }
    const certs = certificates(text);
    if ('error' in certs) out.problems.push({ reason: 'InvalidCACertificateRef', field, message: `${field}: ca.crt of ConfigMap ${namespace}/${ref.name} ${certs.error}` });
    else pems.push(...certs.pem);
  });
  out.pem = pems.length > 0 ? `${pems.join('\n')}\n` : '';
  return out;
}
