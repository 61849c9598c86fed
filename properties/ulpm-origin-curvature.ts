/**
 * ULPM (Ji et al. 2022; THEORY.md §3 (i)): the origin is a critical point of the unregularised CE model and its
 * Hessian is [[0, G], [Gᵀ, 0]] ⊗ I_d with G = ∇_Z L(0) = (1/N)(J/K − Y), ‖G‖₂ = 1/(K√n), so
 * λ_min(∇²L(0)) = −1/(K√n) — a strict saddle, which gradient descent leaves.
 *
 * Measured by Lanczos on exact Hessian-vector products at θ = 0 (src/certified/ulpm/originSpectrum.ts): λ_min ∈
 * [λ̂ − r_L, λ̂], tolerance r_L + 4·dim·u·‖∇²L(0)‖ (the HVP's rounding); a non-converged Lanczos is inconclusive.
 *
 * Coverage (issue 9 item 1): K = 2 and K ≥ 3, each with n = 1 and n ≥ 2 (the two factors of −1/(K√n)).
 *
 * Negative controls: "the origin is a local minimum of the ULPM (λ_min ≥ 0)" — refuted by the same certificate;
 * and the near miss (issue 9 item 3) λ_min = −(1 + 1e-6)/(K√n).
 */
import type { Claim, Verdict } from '../src/claim/index.ts';
import { classUnion, inconclusive, judge, judgeAtMost, withResolution } from '../src/claim/index.ts';
import { ulpmOriginSpectrum } from '../src/certified/index.ts';
import type { UlpmOriginSpectrum } from '../src/certified/index.ts';
import { ulpmOriginLambdaMin } from '../src/theory/index.ts';
import { parseUlpmInstance, ulpmClass, ulpmInstance, ulpmProblemOf } from '../src/arbitraries/index.ts';
import type { UlpmInstance } from '../src/arbitraries/index.ts';
import { defineClaim, missed, nearMisses } from '../src/define/index.ts';

const CITE =
  'Ji et al. 2022 (arXiv 2110.02796); Zhu et al. 2021 (arXiv 2105.02375), q(σ) with λ = 0; docs/theory.md §3.1, §6.1';
const classes = [
  ulpmClass('K=2/n=1', ulpmInstance({ maxK: 2, maxN: 1 }), (K, _d, n) => K === 2 && n === 1),
  ulpmClass('K=2/n>=2', ulpmInstance({ maxK: 2, minN: 2, maxN: 8 }), (K, _d, n) => K === 2 && n >= 2),
  ulpmClass('K>=3/n=1', ulpmInstance({ minK: 3, maxK: 6, maxN: 1 }), (K, _d, n) => K >= 3 && n === 1),
  ulpmClass('K>=3/n>=2', ulpmInstance({ minK: 3, maxK: 6, minN: 2, maxN: 8 }), (K, _d, n) => K >= 3 && n >= 2),
];
const arbitrary = classUnion(classes);

/** The Lanczos spectrum at the origin (src/certified/ulpm/originSpectrum.ts). */
function spectrum(inst: UlpmInstance): UlpmOriginSpectrum {
  return ulpmOriginSpectrum(ulpmProblemOf(inst), inst.seed);
}

export const ulpmOriginCurvature = defineClaim<UlpmInstance, UlpmOriginSpectrum>({
  id: 'ulpm.origin.curvature',
  cite: CITE,
  statement:
    'ULPM (no weight decay, no bias): the Hessian at the origin has λ_min = −1/(K√n) (Lanczos with certified residual)',
  arbitrary,
  classes,
  parseInstance: parseUlpmInstance,
  defaultRuns: 12,
  prepare: (inst) => {
    const s = spectrum(inst);
    return s.converged
      ? s
      : inconclusive(`Lanczos did not converge (residual ${s.residual.toExponential(2)})`, {
          lanczosResidual: s.residual,
        });
  },
  verdicts: (s, inst, miss) => {
    const ev = { lanczosResidual: s.residual, matvecs: s.matvecs, lambdaMax: s.lambdaMax };
    const pred = missed(ulpmOriginLambdaMin(inst.problem.K, inst.problem.n), miss, 'value');
    return [withResolution(judge(s.lambdaMin, pred, s.tol, 'λ_min(∇²L(0)) vs −1/(K√n)', ev), 'value', Math.abs(pred))];
  },
});

/** Near-miss control (issue 9 item 3): λ_min off by 1e-6 relative. */
export const ulpmOriginNearMisses: Claim<UlpmInstance>[] = nearMisses(ulpmOriginCurvature, { value: 1e-6 });

export const ulpmOriginLocalMin = defineClaim<UlpmInstance>({
  id: 'ulpm.origin.local-min',
  cite: `negative control of ulpm.origin.curvature (${CITE})`,
  statement: 'FALSE on purpose: the origin is a local minimum of the ULPM (its Hessian is PSD)',
  kind: 'control',
  controls: 'ulpm.origin.curvature',
  arbitrary,
  parseInstance: parseUlpmInstance,
  defaultRuns: 15,
  verdicts: (inst): Verdict[] => {
    const s = spectrum(inst);
    if (!s.converged) return [inconclusive(`Lanczos did not converge (residual ${s.residual.toExponential(2)})`)];
    // PSD up to tolerance: λ̂ ≥ −tol (λ_min ≤ λ̂, so λ̂ < −tol certifies a negative eigenvalue).
    return [judgeAtMost(-s.lambdaMin, 0, s.tol, '−λ_min(∇²L(0)) vs 0 (PSD claimed)')];
  },
});
