/**
 * The Hessian of the ULPM (Ji et al. 2022; THEORY.md §3 (i), §6.1 with λ = 0) at the origin, measured by Lanczos on
 * exact Hessian-vector products at θ = 0 (src/linalg/lanczos.ts): the returned λ̂ is a Rayleigh quotient
 * (λ_min ≤ λ̂) with explicit residual r_L, so λ_min ∈ [λ̂ − r_L, λ̂] (Lanczos finds the extreme eigenvalue with
 * probability 1 over its seeded start). Tolerance r_L + 4·dim·u·‖∇²L(0)‖ (the HVP's rounding, with ‖∇²L(0)‖ ≈
 * max(|λ̂_min|, |λ̂_max|)); a non-converged Lanczos leaves the measurement inconclusive.
 */
import { createRng } from '../../core/index.ts';
import { lanczos } from '../../linalg/index.ts';
import { ulpmObjective } from '../../models/index.ts';
import type { UlpmProblem } from '../../models/index.ts';

const U = 2 ** -53;

/** λ_min and λ_max of ∇²L(0) by Lanczos, with the residual and the derived tolerance (module doc). */
export interface UlpmOriginSpectrum {
  /** Rayleigh quotient λ̂ ≥ λ_min. */
  readonly lambdaMin: number;
  readonly lambdaMax: number;
  /** Lanczos residual r_L of λ̂. */
  readonly residual: number;
  readonly matvecs: number;
  readonly converged: boolean;
  /** r_L + 4·dim·u·max(|λ̂_min|, |λ̂_max|). */
  readonly tol: number;
}

/** The spectrum at the origin of `p` (module doc); the Lanczos start from `seed`. */
export function ulpmOriginSpectrum(p: UlpmProblem, seed: number): UlpmOriginSpectrum {
  const obj = ulpmObjective(p);
  const H = obj.hessianAt(new Float64Array(obj.dim));
  const lz = lanczos(H, { rng: createRng(seed), which: 'min', tol: 1e-12, relTol: 1e-12 });
  const tol = lz.residualMin + 4 * obj.dim * U * Math.max(Math.abs(lz.lambdaMin), Math.abs(lz.lambdaMax));
  return {
    lambdaMin: lz.lambdaMin,
    lambdaMax: lz.lambdaMax,
    residual: lz.residualMin,
    matvecs: lz.matvecs,
    converged: lz.converged,
    tol,
  };
}
