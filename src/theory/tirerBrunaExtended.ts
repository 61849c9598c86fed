/**
 * Closed forms for the extended (two-weight-layer) UFM, Tirer & Bruna 2022, Thm 4.1 (linear) and Thm 4.2 (ReLU).
 *
 * With μ = (nλ_{W2}λ_{W1}λ_{H1})^{1/3} and ν = Kμ, the global minimizers of the linear model have
 * W₂W₁H̄₁ = σ* I_K where σ* minimises ψ(σ) = (σ−1)²/2 + (3/2)νσ^{2/3} over σ ≥ 0, and f* = ψ(σ*). The stationary
 * points σ > 0 solve σ^{1/3}(1 − σ) = ν; the relevant (largest) one lies in (1/4, 1]; with t = σ^{1/3} it is the
 * root of t − t⁴ = ν on (4^{−1/3}, 1]. σ* > 0 iff ν < 2^{−4/3} (a first-order jump from σ = 1/2 to 0).
 * Balanced factors (τ = μσ*^{2/3}): W₂W₂ᵀ = (τ/λ_{W2}) I, H̄₁ᵀH̄₁ = τ/(nλ_{H1}) I, (W₁H̄₁)ᵀ(W₁H̄₁) = τ²/(λ_{W1}nλ_{H1}) I.
 * The landscape is not benign: rank-r frames W₂W₁H̄₁ = σ P_r (0 < r < K) are critical with value
 * (r/K)ψ(σ) + (1 − r/K)/2, and the origin is a strict local minimum.
 *
 * ReLU (Thm 4.2): f*_ReLU ≤ f*_lin always — rotate a linear minimizer so that W₁H̄₁ ≥ 0, which
 * {@link extendedFramePoint} does by default (axis-aligned frame).
 *
 * @see THEORY.md §2.4, §2.5
 */
import { UsageError } from '../core/index.ts';
import type { Mat, Rng } from '../core/index.ts';
import type { ExtendedProblem } from '../models/index.ts';
import { gemmNN, nuclearNorm } from '../linalg/index.ts';

// CONSTANTS //

/** Citation carried by every prediction in this file. */
export const EXTENDED_CITE = 'Tirer & Bruna 2022, Thm 4.1; THEORY.md §2.4';

/** The first-order threshold ν = 2^{−4/3} ≈ 0.396850: σ* > 0 iff ν < this. */
export const EXTENDED_NU_THRESHOLD: number = Math.pow(2, -4 / 3);

/** t₀ = 4^{−1/3}, where t − t⁴ is maximal. */
const T_FOLD = Math.pow(4, -1 / 3);

/** max_t (t − t⁴) = (3/4)·4^{−1/3} ≈ 0.4725: above it σ^{1/3}(1 − σ) = ν has no root. */
export const EXTENDED_NU_MAX_ROOT: number = 0.75 * T_FOLD;

// SCALAR PROBLEM //

/**
 * ψ(σ) = (σ−1)²/2 + (3/2)νσ^{2/3}: the objective restricted to W₂W₁H̄₁ = σ I_K with balanced factors.
 * @param nu - ν = K(nλ_{W2}λ_{W1}λ_{H1})^{1/3} ≥ 0
 * @param sigma - σ ≥ 0
 * @example
 * extendedPsi(0.39, 0); // => 0.5
 */
export function extendedPsi(nu: number, sigma: number): number {
  const c = Math.cbrt(sigma);
  return 0.5 * (sigma - 1) * (sigma - 1) + 1.5 * nu * c * c;
}

/**
 * The largest root σ ∈ (1/4, 1] of σ^{1/3}(1 − σ) = ν, to machine precision: t = σ^{1/3} solves t − t⁴ = ν on
 * [4^{−1/3}, 1] by Newton steps safeguarded by bisection (h(t) = t − t⁴ − ν is decreasing there, h(t₀) ≥ 0 ≥ h(1)).
 * @param nu - ν ≥ 0
 * @returns σ, or NaN when ν > (3/4)4^{−1/3} (no positive stationary point)
 * @example
 * extendedStationaryRoot(0); // => 1
 * extendedStationaryRoot(Math.pow(2, -4 / 3)); // => 0.5 (to rounding)
 */
