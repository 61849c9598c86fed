/**
 * Eigendecomposition of a small dense symmetric matrix: Householder reduction to tridiagonal form followed by the
 * implicit QL iteration with Wilkinson-type shifts (the EISPACK tred2/tql2 pair, Wilkinson & Reinsch 1971,
 * "Handbook for Automatic Computation II", contributions II/2 and II/3), written here over flat row-major
 * Float64Arrays so that Lanczos (src/linalg/lanczos.ts) can call it on its projected matrix without allocating.
 *
 * Cost ≈ 4n³/3 (reduction) + ≈ 3n³ (QL with vectors): 1 ms at n = 50, ~0.3 s at n = 400 in V8.
 * Accuracy: backward stable, |λ̂ᵢ − λᵢ| ≤ c·n·ε·‖A‖₂ (Weyl), eigenvectors orthonormal to O(n·ε).
 * ml-matrix's EVD implements the same algorithm on arrays of rows; tests cross-check the two.
 */

/** Eigen-pairs of a symmetric matrix, eigenvalues ascending. */
export interface SymEigResult {
  readonly n: number;
  /** Eigenvalues λ₀ ≤ λ₁ ≤ … ≤ λ_{n−1}. */
  readonly values: Float64Array;
  /** n×n row-major; column i (entries vectors[r·n + i]) is the unit eigenvector of values[i]. */
  readonly vectors: Float64Array;
}

/**
 * Returns the eigenvalues (ascending) and orthonormal eigenvectors of the symmetric n×n matrix `a`.
 * The matrix is symmetrised on entry ((A + Aᵀ)/2), so a tiny asymmetry from rounding is harmless.
 *
 * @param n - order of the matrix
 * @param a - n×n row-major, symmetric (not modified)
 * @returns fresh arrays `values` (length n) and `vectors` (n×n, eigenvectors in columns)
 * @throws RangeError if `a.length !== n·n`
 * @example
 * const { values } = symEig(2, Float64Array.of(2, 1, 1, 2));
 * // values => Float64Array [ 1, 3 ]
 */
export function symEig(n: number, a: Float64Array): SymEigResult {
  if (!Number.isInteger(n) || n < 0 || a.length !== n * n) {
    throw new RangeError(`symEig: a must hold n·n = ${n * n} entries; got ${a.length}`);
  }
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  symEigInto(n, a, n, values, vectors, new Float64Array(n));
  return { n, values, vectors };
}

/**
 * Writes the eigen-decomposition of the leading n×n block of a symmetric matrix into caller-owned buffers
 * (allocates nothing; the kernel behind {@link symEig}).
 *
 * @param n - order
 * @param a - matrix with row stride `lda` (entry (i, j) at a[i·lda + j]); only read
 * @param lda - row stride of `a` (≥ n)
 * @param values - out, length ≥ n: eigenvalues ascending
 * @param vectors - out, length ≥ n·n: row-major n×n, eigenvectors in columns
 * @param work - scratch, length ≥ n
 */
export function symEigInto(
  n: number,
  a: Float64Array,
  lda: number,
  values: Float64Array,
  vectors: Float64Array,
  work: Float64Array,
): void {
  if (n === 0) return;
  const V = vectors;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const s = 0.5 * (a[i * lda + j]! + a[j * lda + i]!);
      V[i * n + j] = s;
      V[j * n + i] = s;
    }
  }
  tridiagonalise(n, V, values, work);
  qlImplicit(n, V, values, work);
}

/**
 * Householder reduction of the symmetric matrix in V (n×n) to tridiagonal form, accumulating the orthogonal
 * transformation in V. On exit d holds the diagonal and e[1..n−1] the sub-diagonal (e[0] = 0).
 */
function tridiagonalise(n: number, V: Float64Array, d: Float64Array, e: Float64Array): void {
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j]!;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = V[(i - 1) * n + j]!;
        V[i * n + j] = 0;
        V[j * n + i] = 0;
      }
    } else {
      // Householder vector from row i (held in d[0..i−1]), scaled against under/overflow.
      for (let k = 0; k < i; k++) {
        d[k]! /= scale;
        h += d[k]! * d[k]!;
      }
      let f = d[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      // e ← A·u on the leading i×i block (lower triangle of V holds A).
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        V[j * n + i] = f;
        g = e[j]! + V[j * n + j]! * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k * n + j]! * d[k]!;
          e[k]! += V[k * n + j]! * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j]! /= h;
        f += e[j]! * d[j]!;
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j]! -= hh * d[j]!;
      // Rank-2 update A ← A − u eᵀ − e uᵀ on the lower triangle.
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        g = e[j]!;
        for (let k = j; k <= i - 1; k++) V[k * n + j]! -= f * e[k]! + g * d[k]!;
        d[j] = V[(i - 1) * n + j]!;
        V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i]!;
    V[i * n + i] = 1;
    const h = d[i + 1]!;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k * n + i + 1]! / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k * n + i + 1]! * V[k * n + j]!;
        for (let k = 0; k <= i; k++) V[k * n + j]! -= g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[(n - 1) * n + j]!;
    V[(n - 1) * n + j] = 0;
  }
  V[(n - 1) * n + (n - 1)] = 1;
  e[0] = 0;
}

