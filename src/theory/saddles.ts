/**
 * Constructed non-global critical points of the plain UFM (THEORY.md §6): the origin (§6.1) and the MSE rank-r
 * partial orthogonal frames, bias-free (§6.2) and with an unregularised bias (§6.3).
 *
 * Pure; invalid input throws a RangeError whose message starts with the field name.
 */
import type { Mat } from '../core/index.ts';
import { zeros } from '../core/index.ts';
import { expandMeans } from '../geometry/index.ts';
import type { UfmPoint } from './zhu2021.ts';
import { checkK, checkN, checkNonNegative, escapeCurvature, kappaOf } from './zhu2021.ts';

/** Citations. */
export const ORIGIN_CITE = 'THEORY.md §6.1 (origin critical point; λ_min formula)';
export const PARTIAL_FRAME_CITE = 'THEORY.md §6.2 (MSE bias-free rank-r partial orthogonal frames)';
export const PARTIAL_FRAME_BIAS_CITE = 'THEORY.md §6.3 (MSE unregularised-bias rank-r partial frames, U ⊥ 1)';

/** Which plain UFM: loss and bias mode (bias false = b ≡ 0; true with lambdaB = 0 = unregularised). */
export interface OriginInstance {
  readonly loss: 'ce' | 'mse';
  readonly K: number;
  readonly n: number;
  readonly lambdaW: number;
  readonly lambdaH: number;
  readonly bias: boolean;
  /** ≥ 0; ignored when bias is false. */
  readonly lambdaB: number;
}

function checkOrigin(inst: OriginInstance): void {
  if (inst.loss !== 'ce' && inst.loss !== 'mse')
    throw new RangeError(`loss must be 'ce' or 'mse'; got ${String(inst.loss)}`);
  kappaOf(inst.K, inst.n, inst.lambdaW, inst.lambdaH);
  checkNonNegative(inst.lambdaB, 'lambdaB');
}

/**
 * The bias b₀ that makes the origin (W = 0, H = 0, b₀) critical (THEORY.md §6.1):
 * CE: 0 (for λ_b = 0 every β1 works; 0 is returned); MSE bias-free: undefined; MSE λ_b = 0: (1/K)1;
 * MSE λ_b > 0: 1/(K(1+λ_b)) 1.
 * @throws RangeError naming loss, K, n, lambdaW, lambdaH or lambdaB
 */
export function originBias(inst: OriginInstance): Float64Array | undefined {
  checkOrigin(inst);
  if (!inst.bias) return undefined;
  if (inst.loss === 'ce') return new Float64Array(inst.K);
  return new Float64Array(inst.K).fill(1 / (inst.K * (1 + inst.lambdaB)));
}

/**
 * f at the origin critical point (THEORY.md §6.1): CE log K; MSE bias-free 1/2; MSE λ_b = 0 (K−1)/(2K);
 * MSE λ_b > 0 (K−1)/(2K) + λ_b/(2K(1+λ_b)).
 */
export function originValue(inst: OriginInstance): number {
  checkOrigin(inst);
  const K = inst.K;
  if (inst.loss === 'ce') return Math.log(K);
  if (!inst.bias) return 0.5;
  return (K - 1) / (2 * K) + inst.lambdaB / (2 * K * (1 + inst.lambdaB));
}

/**
 * ‖G‖₂ at the origin, 1/(K√n), for every loss and bias mode of §6.1 (G = ∂g/∂Z = −(1/N) Y(I − 11ᵀ/N) for CE and
 * biased MSE, −Y/N for bias-free MSE; the non-zero singular values are all √n/N).
 */
export function originGradNorm(K: number, n: number): number {
  checkK(K);
  checkN(n);
  return 1 / (K * Math.sqrt(n));
}

/**
 * λ_min of the (W, H) block of ∇²f at the origin, exact (THEORY.md §6.1):
 * (λ_W+λ_H)/2 − √(((λ_W−λ_H)/2)² + 1/(K²n)) = q(1/(K√n)). Negative iff κ < 1.
 * @example
 * originLambdaMinWH(4, 3, 1e-2, 2e-2); // => −0.12942414387…
 */
