/**
 * Compensated matrix product with a rigorous componentwise error bound: C = A·Bᵀ (+ α·D) where every entry is one
 * Dot2 of Ogita, Rump & Oishi 2005 ("Accurate sum and dot product", SIAM J. Sci. Comput. 26(6), §5, Algorithm 5.3):
 * error-free TwoProduct (Dekker 1971 with Veltkamp's split — JavaScript has no FMA) and TwoSum (Knuth), the low parts
 * accumulated in working precision. For x, y ∈ Fⁿ with n·u < 1 and no underflow or overflow it returns
 *
 *     |res − xᵀy| ≤ u·|xᵀy| + γ_n²·|x|ᵀ|y|,   u = 2⁻⁵³, γ_n = n·u/(1 − n·u),
 *
 * i.e. the result is as accurate as if computed in twice the working precision and rounded once — against
 * γ_n·|x|ᵀ|y| for the ordinary recursive dot product (Higham, Accuracy and Stability, Thm 3.5).
 *
 * Shapes (row-major, with leading dimensions): A is m×k (lda), Bt is n×k (ldb) — B TRANSPOSED, so both operands of
 * every dot product are contiguous —, C and E are m×n (ldc). The optional addend D (m×n, ldd) enters each dot product
 * as one more exact term: TwoProduct(α, D_ij) is error-free, so the bound is the one above with n = k + 1 and
 * |x|ᵀ|y| including |α·D_ij|.
 *
 * What E holds (the bound written out, every quantity in it computed, so it can be evaluated in floating point):
 *     E_ij ≥ |C_ij − (A Bᵀ + αD)_ij|  (exact real arithmetic on the given doubles).
 * With r = C_ij (the computed result), a = Σ_p |fl(a_p b_p)| accumulated recursively (|a_p b_p| ≤ |fl(a_p b_p)|/(1−u)
 * and a recursive sum of n nonnegative terms is ≥ (1−γ_n)× the exact one, Higham Thm 3.5, so the exact
 * Σ|a_p b_p| ≤ (1+2u)(1+2γ_n)·a) and the exact xᵀy bounded by |r| + e:
 *     e ≤ u(|r| + e) + γ_n²(1+2u)(1+2γ_n)·a + τ   ⇒   e ≤ (u|r| + γ_n²(1+2u)(1+2γ_n)·a + τ)/(1 − u),
 * τ = 8·n·2⁻¹⁰⁷⁴ covering underflow (Dekker's TwoProduct loses at most 5·2⁻¹⁰⁷⁴ per product when a partial product
 * underflows, ORO 2005 §3; TwoSum is exact even then) — and E stores that value times (1 + 2⁻⁴⁹), which dominates the
 * ≤ 8 roundings of evaluating the expression itself (each ≤ u relative on positive terms).
 * Overflow: Veltkamp's split overflows for |x| ≥ 2^996 and a·b may overflow; inputs with an entry of magnitude
 * ≥ 2^500 or non-finite make the whole of E +Infinity (the bound is then honestly useless), never a wrong number.
 *
 * Cost: ≈ 20 flops per term (against 2), no allocation in the inner loop; meant for a final point (certified/ufm/
 * compensatedGradient.ts), not a solver's hot loop.
 */

const U = 2 ** -53;
const ETA = 2 ** -1074;
/** Veltkamp's splitting constant 2^27 + 1 for binary64. */
const SPLIT = 134217729;
/** Inputs at or above this magnitude make the bound Infinity (module doc, overflow). */
const MAX_ABS = 2 ** 500;

/** γ_n = n·u/(1 − n·u) (Higham (3.8)); Infinity when n·u ≥ 1. */
export function gammaN(n: number): number {
  const nu = n * U;
  return nu < 1 ? nu / (1 - nu) : Number.POSITIVE_INFINITY;
}

/**
 * Veltkamp's split of every entry of `src` into hi + lo (exact, hi with ≤ 26 significant bits, lo with ≤ 26), written
 * to `hi` and `lo` (same length as src).
 */
export function veltkampSplit(src: Float64Array, hi: Float64Array, lo: Float64Array): void {
  for (let i = 0; i < src.length; i++) {
    const a = src[i] as number;
    const c = SPLIT * a;
    const h = c - (c - a);
    hi[i] = h;
    lo[i] = a - h;
  }
}

/** The addend α·D of {@link compensatedProductABt} (D is m×n row-major with leading dimension ldd). */
export interface ProductAddend {
  readonly alpha: number;
  readonly D: Float64Array;
  readonly ldd: number;
}

