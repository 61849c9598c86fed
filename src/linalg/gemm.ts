/**
 * Dense row-major matrix products C ← α·op(A)·op(B) + β·C — the three products a UFM step needs
 * (THEORY.md §0.2: Z = W H, ∂f/∂W = G Hᵀ, ∂f/∂H = Wᵀ G):
 *
 * - {@link gemmNN}: C (M×N) ← α·A·B + β·C,   A M×K (row stride lda), B K×N (ldb);
 * - {@link gemmTN}: C (M×N) ← α·Aᵀ·B + β·C,  A stored K×M (lda), B K×N (ldb);
 * - {@link gemmNT}: C (M×N) ← α·A·Bᵀ + β·C,  A M×K (lda), B stored N×K (ldb).
 *
 * Entry (i, j) of a matrix with leading dimension ld and offset off lives at `off + i·ld + j`, so a block of
 * columns of a row-major matrix is just `(off = j0, ld = cols)` — no copy (STYLE.md §1.3).
 *
 * Kernel design (pure JS has no SIMD, so speed comes from few loads per flop and cache reuse; STYLE.md §1.2):
 * - NN and TN share an "axpy panel" kernel in i-k-j order: the innermost loop runs over contiguous columns of B
 *   and C, and each pass updates 4 (or 2, or 1) rows of C with 4 rank-1 terms at once (register blocking
 *   4×4: 4 loads of B feed 32 flops), over column blocks of {@link NB} and depth blocks of {@link KC} so the
 *   touched panel of B stays in L2 and the rows of C in L1.
 * - NT is a "dot panel": each entry is a dot product over contiguous rows of A and B; a 3×3 block of C is
 *   computed at once with 9 independent accumulators (6 loads feed 18 flops), over depth blocks of {@link KC}.
 * - β = 0 overwrites C without reading it (BLAS semantics: NaN in C does not propagate).
 * - Nothing is allocated; inputs are not validated (validate at the public boundary, STYLE.md §4.5).
 *   C must not overlap A or B.
 */

// VARIABLES //

/** Column block width of the axpy panel (4 rows of C and 4 rows of B, NB wide, fill ≈ 16 KiB of L1). */
const NB = 256;
/** Depth block of both panels (a KC×NB panel of B is 256 KiB, within L2). */
const KC = 128;

// FUNCTIONS //

/** C (M×N block at offC, ldc) ← β·C; β = 0 writes zeros without reading. */
function scaleC(M: number, N: number, beta: number, C: Float64Array, offC: number, ldc: number): void {
  if (beta === 1) return;
  for (let i = 0; i < M; i++) {
    const c = offC + i * ldc;
    if (beta === 0) C.fill(0, c, c + N);
    else for (let j = c; j < c + N; j++) C[j] = beta * (C[j] as number);
  }
}

/**
 * Four rows of C: C[i..i+3, j0..j1) += α·A[i..i+3, p0..p1)·B[p0..p1, j0..j1).
 * A(i, p) = A[offA + i·sAi + p·sAp] (general strides cover both A and Aᵀ).
 */
