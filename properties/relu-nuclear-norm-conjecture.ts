/**
 * Conjecture (not a claim), THEORY.md §2.5 and §7.4: the hypothesis of Tirer & Bruna's Thm 4.2 — the nuclear-norm
 * condition ‖σ(W₁H₁)‖_* = ‖W₁H₁‖_* at a global minimizer of the ReLU extended UFM — always holds, and with it
 * f*_ReLU = f*_lin. A *hit* is either
 *   - a start of the seeded ReLU multistart (extendedRelu.ts) whose value is below f*_lin by more than the rounding
 *     of f (then f*_ReLU < f*_lin: the linear structure cannot be the ReLU optimum), or
 *   - a certified best point (relu-nc-structure.ts steps 1–2: smooth, flat family split off, value ≤ f*_lin + tol)
 *     at which the condition is certified false (|‖σ(P)‖_* − ‖P‖_*| > τ_nn).
 * No-hit: the condition holds at the certified best point. Inconclusive: no best point could be certified.
 * THEORY.md's suggestion for the search (§7.4): K ≥ 5, d = K, near the threshold; the arbitrary draws K ∈ [3, 6],
 * d ∈ {K, K + 1}, n ≤ 2, ν ∈ [0.25, 0.37]. Nothing has been found so far (the default verify's 8 × 10 seeds of
 * relu.nc-structure all had the condition holding to ≤ 1e-15).
 *
 * Register it in properties/conjectures/index.ts (the hunt registry).
 */
import type { Conjecture, Finding, Json } from '../src/claim/index.ts';
import { predictExtended } from '../src/theory/index.ts';
import { extendedInstance, extendedProblemOf, parseExtendedInstance } from '../src/arbitraries/index.ts';
import type { ExtendedInstance } from '../src/arbitraries/index.ts';
import { certifiedReluBest, nuclearNormHypothesis, reluMultistart, reluValueRounding } from '../src/certified/index.ts';

/** Probes one instance (deterministic in it). */
export function probeReluNuclearNorm(inst: ExtendedInstance): Finding {
  const p = extendedProblemOf(inst.problem);
  const fLin = predictExtended(p).fStar;
  const runs = reluMultistart(p, { starts: inst.starts, seed: inst.seed });
  const runsJson: Json = runs.map((r) => ({
    kind: r.kind,
    status: r.status,
    gap: r.value - fLin,
    gradNorm: r.gradNorm,
  }));
  for (const r of runs) {
    if (r.kind === 'lifted' || !Number.isFinite(r.value)) continue;
    const rounding = reluValueRounding(p, r);
    if (r.value < fLin - rounding) {
      return {
        status: 'hit',
        evidence: { fLin, value: r.value, gap: r.value - fLin, rounding, start: r.start, runs: runsJson },
        why: `start ${r.start} (${r.kind}) reached f = ${r.value} < f*_lin − rounding: f*_ReLU < f*_lin`,
      };
    }
  }
  const c = certifiedReluBest(p, runs);
  if (!('cert' in c)) return { status: 'inconclusive', evidence: { fLin, runs: runsJson }, why: c.why };
  const h = nuclearNormHypothesis(c);
  const evidence = {
    fLin,
    value: c.cert.run.value,
    nuclearGap: h.gap,
    nuclearTol: h.tol,
    mu: c.cert.mu,
    delta: c.cert.delta,
    flat: c.cert.flat,
    runs: runsJson,
  };
  return h.holds
    ? {
        status: 'no-hit',
        evidence,
        why: `the condition holds at the certified best point: |‖σ(P)‖_* − ‖P‖_*| = ${Math.abs(h.gap).toExponential(2)} ≤ ${h.tol.toExponential(2)}`,
      }
    : {
        status: 'hit',
        evidence,
        why: `the condition fails at a certified global candidate (f ≤ f*_lin + tol): ‖σ(P)‖_* − ‖P‖_* = ${h.gap.toExponential(3)}, |gap| > ${h.tol.toExponential(2)}`,
      };
}

export const reluNuclearNormConjecture: Conjecture<ExtendedInstance> = {
  id: 'relu.nuclear-norm.condition-holds',
  cite: 'Tirer & Bruna 2022 (arXiv 2202.08087), Thm 4.2 (its hypothesis); docs/theory.md §7.4, §2.5',
  statement: 'at a global minimizer of the ReLU extended UFM, ‖σ(W₁H₁)‖_* = ‖W₁H₁‖_* (and f*_ReLU = f*_lin)',
  arbitrary: extendedInstance({
    sides: ['below'],
    minK: 3,
    maxK: 6,
    maxExtraD: 1,
    maxN: 2,
    minStarts: 4,
    maxStarts: 6,
    lambdas: { below: [0.37, 0.25] },
  }),
  parseInstance: parseExtendedInstance,
  probe: probeReluNuclearNorm,
};
