/**
 * Comparisons of a certified point (certified.ts) with closed-form predictions, each returning a Verdict whose
 * tolerance is derived from the point's distance bound δ (tolerance.ts) — the pieces every plain-UFM claim uses.
 */
import type { Mat } from '../../core/index.ts';
import { matOf } from '../../core/index.ts';
import { nrm2 } from '../../linalg/index.ts';
import { classMeans, gramRows } from '../../geometry/index.ts';
import type { Verdict } from '../../claim/index.ts';
import { judge, withResolution } from '../../claim/index.ts';
import type { CertifiedPoint } from './certified.ts';
import { gramTolerance, pointValueTolerance } from './tolerance.ts';

const U = 2 ** -53;

export interface PointParts {
  /** K×d. */
  readonly W: Mat;
  /** d×N (a view). */
  readonly H: Mat;
  /** d×K class means. */
  readonly Hbar: Mat;
  /** K (zeros when there is no bias). */
  readonly b: Float64Array;
  readonly nMin: number;
}

export function partsOf(cp: CertifiedPoint): PointParts {
  const L = cp.solution.objective.layout;
  const W = matOf(L.K, L.d, cp.theta.slice(L.offW, L.offW + L.K * L.d));
  const H = matOf(L.d, L.N, cp.theta.subarray(L.offH, L.offH + L.d * L.N));
  const b = L.hasBias ? cp.theta.slice(L.offB, L.offB + L.K) : new Float64Array(L.K);
  return { W, H, Hbar: classMeans(H, cp.problem.counts), b, nMin: Math.min(...cp.problem.counts) };
}

/** ‖A‖_F. */
export function frobenius(A: Mat): number {
  return nrm2(A.data);
}

function diffFrob(A: Mat, B: Mat): number {
  let s = 0;
  for (let i = 0; i < A.data.length; i++) s += ((A.data[i] as number) - (B.data[i] as number)) ** 2;
  return Math.sqrt(s);
}

/**
 * ‖F Fᵀ − predicted‖_F ≤ gramTolerance(‖F‖_F, δ_F) + 8K·u·‖predicted‖_F (the closed form's own rounding).
 * @param F - K×d factor (W, or H̄ᵀ) that is within δ_F of the prediction's factor
 */
export function gramVerdict(
  label: string,
  F: Mat,
  predicted: Mat,
  deltaF: number,
  details?: Readonly<Record<string, unknown>>,
): Verdict {
  const err = diffFrob(gramRows(F), predicted);
  const tol = gramTolerance(frobenius(F), deltaF, F.rows, F.cols) + 8 * F.rows * U * frobenius(predicted);
  return withResolution(judge(err, 0, tol, `‖${label} − predicted‖_F`, details), 'gram', frobenius(predicted));
}

/** ‖H̄ − c Wᵀ‖_F ≤ δ/√n_min + c·δ + rounding (NC1 + self-duality, Zhu Thm 3.1 item 2; Tirer–Bruna W = αH̄ᵀ). */
export function dualityVerdict(
  p: PointParts,
  c: number,
  delta: number,
  details?: Readonly<Record<string, unknown>>,
): Verdict {
  const { W, Hbar } = p;
  let s = 0;
  for (let r = 0; r < Hbar.rows; r++)
    for (let k = 0; k < Hbar.cols; k++)
      s += ((Hbar.data[r * Hbar.cols + k] as number) - c * (W.data[k * W.cols + r] as number)) ** 2;
  const tol = delta / Math.sqrt(p.nMin) + c * delta + 4 * U * (frobenius(Hbar) + c * frobenius(W));
  return withResolution(
    judge(Math.sqrt(s), 0, tol, `‖H̄ − ${c.toPrecision(4)}·Wᵀ‖_F`, details),
    'norm',
    Math.abs(c) * frobenius(W),
  );
}

/** ‖b − predicted‖₂ ≤ δ (+ rounding); with `moduloOnes`, compares b − mean(b)·1 (CE free bias: b ∈ span(1)). */
export function biasVerdict(
  b: Float64Array,
  predicted: Float64Array,
  delta: number,
  moduloOnes: boolean,
  details?: Readonly<Record<string, unknown>>,
): Verdict {
  const K = b.length;
  let mean = 0;
  for (let k = 0; k < K; k++) mean += (b[k] as number) / K;
  let s = 0,
    nb = 0;
  for (let k = 0; k < K; k++) {
    const v = (b[k] as number) - (moduloOnes ? mean : 0) - (predicted[k] as number);
    s += v * v;
    nb += (b[k] as number) ** 2;
  }
  return withResolution(
    judge(
      Math.sqrt(s),
      0,
      delta + 4 * K * U * Math.sqrt(nb),
      moduloOnes ? '‖b − mean(b)·1 − predicted‖' : '‖b − predicted‖',
      details,
    ),
    'bias',
    nrm2(predicted),
  );
}

/** |f − f*| ≤ valueTolerance (tolerance.ts), from ε = the gradient norm plus its rounding bound (certified.ts). */
export function valueVerdict(cp: CertifiedPoint, fStar: number, details?: Readonly<Record<string, unknown>>): Verdict {
  const tol = pointValueTolerance(cp.problem, cp.theta, cp.value, cp.gradBound, cp.curvature.mu);
  return withResolution(judge(cp.value, fStar, tol, 'f vs f*', details), 'value', Math.abs(fStar));
}