/** Copies the m×k block of A (row stride lda) into a dense m×k array. */
function packRows(m: number, k: number, A: Float64Array, lda: number): Float64Array {
  const out = new Float64Array(m * k);
  for (let i = 0; i < m; i++) out.set(A.subarray(i * lda, i * lda + k), i * k);
  return out;
}

function allFiniteBelow(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (!(Math.abs(v) < MAX_ABS)) return false;
  }
  return true;
}

/**
 * C = A·Bᵀ + α·D by Dot2 per entry, and E ≥ |C − (A·Bᵀ + α·D)| entrywise (module doc). A: m×k (lda), Bt: n×k (ldb),
 * C and E: m×n (ldc). Returns true when the bound is finite (all inputs finite and below 2^500 in magnitude); when it
 * returns false, E is all +Infinity (C still holds the computed values).
 */
export function compensatedProductABt(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  lda: number,
  Bt: Float64Array,
  ldb: number,
  C: Float64Array,
  E: Float64Array,
  ldc: number,
  addend?: ProductAddend,
): boolean {
  const Ap = packRows(m, k, A, lda),
    Bp = packRows(n, k, Bt, ldb);
  const Ah = new Float64Array(m * k),
    Al = new Float64Array(m * k),
    Bh = new Float64Array(n * k),
    Bl = new Float64Array(n * k);
  veltkampSplit(Ap, Ah, Al);
  veltkampSplit(Bp, Bh, Bl);
  let ok = allFiniteBelow(Ap) && allFiniteBelow(Bp);
  const alpha = addend?.alpha ?? 0;
  const D = addend?.D;
  const ldd = addend?.ldd ?? 0;
  if (D !== undefined && !(Math.abs(alpha) < MAX_ABS)) ok = false;
  const terms = k + (D === undefined ? 0 : 1);
  const g = gammaN(terms);
  const absFactor = g * g * (1 + 2 * U) * (1 + 2 * g);
  const tau = 8 * terms * ETA;
  const inflate = (1 + 2 ** -49) / (1 - U);
  // alpha split once (for the addend's TwoProduct).
  const ac = SPLIT * alpha,
    alH = ac - (ac - alpha),
    alL = alpha - alH;
  for (let i = 0; i < m; i++) {
    const ia = i * k;
    for (let j = 0; j < n; j++) {
      const ib = j * k;
      let p = 0,
        s = 0,
        abs = 0;
      if (D !== undefined) {
        const dv = D[i * ldd + j] as number;
        if (!(Math.abs(dv) < MAX_ABS)) ok = false;
        const dc = SPLIT * dv,
          dH = dc - (dc - dv),
          dL = dv - dH;
        p = alpha * dv;
        s = alL * dL - (p - alH * dH - alL * dH - alH * dL);
        abs = Math.abs(p);
      }
      for (let q = 0; q < k; q++) {
        const ah = Ah[ia + q] as number,
          al = Al[ia + q] as number,
          bh = Bh[ib + q] as number,
          bl = Bl[ib + q] as number;
        const x = (Ap[ia + q] as number) * (Bp[ib + q] as number);
        const y = al * bl - (x - ah * bh - al * bh - ah * bl); // TwoProduct: a·b = x + y
        const t = p + x; // TwoSum(p, x) = t + r
        const z = t - p;
        const r = p - (t - z) + (x - z);
        p = t;
        s += r + y;
        abs += Math.abs(x);
      }
      const res = p + s;
      C[i * ldc + j] = res;
      E[i * ldc + j] = (U * Math.abs(res) + absFactor * abs + tau) * inflate;
    }
  }
  if (!ok) for (let i = 0; i < m; i++) E.fill(Number.POSITIVE_INFINITY, i * ldc, i * ldc + n);
  return ok;
}

/**
 * The bound of the ordinary (recursive, working-precision) product for comparison: γ_k·(|A||B|ᵀ)_ij
 * (Higham Thm 3.5), written to E (m×n, ldc), with |A||B|ᵀ computed in working precision and inflated by
 * (1+2u)(1+2γ_k) as in {@link compensatedProductABt}.
 */
export function plainProductBound(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  lda: number,
  Bt: Float64Array,
  ldb: number,
  E: Float64Array,
  ldc: number,
): void {
  const g = gammaN(k);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let abs = 0;
      for (let q = 0; q < k; q++) abs += Math.abs((A[i * lda + q] as number) * (Bt[j * ldb + q] as number));
      E[i * ldc + j] = g * abs * (1 + 2 * g) * (1 + 2 * U);
    }
}
