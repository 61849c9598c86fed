/**
 * Ji, Lu, Zhang, Deng & Su 2022 (ULPM), THEORY.md §3: the min-norm separation problem
 *
 *     min (1/2)(‖W‖² + ‖H‖²)   s.t.   (w^k − w^j)ᵀ h_{k,i} ≥ 1   ∀ k ≠ j, ∀ i,
 *
 * whose global minimizers are neural-collapse points: W Wᵀ = ρE_K with ρ = (K−1)√n/K, h_{k,i} = w^k/√n, value
 * (K−1)√n (balanced classes, d ≥ K−1). Equivalently the normalised margin
 *
 *     γ(W, H) = min_{k≠j, i} (w^k − w^j)ᵀ h_{k,i} / ((‖W‖² + ‖H‖²)/2)
 *
 * (invariant under (W, H) → (cW, cH)) is at most 1/((K−1)√n), with equality exactly at those points. Gradient flow
 * on the ULPM converges in direction to a KKT point of this problem. At the origin the ULPM Hessian is
 * [[0, G], [Gᵀ, 0]] ⊗ I_d with ‖G‖₂ = 1/(K√n), so λ_min = −1/(K√n).
 *
 * @see THEORY.md §3
 */
import { UsageError } from '../core/index.ts';
import type { Mat, Rng } from '../core/index.ts';

/** Citation carried by the predictions in this file. */
export const JI2022_CITE = 'Ji et al. 2022 (arXiv 2110.02796); THEORY.md §3';

function checkKn(K: number, n: number): void {
  if (!Number.isInteger(K) || K < 2) throw new UsageError('K', `must be an integer ≥ 2; got ${K}`);
  if (!Number.isInteger(n) || n < 1) throw new UsageError('n', `must be an integer ≥ 1; got ${n}`);
}

/**
 * The optimal value (K−1)√n of the min-norm separation problem (balanced, d ≥ K−1).
 * @example
 * ulpmMinNormValue(3, 2); // => 2.8284271247461903
 */
export function ulpmMinNormValue(K: number, n: number): number {
  checkKn(K, n);
  return (K - 1) * Math.sqrt(n);
}

/** The largest normalised margin, 1/((K−1)√n): an upper bound for γ(W, H) at every (W, H) ≠ 0. */
export function ulpmMaxNormalisedMargin(K: number, n: number): number {
  return 1 / ulpmMinNormValue(K, n);
}

/**
 * λ_min of the ULPM Hessian at the origin: −‖G‖₂ = −1/(K√n) (THEORY.md §3 (i), §6.1 with λ = 0).
 * @example
 * ulpmOriginLambdaMin(4, 1); // => -0.25
 */
export function ulpmOriginLambdaMin(K: number, n: number): number {
  checkKn(K, n);
  return -1 / (K * Math.sqrt(n));
}

/** A min-norm NC solution. */
export interface UlpmMinNormPoint {
  /** K×d, W Wᵀ = ρE_K. */
  readonly W: Mat;
  /** d×N, class-major, h_{k,i} = w^k/√n. */
  readonly H: Mat;
  /** ρ = (K−1)√n/K = ‖w^k‖². */
  readonly rho: number;
  /** (‖W‖² + ‖H‖²)/2 = (K−1)√n. */
  readonly value: number;
}

/**
 * Builds a global minimizer of the min-norm separation problem: rows of W a simplex ETF with ‖w^k‖² = ρ, spanned in
 * the first K−1 coordinates (Helmert basis of 1^⊥), optionally rotated by a random orthogonal d×d matrix.
 * Every margin constraint is active: (w^k − w^j)ᵀh_{k,i} = 1.
 * @param K - classes, ≥ 2
 * @param d - dimension, ≥ K−1
 * @param n - samples per class, ≥ 1
 * @param rng - optional generator for a random rotation
 * @throws UsageError('K' | 'n') for invalid values; UsageError('d') if d < K−1
 * @see THEORY.md §3
 */
export function ulpmMinNormPoint(K: number, d: number, n: number, rng?: Rng): UlpmMinNormPoint {
  checkKn(K, n);
  if (!Number.isInteger(d) || d < K - 1) throw new UsageError('d', `must be an integer ≥ K−1 = ${K - 1}; got ${d}`);
  const rho = ((K - 1) * Math.sqrt(n)) / K;
  // Helmert basis of 1^⊥ ⊂ R^K: column q (q = 1..K−1) ∝ (1, …, 1, −q, 0, …) with q ones; rows Q[k,:] then have
  // Gram I − J, so w^k = √(ρK/(K−1)) Q[k,:] has Gram ρE_K.
  const c = Math.sqrt((rho * K) / (K - 1));
  const W = new Float64Array(K * d);
  for (let q = 1; q < K; q++) {
    const norm = 1 / Math.sqrt(q * (q + 1));
    for (let k = 0; k < q; k++) W[k * d + (q - 1)] = c * norm;
    W[q * d + (q - 1)] = -c * q * norm;
  }
  let Wr = W;
  if (rng !== undefined) {
    const Q = randomOrthogonal(d, rng);
    Wr = new Float64Array(K * d);
    // Wr = W Qᵀ: row k ↦ Q w^k
    for (let k = 0; k < K; k++)
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (Q[i * d + j] as number) * (W[k * d + j] as number);
        Wr[k * d + i] = s;
      }
  }
  const N = n * K;
  const H = new Float64Array(d * N);
  const inv = 1 / Math.sqrt(n);
  for (let i = 0; i < d; i++)
    for (let k = 0; k < K; k++) H.fill((Wr[k * d + i] as number) * inv, i * N + k * n, i * N + (k + 1) * n);
  return { W: { rows: K, cols: d, data: Wr }, H: { rows: d, cols: N, data: H }, rho, value: (K - 1) * Math.sqrt(n) };
}

