/**
 * Theorem 5.1 of Tirer & Bruna 2022 (fixed noisy features), THEORY.md §2.6.
 *
 * H* = H̄* ⊗ 1ᵀ is the bias-free MSE-UFM minimizer for (n₀, λ_W, λ_H) (§2.1): with κ = K√(n₀λ_Wλ_H) < 1,
 * α = √(n₀λ_H/λ_W) and ρ_h = (1−κ)√(λ_W/(n₀λ_H)), H̄* = √ρ_h R (R ∈ R^{d×K} orthonormal columns) and W* = αH̄*ᵀ.
 * With H = H* + E (iid noise, variance σ²), as n → ∞
 *
 *     W(H) → [ (ρ_h + Kλ_W)/(ρ_h + Kλ_W + Kσ²) ] W* = W* / (1 + Kσ²√(n₀λ_H/λ_W)),
 *
 * and W(H*) = W* exactly, for every n. The error ‖W(H) − scale·W*‖ decays like n^{−1/2} when the noise has a finite
 * fourth moment.
 *
 * @see THEORY.md §2.6, §2.1
 */
import { UsageError } from '../core/index.ts';
import type { Mat, Rng } from '../core/index.ts';
import { createRng } from '../core/index.ts';
import { noisyRidgeClassifier } from '../models/index.ts';
import type { FixedFeaturesProblem, NoiseLaw } from '../models/index.ts';

/** Citation carried by the predictions in this file. */
export const FIXED_FEATURES_CITE = 'Tirer & Bruna 2022, Thm 5.1; THEORY.md §2.6';

/** What §2.1 and Thm 5.1 predict for a fixed-features instance. */
export interface FixedFeaturesPrediction {
  readonly cite: string;
  /** κ = K√(n₀λ_Wλ_H) < 1. */
  readonly kappa: number;
  /** α = √(n₀λ_H/λ_W): W* = αH̄*ᵀ. */
  readonly alpha: number;
  /** ρ_h = (1−κ)√(λ_W/(n₀λ_H)): H̄*ᵀH̄* = ρ_h I_K. */
  readonly rhoH: number;
  /** d×K class means of H*. */
  readonly Hbar: Mat;
  /** K×d, the UFM classifier W* = αH̄*ᵀ (= W(H*) exactly). */
  readonly Wstar: Mat;
  /** The limit scale factor 1/(1 + Kσ²√(n₀λ_H/λ_W)). */
  readonly scale: number;
}

/** Options of {@link predictFixedFeatures}. */
export interface FixedFeaturesOptions {
  /**
   * Orientation of H̄*: random orthonormal R from this generator; without it R = [I_K; 0] (axis-aligned).
   * @defaultValue undefined (axis-aligned)
   */
  readonly rng?: Rng;
}

/**
 * The limit scale factor of Thm 5.1: 1/(1 + Kσ²√(n₀λ_H/λ_W)).
 * @example
 * fixedFeaturesScale({ K: 2, d: 2, n0: 1, lambdaW: 1, lambdaH: 1, sigma: 1, noise: 'gaussian' }); // => 1/3
 */
export function fixedFeaturesScale(p: FixedFeaturesProblem): number {
  return 1 / (1 + p.K * p.sigma * p.sigma * Math.sqrt((p.n0 * p.lambdaH) / p.lambdaW));
}

function orthonormalColumns(d: number, K: number, rng: Rng | undefined): Float64Array {
  const R = new Float64Array(d * K);
  if (rng === undefined) {
    for (let k = 0; k < K; k++) R[k * K + k] = 1;
    return R;
  }
  for (;;) {
    rng.fillNormal(R);
    let ok = true;
    for (let c = 0; c < K && ok; c++) {
      for (let pass = 0; pass < 2; pass++) {
        for (let q = 0; q < c; q++) {
          let s = 0;
          for (let i = 0; i < d; i++) s += (R[i * K + c] as number) * (R[i * K + q] as number);
          for (let i = 0; i < d; i++) R[i * K + c] = (R[i * K + c] as number) - s * (R[i * K + q] as number);
        }
      }
      let nn = 0;
      for (let i = 0; i < d; i++) nn += (R[i * K + c] as number) ** 2;
      if (!(nn > 1e-20)) {
        ok = false;
        break;
      }
      const inv = 1 / Math.sqrt(nn);
      for (let i = 0; i < d; i++) R[i * K + c] = (R[i * K + c] as number) * inv;
    }
    if (ok) return R;
  }
}

