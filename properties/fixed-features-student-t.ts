/**
 * Conjecture (not a claim): Thm 5.1 of Tirer & Bruna 2022 (THEORY.md §2.6) assumes noise with a finite fourth
 * moment. Does W(H) still approach s·W*, s = 1/(1 + Kσ²√(n₀λ_H/λ_W)), at the n^{−1/2} rate when the noise is
 * Student-t with 3 degrees of freedom (variance σ², infinite fourth moment)? A *hit* is an instance on which the
 * claim's own rate test (fixed-features-rate.ts, lib/fixedFeaturesRate.ts: Monte-Carlo slope within 4 standard
 * errors of −1/2, with the power to reject n^{−1/3}) rejects n^{−1/2}; an instance without that power is
 * inconclusive.
 *
 * Heuristic (why hits are expected): the Gram's diagonal averages E_ij², whose fluctuations for t₃ noise are in the
 * domain of attraction of a 3/2-stable law, so they decay like n^{1/α − 1} = n^{−1/3}, not n^{−1/2}; the limit
 * itself still holds (finite variance, law of large numbers). With the old protocol (7 equal-replicate points, band
 * [−0.7, −0.3]) the slopes had mean −0.40, range [−0.50, −0.21] at nMax = 10⁴ and mean −0.37 at nMax = 10⁵ —
 * between the n^{−1/2} of the theorem and n^{−1/3}; the heavy tails also inflate the Monte-Carlo variance, so more
 * instances are inconclusive than for the laws of the theorem.
 *
 * Register it in properties/conjectures/index.ts (the hunt registry).
 */
import type { Conjecture, Finding } from '../src/claim/index.ts';
import { fixedFeaturesProblemOf, parseRateInstance, rateInstance } from '../src/arbitraries/index.ts';
import type { RateInstance } from '../src/arbitraries/index.ts';
import { fixedFeaturesRateFit } from '../src/certified/index.ts';
import { rateVerdicts } from './fixed-features-rate.ts';

/**
 * Probes one instance with the claim's rate test (deterministic in the instance; the noise law is forced to
 * Student-t(3) whatever the instance says).
 */
export function probeStudentT(inst: RateInstance): Finding {
  const p = { ...fixedFeaturesProblemOf(inst.problem), noise: 'student-t3' as const };
  const f = fixedFeaturesRateFit(p, { seed: inst.seed, nMax: inst.nMax });
  const [rate] = rateVerdicts(f, inst.nMax);
  const evidence = {
    slope: f.slope,
    slopeSe: f.slopeSe,
    cv2: f.cv2,
    predictedScale: f.predictedScale,
    fittedScaleAtNMax: f.scaleAtNMax,
    scaleSe: f.scaleSe,
    points: f.points.map((q) => ({ n: q.n, replicates: q.replicates, error: q.error, fittedScale: q.fittedScale })),
  };
  if (rate === undefined || rate.status === 'inconclusive' || !Number.isFinite(f.slope)) {
    return { status: 'inconclusive', evidence, why: rate?.why ?? `non-finite slope ${f.slope}` };
  }
  return {
    status: rate.status === 'fail' ? 'hit' : 'no-hit',
    evidence,
    why: `Student-t(3): log–log error slope ${f.slope.toFixed(3)} ± ${f.slopeSe.toFixed(3)} ${rate.status === 'fail' ? 'rejects' : 'is consistent with'} −1/2 (±4 s.e.) over n = 100…${inst.nMax}`,
  };
}

export const fixedFeaturesStudentT: Conjecture<RateInstance> = {
  id: 'fixed-features.student-t3.rate',
  cite: 'Tirer & Bruna 2022 (arXiv 2202.08087), Thm 5.1 (outside its hypothesis); docs/theory.md §7.6, §2.6',
  statement:
    "with Student-t(3) noise (infinite fourth moment) W(H) still approaches W*/(1 + Kσ²√(n₀λ_H/λ_W)) at the n^{−1/2} rate (the claim's Monte-Carlo rate test accepts −1/2)",
  arbitrary: rateInstance({ noises: ['student-t3'], nMax: 100000 }),
  parseInstance: parseRateInstance,
  probe: probeStudentT,
};