/**
 * Eigenvalues and the LAST components of the eigenvectors of a symmetric tridiagonal matrix — what a Lanczos
 * convergence test needs (the residual estimate of Ritz pair i is |β_j · y_{j−1,i}|; Parlett 1998, "The Symmetric
 * Eigenvalue Problem", §13.2), as in ARPACK's dstqrb. The QL rotations act on the columns of V, each row
 * independently, so accumulating them into the single row e_{n−1}ᵀ gives that row of the eigenvector matrix in
 * O(n²) instead of the O(n³) of {@link symEigInto}; the eigenvalues are those of the same tql2 iteration.
 *
 * @param n - order
 * @param diag - the diagonal α₀ … α_{n−1}, read with stride `sd` from `od`: diag[od + i·sd]
 * @param off - the off-diagonal β₁ … β_{n−1}: entry (i, i−1) at off[oo + (i−1)·so] (i ≥ 1)
 * @param values - out, length ≥ n: eigenvalues ascending
 * @param last - out, length ≥ n: last[i] = component n−1 of the unit eigenvector of values[i]
 * @param work - scratch, length ≥ n
 */
export function tridiagEigLastRow(
  n: number,
  diag: Float64Array,
  od: number,
  sd: number,
  off: Float64Array,
  oo: number,
  so: number,
  values: Float64Array,
  last: Float64Array,
  work: Float64Array,
): void {
  if (n === 0) return;
  for (let i = 0; i < n; i++) {
    values[i] = diag[od + i * sd] as number;
    work[i] = i === 0 ? 0 : (off[oo + (i - 1) * so] as number);
    last[i] = i === n - 1 ? 1 : 0;
  }
  qlImplicit(n, last, values, work, 1);
}

/**
 * √(a² + b²) without overflow or harmful underflow (LAPACK's dlapy2 scaling where the squares could leave the normal
 * range). Math.hypot is variadic and several times slower in V8; the QL sweep calls this once per rotation.
 */
function hypot2(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  const w = x > y ? x : y;
  if (w < 1e150 && w > 1e-150) return Math.sqrt(x * x + y * y);
  const z = x > y ? y : x;
  if (w === 0 || !(w < Infinity)) return w + z; // 0, ∞ or NaN as Math.hypot gives (NaN only without an ∞)
  const q = z / w;
  return w * Math.sqrt(1 + q * q);
}

/**
 * Implicit QL iteration on the tridiagonal (d, e) with rotations accumulated into the `rows` rows of V (n columns);
 * on exit d holds the eigenvalues in ascending order and the columns of V the eigenvectors (rows = n, V = the
 * Householder transformation) or those rows of them (e.g. rows = 1, V = e_{n−1}ᵀ: the last components).
 */
function qlImplicit(n: number, V: Float64Array, d: Float64Array, e: Float64Array, rows = n): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0;
  // Negligibility of an off-diagonal is judged against ‖T‖ (max_i |d_i| + |e_i|), a backward-stable deflation
  // (a perturbation ≤ ε‖T‖). tql2's running max over the rows seen so far let a subnormal e_l next to a zero d_l
  // pass as significant, and the shift p = (d_{l+1} − d_l)/(2e_l) then overflowed to a NaN eigenvalue (found by
  // tests/unit/linalg/tridiagVector.test.ts: [[0, −5e-324], [−5e-324, 8.9e-16]]).
  let tst1 = 0;
  for (let i = 0; i < n; i++) tst1 = Math.max(tst1, Math.abs(d[i]!) + Math.abs(e[i]!));
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]!) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        iter++;
        // Shift from the leading 2×2 block.
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = hypot2(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i]! -= h;
        f += h;
        // Implicit QL sweep from m − 1 down to l.
        p = d[m]!;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1]!;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = hypot2(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          for (let k = 0; k < rows; k++) {
            const row = k * n;
            h = V[row + i + 1]!;
            V[row + i + 1] = s * V[row + i]! + c * h;
            V[row + i] = c * V[row + i]! - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > eps * tst1 && iter < 60);
    }
    d[l]! += f;
    e[l] = 0;
  }
  // Selection sort, ascending, moving the eigenvector columns along.
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i]!;
    for (let j = i + 1; j < n; j++) {
      if (d[j]! < p) {
        k = j;
        p = d[j]!;
      }
    }
    if (k !== i) {
      d[k] = d[i]!;
      d[i] = p;
      for (let j = 0; j < rows; j++) {
        const row = j * n;
        const t = V[row + i]!;
        V[row + i] = V[row + k]!;
        V[row + k] = t;
      }
    }
  }
}