function randomOrthogonal(d: number, rng: Rng): Float64Array {
  const Q = new Float64Array(d * d);
  for (;;) {
    rng.fillNormal(Q);
    let ok = true;
    for (let c = 0; c < d && ok; c++) {
      for (let pass = 0; pass < 2; pass++) {
        for (let q = 0; q < c; q++) {
          let s = 0;
          for (let i = 0; i < d; i++) s += (Q[i * d + c] as number) * (Q[i * d + q] as number);
          for (let i = 0; i < d; i++) Q[i * d + c] = (Q[i * d + c] as number) - s * (Q[i * d + q] as number);
        }
      }
      let nn = 0;
      for (let i = 0; i < d; i++) nn += (Q[i * d + c] as number) ** 2;
      if (!(nn > 1e-20)) {
        ok = false;
        break;
      }
      const s = 1 / Math.sqrt(nn);
      for (let i = 0; i < d; i++) Q[i * d + c] = (Q[i * d + c] as number) * s;
    }
    if (ok) return Q;
  }
}

/** Margins of (W, H). */
export interface UlpmMargin {
  /** min_{k≠j, i} (w^k − w^j)ᵀ h_{k,i} (> 0 iff the classes are separated). */
  readonly margin: number;
  /** (‖W‖² + ‖H‖²)/2. */
  readonly halfNormSq: number;
  /** γ = margin / halfNormSq (NaN at the origin). ≤ 1/((K−1)√n) always. */
  readonly normalised: number;
}

/**
 * The margin and the normalised margin γ(W, H) of the min-norm separation problem.
 * Cost: one pass over H, K·d·N flops; allocates one K-vector.
 * @param W - K×d
 * @param H - d×N, class-major with `counts`
 * @param counts - per-class counts
 * @throws RangeError if the shapes do not match
 * @see THEORY.md §3
 */
export function ulpmMargin(W: Mat, H: Mat, counts: readonly number[]): UlpmMargin {
  const K = W.rows,
    d = W.cols,
    N = H.cols;
  let total = 0;
  for (const c of counts) total += c;
  if (H.rows !== d || counts.length !== K || total !== N)
    throw new RangeError(`shapes: W ${K}×${d}, H ${H.rows}×${N}, counts sum ${total}`);
  const z = new Float64Array(K);
  let margin = Infinity,
    j = 0;
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < (counts[k] as number); i++, j++) {
      z.fill(0);
      for (let a = 0; a < d; a++) {
        const h = H.data[a * N + j] as number;
        for (let r = 0; r < K; r++) z[r] = (z[r] as number) + (W.data[r * d + a] as number) * h;
      }
      const zk = z[k] as number;
      for (let r = 0; r < K; r++) if (r !== k) margin = Math.min(margin, zk - (z[r] as number));
    }
  }
  let s = 0;
  for (const x of W.data) s += x * x;
  for (const x of H.data) s += x * x;
  const halfNormSq = s / 2;
  return { margin, halfNormSq, normalised: margin / halfNormSq };
}

/** Distance of a (normalised) ULPM iterate from the min-norm NC solution, rotation-invariantly. */
export interface UlpmDirectionError {
  /** ‖W̃W̃ᵀ − ρE_K‖_F / ‖ρE_K‖_F with (W̃, H̃) = c(W, H) rescaled to (‖W̃‖² + ‖H̃‖²)/2 = (K−1)√n. */
  readonly gram: number;
  /** ‖H̃ − (W̃ᵀ/√n) ⊗ 1ᵀ‖_F / ‖(W̃ᵀ/√n) ⊗ 1ᵀ‖_F (NC1 + self-duality h_{k,i} = w^k/√n). */
  readonly features: number;
  /** 1 − γ(W, H)(K−1)√n ∈ [0, 1] for separated data: the normalised-margin gap. */
  readonly marginGap: number;
}

/**
 * How far (W, H)/‖(W, H)‖ is from the min-norm NC solution (balanced classes).
 * @param W - K×d
 * @param H - d×nK, class-major, n per class
 * @param n - samples per class
 * @throws UsageError('n') if H does not have nK columns
 * @see THEORY.md §3
 */
export function ulpmDirectionError(W: Mat, H: Mat, n: number): UlpmDirectionError {
  const K = W.rows,
    d = W.cols,
    N = H.cols;
  if (N !== n * K) throw new UsageError('n', `H has ${N} columns, not n·K = ${n * K}`);
  const m = ulpmMargin(W, H, new Array<number>(K).fill(n));
  const target = (K - 1) * Math.sqrt(n);
  const c2 = target / m.halfNormSq;
  const rho = target / K;
  let ge = 0,
    gn = 0;
  for (let k = 0; k < K; k++)
    for (let l = 0; l < K; l++) {
      let s = 0;
      for (let a = 0; a < d; a++) s += (W.data[k * d + a] as number) * (W.data[l * d + a] as number);
      const e = k === l ? rho : -rho / (K - 1);
      ge += (c2 * s - e) ** 2;
      gn += e * e;
    }
  const c = Math.sqrt(c2),
    inv = 1 / Math.sqrt(n);
  let fe = 0,
    fn = 0;
  for (let a = 0; a < d; a++)
    for (let k = 0; k < K; k++) {
      const t = c * (W.data[k * d + a] as number) * inv;
      for (let i = 0; i < n; i++) {
        fe += (c * (H.data[a * N + k * n + i] as number) - t) ** 2;
        fn += t * t;
      }
    }
  return { gram: Math.sqrt(ge / gn), features: Math.sqrt(fe / fn), marginGap: 1 - m.normalised * target };
}
