/**
 * The weak-duality lower bound of the convex relaxation of the plain UFM, evaluated at a dual point built from a
 * loss gradient (private to src/certify; the derivation is in ../global.ts).
 *
 * Columns are *weighted*: column j stands for w_j identical samples (w_j = 1 for a full K×N logit matrix; w_k = n_k
 * for the collapsed K×K class logits). With N = Σ_j w_j and u_j = ∇ℓ(a_j; y_j) (no 1/N), the full dual point is
 * Γ = t·V/N with V = u after the bias handling below, and
 *
 *     ‖Γ‖₂ = (t/N)‖V diag(√w)‖₂,    Γ1 = (t/N) Σ_j w_j V_j,    L*(Γ) = (1/N) Σ_j w_j ℓ*(t V_j; y_j).
 *
 * @see THEORY.md §0.3, §1.2 item 1
 */
import { symEigPacked } from '../../linalg/index.ts';
import type { BiasMode } from '../../models/index.ts';

// TYPES //

/** Losses with a closed-form conjugate. */
export type ConjugateKind = 'ce' | 'mse';

/** Per-column loss gradients with multiplicities. */
export interface WeightedGradients {
  readonly K: number;
  /** Number of stored columns. */
  readonly m: number;
  /** K×m row-major; column j = u_j = ∇ℓ(a_j; y_j) (no 1/N). Not modified. */
  readonly U: Float64Array;
  /** Label of each stored column (length m). */
  readonly y: Int32Array;
  /** Multiplicity w_j ≥ 1 of each stored column (length m); N = Σ w_j. */
  readonly w: Float64Array;
}

/** The bound and how the dual point was built. */
export interface DualBoundDetail {
  /** −L*(Γ) − (bias term): a lower bound on the relaxation's optimum P. */
  readonly bound: number;
  /** Scale t ∈ [0, 1] applied to the (projected) gradient. */
  readonly t: number;
  /** ‖∇L(A)‖₂ = ‖U diag(√w)‖₂/N, before any projection (computed, not inflated). */
  readonly gradSpectralNorm: number;
  /** Certified upper bound on ‖V diag(√w)‖₂/N after the bias handling (what t divides μ by). */
  readonly spectralUpper: number;
  /** ‖∇_b L(A)‖ = ‖Σ_j w_j u_j‖/N (0 for the bias-free mode is not implied: it is reported in every mode). */
  readonly biasGradNorm: number;
  /** Weight s ∈ [0, 1] of the interior CE point mixed in to keep q ≥ 0 after a projection (free bias only). */
  readonly mix: number;
  /** L*(Γ). */
  readonly conjugate: number;
  /** ‖Γ1‖²/(2λ_b) for a regularised bias, else 0. */
  readonly biasTerm: number;
}

// VARIABLES //

const EPS = Number.EPSILON;
/** Block length of the blocked Gram accumulation (its rounding depth is BLOCK + ⌈m/BLOCK⌉ instead of m). */
const BLOCK = 64;
/** Conventional backward-error constant of a K×K symmetric EVD (Householder + QL, linalg/denseEig.ts, is backward stable, ‖E‖ ≤ c·K·ε‖M‖). */
const EIG_CONST = 10;

// FUNCTIONS //

/**
 * Writes M ← Σ_j w_j V_j V_jᵀ (K×K) with blocked summation: partial sums over blocks of {@link BLOCK} columns are
 * added into M, so each entry carries at most (BLOCK + ⌈m/BLOCK⌉) roundings of its terms.
 */
function weightedGram(K: number, m: number, V: Float64Array, w: Float64Array, M: Float64Array): void {
  const P = new Float64Array(K * K);
  M.fill(0);
  for (let j0 = 0; j0 < m; j0 += BLOCK) {
    const j1 = Math.min(m, j0 + BLOCK);
    P.fill(0);
    for (let a = 0; a < K; a++) {
      const ra = a * m;
      for (let c = 0; c <= a; c++) {
        const rc = c * m;
        let s = 0;
        for (let j = j0; j < j1; j++) s += (w[j] as number) * (V[ra + j] as number) * (V[rc + j] as number);
        P[a * K + c] = s;
      }
    }
    for (let a = 0; a < K; a++)
      for (let c = 0; c <= a; c++) M[a * K + c] = (M[a * K + c] as number) + (P[a * K + c] as number);
  }
  for (let a = 0; a < K; a++) for (let c = 0; c < a; c++) M[c * K + a] = M[a * K + c] as number;
}

/**
 * √λ_max(M) for a PSD K×K M given as a flat array, and a certified upper bound on it.
 *
 * Error model (Weyl's inequality): the computed Gram differs from the exact one by E with
 * |E_ac| ≤ γ_s Σ_j w_j|V_aj||V_cj| ≤ γ_s √(M_aa M_cc) (Cauchy–Schwarz), s = BLOCK + ⌈m/BLOCK⌉, so
 * ‖E‖₂ ≤ ‖E‖_F ≤ γ_s tr M ≤ γ_s K λ_max; the EVD adds ≤ c·K·ε·λ_max. The relative error of λ_max is thus
 * ≤ K(s + c)ε (to first order) and that of its square root half of it; two more roundings (√, /N) are added.
 */
