/**
 * Tests of the small dense factorisations (src/linalg/decomp.ts).
 *
 * Tolerances: Householder/QR-based EVD and SVD are backward stable, so the reconstruction error and the loss of
 * orthogonality are ≤ c·n·ε·‖A‖ with c a modest constant (Golub & Van Loan §8.3, §8.6). We use
 * tol = 50·n·ε·‖A‖_F (n = largest dimension), i.e. c = 50, for every reconstruction below; hand-computed values are
 * checked to a few ulps of their magnitude.
 */
import { describe, it, expect } from 'vitest';
import type { Mat } from '../../../src/core/index.ts';
import { createRng, fromRows, zeros, transpose } from '../../../src/core/index.ts';
import {
  symEig,
  svd,
  singularValues,
  nuclearNorm,
  spectralNorm,
  polar,
  pinvSym,
  pinvSymDetailed,
  defaultPinvRelTol,
} from '../../../src/linalg/index.ts';

const EPS = Number.EPSILON;

function randMat(m: number, n: number, seed: number): Mat {
  const A = zeros(m, n);
  createRng(seed).fillNormal(A.data);
  return A;
}

function mul(A: Mat, B: Mat): Mat {
  const C = zeros(A.rows, B.cols);
  for (let i = 0; i < A.rows; i++)
    for (let k = 0; k < A.cols; k++)
      for (let j = 0; j < B.cols; j++) {
        C.data[i * B.cols + j] =
          (C.data[i * B.cols + j] as number) + (A.data[i * A.cols + k] as number) * (B.data[k * B.cols + j] as number);
      }
  return C;
}

function frob(A: Mat): number {
  let t = 0;
  for (const v of A.data) t += v * v;
  return Math.sqrt(t);
}

function maxDiff(A: Mat, B: Mat): number {
  let m = 0;
  for (let i = 0; i < A.data.length; i++) m = Math.max(m, Math.abs((A.data[i] as number) - (B.data[i] as number)));
  return m;
}

function identity(n: number): Mat {
  const I = zeros(n, n);
  for (let i = 0; i < n; i++) I.data[i * n + i] = 1;
  return I;
}

function diagMat(s: Float64Array): Mat {
  const D = zeros(s.length, s.length);
  s.forEach((v, i) => {
    D.data[i * s.length + i] = v;
  });
  return D;
}

function tolFor(A: Mat): number {
  return 50 * Math.max(A.rows, A.cols) * EPS * Math.max(frob(A), 1);
}

function checkSvd(A: Mat): void {
  const { U, s, V } = svd(A);
  const r = Math.min(A.rows, A.cols);
  expect(U.rows).toBe(A.rows);
  expect(U.cols).toBe(r);
  expect(V.rows).toBe(A.cols);
  expect(V.cols).toBe(r);
  for (let i = 1; i < r; i++) expect(s[i] as number).toBeLessThanOrEqual(s[i - 1] as number);
  for (let i = 0; i < r; i++) expect(s[i] as number).toBeGreaterThanOrEqual(0);
  const tol = tolFor(A);
  expect(maxDiff(mul(mul(U, diagMat(s)), transpose(V)), A)).toBeLessThanOrEqual(tol);
  expect(maxDiff(mul(transpose(U), U), identity(r))).toBeLessThanOrEqual(50 * Math.max(A.rows, A.cols) * EPS);
  expect(maxDiff(mul(transpose(V), V), identity(r))).toBeLessThanOrEqual(50 * Math.max(A.rows, A.cols) * EPS);
}

describe('symEig', () => {
  it('should return ascending eigenvalues of a hand 2×2 case', () => {
    // Arrange: [[2,1],[1,2]] has eigenvalues 1 and 3.
    const A = fromRows([
      [2, 1],
      [1, 2],
    ]);
    // Act
    const { values } = symEig(A);
    // Assert
    expect(Math.abs((values[0] as number) - 1)).toBeLessThanOrEqual(4 * EPS);
    expect(Math.abs((values[1] as number) - 3)).toBeLessThanOrEqual(8 * EPS);
  });

  it('should reconstruct random symmetric matrices with orthonormal eigenvectors', () => {
    for (const n of [1, 2, 5, 12]) {
      // Arrange
      const B = randMat(n, n, 100 + n);
      const A = zeros(n, n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) A.data[i * n + j] = (B.data[i * n + j] as number) + (B.data[j * n + i] as number);
      // Act
      const { values, vectors } = symEig(A);
      // Assert
      for (let i = 1; i < n; i++) expect(values[i] as number).toBeGreaterThanOrEqual(values[i - 1] as number);
      expect(maxDiff(mul(mul(vectors, diagMat(values)), transpose(vectors)), A)).toBeLessThanOrEqual(tolFor(A));
      expect(maxDiff(mul(transpose(vectors), vectors), identity(n))).toBeLessThanOrEqual(50 * n * EPS);
    }
  });

  it('should throw a RangeError on a non-square matrix', () => {
    expect(() => symEig(zeros(2, 3))).toThrow(RangeError);
  });
});

