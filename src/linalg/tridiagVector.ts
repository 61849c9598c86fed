/**
 * One eigenvector of a symmetric tridiagonal matrix for a given (computed) eigenvalue, by inverse iteration
 * (Wilkinson 1965, "The Algebraic Eigenvalue Problem", §5.54–5.61; LAPACK's dstein with the dgttrf/dgtts2
 * factorisation): O(n) per iteration, against the O(n³) of a full eigendecomposition. Lanczos
 * (src/linalg/lanczos.ts) needs, at an explicit convergence check of an unrestarted run, only the eigenvectors of the
 * wanted extreme Ritz values of its tridiagonal T — not all of them.
 *
 * Accuracy. With λ̂ a backward-stable eigenvalue of T (|λ̂ − λ| ≤ c·n·ε·‖T‖, denseEig.ts's QL), T − λ̂I is nearly
 * singular along the eigenvector y and one solve from a start with a non-negligible y-component amplifies that
 * component by ≈ 1/(c·n·ε·‖T‖) against the others' 1/gap; two further solves leave the other components at
 * (nε‖T‖/gap)³. When λ̂ sits in a cluster narrower than that, the result is a unit vector in the cluster's invariant
 * subspace, which for a Ritz vector is as good (its residual is that of the cluster). Lanczos never relies on the
 * accuracy: it recomputes the Rayleigh quotient and the residual ‖Ax − λx‖ of the Ritz vector explicitly.
 */

const EPS = 2 ** -52;
/** Rescaling threshold of the back substitution (far below overflow even after the next step's growth). */
const GROW = 2 ** 500;

/**
 * Writes into `y` (length ≥ n) a unit eigenvector of the symmetric tridiagonal T for the eigenvalue `lambda`.
 *
 * @param n - order (≥ 1)
 * @param diag - the diagonal α₀ … α_{n−1}, entry i at diag[od + i·sd]
 * @param off - the off-diagonal β₁ … β_{n−1}: entry (i, i−1) at off[oo + (i−1)·so] (i ≥ 1)
 * @param lambda - a computed eigenvalue of T
 * @param y - out: the unit eigenvector (sign arbitrary)
 * @param work - scratch, length ≥ 5n
 * @param iterations - solves from the start vector (module doc: with a backward-stable λ, 2 already leave the other
 *   components at (nε‖T‖/gap)²) @defaultValue 3
 * @example
 * // T = [[2, 1], [1, 2]]: eigenvalue 1 has eigenvector (1, −1)/√2 (up to sign)
 * const y = new Float64Array(2);
 * tridiagEigenvector(2, Float64Array.of(2, 2), 0, 1, Float64Array.of(1), 0, 1, 1, y, new Float64Array(10));
 */
export function tridiagEigenvector(
  n: number,
  diag: Float64Array,
  od: number,
  sd: number,
  off: Float64Array,
  oo: number,
  so: number,
  lambda: number,
  y: Float64Array,
  work: Float64Array,
  iterations = 3,
): void {
  if (n === 1) {
    y[0] = 1;
    return;
  }
  // LU of T − λI with partial pivoting (dgttrf): U has diagonal d, superdiagonals du, du2; L unit lower with
  // multipliers dl; piv[i] = 1 when rows i and i+1 were swapped.
  const d = work.subarray(0, n);
  const dl = work.subarray(n, 2 * n);
  const du = work.subarray(2 * n, 3 * n);
  const du2 = work.subarray(3 * n, 4 * n);
  const piv = work.subarray(4 * n, 5 * n);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const a = diag[od + i * sd]! - lambda;
    const b = i + 1 < n ? off[oo + i * so]! : 0;
    d[i] = a;
    dl[i] = b;
    du[i] = b;
    du2[i] = 0;
    piv[i] = 0;
    scale = Math.max(
      scale,
      Math.abs(diag[od + i * sd]!) + Math.abs(b) + (i > 0 ? Math.abs(off[oo + (i - 1) * so]!) : 0),
    );
  }
  // A pivot below ε‖T‖ is replaced by ±ε‖T‖ (a perturbation of λ at the rounding level), as in dlagtf/dstein.
  const tiny = EPS * Math.max(scale, Number.MIN_VALUE);
  for (let i = 0; i < n - 1; i++) {
    if (Math.abs(d[i]!) >= Math.abs(dl[i]!)) {
      if (Math.abs(d[i]!) < tiny) d[i] = d[i]! < 0 ? -tiny : tiny;
      const fact = dl[i]! / d[i]!;
      dl[i] = fact;
      d[i + 1] = d[i + 1]! - fact * du[i]!;
    } else {
      const fact = d[i]! / dl[i]!;
      d[i] = dl[i]!;
      dl[i] = fact;
      const temp = du[i]!;
      du[i] = d[i + 1]!;
      d[i + 1] = temp - fact * d[i + 1]!;
      if (i < n - 2) {
        du2[i] = du[i + 1]!;
        du[i + 1] = -fact * du[i + 1]!;
      }
      piv[i] = 1;
    }
  }
  for (let i = 0; i < n; i++) if (Math.abs(d[i]!) < tiny) d[i] = d[i]! < 0 ? -tiny : tiny;
  // Start: entries of varying size and sign, so that no eigenvector of T is orthogonal to it in exact terms of a
  // structured pattern (dstein draws it at random; a fixed irrational pattern keeps the routine deterministic).
  for (let i = 0; i < n; i++) y[i] = 1 + 0.5 * Math.sin(1.7 * i + 0.3);
  for (let it = 0; it < iterations; it++) {
    // Solve L U z = P y in place (dgtts2): forward with the pivots, then back substitution.
    for (let i = 0; i < n - 1; i++) {
      if (piv[i] === 0) y[i + 1] = y[i + 1]! - dl[i]! * y[i]!;
      else {
        const t = y[i]!;
        y[i] = y[i + 1]!;
        y[i + 1] = t - dl[i]! * y[i]!;
      }
    }
    // Back substitution. Near-zero pivots make the solution grow by up to 1/ε per pivot (the point of inverse
    // iteration), and several of them in a nearly split T would overflow: the system is linear, so whenever an
    // entry passes 2^500 the whole vector (solved part and remaining right-hand side alike) is scaled down.
    for (let i = n - 1; i >= 0; i--) {
      let t = y[i]!;
      if (i + 1 < n) t -= du[i]! * y[i + 1]!;
      if (i + 2 < n) t -= du2[i]! * y[i + 2]!;
      t /= d[i]!;
      y[i] = t;
      if (Math.abs(t) > GROW) {
        const c = 1 / Math.abs(t);
        for (let k = 0; k < n; k++) y[k] = y[k]! * c;
      }
    }
    // Normalise (by the largest entry first, so that a huge growth cannot overflow the sum of squares).
    let big = 0;
    for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(y[i]!));
    if (!(big > 0 && big < Infinity)) {
      // Nothing usable (a NaN in T): return the first unit vector rather than NaNs; the caller's explicit
      // residual judges it.
      y.fill(0, 0, n);
      y[0] = 1;
      return;
    }
    let s = 0;
    for (let i = 0; i < n; i++) {
      y[i] = y[i]! / big;
      s += y[i]! * y[i]!;
    }
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < n; i++) y[i] = y[i]! * inv;
  }
}
