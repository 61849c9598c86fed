/**
 * A rigorous upper bound ε on ‖∇f(θ)‖ at ONE final point of a plain UFM with the CE or MSE loss, from a gradient
 * computed in compensated arithmetic (src/linalg/compensatedProduct.ts: Dot2 of Ogita, Rump & Oishi 2005) — the
 * precision half of docs/paper-scale.md "What is left" item 1. tolerance.ts's `gradientRoundingBound` charges the
 * ordinary products their worst case, γ_d‖W‖_F‖H‖_F for the logits, and the bias gradient then pays √N times the
 * logit error: at the ImageNet-size f₁ (K = N = d′ = 1000) that floor is 3.2e-11 and the Newton–Kantorovich
 * h = ρε/μ² = 3.3. Here every product is a Dot2 and every error is bounded componentwise.
 *
 * Notation (THEORY.md §0.1–0.2): Z = W H + b1ᵀ (K×N), G = ∇g(Z) with g(Z) = (1/N)Σ_j ℓ(Z_j, y_j), so G = (P − Y)/N
 * (CE, P the column softmax) or (Z − Y)/N (MSE), and ∇f = (G Hᵀ + λ_W W, Wᵀ G + λ_H H, G1 + λ_b b). Hats are
 * computed values; every inequality is between exact reals. u = 2⁻⁵³, η = 2⁻¹⁰⁷⁴.
 *
 * 1. Logits. Ẑ = Dot2(W, H, addend b1ᵀ) with |Ẑ − Z| ≤ E_Z entrywise, E_Z ≈ u|Ẑ| + γ_{d+1}²(|W||H| + |b|1ᵀ)
 *    (compensatedProduct.ts).
 * 2. Loss gradient. ΔG := Ĝ − G(Z) = R + P with R := Ĝ − G(Ẑ) (the rounding of the gradient evaluated at the double
 *    matrix Ẑ) and P := G(Ẑ) − G(Z) (the propagation).
 *    P: each column of ∇ℓ is ℓ₂-Lipschitz in the 2-norm, ℓ₂ = sup‖∇²ℓ‖₂ = ½ for CE (diag p − ppᵀ ⪯ ½I) and 1 for MSE
 *    (THEORY.md §0.2), so ‖P‖_F ≤ π := (ℓ₂/N)‖E_Z‖_F.
 *    R, MSE: Ĝ = fl(fl(ẑ − y)/N), two roundings, |R| ≤ 2.01u|Ĝ| =: E_G.
 *    R, CE (the column code below, written for this bound — not losses/ce.ts, whose changes must not silently void
 *    it). Per column, m = max_k ẑ_k (exact); x_k = fl(ẑ_k − m) ≤ 0 with t_k = ẑ_k − m, |x_k − t_k| ≤ u|t_k|;
 *    ê_k = fl(exp(x_k)). ASSUMPTION (A): |fl(exp(x)) − eˣ| ≤ 2u·eˣ + η, i.e. Math.exp within one ulp. ECMAScript
 *    leaves Math.exp implementation-approximated; V8 uses fdlibm's exp (< 1 ulp), and the unit test checks (A) against
 *    a 320-bit exp on 2·10⁴ arguments. Then with E_k = e^{t_k} (exact), |ê_k − E_k| ≤ β_k := 1.01·α_k·ê_k + 4η,
 *    α_k = u(2.01 + 1.01|x_k|) (e^{|x_k − t_k|} ≤ 1 + 1.0001u|x_k| for |x_k| ≤ 746; below that ê_k = 0 and E_k < 2η).
 *    Û = Sum2_{k≠y}(ê_k) (ORO 2005 Algorithm 4.4, |Û − Σ| ≤ u|Σ| + γ_{K}²Σ|·|; the terms are ≥ 0), so with σ = u + γ_K²
 *    and U⁎ = Σ_{k≠y}E_k: |Û − U⁎| ≤ δU := σÛ/(1−σ) + Σ_{k≠y}β_k; Ŝ = fl(ê_y + Û), |Ŝ − S| ≤ δS := uŜ + δU + β_y,
 *    S = Σ_k E_k ≥ 1 − β_{argmax}. For k ≠ y the code forms Ĝ_k = fl(fl(ê_k·fl(1/Ŝ))/N) = (ê_k/Ŝ)(1+θ₃)/N,
 *    |θ₃| ≤ 3.01u, against G_k = E_k/(SN):
 *        |ê_k/Ŝ − E_k/S| ≤ β_k/Ŝ + (E_k/S)·δS/Ŝ,   E_k/S ≤ min(1, (ê_k + β_k)/(Ŝ − δS));
 *    and Ĝ_y = fl(fl(−Û·fl(1/Ŝ))/N) against −U⁎/(SN) (p_y − 1 = −U⁎/S, no cancellation) the same way with (Û, δU).
 *    E_G is the sum of those two terms over N, times (1 + 2⁻⁴⁰) for the ≤ 20 roundings of evaluating the bound.
 *    So |R| ≤ E_G entrywise. For CE the relative error of every entry is ≈ u(5 + E_p|x|) ≤ u(5 + log K) (E_p|x| is
 *    the entropy of p minus log S), not the (K+6)u of a recursive sum: the exps are summed with Sum2.
 * 3. Gradient blocks, each one Dot2 product with the regulariser as an exact extra term (TwoProduct(λ, ·)):
 *        ∇̂_W = Dot2(Ĝ, Hᵀ, + λ_W W),  |∇̂_W − (ĜHᵀ + λ_W W)| ≤ E_W;   ∇̂_H = Dot2(Wᵀ, Ĝ, + λ_H H) with E_H;
 *        ∇̂_b = Dot2(Ĝ, 1, + λ_b b) with E_b.
 *    Against the exact ∇f: ∇̂_W − ∇_W f = (∇̂_W − ĜHᵀ − λ_W W) + ΔG Hᵀ, and ‖ΔG Hᵀ‖_F ≤ (‖R‖_F + ‖P‖_F)‖H‖₂, so
 *        e_W = ‖E_W‖_F + (‖E_G‖_F + π)·‖H‖₂,   e_H = ‖E_H‖_F + ‖W‖₂·(‖E_G‖_F + π),
 *        e_b = ‖E_b‖ + ‖E_G·1‖ + √N·π          (|R·1| ≤ E_G·1 entrywise: the row sums of the bound, not √N‖E_G‖_F),
 *    with ‖W‖₂, ‖H‖₂ rigorous upper bounds (tolerance.ts `spectralUpperBound`, or the Frobenius norms).
 * 4. ε. ‖∇f(θ)‖ ≤ ‖ĝ‖ + ‖ĝ − ∇f(θ)‖ ≤ fl‖ĝ‖·(1 + 1.01(dim+2)u) + (e_W + e_H + e_b)(1 + 2⁻⁴⁰) (triangle inequality over
 *    the blocks; each Frobenius norm of a bound matrix computed by a plain sum of squares, inflated by
 *    (1 + 1.01(n+2)u), Higham Thm 3.5).
 *
 * Cost: three Dot2 products (K·d·N terms each, ≈ 20 flops per term) and O(KN) for the softmax: ≈ 10–20 s at
 * K = N = d = 1000 in plain JavaScript, once per certified point. Memory: a few copies of θ's blocks.
 */
