/**
 * The smallest (or largest) eigenvalue θ of a symmetric tridiagonal matrix and the last component of its unit
 * eigenvector, in O(n) per iteration — what a Lanczos convergence test needs at every step (the residual estimate of
 * the extreme Ritz pair is |β_j·y_{j−1}|; Parlett 1998, "The Symmetric Eigenvalue Problem", §13.2), without the
 * O(n²) QL sweep over all eigenvalues (denseEig.ts tridiagEigLastRow).
 *
 * Method (Wilkinson 1965, "The Algebraic Eigenvalue Problem", §5.36–5.38; Parlett §7.9). With T's diagonal α_i
 * and couplings β_i, the ratios of successive leading principal minors of T − xI,
 *
 *     q_0(x) = α_0 − x,   q_i(x) = α_i − x − β_i² / q_{i−1}(x),
 *
 * count the eigenvalues below x (the number of negative q_i, Sturm) and give the Newton step on det(T − xI):
 * det'/det = Σ q_i'/q_i with q_0' = −1, q_i' = −1 + β_i² q_{i−1}'/q_{i−1}². The root is bracketed between
 * Gershgorin's lower bound and an upper bound with at least one eigenvalue below it; safeguarded Newton steps
 * (bisection whenever a step leaves the bracket or does not shrink it enough) converge to |Δx| ≤ 4ε‖T‖.
 * A q_{i−1} that is exactly 0 is replaced by ε·|β_i| (the usual Sturm-sequence perturbation, at the rounding level).
 * The last component then comes from the eigenvector by inverse iteration (tridiagVector.ts), O(n): the closed form
 * y_{n−1}² = −1/q_{n−1}'(θ) holds only for an unreduced T, and Lanczos's T splits after a breakdown (β = 0), where an
 * eigenvalue of the leading block has last component 0.
 */
import { tridiagEigenvector } from './tridiagVector.ts';

const EPS = 2 ** -52;

/** Result of {@link tridiagExtreme}. */
export interface TridiagExtreme {
  /** The extreme eigenvalue. */
  readonly value: number;
  /** |last component| of its unit eigenvector. */
  readonly last: number;
}

/**
 * Smallest (`sign` = 1) or largest (`sign` = −1) eigenvalue of the symmetric tridiagonal T and the absolute last
 * component of its unit eigenvector.
 *
 * @param n - order (≥ 1)
 * @param diag - the diagonal α₀ … α_{n−1}, entry i at diag[od + i·sd]
 * @param off - the couplings β₁ … β_{n−1}: entry (i, i−1) at off[oo + (i−1)·so] (i ≥ 1)
 * @param sign - 1 for the smallest eigenvalue, −1 for the largest
 * @param hint - optional: the extreme eigenvalue (same end) of the leading (n−1)×(n−1) block — the previous Lanczos
 *   step's extreme Ritz value — which bounds the wanted one by interlacing and Weyl; NaN when unknown. Any other
 *   value is safe (every bound is checked by a Sturm count before it is used) but slower
 * @param work - scratch, length ≥ 6n
 * @param hintLast - optional, with `hint`: |last component| of the leading block's eigenvector for it (the
 *   previous Lanczos step's residual-estimate factor), which places the first Newton point
 * @example
 * // T = [[2, 1], [1, 2]]: λ_min = 1, eigenvector (1, −1)/√2, so last = 1/√2
 * tridiagExtreme(2, Float64Array.of(2, 2), 0, 1, Float64Array.of(1), 0, 1, 1, NaN, new Float64Array(12)); // => { value: 1, last: 0.7071… }
 */