function axpyRows4(
  i: number,
  j0: number,
  j1: number,
  p0: number,
  p1: number,
  alpha: number,
  A: Float64Array,
  offA: number,
  sAi: number,
  sAp: number,
  B: Float64Array,
  offB: number,
  ldb: number,
  C: Float64Array,
  offC: number,
  ldc: number,
): void {
  const c0 = offC + i * ldc;
  const c1 = c0 + ldc;
  const c2 = c1 + ldc;
  const c3 = c2 + ldc;
  const a0 = offA + i * sAi;
  const a1 = a0 + sAi;
  const a2 = a1 + sAi;
  const a3 = a2 + sAi;
  let p = p0;
  for (; p + 3 < p1; p += 4) {
    const q0 = p * sAp;
    const q1 = q0 + sAp;
    const q2 = q1 + sAp;
    const q3 = q2 + sAp;
    const x0 = alpha * (A[a0 + q0] as number),
      x1 = alpha * (A[a0 + q1] as number);
    const x2 = alpha * (A[a0 + q2] as number),
      x3 = alpha * (A[a0 + q3] as number);
    const y0 = alpha * (A[a1 + q0] as number),
      y1 = alpha * (A[a1 + q1] as number);
    const y2 = alpha * (A[a1 + q2] as number),
      y3 = alpha * (A[a1 + q3] as number);
    const z0 = alpha * (A[a2 + q0] as number),
      z1 = alpha * (A[a2 + q1] as number);
    const z2 = alpha * (A[a2 + q2] as number),
      z3 = alpha * (A[a2 + q3] as number);
    const w0 = alpha * (A[a3 + q0] as number),
      w1 = alpha * (A[a3 + q1] as number);
    const w2 = alpha * (A[a3 + q2] as number),
      w3 = alpha * (A[a3 + q3] as number);
    const b0 = offB + p * ldb;
    const b1 = b0 + ldb;
    const b2 = b1 + ldb;
    const b3 = b2 + ldb;
    for (let j = j0; j < j1; j++) {
      const v0 = B[b0 + j] as number,
        v1 = B[b1 + j] as number,
        v2 = B[b2 + j] as number,
        v3 = B[b3 + j] as number;
      C[c0 + j] = (C[c0 + j] as number) + (x0 * v0 + x1 * v1 + (x2 * v2 + x3 * v3));
      C[c1 + j] = (C[c1 + j] as number) + (y0 * v0 + y1 * v1 + (y2 * v2 + y3 * v3));
      C[c2 + j] = (C[c2 + j] as number) + (z0 * v0 + z1 * v1 + (z2 * v2 + z3 * v3));
      C[c3 + j] = (C[c3 + j] as number) + (w0 * v0 + w1 * v1 + (w2 * v2 + w3 * v3));
    }
  }
  for (; p < p1; p++) {
    const q = p * sAp;
    const x = alpha * (A[a0 + q] as number),
      y = alpha * (A[a1 + q] as number);
    const z = alpha * (A[a2 + q] as number),
      w = alpha * (A[a3 + q] as number);
    const b = offB + p * ldb;
    for (let j = j0; j < j1; j++) {
      const v = B[b + j] as number;
      C[c0 + j] = (C[c0 + j] as number) + x * v;
      C[c1 + j] = (C[c1 + j] as number) + y * v;
      C[c2 + j] = (C[c2 + j] as number) + z * v;
      C[c3 + j] = (C[c3 + j] as number) + w * v;
    }
  }
}

/** Two rows of C (see {@link axpyRows4}), depth unrolled by 4. */
function axpyRows2(
  i: number,
  j0: number,
  j1: number,
  p0: number,
  p1: number,
  alpha: number,
  A: Float64Array,
  offA: number,
  sAi: number,
  sAp: number,
  B: Float64Array,
  offB: number,
  ldb: number,
  C: Float64Array,
  offC: number,
  ldc: number,
): void {
  const c0 = offC + i * ldc;
  const c1 = c0 + ldc;
  const a0 = offA + i * sAi;
  const a1 = a0 + sAi;
  let p = p0;
  for (; p + 3 < p1; p += 4) {
    const q0 = p * sAp;
    const q1 = q0 + sAp;
    const q2 = q1 + sAp;
    const q3 = q2 + sAp;
    const x0 = alpha * (A[a0 + q0] as number),
      x1 = alpha * (A[a0 + q1] as number);
    const x2 = alpha * (A[a0 + q2] as number),
      x3 = alpha * (A[a0 + q3] as number);
    const y0 = alpha * (A[a1 + q0] as number),
      y1 = alpha * (A[a1 + q1] as number);
    const y2 = alpha * (A[a1 + q2] as number),
      y3 = alpha * (A[a1 + q3] as number);
    const b0 = offB + p * ldb;
    const b1 = b0 + ldb;
    const b2 = b1 + ldb;
    const b3 = b2 + ldb;
    for (let j = j0; j < j1; j++) {
      const v0 = B[b0 + j] as number,
        v1 = B[b1 + j] as number,
        v2 = B[b2 + j] as number,
        v3 = B[b3 + j] as number;
      C[c0 + j] = (C[c0 + j] as number) + (x0 * v0 + x1 * v1 + (x2 * v2 + x3 * v3));
      C[c1 + j] = (C[c1 + j] as number) + (y0 * v0 + y1 * v1 + (y2 * v2 + y3 * v3));
    }
  }
  for (; p < p1; p++) {
    const q = p * sAp;
    const x = alpha * (A[a0 + q] as number),
      y = alpha * (A[a1 + q] as number);
    const b = offB + p * ldb;
    for (let j = j0; j < j1; j++) {
      const v = B[b + j] as number;
      C[c0 + j] = (C[c0 + j] as number) + x * v;
      C[c1 + j] = (C[c1 + j] as number) + y * v;
    }
  }
}

