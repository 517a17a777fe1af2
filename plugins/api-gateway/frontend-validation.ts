import type { DagSecureVirtualHost, StoreReader, StoredObject } from '../../core/index.js';
import { caCertificates } from './ca-certificate-refs.js';
import { GROUP, type FrontendValidation, type Gateway } from './gateway-types.js';
import { referencePermitted } from './reference-grants.js';

export type ClientValidation = NonNullable<DagSecureVirtualHost['clientValidation']>;

/** Why a listener cannot check client certificates as asked: its ResolvedRefs reason and what to say. */
export interface ValidationProblem {
  reason: 'InvalidCACertificateRef' | 'InvalidCACertificateKind' | 'RefNotPermitted';
  message: string;
}

/** The validation that applies to a port: its `perPort` entry, else the default; with the field it is written at. */
function written(gw: Gateway, port: number): { validation: FrontendValidation; field: string } | undefined {
  const frontend = gw.spec?.tls?.frontend;
  const i = (frontend?.perPort ?? []).findIndex((p) => p.port === port);
  if (i >= 0 && frontend!.perPort![i]!.tls?.validation) return { validation: frontend!.perPort![i]!.tls!.validation!, field: `spec.tls.frontend.perPort[${i}].tls.validation` };
  if (frontend?.default?.validation) return { validation: frontend.default.validation, field: 'spec.tls.frontend.default.validation' };
  return undefined;
}

/**
 * How an HTTPS listener on `port` checks client certificates (Gateway `spec.tls.frontend`): the CA
 * certificates of its ConfigMaps (another namespace's with a ReferenceGrant), required (AllowValidOnly)
 * or asked for and let through whatever they are (AllowInsecureFallback); undefined when nothing is asked.
 */
export function frontendValidation(store: StoreReader, gw: StoredObject<Gateway>, port: number): { validation: ClientValidation } | { problem: ValidationProblem } | undefined {
  const w = written(gw.object, port);
  if (!w) return undefined;
  const ns = gw.object.metadata.namespace ?? '';
  const permitted = (toNamespace: string, toName: string) =>
    referencePermitted(store, { fromGroup: GROUP, fromKind: 'Gateway', fromNamespace: ns, toGroup: '', toKind: 'ConfigMap', toNamespace, toName });
  const cas = caCertificates(store, ns, w.validation.caCertificateRefs ?? [], { field: `${w.field}.caCertificateRefs`, permitted });
  const first = cas.problems[0];
  if (first) return { problem: { reason: first.reason === 'InvalidKind' ? 'InvalidCACertificateKind' : first.reason, message: cas.problems.map((p) => p.message).join('; ') } };
  if (!cas.pem) return { problem: { reason: 'InvalidCACertificateRef', message: `${w.field}.caCertificateRefs names no CA certificate` } };
  return { validation: { caPem: cas.pem, mode: w.validation.mode === 'AllowInsecureFallback' ? 'optional' : 'require' } };
}