export function originLambdaMinWH(K: number, n: number, lambdaW: number, lambdaH: number): number {
  kappaOf(K, n, lambdaW, lambdaH);
  return escapeCurvature(originGradNorm(K, n), lambdaW, lambdaH);
}

/**
 * λ_min of the full Hessian at the origin, including the bias block (derived here, checked against a
 * finite-difference Hessian in tests/unit/theory/saddles.test.ts). At W = H = 0 the b-block decouples from (W, H)
 * (∂Z/∂W = ∂Z/∂H = 0 there) and equals:
 * - CE: (1/K)(I − J) + λ_b I (softmax Hessian at uniform p), smallest eigenvalue λ_b (direction 1);
 * - MSE: (1 + λ_b) I.
 * So λ_min = min(q(1/(K√n)), λ_b) for CE with a bias, min(q, 1 + λ_b) for MSE with a bias, and q bias-free.
 * Below threshold (κ < 1) q < 0 and λ_min = q, the §6.1 formula; above it, CE with λ_b = 0 has λ_min = 0
 * (the span(1) invariance), not the positive q.
 */
export function originLambdaMin(inst: OriginInstance): number {
  checkOrigin(inst);
  const q = originLambdaMinWH(inst.K, inst.n, inst.lambdaW, inst.lambdaH);
  if (!inst.bias) return q;
  return Math.min(q, inst.loss === 'ce' ? inst.lambdaB : 1 + inst.lambdaB);
}

/** Balanced MSE constants for the partial frames. */
export interface PartialFrameConstants {
  readonly K: number;
  readonly n: number;
  readonly lambdaW: number;
  readonly lambdaH: number;
}

/** A constructed critical point with its predicted value. */
export interface PartialFramePoint extends UfmPoint {
  readonly cite: string;
  /** r = number of columns of U. */
  readonly r: number;
  /** Predicted f at the point. */
  readonly value: number;
  /** W H̄ = s U Uᵀ (K×K). */
  readonly WHbar: Mat;
  /** True iff the point is a global minimiser (r = K bias-free, r = K−1 with bias). */
  readonly global: boolean;
}

/**
 * f at a rank-r partial orthogonal frame (THEORY.md §6.2/§6.3):
 * bias-free 1/2 − (r/(2K))(1−κ)²; with unregularised bias (K−1)/(2K) − (r/(2K))(1−κ)².
 * @throws RangeError naming K, n, lambdaW, lambdaH or r (0 ≤ r ≤ K bias-free, ≤ K−1 with bias)
 */
export function partialFrameValue(inst: PartialFrameConstants, r: number, freeBias: boolean): number {
  const kappa = kappaOf(inst.K, inst.n, inst.lambdaW, inst.lambdaH);
  const rmax = freeBias ? inst.K - 1 : inst.K;
  if (!Number.isInteger(r) || r < 0 || r > rmax) throw new RangeError(`r must be an integer in [0, ${rmax}]; got ${r}`);
  const base = freeBias ? (inst.K - 1) / (2 * inst.K) : 0.5;
  return base - (r / (2 * inst.K)) * (1 - kappa) * (1 - kappa);
}

/**
 * Checks that X (rows×r) has orthonormal columns to within 1e-10 per entry of XᵀX − I: an input sanity check on
 * caller-built frames (e.g. from a QR), not a numerical claim.
 */
function checkOrthonormalColumns(X: Mat, field: string): void {
  const m = X.rows,
    r = X.cols;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j <= i; j++) {
      let t = 0;
      for (let p = 0; p < m; p++) t += (X.data[p * r + i] as number) * (X.data[p * r + j] as number);
      if (Math.abs(t - (i === j ? 1 : 0)) > 1e-10)
        throw new RangeError(`${field} must have orthonormal columns; (${field}ᵀ${field})[${i}][${j}] = ${t}`);
    }
  }
}

