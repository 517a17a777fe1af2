import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { betweenMessage, FieldIssues, uniqueIssues, wrongTypeMessage, type FieldIssue, type Obj } from './field-issues.js';
import { fieldOf, itemOf } from './field-path.js';
import type { OpenApiSchema } from './openapi-schema.js';
import { unknownFieldHint } from './unknown-field-hint.js';

/**
 * Structural validation of an object against its kind's OpenAPI schema, by ajv, worded like the API
 * server's field errors (field path, what was expected, a suggestion for an unknown field). Kubernetes
 * reads its schemas structurally: a field no `properties` names is unknown unless the schema keeps unknown
 * fields (`additionalProperties`, `x-kubernetes-preserve-unknown-fields`), an int-or-string field takes
 * either, and null stands for an absent field. Those three rules are applied here, to a copy
 * of the schema; ajv does the rest.
 */
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, verbose: true });
const compiled = new WeakMap<OpenApiSchema, ValidateFunction>();

export function schemaIssues(schema: OpenApiSchema, value: Obj): FieldIssue[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(structural(schema));
    compiled.set(schema, validate);
  }
  const data = withoutNulls(value);
  if (validate(data)) return [];
  return toIssues(validate.errors ?? [], data);
}

/** The schema as Kubernetes reads it, in plain JSON Schema. */
function structural(s: OpenApiSchema): OpenApiSchema {
  // Built-in kinds mark IntOrString with a format (older documents: on a string type), CRDs with an extension.
  if (s['x-kubernetes-int-or-string'] || s.format === 'int-or-string') return { anyOf: [{ type: 'integer' }, { type: 'string' }] };
  const out: OpenApiSchema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Record<string, OpenApiSchema>).map(([p, ps]) => [p, structural(ps)]));
    else if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) out[k] = structural(v as OpenApiSchema);
    else if (k === 'oneOf' || k === 'anyOf' || k === 'allOf') out[k] = (v as OpenApiSchema[]).map(structural);
    else if (k !== 'description' && k !== 'nullable' && !k.startsWith('x-kubernetes-')) out[k] = v;
  }
  if (out.properties && out.additionalProperties === undefined && !s['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (typeof v !== 'object' || v === null) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v as Obj)) if (x !== null && x !== undefined) out[k] = withoutNulls(x);
  return out;
}

const TYPE_NAMES: Record<string, string> = { object: 'a map', array: 'a list', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean' };

function toIssues(errors: readonly ErrorObject[], data: unknown): FieldIssue[] {
  const issues = new FieldIssues();
  // A failed anyOf reports each branch as well: the branches' own errors are folded into the anyOf's.
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
  for (const e of errors) {
    if (alternatives.some((p) => e.schemaPath.startsWith(p))) continue;
    const field = fieldPath(e.instancePath, data);
    const p = e.params as Record<string, unknown>;
    const s = e.parentSchema as OpenApiSchema | undefined;
    switch (e.keyword) {
      case 'type':
        issues.add(field, 'FieldType', wrongTypeMessage(String(p['type']).split(',').map((t) => TYPE_NAMES[t] ?? t).join(' or '), e.data));
        break;
      case 'anyOf':
      case 'oneOf': {
        const types = (s?.[e.keyword] as OpenApiSchema[] | undefined)?.map((b) => TYPE_NAMES[b.type ?? ''] ?? 'a value') ?? [];
        issues.add(field, 'FieldType', wrongTypeMessage(types.join(' or '), e.data));
        break;
      }
      case 'required':
        issues.required(fieldOf(field, String(p['missingProperty'])));
        break;
      case 'additionalProperties': {
        const key = String(p['additionalProperty']);
        issues.unknown(fieldOf(field, key), unknownFieldHint(key, field, Object.keys(s?.properties ?? {})));
        break;
      }
      case 'enum':
        issues.unsupported(field, e.data, ((p['allowedValues'] as unknown[]) ?? []).map(String));
        break;
      case 'minimum':
      case 'maximum':
        issues.invalid(field, e.data, betweenMessage(s?.minimum, s?.maximum));
        break;
      case 'minLength':
        if (s?.minLength === 1) issues.required(field);
        else issues.invalid(field, e.data, `must be at least ${s?.minLength} characters`);
        break;
      case 'minItems':
        if (s?.minItems === 1) issues.required(field, 'at least one item');
        else issues.add(field, 'FieldInvalid', `must have at least ${s?.minItems} items`);
        break;
      default:
        issues.invalid(field, e.data, e.message ?? e.keyword);
    }
  }
  return uniqueIssues(issues.all);
}

/** `/spec/rules/0/host` → `spec.rules[0].host`: an index only where the value there is a list. */
function fieldPath(pointer: string, data: unknown): string {
  let field = '';
  let at = data;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(at)) {
      field = itemOf(field, Number(seg));
      at = at[Number(seg)];
    } else {
      field = fieldOf(field, seg);
      at = (at as Obj | undefined)?.[seg];
    }
  }
  return field;
}

