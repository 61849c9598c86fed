/**
 * The balanced rank-r frame of the linear extended UFM (Tirer & Bruna eq. (23); THEORY.md §2.4 "landscape remark";
 * src/theory extendedFramePoint: W₂ = aURᵀ, W₁ = bRRᵀ, H̄₁ = cRUᵀ from random orthonormal U, R drawn from the seed),
 * measured and certified: its value and gradient with their rounding bounds, and the reduced curvature μ on the
 * complement of the symmetry tangents and of the r(K − r) tangents of the continuous family of rank-r frames
 * (solve.ts extendedCurvature on the collapsed problem), with the HVP rounding τ_H = 4·dim·u·|λ_max|.
 *
 * Gradient tolerance: at the exact frame each gradient block is a difference of a loss term and a decay term that
 * cancel; rounding leaves at most γ·(the same expression in absolute values) (Higham Thm 3.5, applied to each
 * product in turn). With G_abs = (|W₂||A| + |Y|)/N bounding the computed residual's magnitude (Z − Y cancels: its
 * rounding is relative to |Z| + |Y|, not to Z − Y) and ‖|A||B|‖_F ≤ ‖A‖_F‖B‖_F:
 *
 *     tol_g = γ·( ‖G_abs‖‖A‖ + ‖W₂‖‖G_abs‖‖H₁‖ + ‖W₁‖‖W₂‖‖G_abs‖ + λ_{W2}‖W₂‖ + λ_{W1}‖W₁‖ + λ_{H1}‖H₁‖ ),
 *     ‖G_abs‖_F ≤ (‖W₂‖_F‖A‖_F + √N)/N,   A = W₁H₁,   γ = (2d + N + K + 3r + 20)·u,
 *
 * the length of the longest chain of inner products plus the construction's relative rounding ≤ (r + 6)u per entry
 * (counted three times, once per factor). Value tolerance: the objective's rounding, terms·u·(|f| + ‖θ‖²·max λ + 1)
 * with terms = KN + Kd + d² + dN (Higham (3.4)).
 */
import { createRng } from '../../core/index.ts';
import { nrm2 } from '../../linalg/index.ts';
import { extendedLayout, extendedObjective, packExtended, preActivations } from '../../models/index.ts';
import type { ExtendedProblem } from '../../models/index.ts';
import { extendedFramePoint, predictExtended } from '../../theory/index.ts';
import { collapsedExtended, extendedCurvature } from './solve.ts';
import type { CurvatureCertificate } from '../curvature.ts';

const U = 2 ** -53;

/** Everything both the claim and its control measure at the constructed frame. */
export interface FrameCertificate {
  readonly p: ExtendedProblem;
  readonly value: number;
  readonly predictedValue: number;
  readonly fStar: number;
  readonly gradNorm: number;
  readonly gradTol: number;
  readonly valueTol: number;
  readonly curvature: CurvatureCertificate;
  /** τ_H = 4·dim·u·|λ_max|: rounding of one projected HVP. */
  readonly hvpTol: number;
  readonly evidence: Readonly<Record<string, unknown>>;
}

function frob(x: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += (x[i] as number) ** 2;
  return Math.sqrt(s);
}

/** Builds the rank-r frame of `p` from `seed` and measures and certifies it (module doc). */
export function certifyRankRFrame(p: ExtendedProblem, r: number, seed: number): FrameCertificate {
  const fr = extendedFramePoint(p, r, { rng: createRng(seed) });
  const theta = packExtended(p, fr.W2, fr.W1, fr.H1);
  const L = extendedLayout(p);
  const g = new Float64Array(L.dim);
  const value = extendedObjective(p).valueAndGrad(theta, g);
  const gradNorm = nrm2(g);
  const nW2 = frob(theta, L.offW2, L.offW1),
    nW1 = frob(theta, L.offW1, L.offH1),
    nH1 = frob(theta, L.offH1, L.dim);
  const P = new Float64Array(L.d * L.N);
  preActivations(L, theta, P);
  const nA = frob(P, 0, P.length);
  const gAbs = (nW2 * nA + Math.sqrt(L.N)) / L.N;
  const S = gAbs * nA + nW2 * gAbs * nH1 + nW1 * nW2 * gAbs + p.lambdaW2 * nW2 + p.lambdaW1 * nW1 + p.lambdaH1 * nH1;
  const gradTol = (2 * L.d + L.N + L.K + 3 * r + 20) * U * S;
  let thetaSq = 0;
  for (const x of theta) thetaSq += x * x;
  const terms = L.K * L.N + L.K * L.d + L.d * L.d + L.d * L.N;
  const valueTol = terms * U * (Math.abs(value) + thetaSq * Math.max(p.lambdaW2, p.lambdaW1, p.lambdaH1) + 1);
  const red = collapsedExtended(p);
  const curvature = extendedCurvature(red, red.fromFull(theta), seed, true);
  const hvpTol = 4 * red.obj.dim * U * Math.abs(curvature.lambdaMax);
  const fStar = predictExtended(p).fStar;
  return {
    p,
    value,
    predictedValue: fr.value,
    fStar,
    gradNorm,
    gradTol,
    valueTol,
    curvature,
    hvpTol,
    evidence: {
      sigma: fr.sigma,
      gradNorm,
      gradTol,
      mu: curvature.muCollapsed,
      lanczosResidual: curvature.residual,
      hvpTol,
      deflated: curvature.deflated,
      fStar,
      lambdaH1: p.lambdaH1,
    },
  };
}