function spectral(K: number, m: number, M: Float64Array): { value: number; upper: number } {
  const lam = Math.max(0, symEigPacked(K, M).values[K - 1] as number);
  const s = BLOCK + Math.ceil(m / BLOCK);
  const rel = (0.5 * K * (s + EIG_CONST) + 3) * EPS;
  const value = Math.sqrt(lam);
  return { value, upper: value * (1 + rel) };
}

/** Σ q log q over q ∈ [0, 1] (0 log 0 = 0; q below 0 by rounding counts as 0). */
function negEntropyTerm(q: number): number {
  return q > 0 ? q * Math.log(q) : 0;
}

/**
 * The dual bound −L*(Γ) − (bias term) at Γ = t·V/N, V = the gradient columns after the bias handling:
 * - free bias: V_j = u_j − ū, ū = Σ w_j u_j / N (so Γ1 = 0 exactly in exact arithmetic); for CE, if some
 *   q_j = V_j + e_{y_j} has a negative entry, V is mixed with the interior point V⁰_j = π − e_{y_j} (π = class
 *   frequencies; Σ_j w_j V⁰_j = 0, q⁰ = π > 0): V ← (1−s)V + sV⁰ with the least s making every q ≥ 0;
 * - none / decay: V = u.
 * Then t = min(1, μ/σ̄) with σ̄ the certified upper bound on ‖V diag(√w)‖₂/N, so ‖Γ‖₂ ≤ μ. For CE,
 * q = tV_j + e_y = t q_j + (1−t)e_y stays in the simplex.
 * @param kind - 'ce' or 'mse'
 * @param g - gradient columns with multiplicities
 * @param mu - √(λ_Wλ_H) ≥ 0
 * @param bias - bias mode (src/models/biasMode.ts): none b ≡ 0; free λ_b = 0 (needs Γ1 = 0); decay λ_b > 0
 * @param lambdaB - λ_b (used only when bias is 'decay')
 */
export function dualBoundFromGradient(
  kind: ConjugateKind,
  g: WeightedGradients,
  mu: number,
  bias: BiasMode,
  lambdaB: number,
): DualBoundDetail {
  const { K, m, U, y, w } = g;
  let N = 0;
  for (let j = 0; j < m; j++) N += w[j] as number;
  const V = U.slice();
  // Σ_j w_j u_j (the bias gradient times N).
  const sumU = new Float64Array(K);
  for (let a = 0; a < K; a++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += (w[j] as number) * (U[a * m + j] as number);
    sumU[a] = s;
  }
  let biasGradNorm = 0;
  for (let a = 0; a < K; a++) biasGradNorm += (sumU[a] as number) ** 2;
  biasGradNorm = Math.sqrt(biasGradNorm) / N;

  const M = new Float64Array(K * K);
  weightedGram(K, m, U, w, M);
  const gradSpectralNorm = spectral(K, m, M).value / N;

  let mix = 0;
  if (bias === 'free') {
    for (let a = 0; a < K; a++) {
      const c = (sumU[a] as number) / N;
      for (let j = 0; j < m; j++) V[a * m + j] = (V[a * m + j] as number) - c;
    }
    if (kind === 'ce') {
      const pi = new Float64Array(K);
      for (let j = 0; j < m; j++) pi[y[j] as number] = (pi[y[j] as number] as number) + (w[j] as number) / N;
      // q = V + e_y must be ≥ 0; mixing with V⁰ (q⁰ = π) gives (1−s)q + sπ_a ≥ 0 iff s ≥ −q/(π_a − q) for q < 0.
      for (let a = 0; a < K; a++) {
        for (let j = 0; j < m; j++) {
          const q = (V[a * m + j] as number) + (a === y[j] ? 1 : 0);
          if (q < 0) mix = Math.max(mix, -q / ((pi[a] as number) - q));
        }
      }
      if (mix > 0) {
        for (let a = 0; a < K; a++) {
          for (let j = 0; j < m; j++) {
            const v0 = (pi[a] as number) - (a === y[j] ? 1 : 0);
            V[a * m + j] = (1 - mix) * (V[a * m + j] as number) + mix * v0;
          }
        }
      }
    }
    weightedGram(K, m, V, w, M);
  }
  const spectralUpper = spectral(K, m, M).upper / N;
  const t = spectralUpper <= mu || spectralUpper === 0 ? 1 : mu / spectralUpper;

  // L*(Γ) = (1/N) Σ_j w_j ℓ*(t V_j; y_j).
  let conj = 0;
  for (let j = 0; j < m; j++) {
    const yj = y[j] as number;
    let c = 0;
    if (kind === 'ce') {
      // ℓ*(u) = Σ_k q_k log q_k, q = u + e_y (in the simplex by construction).
      for (let a = 0; a < K; a++) c += negEntropyTerm(t * (V[a * m + j] as number) + (a === yj ? 1 : 0));
    } else {
      // ℓ*(u) = ½‖u‖² + u_y.
      let s = 0;
      for (let a = 0; a < K; a++) s += (V[a * m + j] as number) ** 2;
      c = 0.5 * t * t * s + t * (V[yj * m + j] as number);
    }
    conj += (w[j] as number) * c;
  }
  const conjugate = conj / N;
  let biasTerm = 0;
  if (bias === 'decay') {
    let s = 0;
    for (let a = 0; a < K; a++) s += ((t * (sumU[a] as number)) / N) ** 2;
    biasTerm = s / (2 * lambdaB);
  }
  return { bound: -conjugate - biasTerm, t, gradSpectralNorm, spectralUpper, biasGradNorm, mix, conjugate, biasTerm };
}
