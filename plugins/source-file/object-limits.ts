/**
 * Size limits the API server enforces, so that a file can hold nothing `kubectl apply` would refuse:
 * etcd stores at most 1.5 MiB per object, and ObjectMeta validation caps the annotations at 256 KiB
 * in total (keys plus values).
 */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;
export const MAX_ANNOTATION_BYTES = 256 * 1024;

export interface LimitIssue {
  reason: 'ObjectTooLarge' | 'AnnotationsTooLarge';
  field?: string;
  message: string;
}

/** The limits an object breaks (none for most); `value` is the object as parsed from the file. */
export function checkObjectLimits(value: unknown): LimitIssue[] {
  if (typeof value !== 'object' || value === null) return [];
  const issues: LimitIssue[] = [];
  const metadata = (value as Record<string, unknown>)['metadata'];
  const annotations = typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>)['annotations'] : undefined;
  if (typeof annotations === 'object' && annotations !== null) {
    let total = 0;
    for (const [k, v] of Object.entries(annotations)) total += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
    if (total > MAX_ANNOTATION_BYTES) {
      issues.push({ reason: 'AnnotationsTooLarge', field: 'metadata.annotations', message: `metadata.annotations: ${total} bytes in total; the limit is ${MAX_ANNOTATION_BYTES} (256 KiB, as the API server's)` });
    }
  }
  // JSON is what the API server measures; a value that cannot be serialized is left to the validators.
  let size = 0;
  try {
    size = Buffer.byteLength(JSON.stringify(value));
  } catch {
    return issues;
  }
  if (size > MAX_OBJECT_BYTES) issues.push({ reason: 'ObjectTooLarge', message: `the object is ${size} bytes serialized; the limit is ${MAX_OBJECT_BYTES} (1.5 MiB, as etcd's)` });
  return issues;
}