import { compensatedProductABt, gammaN } from '../../linalg/index.ts';
import { ce, mse } from '../../losses/index.ts';
import type { LogitLoss } from '../../losses/index.ts';
import { labelsOf, ufmLayout } from '../../models/index.ts';
import type { UfmProblem } from '../../models/index.ts';

const U = 2 ** -53;
const ETA = 2 ** -1074;
/** Covers the roundings of evaluating a bound expression of positive terms (≤ 2⁹ of them, each ≤ u). */
const EVAL = 1 + 2 ** -40;

/** The compensated gradient at θ and the pieces of its error bound (module doc). */
export interface CompensatedGradient {
  /** ĝ, the compensated gradient in θ's layout. */
  readonly grad: Float64Array;
  /** ‖ĝ‖ as computed. */
  readonly gradNorm: number;
  /** ≥ ‖ĝ − ∇f(θ)‖ (exact). */
  readonly errorBound: number;
  /** ≥ ‖∇f(θ)‖: gradNorm inflated by its own rounding, plus errorBound. */
  readonly eps: number;
  /** ‖E_Z‖_F (the logits' bound), ‖E_G‖_F (the loss gradient's rounding), π (its propagation from E_Z). */
  readonly dZ: number;
  readonly dG: number;
  readonly dGProp: number;
  /** e_W, e_H, e_b of the module doc. */
  readonly eW: number;
  readonly eH: number;
  readonly eB: number;
}

