/**
 * The certified best point of the linear extended UFM multistart (extendedSolve.ts) and its comparisons with
 * Thm 4.1 (THEORY.md §2.4), each a Verdict whose tolerance is derived from the point's certificate exactly as
 * src/claim/ufm/tolerance.ts derives the plain-UFM ones:
 *
 *   ε = ‖∇f(θ)‖ (full objective), μ = curvature modulo symmetry (extendedCurvature, a lower bound for the full
 *   problem), δ = 2ε/μ the distance bound to the minimizer orbit.
 *
 * Each factor is within δ of the minimizer's (after the optimal symmetry, which leaves every quantity below
 * unchanged): ‖ΔW₂‖, ‖ΔW₁‖ ≤ δ and ‖ΔH̄₁‖_F ≤ δ/√n (a class mean of n columns each moved by Δh: ‖Δh̄_k‖² ≤
 * (1/n)Σ_i‖Δh_{k,i}‖²). Products then move by at most productTolerance (‖ΔAB‖ ≤ ‖ΔA‖‖B‖ + ‖A‖‖ΔB‖ + ‖ΔA‖‖ΔB‖ plus
 * the rounding of the product), Grams by gramTolerance, and f by valueTolerance.
 */
import type { Verdict } from '../../src/claim/index.ts';
import { inconclusive, judge } from '../../src/claim/index.ts';
import { gramVerdict, distanceBound, productTolerance, valueTolerance, frobenius } from '../../src/claim/ufm/index.ts';
import type { Mat } from '../../src/core/index.ts';
import { transpose, zeros } from '../../src/core/index.ts';
import type { ExtendedProblem } from '../../src/models/extended.ts';
import { unpackExtended, extendedLayout } from '../../src/models/extended.ts';
import type { ExtendedPrediction } from '../../src/theory/index.ts';
import { bestRun, collapsedExtended, extendedCurvature, extendedMultistart } from './extendedSolve.ts';
import type { CollapsedExtended, ExtendedCurvature, ExtendedRun } from './extendedSolve.ts';

const U = 2 ** -53;

/** A certified best point of the multistart. */
export interface CertifiedExtended {
  readonly problem: ExtendedProblem;
  readonly red: CollapsedExtended;
  readonly runs: readonly ExtendedRun[];
  readonly best: ExtendedRun;
  readonly curvature: ExtendedCurvature;
  /** δ = 2ε/μ. */
  readonly delta: number;
  readonly evidence: Readonly<Record<string, unknown>>;
}

/** Short JSON summary of the runs for verdict details. */
export function runsSummary(runs: readonly ExtendedRun[], fStar: number): { kind: string; status: string; gap: number; gradNorm: number }[] {
  return runs.map((r) => ({ kind: r.kind, status: r.status, gap: r.value - fStar, gradNorm: r.gradNorm }));
}

/**
 * Runs the multistart and certifies its best converged point (gradient ≤ tol, μ > 0 with a converged Lanczos);
 * anything else is an inconclusive verdict naming the certificate that failed.
 */
export function certifiedExtendedMinimizer(p: ExtendedProblem, starts: number, seed: number): CertifiedExtended | Verdict {
  const runs = extendedMultistart(p, { starts, seed });
  const best = bestRun(runs);
  const summary = runs.map((r) => ({ kind: r.kind, status: r.status, value: r.value, gradNorm: r.gradNorm }));
  if (best === undefined) return inconclusive(`none of the ${starts} starts converged to ‖∇f‖ ≤ 1e-11`, { runs: summary });
  const red = collapsedExtended(p);
  const curvature = extendedCurvature(red, best.u, seed);
  const evidence = { bestStart: best.start, bestKind: best.kind, gradNorm: best.gradNorm, mu: curvature.mu, muCollapsed: curvature.muCollapsed, lanczosResidual: curvature.residual, deflated: curvature.deflated, runs: summary };
  if (!curvature.converged || !(curvature.mu > 0)) return inconclusive(`curvature modulo symmetry not certified positive at the best point (μ = ${curvature.mu.toExponential(3)}, converged ${curvature.converged})`, evidence);
  const { delta } = distanceBound(best.gradNorm, curvature.mu);
  return { problem: p, red, runs, best, curvature, delta, evidence: { ...evidence, delta } };
}

export function isCertifiedExtended(x: CertifiedExtended | Verdict): x is CertifiedExtended {
  return 'best' in x;
}

/** The factors at the certified point: W₂ (K×d), W₁ (d×d), H̄₁ (d×K), P = W₁H̄₁ (d×K), Z = W₂P (K×K). */
export interface ExtendedParts {
  readonly W2: Mat;
  readonly W1: Mat;
  readonly Hbar: Mat;
  readonly P: Mat;
  readonly Z: Mat;
}

