import { compareStrings, rankOf, type BuildContext, type ListenerDefinition, type StoredObject } from '../../core/index.js';
import { ConditionSet } from './conditions.js';
import { servedListeners, type GatewayState, type ListenerState } from './gateway-state.js';
import type { Gateway, GatewayListener } from './gateway-types.js';
import { conflictWith, markConflict } from './listener-conflicts.js';
import { readListenerSets, settleListenerSets } from './listener-sets.js';
import { gatewayCertificate, listenerTls } from './listener-tls.js';
import { listenerKinds, protocolSupported } from './route-kinds.js';
import { infrastructureProblem } from './fleet/infrastructure-parameters.js';
import { frontendValidation } from './frontend-validation.js';

export interface GatewaySettings {
  /** Each Gateway on its own Envoy fleet (else all share the default Envoy). */
  fleets: boolean;
  privilegedPortOffset: number;
  /** Ports the config's own listeners hold on the shared Envoy. */
  reservedPorts: ReadonlyMap<number, string>;
}

/** The port Envoy binds for a listener port: ports below 1024 moved up by the offset (so Envoy need not be root). */
export function bindPort(port: number, privilegedPortOffset: number): number {
  return port < 1024 ? port + privilegedPortOffset : port;
}

/**
 * Reads every Gateway of isobar's classes into listener states and DAG listeners, oldest Gateway first: on
 * the shared Envoy, a port another Gateway (or the config) already holds is PortUnavailable for the newer.
 */
export class GatewayBuilder {
  /** Shared Envoy: which Gateway holds each port. */
  private readonly portHolders = new Map<number, string>();

  constructor(
    private readonly ctx: BuildContext,
    private readonly settings: GatewaySettings,
  ) {}

  build(gateways: readonly StoredObject<Gateway>[]): GatewayState[] {
    return [...gateways].sort((a, b) => compareStrings(rankOf(a), rankOf(b))).map((gw) => this.gateway(gw));
  }

  private gateway(gw: StoredObject<Gateway>): GatewayState {
    this.ctx.status.touch(gw);
    const ns = gw.object.metadata.namespace ?? '';
    const state = { obj: gw, conditions: ConditionSet.for(gw), listeners: [], listenerSets: [] } as unknown as GatewayState;
    state.gateway = state;
    if (this.settings.fleets) state.fleet = `gateway/${ns}/${gw.object.metadata.name}`;
    const listeners = gw.object.spec?.listeners ?? [];
    state.listeners = listeners.map((l) => this.validate(gw, l, listeners));
    state.listenerSets = readListenerSets(this.ctx, state, (owner, l, all) => this.validate(owner, l, all));
    this.judge(state);
    // The ListenerSets' listeners share the Gateway's Envoy listeners (and its ports) once the Gateway is accepted.
    settleListenerSets(state, (l) => this.program(state, l));
    const served = servedListeners(state);
    for (const l of served) {
      if (!l.target) continue;
      l.samePort = served.filter((o) => o !== l && o.target && o.spec.port === l.spec.port).map((o) => o.spec.hostname);
    }
    return state;
  }