/** One row of C (see {@link axpyRows4}), depth unrolled by 4. */
function axpyRows1(
  i: number,
  j0: number,
  j1: number,
  p0: number,
  p1: number,
  alpha: number,
  A: Float64Array,
  offA: number,
  sAi: number,
  sAp: number,
  B: Float64Array,
  offB: number,
  ldb: number,
  C: Float64Array,
  offC: number,
  ldc: number,
): void {
  const c0 = offC + i * ldc;
  const a0 = offA + i * sAi;
  let p = p0;
  for (; p + 3 < p1; p += 4) {
    const q0 = p * sAp;
    const x0 = alpha * (A[a0 + q0] as number),
      x1 = alpha * (A[a0 + q0 + sAp] as number);
    const x2 = alpha * (A[a0 + q0 + 2 * sAp] as number),
      x3 = alpha * (A[a0 + q0 + 3 * sAp] as number);
    const b0 = offB + p * ldb;
    const b1 = b0 + ldb;
    const b2 = b1 + ldb;
    const b3 = b2 + ldb;
    for (let j = j0; j < j1; j++) {
      C[c0 + j] =
        (C[c0 + j] as number) +
        (x0 * (B[b0 + j] as number) +
          x1 * (B[b1 + j] as number) +
          (x2 * (B[b2 + j] as number) + x3 * (B[b3 + j] as number)));
    }
  }
  for (; p < p1; p++) {
    const x = alpha * (A[a0 + p * sAp] as number);
    const b = offB + p * ldb;
    for (let j = j0; j < j1; j++) C[c0 + j] = (C[c0 + j] as number) + x * (B[b + j] as number);
  }
}

/** C (M×N) += α·Ã·B with Ã(i, p) = A[offA + i·sAi + p·sAp]; blocked over columns (NB) and depth (KC). */
function axpyPanel(
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Float64Array,
  offA: number,
  sAi: number,
  sAp: number,
  B: Float64Array,
  offB: number,
  ldb: number,
  C: Float64Array,
  offC: number,
  ldc: number,
): void {
  for (let j0 = 0; j0 < N; j0 += NB) {
    const j1 = Math.min(N, j0 + NB);
    for (let p0 = 0; p0 < K; p0 += KC) {
      const p1 = Math.min(K, p0 + KC);
      let i = 0;
      for (; i + 3 < M; i += 4) axpyRows4(i, j0, j1, p0, p1, alpha, A, offA, sAi, sAp, B, offB, ldb, C, offC, ldc);
      if (i + 1 < M) {
        axpyRows2(i, j0, j1, p0, p1, alpha, A, offA, sAi, sAp, B, offB, ldb, C, offC, ldc);
        i += 2;
      }
      if (i < M) axpyRows1(i, j0, j1, p0, p1, alpha, A, offA, sAi, sAp, B, offB, ldb, C, offC, ldc);
    }
  }
}

/** C[i..i+2, j..j+2] += α·Σ_{p0≤p<p1} A[i+r, p]·B[j+s, p] (3×3 block, nine accumulators). */
function dot3x3(
  i: number,
  j: number,
  p0: number,
  p1: number,
  alpha: number,
  A: Float64Array,
  offA: number,
  lda: number,
  B: Float64Array,
  offB: number,
  ldb: number,
  C: Float64Array,
  offC: number,
  ldc: number,
): void {
  const a0 = offA + i * lda;
  const a1 = a0 + lda;
  const a2 = a1 + lda;
  const b0 = offB + j * ldb;
  const b1 = b0 + ldb;
  const b2 = b1 + ldb;
  let s00 = 0,
    s01 = 0,
    s02 = 0,
    s10 = 0,
    s11 = 0,
    s12 = 0,
    s20 = 0,
    s21 = 0,
    s22 = 0;
  for (let p = p0; p < p1; p++) {
    const x0 = A[a0 + p] as number,
      x1 = A[a1 + p] as number,
      x2 = A[a2 + p] as number;
    const v0 = B[b0 + p] as number,
      v1 = B[b1 + p] as number,
      v2 = B[b2 + p] as number;
    s00 += x0 * v0;
    s01 += x0 * v1;
    s02 += x0 * v2;
    s10 += x1 * v0;
    s11 += x1 * v1;
    s12 += x1 * v2;
    s20 += x2 * v0;
    s21 += x2 * v1;
    s22 += x2 * v2;
  }
  const c0 = offC + i * ldc + j;
  const c1 = c0 + ldc;
  const c2 = c1 + ldc;
  C[c0] = (C[c0] as number) + alpha * s00;
  C[c0 + 1] = (C[c0 + 1] as number) + alpha * s01;
  C[c0 + 2] = (C[c0 + 2] as number) + alpha * s02;
  C[c1] = (C[c1] as number) + alpha * s10;
  C[c1 + 1] = (C[c1 + 1] as number) + alpha * s11;
  C[c1 + 2] = (C[c1 + 2] as number) + alpha * s12;
  C[c2] = (C[c2] as number) + alpha * s20;
  C[c2 + 1] = (C[c2 + 1] as number) + alpha * s21;
  C[c2 + 2] = (C[c2 + 2] as number) + alpha * s22;
}