function matmul(A: Mat, B: Mat): Mat {
  const C = zeros(A.rows, B.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.cols; j++) {
      let s = 0;
      for (let q = 0; q < A.cols; q++) s += (A.data[i * A.cols + q] as number) * (B.data[q * B.cols + j] as number);
      C.data[i * B.cols + j] = s;
    }
  }
  return C;
}

/** Class means of the d×N H₁ (balanced, class-major) as a d×K matrix. */
export function classMeansOf(H1: Mat, K: number, n: number): Mat {
  const d = H1.rows, N = H1.cols;
  const M = zeros(d, K);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += H1.data[i * N + k * n + j] as number;
      M.data[i * K + k] = s / n;
    }
  }
  return M;
}

export function extendedParts(p: ExtendedProblem, theta: Float64Array, activation: (P: Mat) => Mat = (P) => P): ExtendedParts {
  const { W2, W1, H1 } = unpackExtended(p, theta);
  const Hbar = classMeansOf(H1, p.K, p.counts[0] as number);
  const P = matmul(W1, Hbar);
  return { W2, W1, Hbar, P, Z: matmul(W2, activation(P)) };
}

/** c·I_K as a Mat. */
export function scaledIdentity(K: number, c: number): Mat {
  const M = zeros(K, K);
  for (let k = 0; k < K; k++) M.data[k * K + k] = c;
  return M;
}

/** ‖W₁H̄₁ − (W₁H̄₁)*‖_F bound: W₁ moves by δ, H̄₁ by δ/√n ≤ δ (module doc). */
export function productDelta(parts: ExtendedParts, delta: number, d: number): number {
  return productTolerance(frobenius(parts.W1), frobenius(parts.Hbar), delta, d, d);
}

/**
 * The Thm 4.1 structure at a certified frame-regime point: W₂W₂ᵀ, H̄₁ᵀH̄₁ and (W₁H̄₁)ᵀ(W₁H̄₁) are the predicted
 * multiples of I_K (orthogonal frames with the balanced scales) and W₂W₁H̄₁ = σ* I_K.
 */
export function frameVerdicts(p: ExtendedProblem, parts: ExtendedParts, pred: ExtendedPrediction, delta: number): Verdict[] {
  const { K, d } = p;
  const n = p.counts[0] as number;
  const dP = productDelta(parts, delta, d);
  const nP = frobenius(parts.P), nW2 = frobenius(parts.W2);
  const zTol = productTolerance(nW2, nP, Math.max(delta, dP), K, d) + 4 * K * U * pred.sigmaStar;
  let zErr = 0;
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) zErr += ((parts.Z.data[i * K + j] as number) - (i === j ? pred.sigmaStar : 0)) ** 2;
  return [
    gramVerdict('W₂W₂ᵀ', parts.W2, scaledIdentity(K, pred.gramW2), delta),
    gramVerdict('H̄₁ᵀH̄₁', transpose(parts.Hbar), scaledIdentity(K, pred.gramH1bar), delta / Math.sqrt(n)),
    gramVerdict('(W₁H̄₁)ᵀ(W₁H̄₁)', transpose(parts.P), scaledIdentity(K, pred.gramW1H1bar), dP),
    judge(Math.sqrt(zErr), 0, zTol, '‖W₂W₁H̄₁ − σ*I‖_F'),
  ];
}

/** f(θ) vs f* with valueTolerance (terms = K·N + K·d + d² + d·N). */
export function extendedValueVerdict(cp: CertifiedExtended, fStar: number): Verdict {
  const L = extendedLayout(cp.problem);
  let thetaSq = 0;
  for (const x of cp.best.theta) thetaSq += x * x;
  const terms = L.K * L.N + L.K * L.d + L.d * L.d + L.d * L.N;
  const p = cp.problem;
  const tol = valueTolerance(cp.best.value, cp.best.gradNorm, cp.curvature.mu, terms, thetaSq, Math.max(p.lambdaW2, p.lambdaW1, p.lambdaH1));
  return judge(cp.best.value, fStar, tol, 'best multistart f vs f*', { relGap: Math.abs(cp.best.value - fStar) / fStar });
}

/** Zero regime: ‖θ‖_F ≤ δ. */
export function zeroVerdict(cp: CertifiedExtended): Verdict {
  let s = 0;
  for (const x of cp.best.theta) s += x * x;
  return judge(Math.sqrt(s), 0, cp.delta, '‖(W₂, W₁, H₁)‖_F (zero minimizer)');
}