export function extendedStationaryRoot(nu: number): number {
  if (!(nu >= 0) || nu > EXTENDED_NU_MAX_ROOT) return NaN;
  if (nu === 0) return 1;
  const h = (t: number): number => t - t * t * t * t - nu;
  let lo = T_FOLD,
    hi = 1; // h(lo) ≥ 0 > h(hi)
  let t = Math.min(1 - nu / 3, hi); // σ ≈ 1 − ν for small ν
  if (!(t > lo)) t = 0.5 * (lo + hi);
  for (let it = 0; it < 200; it++) {
    const ht = h(t);
    if (ht === 0) {
      lo = hi = t;
      break;
    }
    if (ht > 0) lo = t;
    else hi = t;
    const dh = 1 - 4 * t * t * t;
    let tn = dh < 0 ? t - ht / dh : NaN;
    if (!(tn >= lo && tn <= hi)) tn = 0.5 * (lo + hi);
    if (tn === t || hi - lo <= 2 * Number.EPSILON * hi) {
      t = tn;
      break;
    }
    t = tn;
  }
  return t * t * t;
}

/**
 * σ*: the global minimiser of ψ over σ ≥ 0 (Thm 4.1). Equal to the stationary root when ν < 2^{−4/3}, else 0.
 * @param threshold - where the jump happens; only near-miss controls (issue 9 item 2) move it @defaultValue 2^{−4/3}
 * @example
 * extendedSigmaStar(0.5); // => 0
 */
export function extendedSigmaStar(nu: number, threshold: number = EXTENDED_NU_THRESHOLD): number {
  return nu < threshold ? extendedStationaryRoot(nu) : 0;
}

// PREDICTION //

/** What Thm 4.1 predicts for a balanced instance. Each Gram is `value · I_K`. */
export interface ExtendedPrediction {
  readonly cite: string;
  readonly n: number;
  /** μ = (nλ_{W2}λ_{W1}λ_{H1})^{1/3}. */
  readonly mu: number;
  /** ν = Kμ. */
  readonly nu: number;
  /** 'frame' when ν < 2^{−4/3} (nonzero minimizer), 'zero' otherwise (W₂ = W₁ = H₁ = 0). */
  readonly regime: 'frame' | 'zero';
  /** σ*: W₂W₁H̄₁ = σ* I_K. */
  readonly sigmaStar: number;
  /** f* = ψ(σ*) (= 1/2 in the zero regime). */
  readonly fStar: number;
  /** τ = μσ*^{2/3}, the balanced level: λ_{W2}a² = λ_{W1}b² = nλ_{H1}c² = τ for the singular values a, b, c of W₂, W₁, H̄₁. */
  readonly tau: number;
  /** W₂W₂ᵀ = gramW2 · I_K, gramW2 = τ/λ_{W2}. */
  readonly gramW2: number;
  /** H̄₁ᵀH̄₁ = gramH1bar · I_K, gramH1bar = τ/(nλ_{H1}). */
  readonly gramH1bar: number;
  /** (W₁H̄₁)ᵀ(W₁H̄₁) = gramW1H1bar · I_K, gramW1H1bar = τ²/(λ_{W1}nλ_{H1}). */
  readonly gramW1H1bar: number;
}

function balancedNOf(p: ExtendedProblem): number {
  const n = p.counts[0];
  if (n === undefined || !p.counts.every((c) => c === n))
    throw new UsageError('counts', 'Thm 4.1 needs balanced classes (all counts equal)');
  return n;
}

function requireHypotheses(p: ExtendedProblem): number {
  if (!(p.lambdaW2 > 0)) throw new UsageError('lambdaW2', `must be > 0 for Thm 4.1; got ${p.lambdaW2}`);
  if (!(p.lambdaW1 > 0)) throw new UsageError('lambdaW1', `must be > 0 for Thm 4.1; got ${p.lambdaW1}`);
  if (!(p.lambdaH1 > 0)) throw new UsageError('lambdaH1', `must be > 0 for Thm 4.1; got ${p.lambdaH1}`);
  if (p.d < p.K) throw new UsageError('d', `Thm 4.1 needs d ≥ K = ${p.K}; got ${p.d}`);
  return balancedNOf(p);
}

