/**
 * Conjecture (not a claim): Thm 5.1 of Tirer & Bruna 2022 (THEORY.md §2.6) assumes noise with a finite fourth
 * moment. Does W(H) still approach s·W*, s = 1/(1 + Kσ²√(n₀λ_H/λ_W)), at the n^{−1/2} rate when the noise is
 * Student-t with 3 degrees of freedom (variance σ², infinite fourth moment)? A *hit* is an instance whose fitted
 * log–log error slope over n = 100 … nMax per class (the claim's protocol, fixed-features-rate.ts) falls outside
 * [−0.7, −0.3].
 *
 * Heuristic (why hits are expected): the Gram's diagonal averages E_ij², whose fluctuations for t₃ noise are in the
 * domain of attraction of a 3/2-stable law, so they decay like n^{1/α − 1} = n^{−1/3}, not n^{−1/2}; the limit
 * itself still holds (finite variance, law of large numbers). Measured with the claim's protocol (24 instances
 * each, K ≤ 4, d ≤ K + 2): slopes mean −0.40, range [−0.50, −0.21] at nMax = 10⁴ (2 outside the band) and mean
 * −0.37, range [−0.50, −0.28] at nMax = 10⁵ (3 outside) — between the n^{−1/2} of the theorem and n^{−1/3}.
 *
 * Register it in properties/conjectures/index.ts (the hunt registry).
 */
import type { Conjecture, Finding } from '../src/claim/index.ts';
import { runFixedFeaturesSequence } from '../src/theory/index.ts';
import { fixedFeaturesProblemOf, parseRateInstance, rateInstance } from './arbitraries/fixedFeatures.ts';
import type { RateInstance } from './arbitraries/fixedFeatures.ts';

/**
 * Probes one instance: the fitted slope and the fitted scale at the largest n (deterministic in the instance; the
 * noise law is forced to Student-t(3) whatever the instance says).
 */
export function probeStudentT(inst: RateInstance): Finding {
  const p = { ...fixedFeaturesProblemOf(inst.problem), noise: 'student-t3' as const };
  const replicates = Math.ceil(32 / (p.K * p.d));
  const seq = runFixedFeaturesSequence(p, { seed: inst.seed, nMin: 100, nMax: inst.nMax, steps: 7, replicates });
  const last = seq.points[seq.points.length - 1];
  const evidence = {
    slope: seq.slope, predictedScale: seq.predictedScale, fittedScaleAtNMax: last?.fittedScale ?? null,
    errorAtNMax: last?.error ?? null, replicates, points: seq.points.map((q) => ({ n: q.n, error: q.error, fittedScale: q.fittedScale })),
  };
  if (!Number.isFinite(seq.slope)) return { status: 'inconclusive', evidence, why: `non-finite slope ${seq.slope}` };
  const inBand = seq.slope >= -0.7 && seq.slope <= -0.3;
  return {
    status: inBand ? 'no-hit' : 'hit', evidence,
    why: `Student-t(3): log–log error slope ${seq.slope.toFixed(3)} ${inBand ? 'inside' : 'outside'} [−0.7, −0.3] over n = 100…${inst.nMax}`,
  };
}

export const fixedFeaturesStudentT: Conjecture<RateInstance> = {
  id: 'fixed-features.student-t3.rate',
  cite: 'Tirer & Bruna 2022 (arXiv 2202.08087), Thm 5.1 (outside its hypothesis); docs/theory.md §7.6, §2.6',
  statement: 'with Student-t(3) noise (infinite fourth moment) W(H) still approaches W*/(1 + Kσ²√(n₀λ_H/λ_W)) at the n^{−1/2} rate (log–log slope in [−0.7, −0.3])',
  arbitrary: rateInstance({ noises: ['student-t3'], nMax: 100000 }),
  parseInstance: parseRateInstance,
  probe: probeStudentT,
};