/** One row of A against three rows of B (the M mod 3 edge), two accumulators each. */
function dot1x3(
  i: number,
  j: number,
  p0: number,
  p1: number,
  alpha: number,
  A: Float64Array,
  offA: number,
  lda: number,
  B: Float64Array,
  offB: number,
  ldb: number,
  C: Float64Array,
  offC: number,
  ldc: number,
): void {
  const a0 = offA + i * lda;
  const b0 = offB + j * ldb;
  const b1 = b0 + ldb;
  const b2 = b1 + ldb;
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    t0 = 0,
    t1 = 0,
    t2 = 0;
  let p = p0;
  for (; p + 1 < p1; p += 2) {
    const x = A[a0 + p] as number,
      y = A[a0 + p + 1] as number;
    s0 += x * (B[b0 + p] as number);
    s1 += x * (B[b1 + p] as number);
    s2 += x * (B[b2 + p] as number);
    t0 += y * (B[b0 + p + 1] as number);
    t1 += y * (B[b1 + p + 1] as number);
    t2 += y * (B[b2 + p + 1] as number);
  }
  if (p < p1) {
    const x = A[a0 + p] as number;
    s0 += x * (B[b0 + p] as number);
    s1 += x * (B[b1 + p] as number);
    s2 += x * (B[b2 + p] as number);
  }
  const c = offC + i * ldc + j;
  C[c] = (C[c] as number) + alpha * (s0 + t0);
  C[c + 1] = (C[c + 1] as number) + alpha * (s1 + t1);
  C[c + 2] = (C[c + 2] as number) + alpha * (s2 + t2);
}

/** A single dot product with four accumulators (the N mod 3 edge). */
function dot1x1(
  i: number,
  j: number,
  p0: number,
  p1: number,
  alpha: number,
  A: Float64Array,
  offA: number,
  lda: number,
  B: Float64Array,
  offB: number,
  ldb: number,
  C: Float64Array,
  offC: number,
  ldc: number,
): void {
  const a = offA + i * lda;
  const b = offB + j * ldb;
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let p = p0;
  for (; p + 3 < p1; p += 4) {
    s0 += (A[a + p] as number) * (B[b + p] as number);
    s1 += (A[a + p + 1] as number) * (B[b + p + 1] as number);
    s2 += (A[a + p + 2] as number) * (B[b + p + 2] as number);
    s3 += (A[a + p + 3] as number) * (B[b + p + 3] as number);
  }
  for (; p < p1; p++) s0 += (A[a + p] as number) * (B[b + p] as number);
  const c = offC + i * ldc + j;
  C[c] = (C[c] as number) + alpha * (s0 + s1 + (s2 + s3));
}

/** C (M×N) += α·A·Bᵀ; blocked over depth (KC); columns of C (rows of B) outermost so B is streamed once per block. */
function dotPanel(
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Float64Array,
  offA: number,
  lda: number,
  B: Float64Array,
  offB: number,
  ldb: number,
  C: Float64Array,
  offC: number,
  ldc: number,
): void {
  const KD = 4 * KC;
  for (let p0 = 0; p0 < K; p0 += KD) {
    const p1 = Math.min(K, p0 + KD);
    let j = 0;
    for (; j + 2 < N; j += 3) {
      let i = 0;
      for (; i + 2 < M; i += 3) dot3x3(i, j, p0, p1, alpha, A, offA, lda, B, offB, ldb, C, offC, ldc);
      for (; i < M; i++) dot1x3(i, j, p0, p1, alpha, A, offA, lda, B, offB, ldb, C, offC, ldc);
    }
    for (; j < N; j++) {
      for (let i = 0; i < M; i++) dot1x1(i, j, p0, p1, alpha, A, offA, lda, B, offB, ldb, C, offC, ldc);
    }
  }
}

// MAIN //