/** ν = K(nλ_{W2}λ_{W1}λ_{H1})^{1/3} for a balanced problem (no hypothesis on d). */
export function extendedNu(p: ExtendedProblem): number {
  const n = balancedNOf(p);
  return p.K * Math.cbrt(n * p.lambdaW2 * p.lambdaW1 * p.lambdaH1);
}

/**
 * The Thm 4.1 prediction for a balanced linear extended UFM: σ*, f*, and the balanced factor Grams.
 * @param p - balanced problem with d ≥ K and all λ > 0
 * @param options - `threshold`: the ν of the jump, 2^{−4/3} unless a near-miss control moves it (issue 9 item 2)
 * @returns the prediction (Grams are 0 in the zero regime)
 * @throws UsageError('counts') if unbalanced; UsageError('lambdaW2' | 'lambdaW1' | 'lambdaH1') if a λ ≤ 0;
 *   UsageError('d') if d < K
 * @see THEORY.md §2.4
 * @example
 * predictExtended({ K: 3, d: 3, counts: [1, 1, 1], lambdaW2: 0.13 ** 1.5, lambdaW1: 0.13 ** 1.5, lambdaH1: 1 }).fStar;
 * // => 0.4934718… (ν = 0.39)
 */
export function predictExtended(p: ExtendedProblem, options: { readonly threshold?: number } = {}): ExtendedPrediction {
  const n = requireHypotheses(p);
  const mu = Math.cbrt(n * p.lambdaW2 * p.lambdaW1 * p.lambdaH1);
  const nu = p.K * mu;
  const sigmaStar = extendedSigmaStar(nu, options.threshold);
  const c = Math.cbrt(sigmaStar);
  const tau = mu * c * c;
  return {
    cite: EXTENDED_CITE,
    n,
    mu,
    nu,
    regime: sigmaStar > 0 ? 'frame' : 'zero',
    sigmaStar,
    fStar: sigmaStar > 0 ? extendedPsi(nu, sigmaStar) : 0.5,
    tau,
    gramW2: tau / p.lambdaW2,
    gramH1bar: tau / (n * p.lambdaH1),
    gramW1H1bar: (tau * tau) / (p.lambdaW1 * n * p.lambdaH1),
  };
}

/**
 * The value of the rank-r frame critical point W₂W₁H̄₁ = σ P_r at the stationary root σ:
 * (r/K)ψ(σ) + (1 − r/K)/2. Below the threshold σ = σ*, so r = K gives f* and 0 < r < K the spurious local minima of
 * §2.4; r = 0 is the origin (1/2).
 * @param p - balanced problem, all λ > 0, d ≥ K
 * @param r - rank, 0 ≤ r ≤ K
 * @returns the value, or NaN when ν > (3/4)4^{−1/3} (no stationary root, only the origin exists)
 * @throws UsageError('r') if r is not an integer in [0, K]; the hypotheses errors of {@link predictExtended}
 * @example
 * extendedRankRValue(p, 2); // => 0.4956479… at ν = 0.39, K = 3
 */
export function extendedRankRValue(p: ExtendedProblem, r: number): number {
  const { nu } = predictExtended(p);
  if (!Number.isInteger(r) || r < 0 || r > p.K)
    throw new UsageError('r', `must be an integer in [0, K = ${p.K}]; got ${r}`);
  if (r === 0) return 0.5;
  const s = extendedStationaryRoot(nu);
  return (r / p.K) * extendedPsi(nu, s) + (1 - r / p.K) / 2;
}

// FRAME POINT //

/** A constructed point (W₂, W₁, H₁) of the extended UFM. Matrices are row-major; pack with `packExtended`. */
export interface ExtendedFramePoint {
  /** K×d */
  readonly W2: Mat;
  /** d×d */
  readonly W1: Mat;
  /** d×N, class-major, H₁ = H̄₁ ⊗ 1ᵀ (NC1). */
  readonly H1: Mat;
  /** d×K class means. */
  readonly H1bar: Mat;
  /** The σ used: W₂W₁H̄₁ = σ U Uᵀ. */
  readonly sigma: number;
  readonly r: number;
  /** The value the theory assigns to this point, (r/K)ψ(σ) + (1 − r/K)/2. */
  readonly value: number;
}