  /** Programs the Gateway's own listeners and sets its conditions. */
  private judge(state: GatewayState): void {
    const gw = state.obj;
    const parameters = infrastructureProblem(this.ctx.store, gw);
    for (const l of state.listeners) if (!parameters && l.conditions.isTrue('Accepted')) this.program(state, l);
    const accepted = state.listeners.some((l) => l.conditions.isTrue('Accepted'));
    const programmed = state.listeners.some((l) => l.target);
    if (parameters) {
      state.conditions.set('Accepted', false, 'InvalidParameters', parameters);
      state.conditions.set('Programmed', false, 'Invalid', 'the Gateway is not accepted');
      for (const l of state.listeners) l.conditions.set('Programmed', false, 'Invalid', 'the Gateway is not accepted');
      return;
    }
    // An address without a value asks for any address of its type: the Envoy Service's is one (IPAddress).
    const requested = (gw.object.spec?.addresses ?? []).filter((a) => (a.value ?? '') !== '' || (a.type ?? 'IPAddress') !== 'IPAddress');
    if (requested.length > 0) {
      state.conditions.set('Accepted', false, 'UnsupportedAddress', 'isobar does not assign requested addresses (spec.addresses with a value or of a type other than IPAddress); the address is that of the Envoy Service');
      state.conditions.set('Programmed', false, 'AddressNotAssigned', 'spec.addresses cannot be assigned');
      for (const l of state.listeners) delete l.target;
      return;
    }
    // Some listeners invalid: the Gateway is still accepted, and the reason says not all of it is.
    const invalid = state.listeners.filter((l) => !l.conditions.isTrue('Accepted')).map((l) => l.spec.name);
    const message = !accepted ? 'no listener of the Gateway is valid' : invalid.length > 0 ? `the Gateway is accepted; listeners not valid: ${invalid.join(', ')}` : 'the Gateway is accepted';
    state.conditions.set('Accepted', accepted, invalid.length === 0 ? 'Accepted' : 'ListenersNotValid', message);
    state.conditions.set('Programmed', programmed, programmed ? 'Programmed' : 'Invalid', programmed ? 'the Gateway is programmed in Envoy' : 'no listener of the Gateway is programmed');
    this.backendClientCertificate(state);
    // The spec asks for it to be said aloud: some listener lets clients in without a valid certificate.
    if (state.listeners.some((l) => l.target && l.clientValidation?.mode === 'optional')) {
      state.conditions.set('InsecureFrontendValidationMode', true, 'ConfigurationChanged', 'a listener lets clients without a valid certificate in (AllowInsecureFallback)');
    }
  }

  /** A listener's own conditions (protocol, route kinds, conflicts within its Gateway or ListenerSet `owner`, certificates). */
  private validate(owner: StoredObject, l: GatewayListener, all: readonly GatewayListener[]): ListenerState {
    const c = ConditionSet.for(owner);
    const kinds = listenerKinds(l);
    const state: ListenerState = { spec: l, conditions: c, supportedKinds: kinds.supported, attachedRoutes: 0, samePort: [] };
    const refuse = (reason: string, message: string) => {
      c.set('Accepted', false, reason, message).set('Programmed', false, reason === 'UnsupportedProtocol' ? 'Invalid' : reason, message);
    };
    c.set('Accepted', true, 'Accepted', 'the listener is accepted');
    c.set('Programmed', true, 'Programmed', 'the listener is programmed');
    c.set('ResolvedRefs', true, 'ResolvedRefs', 'every reference of the listener is resolved');
    c.set('Conflicted', false, 'NoConflicts', 'the listener conflicts with no other');
    if (!protocolSupported(l.protocol)) {
      state.supportedKinds = [];
      refuse('UnsupportedProtocol', `protocol ${l.protocol} is not supported (supported: HTTP, HTTPS, TLS, TCP)`);
      return state;
    }
    const conflict = conflictWith(l, all);
    if (conflict) markConflict(c, conflict);
    if (kinds.invalid.length > 0) {
      const names = kinds.invalid.map((k) => `${k.group}/${k.kind}`).join(', ');
      c.set('ResolvedRefs', false, 'InvalidRouteKinds', `allowedRoutes.kinds has kinds a ${l.protocol} listener cannot take: ${names}`);
      if (kinds.supported.length === 0) c.set('Programmed', false, 'Invalid', 'the listener takes no route kind it can serve');
    }
    if ((l.protocol === 'TLS' || l.protocol === 'TCP') && !this.ctx.features.has('tcp-proxy')) {
      refuse('UnsupportedProtocol', `${l.protocol} listeners need the "tcp-proxy" plugin, which is not enabled in the config`);
      return state;
    }
    if (l.protocol === 'HTTPS' && l.tls?.mode === 'Passthrough') {
      refuse('UnsupportedValue', 'an HTTPS listener terminates TLS; use a TLS listener for passthrough');
      return state;
    }
    // HTTPS, and TLS in mode Terminate (the default): Envoy terminates with the listener's certificate.
    if (l.protocol === 'HTTPS' || (l.protocol === 'TLS' && (l.tls?.mode ?? 'Terminate') === 'Terminate')) {
      const tls = listenerTls(this.ctx.store, owner, l);
      if ('reason' in tls) {
        c.set('ResolvedRefs', false, tls.reason, tls.message);
        c.set('Programmed', false, 'Invalid', `the listener has no usable certificate: ${tls.message}`);
      } else state.secret = tls.secret;
      // Client certificate validation is the Gateway's (spec.tls.frontend); a ListenerSet's listeners have none.
      if (l.protocol === 'HTTPS' && owner.object.kind === 'Gateway') this.clientValidation(owner as StoredObject<Gateway>, state);
    }
    return state;
  }

