import type { IsobarConfig } from '../../config/schema.js';
import type { ObjectStatus } from '../status/condition.js';
import type { FieldIssues, Obj } from '../schema/field-issues.js';
import type { FormatCheck } from '../schema/formats.js';
import type { OpenApiSchema } from '../schema/openapi-schema.js';
import type { LoadBalancerIngress } from './load-balancer-ingress.js';

/** What a status shape may depend on besides the build's verdict: where clients reach Envoy, when known. */
export interface StatusContext {
  addresses: readonly LoadBalancerIngress[];
}

/** The status isobar writes back on objects of a kind. */
export interface KindStatus {
  /** The fields of `status` isobar owns for this verdict (sent as a merge patch), or undefined to write nothing. */
  fields(status: ObjectStatus, context: StatusContext): Record<string, unknown> | undefined;
  /** Those fields of a live object's status, as a string: equal to a desired one's exactly when writing would change nothing. */
  fingerprint(status: unknown): string;
  /** Written through the `/status` subresource (a CRD's `subresources.status`, or a built-in kind's). */
  subresource: boolean;
  /**
   * The status to write, given what the live object carries: keeps what is not isobar's (another
   * controller's conditions or entries) and what did not change (a condition's transition time). Absent:
   * `fields` as they are.
   */
  merge?(desired: Record<string, unknown>, live: unknown): Record<string, unknown>;
}

/** Validation of one version of a kind, for objects read from files. */
export interface KindValidation {
  /**
   * The kind's OpenAPI v3 schema, as the API server has it (a CRD's openAPIV3Schema, or Kubernetes' own
   * published schema): types, required fields, ranges, enums and unknown fields. Its `metadata` is
   * checked as ObjectMeta and its `status` is left open, whatever the schema says of them.
   */
  schema: OpenApiSchema;
  /** What a schema cannot say (name formats, paths, either-or fields), as named checks. */
  check?(obj: Obj, issues: FieldIssues): void;
}

export const Kind = Symbol.for('isobar.Kind');
/**
 * A kind of object isobar reads, declared by the plugin that reads it (core declares Service, Endpoints,
 * EndpointSlice and Secret). Both sources serve exactly the registered kinds: the file source accepts and
 * validates them, the Kubernetes source watches them and writes their status.
 */
export interface Kind {
  readonly kind: string;
  /** The apiVersions accepted (`group/version`, `v1` for the core group); the first is the one watched. */
  readonly apiVersions: readonly string[];
  /** Resource name in API paths (and RBAC rules). */
  readonly plural: string;
  readonly namespaced: boolean;
  /** A custom resource: a missing CRD is reported (KindNotServed) and the rest goes on. */
  readonly custom?: boolean;
  /** The id of the plugin that declares the kind ('core' for core's). */
  readonly plugin: string;
  /** Format of `metadata.name` (most kinds: DNS subdomain; Service: RFC 1035 label). */
  readonly nameFormat: FormatCheck;
  /** Narrows what the Kubernetes source lists (e.g. only TLS Secrets). */
  readonly fieldSelector?: string;
  /** Whether the Kubernetes source watches the kind with this config (default: always). */
  watchedWith?(config: IsobarConfig): boolean;
  readonly status?: KindStatus;
  validation(apiVersion: string): KindValidation;
}

/** API group of an apiVersion: `networking.k8s.io` for `networking.k8s.io/v1`, '' for the core `v1`. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The apiVersion the Kubernetes source watches a kind in. */
export function watchedVersion(kind: Kind): string {
  return kind.apiVersions[0]!;
}
