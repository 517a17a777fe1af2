/**
 * The one catalog of isobar's own error codes. User mistakes in routing objects are not errors (they
 * become status conditions); these are for config, start-up and internal failures.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: 'The config file or an override is invalid.',
  PLUGIN_UNKNOWN: 'The config names a plugin that does not exist.',
  PLUGIN_DEPENDENCY: 'A plugin needs another plugin that is not loaded.',
  PLUGIN_INVALID: 'A plugin module does not declare valid metadata.',
  SNAPSHOT_INCONSISTENT: 'A snapshot refers to a resource it does not contain, or holds one Envoy would refuse that no object made.',
  BUILD_UNSETTLED: 'A build kept finding faulty objects, or charged a fault to an object it cannot find.',
  ENVOY_NOT_FOUND: 'No Envoy binary was found for standalone mode.',
  ENVOY_EXITED: 'The supervised Envoy exited unexpectedly.',
  XDS_LISTEN: 'The xDS server could not listen.',
  ADMIN_LISTEN: 'The status endpoint could not listen.',
  METRIC_CONFLICT: 'Two parts of isobar declared one metric name with different types or labels.',
  USAGE: 'The command line is invalid.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class IsobarError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IsobarError';
  }
}