function buildPartial(inst: PartialFrameConstants, U: Mat, R: Mat, freeBias: boolean): PartialFramePoint {
  const { K, n, lambdaW, lambdaH } = inst;
  const kappa = kappaOf(K, n, lambdaW, lambdaH);
  if (!(kappa < 1))
    throw new RangeError(`kappa must be < 1 for a non-zero partial frame (s = 1 − κ > 0); got κ = ${kappa}`);
  if (U.rows !== K) throw new RangeError(`U must have K = ${K} rows; got ${U.rows}`);
  const r = U.cols;
  if (R.cols !== r) throw new RangeError(`R must have r = ${r} columns like U; got ${R.cols}`);
  const d = R.rows;
  if (d < r) throw new RangeError(`R must have d ≥ r = ${r} rows; got ${d}`);
  checkOrthonormalColumns(U, 'U');
  checkOrthonormalColumns(R, 'R');
  if (freeBias) {
    for (let j = 0; j < r; j++) {
      let t = 0;
      for (let k = 0; k < K; k++) t += U.data[k * r + j] as number;
      if (Math.abs(t) > 1e-10)
        throw new RangeError(`U must be orthogonal to 1 (THEORY.md §6.3); column ${j} sums to ${t}`);
    }
  }
  const value = partialFrameValue(inst, r, freeBias);
  const s = 1 - kappa;
  const alpha = Math.sqrt((n * lambdaH) / lambdaW);
  const cw = Math.sqrt(s * alpha);
  const ch = Math.sqrt(s / alpha);
  // W = √(sα) U Rᵀ (K×d); H̄ = √(s/α) R Uᵀ (d×K).
  const W = zeros(K, d);
  const Hbar = zeros(d, K);
  for (let k = 0; k < K; k++) {
    for (let p = 0; p < d; p++) {
      let t = 0;
      for (let j = 0; j < r; j++) t += (U.data[k * r + j] as number) * (R.data[p * r + j] as number);
      W.data[k * d + p] = cw * t;
      Hbar.data[p * K + k] = ch * t;
    }
  }
  const WHbar = zeros(K, K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      let t = 0;
      for (let c = 0; c < r; c++) t += (U.data[i * r + c] as number) * (U.data[j * r + c] as number);
      WHbar.data[i * K + j] = s * t;
    }
  }
  return {
    cite: freeBias ? PARTIAL_FRAME_BIAS_CITE : PARTIAL_FRAME_CITE,
    W,
    H: expandMeans(Hbar, new Array<number>(K).fill(n)),
    b: freeBias ? new Float64Array(K).fill(1 / K) : undefined,
    r,
    value,
    WHbar,
    global: r === (freeBias ? K - 1 : K),
  };
}

/**
 * The bias-free MSE rank-r partial orthogonal frame (THEORY.md §6.2): W = √(sα) U Rᵀ, H̄ = √(s/α) R Uᵀ,
 * H = H̄ ⊗ 1ᵀ, with s = 1 − κ, α = √(nλ_H/λ_W). Critical, W H̄ = s U Uᵀ, f = 1/2 − (r/(2K))(1−κ)²; global iff r = K;
 * for r < K, λ_min(∇²f) equals the origin value {@link originLambdaMinWH}.
 * @param inst - (K, n, λ_W, λ_H) with κ < 1
 * @param U - K×r, orthonormal columns (0 ≤ r ≤ K)
 * @param R - d×r, orthonormal columns
 * @throws RangeError naming kappa (κ ≥ 1), U, R, K, n, lambdaW or lambdaH
 */
export function partialOrthogonalFrame(inst: PartialFrameConstants, U: Mat, R: Mat): PartialFramePoint {
  checkK(inst.K);
  return buildPartial(inst, U, R, false);
}

/**
 * The unregularised-bias MSE rank-r partial frame (THEORY.md §6.3): as {@link partialOrthogonalFrame} with U ⊥ 1
 * (r ≤ K−1) and b = (1/K)1. f = (K−1)/(2K) − (r/(2K))(1−κ)²; global iff r = K−1.
 * @throws RangeError as {@link partialOrthogonalFrame}, and naming U when Uᵀ1 ≠ 0
 */
export function partialOrthogonalFrameFreeBias(inst: PartialFrameConstants, U: Mat, R: Mat): PartialFramePoint {
  checkK(inst.K);
  return buildPartial(inst, U, R, true);
}
