/** core's public API: plugins import from here and nowhere else in core. */
import 'reflect-metadata';

export * from './model/k8s-object.js';
export * from './model/kinds.js';
export * from './model/ingressroute.js';
export * from './kinds/kind.js';
export * from './kinds/kind-registry.js';
export * from './kinds/core-kinds.js';
export * from './kinds/load-balancer-ingress.js';
export * from './schema/field-issues.js';
export * from './schema/field-path.js';
export * from './schema/formats.js';
export { closestName } from './schema/closest-name.js';
export { validateMetadata } from './schema/metadata-validator.js';
export { kubeSchema } from './kinds/kube-schema.js';
export { validateObject, type Verdict } from './schema/object-validator.js';
export type { OpenApiSchema } from './schema/openapi-schema.js';
export { schemaIssues } from './schema/schema-validator.js';
export * from './container/contribution-points.js';
export * from './container/plugin.js';
export * from './errors.js';
export * from './logging.js';
export { Metrics, MetricsId, type Counter, type Gauge, type Histogram, type CounterSpec, type GaugeSpec, type HistogramSpec } from './metrics.js';
export type { SourcedObject, StoreChange, StoreReader } from './store/object-store.js';
export { ObjectStore } from './store/object-store.js';
export type { Condition, ObjectState, ObjectStatus, SourceProblem, Severity } from './status/condition.js';
export { StatusRecorder } from './status/status-recorder.js';
export { standaloneContext } from './engine/build-context.js';
export { envoyRuntimeLayers, regexProblem } from './validate/regex-check.js';
export { ingressRouteStatus, type IngressRouteStatus } from '../plugins/api-ingressroute/ingressroute-status.js';
export { Dag, DEFAULT_LISTENERS, HTTP_LISTENER, HTTPS_LISTENER, type DefaultListeners } from './dag/dag.js';
export * from './dag/dag-types.js';
export { AttributeKey, Attributes } from './dag/attributes.js';
export * from './dag/feature-attributes.js';
export * from './snapshot/snapshot.js';
export { buildSnapshot, resourceSet, type NamedResource } from './snapshot/snapshot-builder.js';
export type { TranslatorHooks } from './translate/translator-hooks.js';
export type { TranslateSettings } from './translate/translate-settings.js';
export { packAny } from './translate/any.js';
export { XDS_CLUSTER_NAME } from './translate/config-source.js';
export * as names from './translate/names.js';
export { stableStringify, shortHash } from './util/stable-json.js';
export { compareStrings, sortedBy } from './util/compare.js';
export { REDACTED, REDACTED_ALWAYS, redactJsonText, redactSecrets, redactText, redactedMessage } from './util/redact.js';
export type { IsobarConfig } from '../config/schema.js';
export * as envoy from './envoy-types.js';
export { resolveBackend, type BackendResult } from './processors/backend-resolver.js';
export { resolveTlsSecret, certificateCovers, type SecretResult } from './processors/tls-secret-resolver.js';
export { hostOwnership } from './processors/host-claims.js';
export { HostOwnership, hostConflictMessage, type HostClaim, type HostOwnershipMode } from './processors/host-ownership.js';
export { hostProblem, wildcardAuthorityRegex, escapeRegex } from './processors/host-validation.js';
export { annotationField, reportUnsupportedAnnotations } from './processors/annotation-support.js';
export { rankOf } from './processors/object-rank.js';
export { CLASS_ANNOTATIONS } from './store/ingress-class-view.js';
export { resolveDelegate } from '../plugins/api-ingressroute/delegation.js';
export type { IngressRoute, IngressRouteRoute, IngressRouteService, TcpProxySpec } from './model/ingressroute.js';
export { PROCESSOR_ORDER as ProcessorOrder } from './container/contribution-points.js';
export { durationFromString, toProtoDuration } from './util/duration.js';
export { matchedPrefix, prefixRewrite } from './processors/path-rewrite.js';
export { planWeights, MAX_WEIGHT, type WeightPlan } from './dag/weights.js';
export {
  createCertificateAuthority,
  type CertificateAuthority,
  type CertificateAuthorityOptions,
  type CertificateAndKey,
  type CertificatePurpose,
  type IssueOptions,
} from './pki/certificate-authority.js';
