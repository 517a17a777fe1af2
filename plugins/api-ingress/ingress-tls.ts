import { certificateCovers, hostProblem, resolveTlsSecret, type DagSecret, type Ingress, type StatusRecorder, type StoredObject, type StoreReader } from '../../core/index.js';

/**
 * Hosts of `spec.tls` with the secret that serves them. A host whose secret is missing or broken is
 * left out (it stays on plain HTTP) and the Ingress gets a condition saying why; so is a host that
 * `refused` says another namespace owns (it reports that itself), so no tenant can put its certificate
 * on another's host.
 */
export function ingressTlsHosts(obj: StoredObject<Ingress>, store: StoreReader, status: StatusRecorder, refused: (host: string, field: string) => boolean = () => false): Map<string, DagSecret> {
  const hosts = new Map<string, DagSecret>();
  const ns = obj.object.metadata.namespace ?? '';
  (obj.object.spec.tls ?? []).forEach((tls, i) => {
    const field = `spec.tls[${i}]`;
    if (typeof tls !== 'object' || tls === null || Array.isArray(tls)) {
      status.warn(obj, 'TLSEntryInvalid', `${field} is ${tls === null ? 'null' : `a ${Array.isArray(tls) ? 'list' : typeof tls}`}, not an object with hosts and secretName; ignored`, field);
      return;
    }
    if (!tls.hosts || tls.hosts.length === 0) {
      status.warn(obj, 'TLSHostsMissing', `${field} names no hosts; a certificate can only be selected by host (SNI), so it is not used`, `${field}.hosts`);
      return;
    }
    if (!tls.secretName) {
      status.warn(obj, 'TLSSecretMissing', `${field} has no secretName; its hosts are served over plain HTTP only`, field);
      return;
    }
    const res = resolveTlsSecret(store, ns, tls.secretName);
    if ('problem' in res) {
      status.warn(obj, res.reason, `${res.problem}; hosts ${tls.hosts.join(', ')} are served over plain HTTP only`, `${field}.secretName`);
      return;
    }
    tls.hosts.forEach((host, j) => {
      const bad = hostProblem(host);
      if (bad) return status.warn(obj, 'HostInvalid', bad, `${field}.hosts[${j}]`);
      if (refused(host, `${field}.hosts[${j}]`)) return;
      if (!certificateCovers(res.certificate, host)) {
        status.warn(obj, 'CertificateHostMismatch', `certificate in Secret ${ns}/${tls.secretName} does not cover host ${host}; clients will see a name mismatch`, `${field}.hosts[${j}]`);
      }
      if (!hosts.has(host)) hosts.set(host, res.secret);
    });
  });
  return hosts;
}