/**
 * The §2.1 minimizer (H̄*, W*) for (n₀, λ_W, λ_H) and the Thm 5.1 limit scale.
 * @param p - the instance (d ≥ K, λ's > 0)
 * @param options - orientation of H̄*
 * @throws UsageError('d') if d < K; UsageError('lambdaW' | 'lambdaH') if ≤ 0; UsageError('kappa') if
 *   κ = K√(n₀λ_Wλ_H) ≥ 1 (then W* = 0 and the scale factor is meaningless)
 * @see THEORY.md §2.1, §2.6
 */
export function predictFixedFeatures(
  p: FixedFeaturesProblem,
  options: FixedFeaturesOptions = {},
): FixedFeaturesPrediction {
  const { K, d, n0, lambdaW, lambdaH } = p;
  if (d < K) throw new UsageError('d', `Thm 5.1 (via §2.1) needs d ≥ K = ${K}; got ${d}`);
  if (!(lambdaW > 0)) throw new UsageError('lambdaW', `must be > 0; got ${lambdaW}`);
  if (!(lambdaH > 0)) throw new UsageError('lambdaH', `must be > 0; got ${lambdaH}`);
  const kappa = K * Math.sqrt(n0 * lambdaW * lambdaH);
  if (!(kappa < 1))
    throw new UsageError('kappa', `κ = K√(n0·λW·λH) = ${kappa} ≥ 1: W* = 0, no nonzero limit to compare`);
  const alpha = Math.sqrt((n0 * lambdaH) / lambdaW);
  const rhoH = (1 - kappa) * Math.sqrt(lambdaW / (n0 * lambdaH));
  const R = orthonormalColumns(d, K, options.rng);
  const sh = Math.sqrt(rhoH);
  const Hbar = new Float64Array(d * K),
    Wstar = new Float64Array(K * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < K; k++) {
      const h = sh * (R[i * K + k] as number);
      Hbar[i * K + k] = h;
      Wstar[k * d + i] = alpha * h;
    }
  }
  return {
    cite: FIXED_FEATURES_CITE,
    kappa,
    alpha,
    rhoH,
    Hbar: { rows: d, cols: K, data: Hbar },
    Wstar: { rows: K, cols: d, data: Wstar },
    scale: fixedFeaturesScale(p),
  };
}

/** H* = H̄* ⊗ 1_nᵀ (d×nK, class-major) — the noise-free features for n samples per class. */
export function replicateMeans(Hbar: Mat, n: number): Mat {
  const d = Hbar.rows,
    K = Hbar.cols,
    N = n * K;
  const H = new Float64Array(d * N);
  for (let i = 0; i < d; i++)
    for (let k = 0; k < K; k++) H.fill(Hbar.data[i * K + k] as number, i * N + k * n, i * N + (k + 1) * n);
  return { rows: d, cols: N, data: H };
}

/** Fit of W against the direction W*. */
export interface ScaleFit {
  /** Least-squares scale ⟨W, W*⟩/‖W*‖². */
  readonly scale: number;
  /** ‖W − scale·W*‖_F / ‖W*‖_F: how far W is from any multiple of W*. */
  readonly residual: number;
}

/**
 * The least-squares scale of W against W* and the relative residual.
 * @param W - K×d
 * @param Wstar - K×d, nonzero
 */
export function fitScale(W: Mat, Wstar: Mat): ScaleFit {
  let ww = 0,
    ws = 0,
    ss = 0;
  for (let i = 0; i < W.data.length; i++) {
    const a = W.data[i] as number,
      b = Wstar.data[i] as number;
    ww += a * a;
    ws += a * b;
    ss += b * b;
  }
  const scale = ws / ss;
  // ‖W − sW*‖² = ‖W‖² − 2s⟨W,W*⟩ + s²‖W*‖² = ‖W‖² − ⟨W,W*⟩²/‖W*‖²; computed directly to avoid cancellation
  let r = 0;
  for (let i = 0; i < W.data.length; i++) r += ((W.data[i] as number) - scale * (Wstar.data[i] as number)) ** 2;
  return { scale, residual: Math.sqrt(r / ss) };
}

/** ‖W − scale·W*‖_F / ‖W*‖_F: the relative distance of W to the predicted limit scale·W*. */
export function limitError(W: Mat, Wstar: Mat, scale: number): number {
  let r = 0,
    ss = 0;
  for (let i = 0; i < W.data.length; i++) {
    const b = Wstar.data[i] as number;
    r += ((W.data[i] as number) - scale * b) ** 2;
    ss += b * b;
  }
  return Math.sqrt(r / ss);
}