/** Options of {@link extendedFramePoint}. */
export interface ExtendedFrameOptions {
  /**
   * Draw the orthonormal U (K×r) and R (d×r) at random from this generator. Without it the frame is
   * axis-aligned (U, R = first r coordinate vectors), so W₁H̄₁ ≥ 0 entrywise and the ReLU acts as the identity.
   * @defaultValue undefined (axis-aligned)
   */
  readonly rng?: Rng;
}

/** Fills a rows×r matrix with orthonormal columns (modified Gram–Schmidt, twice) from Gaussian draws. */
function randomOrthonormal(rows: number, r: number, rng: Rng): Float64Array {
  const X = new Float64Array(rows * r);
  for (;;) {
    rng.fillNormal(X);
    let ok = true;
    for (let c = 0; c < r && ok; c++) {
      for (let pass = 0; pass < 2; pass++) {
        for (let q = 0; q < c; q++) {
          let s = 0;
          for (let i = 0; i < rows; i++) s += (X[i * r + c] as number) * (X[i * r + q] as number);
          for (let i = 0; i < rows; i++) X[i * r + c] = (X[i * r + c] as number) - s * (X[i * r + q] as number);
        }
      }
      let nn = 0;
      for (let i = 0; i < rows; i++) nn += (X[i * r + c] as number) ** 2;
      if (!(nn > 1e-20)) {
        ok = false;
        break;
      }
      const inv = 1 / Math.sqrt(nn);
      for (let i = 0; i < rows; i++) X[i * r + c] = (X[i * r + c] as number) * inv;
    }
    if (ok) return X;
  }
}

function axisOrthonormal(rows: number, r: number): Float64Array {
  const X = new Float64Array(rows * r);
  for (let c = 0; c < r; c++) X[c * r + c] = 1;
  return X;
}

/**
 * Constructs the balanced rank-r frame critical point of the linear extended UFM:
 * W₂ = a U Rᵀ, W₁ = b R Rᵀ, H̄₁ = c R Uᵀ, H₁ = H̄₁ ⊗ 1ᵀ, with a² = τ/λ_{W2}, b² = τ/λ_{W1}, c² = τ/(nλ_{H1}),
 * τ = μσ^{2/3} and σ the stationary root, so W₂W₁H̄₁ = abc·UUᵀ = σ P_r. For r = K below the threshold this is a
 * global minimizer; for 0 < r < K it is the spurious local minimum of §2.4 (a property certifies that).
 * Axis-aligned by default (then W₁H̄₁ ≥ 0, so it is also a point of the ReLU model with the same value, which gives
 * f*_ReLU ≤ f*_lin, §2.5); random orientation with `options.rng`.
 * @param p - balanced problem, all λ > 0, d ≥ K
 * @param r - rank, 0 ≤ r ≤ K (r = 0 gives the origin)
 * @throws UsageError('r') if r is not an integer in [0, K]; UsageError('nu') if ν > (3/4)4^{−1/3} and r > 0
 *   (no stationary root); the hypothesis errors of {@link predictExtended}
 * @see THEORY.md §2.4
 */