/** Upper bound on the Frobenius norm of a nonnegative (or any) array, from a plain sum of squares. */
function frobUp(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) * (x[i] as number);
  return Math.sqrt(s * (1 + 1.01 * (x.length + 2) * U)) * (1 + 2 * U);
}

/** Row-major transpose of a rows×cols block (row stride ld, offset off). */
function transposed(A: Float64Array, rows: number, cols: number, ld = cols, off = 0): Float64Array {
  const T = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) T[j * rows + i] = A[off + i * ld + j] as number;
  return T;
}

/**
 * CE: Ĝ = (softmax(Ẑ) − Y)/N column by column and E_G ≥ |Ĝ − G(Ẑ)| entrywise (module doc, item 2).
 * Z, G, E: K×N row-major; y: the N labels.
 */
export function softmaxGradientBound(
  K: number,
  N: number,
  Z: Float64Array,
  y: Int32Array,
  G: Float64Array,
  E: Float64Array,
): void {
  const sigma = U + gammaN(K) ** 2;
  const x = new Float64Array(K),
    e = new Float64Array(K),
    beta = new Float64Array(K);
  for (let j = 0; j < N; j++) {
    const yj = y[j] as number;
    let m = -Infinity;
    for (let k = 0; k < K; k++) m = Math.max(m, Z[k * N + j] as number);
    // exps and their bounds β_k; Sum2 of the off-label ones (TwoSum accumulation, ORO 2005 Algorithm 4.4).
    let p = 0,
      s = 0,
      sumBetaOff = 0;
    for (let k = 0; k < K; k++) {
      const xk = (Z[k * N + j] as number) - m;
      const ek = Math.exp(xk);
      x[k] = xk;
      e[k] = ek;
      const bk = 1.01 * U * (2.01 + 1.01 * Math.abs(xk)) * ek + 4 * ETA;
      beta[k] = bk;
      if (k === yj) continue;
      sumBetaOff += bk;
      const t = p + ek,
        z = t - p;
      s += p - (t - z) + (ek - z);
      p = t;
    }
    const Uh = p + s;
    const Sh = (e[yj] as number) + Uh;
    const inv = 1 / Sh;
    const dU = (sigma * Uh) / (1 - sigma) + sumBetaOff;
    const dS = U * Sh + dU + (beta[yj] as number);
    const lowS = Sh - dS; // ≥ 1 − small: the max logit's exp is exactly 1
    for (let k = 0; k < K; k++) {
      const idx = k * N + j;
      if (k === yj) {
        G[idx] = (-Uh * inv) / N;
        const ratio = Math.min(1, (Uh + dU) / lowS);
        E[idx] = ((3.01 * U * Uh + dU + ratio * dS) / Sh / N) * EVAL;
      } else {
        const ek = e[k] as number,
          bk = beta[k] as number;
        G[idx] = (ek * inv) / N;
        const ratio = Math.min(1, (ek + bk) / lowS);
        E[idx] = ((3.01 * U * ek + bk + ratio * dS) / Sh / N) * EVAL;
      }
    }
  }
}

/** MSE: Ĝ = (Ẑ − Y)/N and E_G = 2.01u|Ĝ| (module doc, item 2). */
function mseGradientBound(
  K: number,
  N: number,
  Z: Float64Array,
  y: Int32Array,
  G: Float64Array,
  E: Float64Array,
): void {
  for (let k = 0; k < K; k++)
    for (let j = 0; j < N; j++) {
      const idx = k * N + j;
      const g = ((Z[idx] as number) - (k === y[j] ? 1 : 0)) / N;
      G[idx] = g;
      E[idx] = 2.01 * U * Math.abs(g) * EVAL;
    }
}

/**
 * The compensated gradient bound at θ (module doc) for the built-in CE and MSE losses; undefined for any other loss,
 * and when an input or a product is out of range (the bound would not be finite).
 * @param spec - rigorous upper bounds on ‖W‖₂ and ‖H‖₂ (e.g. from pointNorms); the Frobenius norms otherwise
 */
