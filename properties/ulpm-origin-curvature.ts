/**
 * ULPM (Ji et al. 2022; THEORY.md §3 (i)): the origin is a critical point of the unregularised CE model and its
 * Hessian is [[0, G], [Gᵀ, 0]] ⊗ I_d with G = ∇_Z L(0) = (1/N)(J/K − Y), ‖G‖₂ = 1/(K√n), so
 * λ_min(∇²L(0)) = −1/(K√n) — a strict saddle, which gradient descent leaves.
 *
 * Measured by Lanczos on exact Hessian-vector products at θ = 0 (src/linalg/lanczos.ts): the returned λ̂ is a
 * Rayleigh quotient (λ_min ≤ λ̂) with explicit residual r_L, so λ_min ∈ [λ̂ − r_L, λ̂] (Lanczos finds the extreme
 * eigenvalue with probability 1 over its seeded start). Tolerance r_L + 4·dim·u·‖∇²L(0)‖ (the HVP's rounding);
 * a non-converged Lanczos is inconclusive.
 *
 * Negative control: "the origin is a local minimum of the ULPM (λ_min ≥ 0)" — refuted by the same certificate.
 */
import type { Claim, Verdict } from '../src/claim/index.ts';
import { inconclusive, judge, judgeAtMost } from '../src/claim/index.ts';
import { createRng } from '../src/core/index.ts';
import { lanczos } from '../src/linalg/index.ts';
import type { LanczosResult } from '../src/linalg/index.ts';
import { ulpmObjective } from '../src/models/ulpm.ts';
import { ulpmOriginLambdaMin } from '../src/theory/index.ts';
import { parseUlpmInstance, ulpmInstance, ulpmProblemOf } from './arbitraries/ulpm.ts';
import type { UlpmInstance } from './arbitraries/ulpm.ts';

const CITE = 'Ji et al. 2022 (arXiv 2110.02796); Zhu et al. 2021 (arXiv 2105.02375), q(σ) with λ = 0; docs/theory.md §3.1, §6.1';
const U = 2 ** -53;
const arbitrary = ulpmInstance({ maxK: 6, maxN: 8 });

function originSpectrum(inst: UlpmInstance): { lz: LanczosResult; tol: number; predicted: number } {
  const p = ulpmProblemOf(inst);
  const obj = ulpmObjective(p);
  const H = obj.hessianAt(new Float64Array(obj.dim));
  const lz = lanczos(H, { rng: createRng(inst.seed), which: 'min', tol: 1e-12, relTol: 1e-12 });
  const tol = lz.residualMin + 4 * obj.dim * U * Math.max(Math.abs(lz.lambdaMin), Math.abs(lz.lambdaMax));
  return { lz, tol, predicted: ulpmOriginLambdaMin(p.K, inst.problem.n) };
}

export const ulpmOriginCurvature: Claim<UlpmInstance> = {
  id: 'ulpm.origin.curvature',
  cite: CITE,
  statement: 'ULPM (no weight decay, no bias): the Hessian at the origin has λ_min = −1/(K√n) (Lanczos with certified residual)',
  kind: 'claim',
  arbitrary,
  parseInstance: parseUlpmInstance,
  defaultRuns: 15,
  check(inst: UlpmInstance): Verdict {
    const { lz, tol, predicted } = originSpectrum(inst);
    const ev = { lanczosResidual: lz.residualMin, matvecs: lz.matvecs, lambdaMax: lz.lambdaMax };
    if (!lz.converged) return inconclusive(`Lanczos did not converge (residual ${lz.residualMin.toExponential(2)})`, ev);
    return judge(lz.lambdaMin, predicted, tol, 'λ_min(∇²L(0)) vs −1/(K√n)', ev);
  },
};

export const ulpmOriginLocalMin: Claim<UlpmInstance> = {
  id: 'ulpm.origin.local-min',
  cite: `negative control of ulpm.origin.curvature (${CITE})`,
  statement: 'FALSE on purpose: the origin is a local minimum of the ULPM (its Hessian is PSD)',
  kind: 'control',
  controls: 'ulpm.origin.curvature',
  arbitrary,
  parseInstance: parseUlpmInstance,
  defaultRuns: 15,
  check(inst: UlpmInstance): Verdict {
    const { lz, tol } = originSpectrum(inst);
    if (!lz.converged) return inconclusive(`Lanczos did not converge (residual ${lz.residualMin.toExponential(2)})`);
    // PSD up to tolerance: λ̂ ≥ −tol (λ_min ≤ λ̂, so λ̂ < −tol certifies a negative eigenvalue).
    return judgeAtMost(-lz.lambdaMin, 0, tol, '−λ_min(∇²L(0)) vs 0 (PSD claimed)');
  },
};