/**
 * Writes C ← α·A·B + β·C (row-major).
 * @param M - rows of A and C
 * @param N - columns of B and C
 * @param K - columns of A = rows of B
 * @param alpha - scalar α
 * @param A - M×K at `offA`, row stride `lda` (≥ K)
 * @param lda - leading dimension of A
 * @param B - K×N at `offB`, row stride `ldb` (≥ N)
 * @param ldb - leading dimension of B
 * @param beta - scalar β; β = 0 overwrites C without reading it
 * @param C - M×N at `offC`, row stride `ldc` (≥ N); must not overlap A or B
 * @param ldc - leading dimension of C
 * @param offA - index of A(0, 0) (default 0)
 * @param offB - index of B(0, 0) (default 0)
 * @param offC - index of C(0, 0) (default 0)
 * @example
 * const C = new Float64Array(4);
 * gemmNN(2, 2, 2, 1, Float64Array.of(1, 2, 3, 4), 2, Float64Array.of(5, 6, 7, 8), 2, 0, C, 2);
 * // C => Float64Array [ 19, 22, 43, 50 ]
 */
export function gemmNN(
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Float64Array,
  lda: number,
  B: Float64Array,
  ldb: number,
  beta: number,
  C: Float64Array,
  ldc: number,
  offA = 0,
  offB = 0,
  offC = 0,
): void {
  scaleC(M, N, beta, C, offC, ldc);
  if (alpha === 0 || K === 0) return;
  axpyPanel(M, N, K, alpha, A, offA, lda, 1, B, offB, ldb, C, offC, ldc);
}

/**
 * Writes C ← α·Aᵀ·B + β·C (row-major), where A is stored K×M.
 * @param M - rows of C = columns of the stored A
 * @param N - columns of B and C
 * @param K - rows of the stored A = rows of B
 * @param alpha - scalar α
 * @param A - K×M at `offA`, row stride `lda` (≥ M)
 * @param lda - leading dimension of A
 * @param B - K×N at `offB`, row stride `ldb` (≥ N)
 * @param ldb - leading dimension of B
 * @param beta - scalar β; β = 0 overwrites C without reading it
 * @param C - M×N at `offC`, row stride `ldc`; must not overlap A or B
 * @param ldc - leading dimension of C
 * @param offA - index of A(0, 0) (default 0)
 * @param offB - index of B(0, 0) (default 0)
 * @param offC - index of C(0, 0) (default 0)
 * @example
 * const C = new Float64Array(4);
 * gemmTN(2, 2, 2, 1, Float64Array.of(1, 2, 3, 4), 2, Float64Array.of(5, 6, 7, 8), 2, 0, C, 2);
 * // C => Float64Array [ 26, 30, 38, 44 ]
 */
export function gemmTN(
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Float64Array,
  lda: number,
  B: Float64Array,
  ldb: number,
  beta: number,
  C: Float64Array,
  ldc: number,
  offA = 0,
  offB = 0,
  offC = 0,
): void {
  scaleC(M, N, beta, C, offC, ldc);
  if (alpha === 0 || K === 0) return;
  axpyPanel(M, N, K, alpha, A, offA, 1, lda, B, offB, ldb, C, offC, ldc);
}

/**
 * Writes C ← α·A·Bᵀ + β·C (row-major), where B is stored N×K.
 * @param M - rows of A and C
 * @param N - columns of C = rows of the stored B
 * @param K - columns of A and of the stored B
 * @param alpha - scalar α
 * @param A - M×K at `offA`, row stride `lda` (≥ K)
 * @param lda - leading dimension of A
 * @param B - N×K at `offB`, row stride `ldb` (≥ K)
 * @param ldb - leading dimension of B
 * @param beta - scalar β; β = 0 overwrites C without reading it
 * @param C - M×N at `offC`, row stride `ldc`; must not overlap A or B
 * @param ldc - leading dimension of C
 * @param offA - index of A(0, 0) (default 0)
 * @param offB - index of B(0, 0) (default 0)
 * @param offC - index of C(0, 0) (default 0)
 * @example
 * const C = new Float64Array(4);
 * gemmNT(2, 2, 2, 1, Float64Array.of(1, 2, 3, 4), 2, Float64Array.of(5, 6, 7, 8), 2, 0, C, 2);
 * // C => Float64Array [ 17, 23, 39, 53 ]
 */
export function gemmNT(
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Float64Array,
  lda: number,
  B: Float64Array,
  ldb: number,
  beta: number,
  C: Float64Array,
  ldc: number,
  offA = 0,
  offB = 0,
  offC = 0,
): void {
  scaleC(M, N, beta, C, offC, ldc);
  if (alpha === 0 || K === 0) return;
  dotPanel(M, N, K, alpha, A, offA, lda, B, offB, ldb, C, offC, ldc);
}
