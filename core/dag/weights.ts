/** Envoy's cluster weights are uint32, as Contour's `weight` is. */
export const MAX_WEIGHT = 0xffff_ffff;

export interface WeightPlan {
  /** One weight per backend, in order; their sum is always above 0, as Envoy requires. */
  weights: number[];
  /** Backends (by index) whose written weight is not a valid weight and was ignored. */
  invalid: Array<{ index: number; message: string }>;
  /** Weights were written, but all are 0: served as an equal split instead (see planWeights). */
  allZero: boolean;
}

/**
 * Contour's weight rules for one route. No weight anywhere: an equal split. Some weights written: the
 * services without one get 0 (so `weight: 100` on one of two services sends it everything). An invalid
 * weight (negative, fractional, too large, not a number) counts as not written.
 *
 * All weights 0 cannot be served as written: Envoy refuses weighted clusters whose total is 0, and that
 * refusal (a NACK) would stop every other route's update as well. The only other ways out are to drop
 * the route (every request fails, which a weight of 0 never means for the last service standing) or to
 * answer 503 ourselves. Contour splits equally in this case; so do we, and the caller warns.
 */
export function planWeights(written: readonly unknown[]): WeightPlan {
  const invalid: WeightPlan['invalid'] = [];
  const given = written.map((w, index) => {
    if (w === undefined || w === null) return undefined;
    if (typeof w === 'number' && Number.isInteger(w) && w >= 0 && w <= MAX_WEIGHT) return w;
    invalid.push({ index, message: `weight must be a whole number from 0 to ${MAX_WEIGHT}, not ${JSON.stringify(w)}; ignored` });
    return undefined;
  });
  const equal = () => written.map(() => 1);
  if (given.every((w) => w === undefined)) return { weights: equal(), invalid, allZero: false };
  const weights = given.map((w) => w ?? 0);
  if (weights.some((w) => w > 0)) return { weights, invalid, allZero: false };
  return { weights: equal(), invalid, allZero: true };
}