export function compensatedGradientBound(
  problem: UfmProblem,
  loss: LogitLoss,
  theta: Float64Array,
  spec?: { readonly specW?: number; readonly specH?: number },
): CompensatedGradient | undefined {
  if (loss !== ce && loss !== mse) return undefined;
  const L = ufmLayout(problem);
  const { K, d, N, offW, offH, offB, hasBias } = L;
  const y = labelsOf(problem);
  const W = theta.subarray(offW, offW + K * d),
    H = theta.subarray(offH, offH + d * N);
  const b = hasBias ? theta.subarray(offB, offB + K) : new Float64Array(K);
  // 1. Logits: Ẑ = W·(Hᵀ)ᵀ + 1·(b1ᵀ).
  const Ht = transposed(H, d, N);
  const Z = new Float64Array(K * N),
    EZ = new Float64Array(K * N);
  let ok: boolean;
  if (hasBias) {
    const B1 = new Float64Array(K * N);
    for (let k = 0; k < K; k++) B1.fill(b[k] as number, k * N, (k + 1) * N);
    ok = compensatedProductABt(K, N, d, W, d, Ht, d, Z, EZ, N, { alpha: 1, D: B1, ldd: N });
  } else ok = compensatedProductABt(K, N, d, W, d, Ht, d, Z, EZ, N);
  // 2. Loss gradient at Ẑ with its rounding bound, and the propagation π.
  const G = new Float64Array(K * N),
    EG = new Float64Array(K * N);
  if (loss === ce) softmaxGradientBound(K, N, Z, y, G, EG);
  else mseGradientBound(K, N, Z, y, G, EG);
  const l2 = loss === ce ? 0.5 : 1;
  const dZ = frobUp(EZ);
  const dGProp = (l2 / N) * dZ * EVAL;
  const dG = frobUp(EG);
  // 3. Gradient blocks.
  const gW = new Float64Array(K * d),
    EW = new Float64Array(K * d);
  ok = compensatedProductABt(K, d, N, G, N, H, N, gW, EW, d, { alpha: problem.lambdaW, D: W, ldd: d }) && ok;
  const Wt = transposed(W, K, d),
    Gt = transposed(G, K, N);
  const gH = new Float64Array(d * N),
    EH = new Float64Array(d * N);
  ok = compensatedProductABt(d, N, K, Wt, K, Gt, K, gH, EH, N, { alpha: problem.lambdaH, D: H, ldd: N }) && ok;
  const gb = new Float64Array(hasBias ? K : 0),
    Eb = new Float64Array(hasBias ? K : 0);
  let rowSums = 0;
  if (hasBias) {
    const ones = new Float64Array(N).fill(1);
    ok = compensatedProductABt(K, 1, N, G, N, ones, N, gb, Eb, 1, { alpha: problem.lambdaB, D: b, ldd: 1 }) && ok;
    const r = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      let t = 0;
      for (let j = 0; j < N; j++) t += EG[k * N + j] as number;
      r[k] = t * (1 + 1.01 * (N + 2) * U);
    }
    rowSums = frobUp(r);
  }
  if (!ok) return undefined;
  const specH = spec?.specH ?? frobUp(H),
    specW = spec?.specW ?? frobUp(W);
  const eW = (frobUp(EW) + (dG + dGProp) * specH) * EVAL;
  const eH = (frobUp(EH) + specW * (dG + dGProp)) * EVAL;
  const eB = hasBias ? (frobUp(Eb) + rowSums + Math.sqrt(N) * dGProp * (1 + 2 * U)) * EVAL : 0;
  const grad = new Float64Array(L.dim);
  grad.set(gW, offW);
  grad.set(gH, offH);
  if (hasBias) grad.set(gb, offB);
  let sq = 0;
  for (let i = 0; i < grad.length; i++) sq += (grad[i] as number) * (grad[i] as number);
  const gradNorm = Math.sqrt(sq);
  const dim = L.dim;
  const errorBound = (eW + eH + eB) * EVAL;
  const eps = gradNorm * (1 + 1.01 * (dim + 2) * U) + errorBound;
  // Products that overflow (inputs below 2^500 can still give |Z| = ∞) leave NaN or ∞ here: no bound then.
  if (!(eps < Number.POSITIVE_INFINITY)) return undefined;
  return { grad, gradNorm, errorBound, eps, dZ, dG, dGProp, eW, eH, eB };
}
