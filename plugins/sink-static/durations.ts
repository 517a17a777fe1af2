/** A google.protobuf.Duration (ts-proto shape) from milliseconds. */
export function durationMs(ms: number): { seconds: number; nanos: number } {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`durationMs: ${ms} is not a non-negative number of milliseconds`);
  const whole = Math.round(ms);
  return { seconds: Math.floor(whole / 1000), nanos: (whole % 1000) * 1_000_000 };
}