/** Least-squares slope of log y against log x. */
export function logLogSlope(x: readonly number[], y: readonly number[]): number {
  const m = x.length;
  let sx = 0,
    sy = 0;
  for (let i = 0; i < m; i++) {
    sx += Math.log(x[i] as number);
    sy += Math.log(y[i] as number);
  }
  const mx = sx / m,
    my = sy / m;
  let sxy = 0,
    sxx = 0;
  for (let i = 0; i < m; i++) {
    const dx = Math.log(x[i] as number) - mx;
    sxy += dx * (Math.log(y[i] as number) - my);
    sxx += dx * dx;
  }
  return sxy / sxx;
}

/** Options of {@link runFixedFeaturesSequence}. */
export interface FixedFeaturesSequenceOptions {
  /** Seed of every draw (each n and replicate uses its own fork). */
  readonly seed: number;
  /** Smallest n per class. @defaultValue 100 */
  readonly nMin?: number;
  /** Largest n per class. @defaultValue 100000 */
  readonly nMax?: number;
  /** Number of geometrically spaced n's from nMin to nMax (rounded to integers). @defaultValue 7 */
  readonly steps?: number;
  /** Independent draws per n; the error is their root-mean-square. @defaultValue 1 */
  readonly replicates?: number;
  /** The scale the error is measured against. @defaultValue the Thm 5.1 scale (a negative control passes another) */
  readonly scale?: number;
  /** Override the instance's noise law. */
  readonly noise?: NoiseLaw;
}

/** One point of the n-sequence. */
export interface FixedFeaturesPoint {
  readonly n: number;
  /** Mean over replicates of the least-squares scale ⟨W(H), W*⟩/‖W*‖². */
  readonly fittedScale: number;
  /** RMS over replicates of ‖W(H) − scale·W*‖_F/‖W*‖_F. */
  readonly error: number;
}

/** The n-sequence and its fitted log–log slope. */
export interface FixedFeaturesSequence {
  readonly cite: string;
  readonly predictedScale: number;
  /** The scale the errors were measured against. */
  readonly scale: number;
  readonly points: readonly FixedFeaturesPoint[];
  /** Least-squares slope of log error against log n (Thm 5.1 with a finite fourth moment: ≈ −1/2). */
  readonly slope: number;
}

/**
 * Runs W(H) along a geometric n-sequence (default 100 … 10⁵ per class, 7 steps), streaming the noise, and fits the
 * log–log slope of ‖W(H) − scale·W*‖ against n. Deterministic in (p, options).
 * Cost: dominated by the largest n, ≈ 2·nMax·K·d² flops + nMax·K·d draws (K = 10, d = 20, n = 10⁵: ~1 s).
 * @param p - the instance (σ, noise law, n₀, λ's)
 * @param options - seed and sequence
 * @throws UsageError('steps') if steps < 2, UsageError('nMin') if not 1 ≤ nMin < nMax; the errors of
 *   {@link predictFixedFeatures}
 * @see THEORY.md §2.6
 */
export function runFixedFeaturesSequence(
  p: FixedFeaturesProblem,
  options: FixedFeaturesSequenceOptions,
): FixedFeaturesSequence {
  const { nMin = 100, nMax = 100000, steps = 7, replicates = 1 } = options;
  if (!Number.isInteger(steps) || steps < 2) throw new UsageError('steps', `must be an integer ≥ 2; got ${steps}`);
  if (!(Number.isInteger(nMin) && Number.isInteger(nMax) && nMin >= 1 && nMin < nMax)) {
    throw new UsageError('nMin', `need integers 1 ≤ nMin < nMax; got ${nMin}, ${nMax}`);
  }
  if (!Number.isInteger(replicates) || replicates < 1)
    throw new UsageError('replicates', `must be an integer ≥ 1; got ${replicates}`);
  const pred = predictFixedFeatures(p);
  const scale = options.scale ?? pred.scale;
  const law = options.noise ?? p.noise;
  const root = createRng(options.seed);
  const points: FixedFeaturesPoint[] = [];
  for (let i = 0; i < steps; i++) {
    const n = Math.round(nMin * Math.pow(nMax / nMin, i / (steps - 1)));
    let fitted = 0,
      sq = 0;
    for (let r = 0; r < replicates; r++) {
      const W = noisyRidgeClassifier(pred.Hbar, n, p.lambdaW, law, p.sigma, root.fork(i * 1000 + r));
      fitted += fitScale(W, pred.Wstar).scale;
      sq += limitError(W, pred.Wstar, scale) ** 2;
    }
    points.push({ n, fittedScale: fitted / replicates, error: Math.sqrt(sq / replicates) });
  }
  return {
    cite: FIXED_FEATURES_CITE,
    predictedScale: pred.scale,
    scale,
    points,
    slope: logLogSlope(
      points.map((q) => q.n),
      points.map((q) => q.error),
    ),
  };
}
