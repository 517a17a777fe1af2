/** Distribution of a benchmark's samples, in the unit given (nearest-rank percentiles, two decimals). */
export function summary(samples: readonly number[]): { count: number; min: number; p50: number; p90: number; p95: number; p99: number; max: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  const r2 = (v: number) => Math.round(v * 100) / 100;
  const mean = sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : NaN;
  return { count: sorted.length, min: r2(sorted[0] ?? NaN), p50: r2(at(50)), p90: r2(at(90)), p95: r2(at(95)), p99: r2(at(99)), max: r2(sorted.at(-1) ?? NaN), mean: r2(mean) };
}
