import { dns1035Label, dns1123Subdomain, ianaServiceName, ingressHost, itemOf, type FieldIssues, type Obj } from '../../core/index.js';

const PATH_TYPES = ['Exact', 'Prefix', 'ImplementationSpecific'] as const;
export const INGRESS_V1 = 'networking.k8s.io/v1';

/** Segments the API server refuses in Exact and Prefix paths (they would be normalized differently by proxies). */
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

/**
 * Named checks of an Ingress in any served version, beside its schema (types, required fields, unknown
 * fields): enums, formats, path rules and either-or fields the OpenAPI schema does not express, and hints
 * for a field of the other version. v1 has `service.{name,port}` backends and a required pathType;
 * extensions/v1beta1 and networking.k8s.io/v1beta1 have `serviceName`/`servicePort` and `spec.backend`.
 * The object is delivered unchanged; only the checks differ.
 */
export function validateIngress(obj: Obj, issues: FieldIssues, apiVersion: string): void {
  const v1 = apiVersion === INGRESS_V1;
  const spec = issues.map(obj['spec'], 'spec', { required: true });
  if (!spec) return;
  issues.string(spec['ingressClassName'], 'spec.ingressClassName', { format: dns1123Subdomain });

  const defaultKey = v1 ? 'defaultBackend' : 'backend';
  const otherKey = v1 ? 'backend' : 'defaultBackend';
  if (spec[otherKey] !== undefined) issues.unknown(`spec.${otherKey}`, `${apiVersion} calls the default backend spec.${defaultKey}`);
  const hasDefault = spec[defaultKey] !== undefined && spec[defaultKey] !== null;
  if (hasDefault) validateBackend(spec[defaultKey], `spec.${defaultKey}`, issues, apiVersion);

  const rules = issues.list(spec['rules'], 'spec.rules');
  if (!hasDefault && (spec['rules'] === undefined || spec['rules'] === null || rules?.length === 0)) {
    issues.add('spec', 'FieldRequired', `either spec.${defaultKey} or spec.rules must be specified`);
  }
  rules?.forEach((rule, i) => validateRule(rule, itemOf('spec.rules', i), issues, apiVersion));

  issues.list(spec['tls'], 'spec.tls')?.forEach((entry, i) => {
    const f = itemOf('spec.tls', i);
    const tls = issues.map(entry, f);
    if (!tls) return;
    issues.list(tls['hosts'], `${f}.hosts`)?.forEach((h, j) => issues.string(h, itemOf(`${f}.hosts`, j), { required: true, format: ingressHost }));
    issues.string(tls['secretName'], `${f}.secretName`, { format: dns1123Subdomain });
  });
}

function validateRule(value: unknown, f: string, issues: FieldIssues, apiVersion: string): void {
  const rule = issues.map(value, f);
  if (!rule) return;
  issues.string(rule['host'], `${f}.host`, { format: ingressHost });
  const http = issues.map(rule['http'], `${f}.http`);
  if (!http) return;
  const paths = issues.list(http['paths'], `${f}.http.paths`, { required: true });
  if (paths && paths.length === 0) issues.required(`${f}.http.paths`, 'at least one path');
  paths?.forEach((p, i) => validatePath(p, itemOf(`${f}.http.paths`, i), issues, apiVersion));
}

function validatePath(value: unknown, f: string, issues: FieldIssues, apiVersion: string): void {
  const p = issues.map(value, f);
  if (!p) return;
  const v1 = apiVersion === INGRESS_V1;
  const pathType = issues.string(p['pathType'], `${f}.pathType`, { required: v1, allowed: PATH_TYPES });
  const path = issues.string(p['path'], `${f}.path`);
  const strict = pathType === 'Exact' || pathType === 'Prefix';
  if (path === undefined) {
    if (strict && (p['path'] === undefined || p['path'] === null)) issues.required(`${f}.path`, `pathType ${pathType} needs a path`);
  } else if (path === '' && !strict) {
    // An empty ImplementationSpecific (or v1beta1) path matches everything, as in the API.
  } else if (!path.startsWith('/')) {
    issues.invalid(`${f}.path`, path, "must be an absolute path (start with '/')");
  } else if (strict) {
    const bad = INVALID_PATH_SEQUENCES.find((s) => path.includes(s)) ?? INVALID_PATH_SUFFIXES.find((s) => path.endsWith(s));
    if (bad) issues.invalid(`${f}.path`, path, `must not contain '${bad}' with pathType ${pathType}`);
  }
  validateBackend(p['backend'], `${f}.backend`, issues, apiVersion, true);
}

function validateBackend(value: unknown, f: string, issues: FieldIssues, apiVersion: string, required = false): void {
  const b = issues.map(value, f, { required });
  if (!b) return;
  const v1 = apiVersion === INGRESS_V1;
  const hasResource = b['resource'] !== undefined && b['resource'] !== null;
  if (v1) {
    for (const k of ['serviceName', 'servicePort']) {
      if (b[k] !== undefined) issues.unknown(`${f}.${k}`, `${apiVersion} backends use service.name and service.port (serviceName/servicePort are v1beta1)`);
    }
    const hasService = b['service'] !== undefined && b['service'] !== null;
    if (hasService && hasResource) issues.add(f, 'FieldInvalid', 'cannot set both service and resource');
    if (hasService) validateServiceBackend(b['service'], `${f}.service`, issues);
    else if (!hasResource && b['serviceName'] === undefined) issues.required(`${f}.service`, 'a backend needs a service or a resource');
    return;
  }
  if (b['service'] !== undefined) issues.unknown(`${f}.service`, `${apiVersion} backends use serviceName and servicePort (service.name/port is networking.k8s.io/v1)`);
  const hasName = b['serviceName'] !== undefined && b['serviceName'] !== null;
  if (hasResource && (hasName || b['servicePort'] != null)) issues.add(f, 'FieldInvalid', 'cannot set both serviceName/servicePort and resource');
  if (hasResource) return;
  if (b['service'] !== undefined && !hasName) return;
  issues.string(b['serviceName'], `${f}.serviceName`, { required: true, format: dns1035Label });
  issues.portOrName(b['servicePort'], `${f}.servicePort`, ianaServiceName, { required: true });
}

function validateServiceBackend(value: unknown, f: string, issues: FieldIssues): void {
  const svc = issues.map(value, f);
  if (!svc) return;
  issues.string(svc['name'], `${f}.name`, { required: true, format: dns1035Label });
  const raw = svc['port'];
  if (typeof raw === 'number' || typeof raw === 'string') {
    issues.add(`${f}.port`, 'FieldType', `must be a map with number or name (e.g. port: {number: ${typeof raw === 'number' ? raw : 80}}), not ${JSON.stringify(raw)}`);
    return;
  }
  const port = issues.map(raw, `${f}.port`, { required: true });
  if (!port) return;
  const hasNumber = port['number'] !== undefined && port['number'] !== null;
  const hasName = port['name'] !== undefined && port['name'] !== null && port['name'] !== '';
  if (hasNumber && hasName) issues.add(`${f}.port`, 'FieldInvalid', 'cannot set both port name and port number');
  else if (!hasNumber && !hasName) issues.required(`${f}.port`, 'port.number or port.name');
  if (hasNumber) issues.port(port['number'], `${f}.port.number`);
  if (hasName) issues.string(port['name'], `${f}.port.name`, { format: ianaServiceName });
}