export function tridiagExtreme(
  n: number,
  diag: Float64Array,
  od: number,
  sd: number,
  off: Float64Array,
  oo: number,
  so: number,
  sign: 1 | -1,
  hint: number,
  work: Float64Array,
  hintLast = NaN,
): TridiagExtreme {
  // Work on S = sign·T, whose smallest eigenvalue is wanted.
  let lo = Infinity;
  let hi = -Infinity;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const a = sign * diag[od + i * sd]!;
    const r = (i > 0 ? Math.abs(off[oo + (i - 1) * so]!) : 0) + (i + 1 < n ? Math.abs(off[oo + i * so]!) : 0);
    lo = Math.min(lo, a - r);
    hi = Math.max(hi, a + r);
    norm = Math.max(norm, Math.abs(a) + r);
  }
  if (!(norm < Infinity)) return { value: NaN, last: NaN };
  if (n === 1) return { value: sign * lo, last: 1 };
  // Scaled to ‖S‖ ≈ 1 (as dstebz does), so that no β_i² underflows or overflows in the Sturm ratios: a coupling of
  // 1e-177 next to a diagonal of 1e-170 moves the eigenvalue by β²/α ≈ 1e-183 = 1e-13·‖T‖, lost if β² underflows.
  let c = norm > 0 ? 1 / norm : 1;
  if (!(c < Infinity)) c = 2 ** 1000;
  lo *= c;
  hi *= c;
  const sNorm = norm * c;
  // Bracket [lo, hi] of the smallest eigenvalue of S. With the leading block's smallest eigenvalue h (the hint), Weyl
  // for the coupling β_{n−1} gives λ_min(S) ≥ min(h, α_{n−1}) − |β_{n−1}|, and interlacing λ_min(S) ≤ h.
  const gLo = lo;
  const gHi = hi;
  const sc = sign * c;
  const h = sc * hint;
  const aLast = sc * diag[od + (n - 1) * sd]!;
  const bLast = c * off[oo + (n - 2) * so]!;
  if (h === h) {
    lo = Math.max(lo, Math.min(h, aLast) - Math.abs(bLast));
    if (h < hi) hi = Math.max(h, lo);
  }
  const tol = 4 * EPS * sNorm;
  let x = lo;
  let converged = false; // by the fast path below
  let hiChecked = !(h === h); // a hint's upper bound is checked by a Sturm count before Newton relies on it
  // With a hint h = θ₁ of the leading block, the new θ₁ is the only root below h of the last ratio q_{n−1}(x) =
  // α − x − β²Σ_k y_k²/(θ_k − x) (the secular form over the leading block's eigenpairs y), which on x < h is concave
  // and decreasing (q' ≤ −1) with a pole at h: Newton on it from the right of the root decreases monotonically to the
  // root at a quadratic rate, where Newton on det(T − xI) from the left is slowed by the cluster of Ritz values a
  // converging Lanczos run piles up near θ₁ (16 passes per call at the hunts' sizes). Near the pole the steps only
  // double the distance to it, so the start is the secular estimate h − β²y₁²/(α − h) (y₁ = `hintLast`, the last
  // component of the leading block's θ₁ eigenvector), moved right towards h while it lies left of the root (Sturm
  // count 0) and left while rounding puts it beyond the pole (count ≥ 2).
  if (h === h && h <= hi) {
    const floor = 8 * EPS * (sNorm + Math.abs(h));
    const yl = hintLast === hintLast ? hintLast : 1;
    let d = Math.max(floor, (bLast * bLast * yl * yl) / Math.max(aLast - h, Math.abs(bLast), floor));
    let xr = h - d;
    for (let k = 0; k < 60; k++) {
      if (!(xr > lo)) break;
      sturmAt(n, diag, od, sd, off, oo, so, sc, c, sNorm, xr);
      if (ST.below === 1) break;
      if (ST.below === 0) {
        lo = xr; // left of the root: the root is in (xr, h)
        d *= 0.25;
        if (d < floor) break;
      } else d *= 16; // rounding put xr beyond the pole: further left
      xr = h - d;
    }
    if (ST.below === 1 && xr > lo) {
      hi = Math.min(hi, xr);
      hiChecked = true;
      for (let it = 0; it < 60; it++) {
        const step = ST.q / ST.qd; // q_{n−1} < 0 and q'_{n−1} ≤ −1 right of the root: a step to the left
        if (!(step >= 0)) break;
        const next = xr - step;
        if (step <= tol) {
          x = next;
          converged = true;
          break;
        }
        if (!(next > lo)) break;
        sturmAt(n, diag, od, sd, off, oo, so, sc, c, sNorm, next);
        if (ST.below !== 1) {
          lo = Math.max(lo, next); // crossed the root (rounding): it lies in [next, xr]
          break;
        }
        xr = next;
        hi = xr;
      }
    }
  }
  // Otherwise Newton from the left: below λ_min every q_i > 0, Σ q_i'/q_i < 0, and for a polynomial with real roots
  // the iterates increase monotonically to λ_min, each step at least 1/n of the remaining distance (so n·step ≤ tol
  // ends it rigorously). A cluster of roots just above λ_min makes that rate linear, so a Newton step that did not
  // halve its predecessor is followed by a bisection of the bracket; an iterate with an eigenvalue below it (a
  // bisection point, or rounding) closes the bracket from above.
  if (!converged) x = lo >= hi ? 0.5 * (lo + hi) : lo;
  let stepLo = NaN;
  let prevStep = Infinity; // the previous Newton step from the left
  let bisectNext = false;
  for (let it = 0; it < 300 && !converged && lo < hi; it++) {
    sturmAt(n, diag, od, sd, off, oo, so, sc, c, sNorm, x);
    const below = ST.below;
    const sum = ST.sum;
    if (x === hi) hiChecked = true;
    if (below >= 1) {
      hi = x;
      // The lower bound itself has an eigenvalue below it (rounding in the bounds): widen to Gershgorin's, with room.
      if (lo >= hi) lo = Math.min(gLo, hi) - tol - Math.abs(gLo) * 4 * EPS;
    } else {
      lo = x;
      if (lo >= hi) hi = gHi; // the hint was not an upper bound (rounding): back to Gershgorin's
      prevStep = stepLo === stepLo ? stepLo : Infinity;
      stepLo = sum < 0 ? -1 / sum : NaN;
      if (n * stepLo <= tol) {
        x = lo + stepLo;
        break;
      }
    }
    if (hi - lo <= tol) {
      x = 0.5 * (lo + hi);
      break;
    }
    const newton = lo + stepLo;
    if (!hiChecked && !(newton < hi)) {
      x = hi;
    } else if (!bisectNext && newton > lo && newton < hi) {
      x = newton;
      // Quadratic convergence shrinks the steps fast; a step that did not halve its predecessor means a cluster
      // (linear rate), and the next point bisects the bracket instead.
      bisectNext = stepLo > 0.5 * prevStep;
    } else {
      x = 0.5 * (lo + hi);
      bisectNext = false;
    }
  }
  const value = (sign * x) / c;
  const y = work.subarray(0, n);
  tridiagEigenvector(n, diag, od, sd, off, oo, so, value, y, work.subarray(n, 6 * n), 2);
  return { value, last: Math.abs(y[n - 1]!) };
}

