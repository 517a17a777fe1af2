import { dns1123Subdomain, type Kind, type KindStatus } from '../../core/index.js';
import { GATEWAY_API_KINDS, GATEWAY_API_SCHEMAS } from './generated/crd-schemas.js';
import { classOwnership, gatewayApiStatus, gatewayOwnership, policyOwnership, routeOwnership } from './gateway-status-shape.js';
import { GROUP } from './gateway-types.js';

export const PLUGIN_ID = 'api-gateway';
export const DEFAULT_CONTROLLER = 'isobar.io/gateway-controller';

/** The controller name this process serves (config gatewayApi.controllerName), for reading live route status. */
let servedController = DEFAULT_CONTROLLER;
export function serveController(name: string): void {
  servedController = name;
}

/** The condition types isobar sets, per place; conditions of other types are another controller's. */
const CLASS_CONDITIONS = new Set(['Accepted', 'SupportedVersion']);
const GATEWAY_CONDITIONS = new Set(['Accepted', 'Programmed', 'ResolvedRefs', 'InsecureFrontendValidationMode']);
const LISTENER_CONDITIONS = new Set(['Accepted', 'Programmed', 'ResolvedRefs', 'Conflicted']);
const ROUTE_CONDITIONS = new Set(['Accepted', 'ResolvedRefs', 'PartiallyInvalid']);
const POLICY_CONDITIONS = new Set(['Accepted', 'ResolvedRefs']);

const ROUTE_STATUS = gatewayApiStatus(routeOwnership(() => servedController, ROUTE_CONDITIONS));

/** One Gateway API kind, with its versions, scope and schemas from the release's CRDs. */
function gatewayKind(kind: string, status?: KindStatus): Kind {
  const crd = GATEWAY_API_KINDS[kind];
  if (!crd) throw new Error(`the Gateway API CRDs have no kind ${kind}`);
  return {
    kind,
    apiVersions: crd.versions.map((v) => `${GROUP}/${v}`),
    plural: crd.plural,
    namespaced: crd.namespaced,
    custom: true,
    plugin: PLUGIN_ID,
    nameFormat: dns1123Subdomain,
    ...(status ? { status } : {}),
    // The CRD's schema is what the API server checks (its CEL rules aside: they are the processor's, as conditions).
    validation: (apiVersion) => ({ schema: GATEWAY_API_SCHEMAS[kind]![apiVersion.slice(GROUP.length + 1)]! }),
  };
}

export const GATEWAY_CLASS_KIND = gatewayKind('GatewayClass', gatewayApiStatus(classOwnership(CLASS_CONDITIONS)));
export const GATEWAY_KIND = gatewayKind('Gateway', gatewayApiStatus(gatewayOwnership(GATEWAY_CONDITIONS, LISTENER_CONDITIONS), true));
export const HTTP_ROUTE_KIND = gatewayKind('HTTPRoute', ROUTE_STATUS);
export const GRPC_ROUTE_KIND = gatewayKind('GRPCRoute', ROUTE_STATUS);
export const TLS_ROUTE_KIND = gatewayKind('TLSRoute', ROUTE_STATUS);
export const TCP_ROUTE_KIND = gatewayKind('TCPRoute', ROUTE_STATUS);
/** A ListenerSet's status has a Gateway's shape: its conditions, and an entry per listener. */
export const LISTENER_SET_KIND = gatewayKind('ListenerSet', gatewayApiStatus(gatewayOwnership(GATEWAY_CONDITIONS, LISTENER_CONDITIONS)));
export const REFERENCE_GRANT_KIND = gatewayKind('ReferenceGrant');
export const BACKEND_TLS_POLICY_KIND = gatewayKind('BackendTLSPolicy', gatewayApiStatus(policyOwnership(() => servedController, POLICY_CONDITIONS)));

export const GATEWAY_API_KIND_LIST: readonly Kind[] = [
  GATEWAY_CLASS_KIND,
  GATEWAY_KIND,
  HTTP_ROUTE_KIND,
  GRPC_ROUTE_KIND,
  TLS_ROUTE_KIND,
  TCP_ROUTE_KIND,
  LISTENER_SET_KIND,
  REFERENCE_GRANT_KIND,
  BACKEND_TLS_POLICY_KIND,
];