describe('svd', () => {
  it('should give the hand singular values of diag(3, −2)', () => {
    // Arrange / Act
    const s = singularValues(
      fromRows([
        [3, 0],
        [0, -2],
      ]),
    );
    // Assert
    expect(Array.from(s)).toEqual([3, 2]);
  });

  it('should reconstruct tall, square and wide matrices (U diag(s) Vᵀ = A)', () => {
    const shapes: [number, number][] = [
      [7, 3],
      [5, 5],
      [3, 7],
      [1, 6],
      [6, 1],
      [2, 20],
    ];
    shapes.forEach(([m, n], i) => checkSvd(randMat(m, n, 200 + i)));
  });

  it('should decompose a wide matrix with the singular values of its transpose', () => {
    // Arrange: ml-matrix's own wide SVD is unreliable (mljs/matrix#203); ours goes through the tall side.
    const A = randMat(3, 8, 7);
    // Act
    const sWide = singularValues(A);
    const sTall = singularValues(transpose(A));
    // Assert
    for (let i = 0; i < 3; i++)
      expect(Math.abs((sWide[i] as number) - (sTall[i] as number))).toBeLessThanOrEqual(tolFor(A));
  });

  it('should give orthonormal singular vectors for a rank-deficient matrix', () => {
    // Arrange: rank 1, 4×3 (two exact zero singular values) and a wide rank-1 3×5.
    const u = [1, 2, -1, 0.5],
      v = [3, -1, 2];
    const A = fromRows(u.map((a) => v.map((b) => a * b)));
    const Bw = fromRows([1, -2, 0.5].map((a) => [1, 0, 2, -1, 3].map((b) => a * b)));
    // Act / Assert
    checkSvd(A);
    checkSvd(Bw);
  });

  it('should compute the nuclear and spectral norms of a hand case', () => {
    // [[0,2],[1,0]] has singular values 2 and 1.
    const A = fromRows([
      [0, 2],
      [1, 0],
    ]);
    expect(nuclearNorm(A)).toBeCloseTo(3, 14);
    expect(spectralNorm(A)).toBeCloseTo(2, 14);
  });
});

describe('polar', () => {
  it('should return an orthonormal factor attaining tr(Qᵀ A) = ‖A‖_* (tall and wide)', () => {
    for (const [m, n] of [
      [6, 3],
      [4, 4],
      [2, 5],
    ] as [number, number][]) {
      // Arrange
      const A = randMat(m, n, 300 + m * 10 + n);
      // Act
      const Q = polar(A);
      // Assert
      const QQ = m >= n ? mul(transpose(Q), Q) : mul(Q, transpose(Q));
      expect(maxDiff(QQ, identity(Math.min(m, n)))).toBeLessThanOrEqual(50 * Math.max(m, n) * EPS);
      let tr = 0;
      for (let i = 0; i < A.data.length; i++) tr += (A.data[i] as number) * (Q.data[i] as number);
      expect(Math.abs(tr - nuclearNorm(A))).toBeLessThanOrEqual(tolFor(A));
    }
  });

  it('should return an orthogonal matrix unchanged', () => {
    // Arrange: a rotation by 0.3 rad.
    const c = Math.cos(0.3),
      s = Math.sin(0.3);
    const R = fromRows([
      [c, -s],
      [s, c],
    ]);
    // Act / Assert
    expect(maxDiff(polar(R), R)).toBeLessThanOrEqual(8 * EPS);
  });
});

describe('pinvSym', () => {
  it('should satisfy the Moore–Penrose conditions on a rank-deficient PSD matrix', () => {
    // Arrange: A = X Xᵀ with X 5×2 (rank 2).
    const X = randMat(5, 2, 11);
    const A = mul(X, transpose(X));
    // Act
    const { pinv: P, rank } = pinvSymDetailed(A);
    // Assert
    expect(rank).toBe(2);
    const tol = 50 * 5 * EPS * frob(A) * frob(P) * frob(A);
    expect(maxDiff(mul(mul(A, P), A), A)).toBeLessThanOrEqual(tol);
    expect(maxDiff(mul(mul(P, A), P), P)).toBeLessThanOrEqual(50 * 5 * EPS * frob(P) * frob(A) * frob(P));
  });

  it('should drop eigenvalues at or below relTol·λ_max and keep them with relTol = 0', () => {
    // Arrange: diag(1, 1e-20); the default cut-off 2ε·1 ≈ 4.4e-16 removes the second eigenvalue.
    const A = fromRows([
      [1, 0],
      [0, 1e-20],
    ]);
    // Act
    const cut = pinvSymDetailed(A);
    const full = pinvSymDetailed(A, 0);
    // Assert
    expect(cut.rank).toBe(1);
    expect(cut.cutoff).toBe(defaultPinvRelTol(2));
    expect(cut.pinv.data[3]).toBe(0);
    expect(full.rank).toBe(2);
    expect(full.pinv.data[3]).toBeCloseTo(1e20, -6);
    expect(pinvSym(A).data[0]).toBeCloseTo(1, 14);
  });

  it('should keep tr(B A^†) ≥ 0 for PSD B and a near-singular PSD A', () => {
    // Arrange: A = v vᵀ computed in floating point (rank 1 up to rounding), B PSD.
    const v = [1, 1 / 3, Math.PI, -0.7];
    const A = fromRows(v.map((a) => v.map((b) => a * b)));
    const Y = randMat(4, 4, 5);
    const B = mul(Y, transpose(Y));
    // Act
    const { pinv: P, rank } = pinvSymDetailed(A);
    let tr = 0;
    const BP = mul(B, P);
    for (let i = 0; i < 4; i++) tr += BP.data[i * 4 + i] as number;
    // Assert: rank 1 and tr = vᵀBv/‖v‖⁴ in exact arithmetic; λ and u are backward stable (error ≤ 50·n·ε relative).
    expect(rank).toBe(1);
    let nv2 = 0,
      vBv = 0;
    for (let i = 0; i < 4; i++) {
      nv2 += (v[i] as number) ** 2;
      for (let j = 0; j < 4; j++) vBv += (v[i] as number) * (B.data[i * 4 + j] as number) * (v[j] as number);
    }
    expect(tr).toBeGreaterThanOrEqual(0);
    expect(Math.abs(tr - vBv / (nv2 * nv2))).toBeLessThanOrEqual(50 * 4 * EPS * (vBv / (nv2 * nv2)));
  });
});