export function extendedFramePoint(
  p: ExtendedProblem,
  r: number,
  options: ExtendedFrameOptions = {},
): ExtendedFramePoint {
  const pred = predictExtended(p);
  const { K, d } = p;
  if (!Number.isInteger(r) || r < 0 || r > K)
    throw new UsageError('r', `must be an integer in [0, K = ${K}]; got ${r}`);
  const n = pred.n;
  const N = n * K;
  const W2 = new Float64Array(K * d),
    W1 = new Float64Array(d * d),
    Hbar = new Float64Array(d * K),
    H1 = new Float64Array(d * N);
  const mk = (rows: number, cols: number, data: Float64Array): Mat => ({ rows, cols, data });
  if (r === 0) {
    return { W2: mk(K, d, W2), W1: mk(d, d, W1), H1: mk(d, N, H1), H1bar: mk(d, K, Hbar), sigma: 0, r, value: 0.5 };
  }
  const sigma = extendedStationaryRoot(pred.nu);
  if (Number.isNaN(sigma))
    throw new UsageError('nu', `ν = ${pred.nu} > (3/4)4^{-1/3}: no rank-${r} frame critical point exists`);
  const cs = Math.cbrt(sigma);
  const tau = pred.mu * cs * cs;
  const a = Math.sqrt(tau / p.lambdaW2),
    b = Math.sqrt(tau / p.lambdaW1),
    c = Math.sqrt(tau / (n * p.lambdaH1));
  const U = options.rng ? randomOrthonormal(K, r, options.rng) : axisOrthonormal(K, r);
  const R = options.rng ? randomOrthonormal(d, r, options.rng) : axisOrthonormal(d, r);
  // W₂[k,i] = a Σ_q U[k,q] R[i,q];  W₁[i,j] = b Σ_q R[i,q] R[j,q];  H̄₁[i,k] = c Σ_q R[i,q] U[k,q]
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let q = 0; q < r; q++) s += (R[i * r + q] as number) * (U[k * r + q] as number);
      W2[k * d + i] = a * s;
      Hbar[i * K + k] = c * s;
    }
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let q = 0; q < r; q++) s += (R[i * r + q] as number) * (R[j * r + q] as number);
      W1[i * d + j] = b * s;
    }
  }
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < K; k++) H1.fill(Hbar[i * K + k] as number, i * N + k * n, i * N + (k + 1) * n);
  }
  return {
    W2: mk(K, d, W2),
    W1: mk(d, d, W1),
    H1: mk(d, N, H1),
    H1bar: mk(d, K, Hbar),
    sigma,
    r,
    value: (r / K) * extendedPsi(pred.nu, sigma) + (1 - r / K) / 2,
  };
}

// RELU NUCLEAR-NORM CONDITION (Thm 4.2) //

/** The two sides of Thm 4.2's nuclear-norm condition ‖σ(W₁H₁)‖_* = ‖W₁H₁‖_*. */
export interface ReluNuclearNormCondition {
  /** ‖W₁H₁‖_*. */
  readonly linear: number;
  /** ‖σ(W₁H₁)‖_*, σ = ReLU. */
  readonly relu: number;
  /** (relu − linear)/max(linear, tiny): 0 when the condition holds; its sign is the open "=" vs "≥" question. */
  readonly relGap: number;
  /** Number of negative entries of W₁H₁ (the condition can hold with some, THEORY.md §2.5 [E]). */
  readonly negatives: number;
}

/**
 * Measures Thm 4.2's assumption at a point: ‖σ(W₁H₁)‖_* vs ‖W₁H₁‖_* (a conjecture to hunt, THEORY.md §2.5, §7.4).
 * Cost: one d×d×N product and two SVDs of d×N matrices.
 * @param W1 - d×d
 * @param H1 - d×N
 * @throws RangeError if the shapes do not match
 * @see THEORY.md §2.5, §7.4
 */
export function reluNuclearNormCondition(W1: Mat, H1: Mat): ReluNuclearNormCondition {
  const d = W1.rows,
    N = H1.cols;
  if (W1.cols !== d || H1.rows !== d)
    throw new RangeError(`shapes: W1 must be d×d and H1 d×N; got ${W1.rows}×${W1.cols}, ${H1.rows}×${N}`);
  const P = new Float64Array(d * N);
  gemmNN(d, N, d, 1, W1.data, d, H1.data, N, 0, P, N);
  let negatives = 0;
  const A = new Float64Array(d * N);
  for (let i = 0; i < P.length; i++) {
    const v = P[i] as number;
    if (v < 0) negatives++;
    A[i] = v > 0 ? v : 0;
  }
  const linear = nuclearNorm({ rows: d, cols: N, data: P });
  const relu = nuclearNorm({ rows: d, cols: N, data: A });
  return { linear, relu, relGap: (relu - linear) / Math.max(linear, Number.MIN_VALUE), negatives };
}
