import { createFileRegistry, fromBinary, type DescExtension, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { ENVOY_DESCRIPTORS_BASE64 } from '../generated/envoy-descriptors.js';

export interface EnvoyRegistry {
  registry: FileRegistry;
  /** `(validate.rules)` on fields, `(validate.required)` on oneofs, `(validate.disabled)` (and `(validate.ignored)` when known) on messages. */
  fieldRules: DescExtension;
  oneofRequired: DescExtension;
  messageDisabled: DescExtension;
  /** Newer validate.proto files also have `(validate.ignored)`; the one shipped with these protos may not. */
  messageIgnored?: DescExtension;
}

let cached: EnvoyRegistry | undefined;

/** The descriptors the Envoy types were generated from, with their PGV extensions; parsed once, on first use. */
export function envoyRegistry(): EnvoyRegistry {
  if (cached) return cached;
  const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, Buffer.from(ENVOY_DESCRIPTORS_BASE64, 'base64')));
  const ext = (name: string): DescExtension => {
    const e = registry.getExtension(name);
    if (!e) throw new Error(`descriptor set lacks the extension ${name}`);
    return e;
  };
  cached = {
    registry,
    fieldRules: ext('validate.rules'),
    oneofRequired: ext('validate.required'),
    messageDisabled: ext('validate.disabled'),
    ...(registry.getExtension('validate.ignored') ? { messageIgnored: registry.getExtension('validate.ignored')! } : {}),
  };
  return cached;
}