  /**
   * The Gateway's backend client certificate (spec.tls.backend.clientCertificateRef), and the Gateway's
   * ResolvedRefs saying whether it could be used; without one written, no condition. A certificate that
   * cannot be used is not presented (the backends that require one refuse the connection).
   */
  private backendClientCertificate(state: GatewayState): void {
    const ref = state.obj.object.spec?.tls?.backend?.clientCertificateRef;
    if (!ref) return;
    const res = gatewayCertificate(this.ctx.store, state.obj, ref, 'spec.tls.backend.clientCertificateRef');
    if ('secret' in res) {
      state.backendClientCertificate = res.secret;
      state.conditions.set('ResolvedRefs', true, 'ResolvedRefs', 'every reference of the Gateway is resolved');
      return;
    }
    state.conditions.set('ResolvedRefs', false, res.reason === 'RefNotPermitted' ? 'RefNotPermitted' : 'InvalidClientCertificateRef', res.message);
  }

  /** An HTTPS listener's client certificate validation; refs that cannot be used leave the listener unserved (fail closed). */
  private clientValidation(gw: StoredObject<Gateway>, state: ListenerState): void {
    const v = frontendValidation(this.ctx.store, gw, state.spec.port);
    if (!v) return;
    if ('validation' in v) {
      state.clientValidation = v.validation;
      return;
    }
    const c = state.conditions;
    c.set('ResolvedRefs', false, v.problem.reason, v.problem.message);
    c.set('Accepted', false, 'NoValidCACertificate', `client certificates cannot be checked as asked: ${v.problem.message}`);
    c.set('Programmed', false, 'Invalid', 'the listener cannot check client certificates as asked');
  }

  /** Creates the DAG listener (one per Gateway port) and, for HTTPS, the listener's TLS filter chain. */
  private program(gw: GatewayState, l: ListenerState): void {
    if (!l.conditions.isTrue('Programmed')) return;
    const port = l.spec.port;
    const key = gw.obj.key;
    if (!this.settings.fleets) {
      const held = this.settings.reservedPorts.get(port) ?? this.heldBy(port, key);
      if (held) {
        const message = `port ${port} is already used on the shared Envoy by ${held}`;
        l.conditions.set('Accepted', false, 'PortUnavailable', message).set('Programmed', false, 'PortUnavailable', message);
        return;
      }
      this.portHolders.set(port, key);
    }
    const ns = gw.obj.object.metadata.namespace ?? '';
    const base = `${ns}/${gw.obj.object.metadata.name}`;
    const bind = bindPort(port, this.settings.privilegedPortOffset);
    // Backends see Host as the client sent it, port and all (Gateway API's HTTPRouteHostnameIntersection),
    // and `*.example.com` stands for any number of labels, so no catch-all routes back a wildcard host.
    const def = (proto: string): ListenerDefinition => ({ name: `${base}/${proto}-${port}`, address: '0.0.0.0', port: bind, keepHostPort: true, wildcardLabels: 'any', ...(gw.fleet ? { fleet: gw.fleet } : {}) });
    const dag = this.ctx.dag;
    if (l.spec.protocol === 'HTTP') {
      l.target = { protocol: 'HTTP', listener: dag.httpListener(def('http')) };
      return;
    }
    // A TCP port's connections all go to the one route it keeps: a listener whose only chain takes them all.
    if (l.spec.protocol === 'TCP') {
      l.target = { protocol: 'TCP', listener: dag.httpsListener(def('tcp')) };
      return;
    }
    // HTTPS and TLS listeners of one port are one Envoy listener, choosing a filter chain by SNI.
    const secure = dag.httpsListener(def('https'));
    if (l.spec.protocol === 'TLS') {
      l.target = { protocol: 'TLS', listener: secure, ...(l.secret ? { secret: l.secret } : {}) };
      return;
    }
    // Programmed: validate() found its certificate.
    const chain = dag.secureVirtualHost(l.spec.hostname ?? '*', l.secret, secure);
    if (l.clientValidation) chain.clientValidation = l.clientValidation;
    l.target = { protocol: 'HTTPS', chain };
  }

  private heldBy(port: number, key: string): string | undefined {
    const holder = this.portHolders.get(port);
    return holder && holder !== key ? holder : undefined;
  }
}