/** The last evaluation of {@link sturmAt} (module scratch: no allocation per pass). */
const ST = { below: 0, q: 0, qd: 0, sum: 0 };

/**
 * One pass of the ratios at x for S = sc·T/… (the scaled matrix: diagonal sc·α_i, couplings c·β_i): the number of
 * eigenvalues below x, the last ratio q_{n−1} and its derivative, and Σ q_i'/q_i = det'/det.
 */
function sturmAt(
  n: number,
  diag: Float64Array,
  od: number,
  sd: number,
  off: Float64Array,
  oo: number,
  so: number,
  sc: number,
  c: number,
  sNorm: number,
  x: number,
): void {
  // A pivot below ε²‖S‖ in magnitude (0, or a subnormal left by the scaling) is moved to the rounding level with its
  // sign (0 counts as positive): 1/q must not overflow, or a following zero coupling gives 0·∞ = NaN and the Sturm
  // count of every later row is lost (seen: T = diag(−5e-324, 0, …) with two couplings ±1e-9, scaled by 1e9).
  const tiny = EPS * EPS * sNorm;
  let q = sc * diag[od]! - x;
  let qd = -1;
  if (!(Math.abs(q) >= tiny)) q = q < 0 ? -EPS * sNorm : EPS * sNorm;
  let below = q < 0 ? 1 : 0;
  let r = 1 / q; // one division per row: r = 1/q_i serves q_{i+1}, q'_{i+1} and the sum
  let sum = qd * r;
  for (let i = 1; i < n; i++) {
    const b = c * off[oo + (i - 1) * so]!;
    const b2r = b * b * r;
    q = sc * diag[od + i * sd]! - x - b2r;
    qd = -1 + b2r * r * qd;
    if (!(Math.abs(q) >= tiny)) q = (q < 0 ? -1 : 1) * Math.max(EPS * Math.abs(b), tiny);
    if (q < 0) below++;
    r = 1 / q;
    sum += qd * r;
  }
  ST.below = below;
  ST.q = q;
  ST.qd = qd;
  ST.sum = sum;
}
