import { describe, it, expect } from 'vitest';
import { lanczos, type SymmetricOperator } from '../../../src/linalg/lanczos.ts';
import { symEig } from '../../../src/linalg/denseEig.ts';
import { createRng } from '../../../src/core/index.ts';
import { mfInstance, randomSymmetric } from '../solvers/testObjectives.ts';

const EPS = 2 ** -52;

function denseOp(n: number, A: Float64Array): SymmetricOperator {
  return {
    dim: n,
    apply(v, out) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += A[i * n + j]! * v[j]!;
        out[i] = s;
      }
    },
  };
}

function diagOp(d: Float64Array): SymmetricOperator {
  return {
    dim: d.length,
    apply: (v, out) => {
      for (let i = 0; i < d.length; i++) out[i] = d[i]! * v[i]!;
    },
  };
}

/** ‖A x − λ x‖ recomputed independently of the implementation. */
function residual(op: SymmetricOperator, x: Float64Array, lambda: number): number {
  const ax = new Float64Array(op.dim);
  op.apply(x, ax);
  let s = 0;
  for (let i = 0; i < op.dim; i++) s += (ax[i]! - lambda * x[i]!) ** 2;
  return Math.sqrt(s);
}

describe('lanczos', () => {
  it('should match the dense eigendecomposition on random symmetric matrices of several sizes', () => {
    for (const n of [1, 2, 5, 30, 120]) {
      // Arrange: Gaussian symmetric matrix (a semicircle spectrum with small gaps at the edges).
      const rng = createRng(100 + n);
      const A = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) A[i * n + j] = A[j * n + i] = rng.normal();
      const exact = symEig(n, A);
      const aNorm = Math.max(Math.abs(exact.values[0]!), Math.abs(exact.values[n - 1]!));
      // Act
      const r = lanczos(denseOp(n, A), { rng: createRng(1), tol: 1e-9 });
      // Assert: the residual bound puts an eigenvalue within r of each Ritz value, and the Rayleigh quotient is
      // above λ_min (below λ_max); the dense EVD itself is backward stable to ~n·ε·‖A‖ (≤ 1e-12‖A‖ here).
      expect(r.converged).toBe(true);
      expect(r.residualMin).toBeLessThanOrEqual(1e-9);
      expect(r.residualMax).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(r.lambdaMin - exact.values[0]!)).toBeLessThanOrEqual(r.residualMin + 1e-12 * aNorm);
      expect(Math.abs(r.lambdaMax - exact.values[n - 1]!)).toBeLessThanOrEqual(r.residualMax + 1e-12 * aNorm);
      expect(residual(denseOp(n, A), r.vectorMin, r.lambdaMin)).toBeCloseTo(r.residualMin, 12);
    }
  });

  it('should be exact in at most dim steps when dim does not exceed the basis size', () => {
    // Arrange
    const n = 25;
    const eigs = Float64Array.from({ length: n }, (_, i) => i - 7);
    const A = randomSymmetric(n, eigs, createRng(3));
    // Act
    const r = lanczos(denseOp(n, A), { rng: createRng(2), tol: 0, maxBasis: 40 });
    // Assert: after dim steps the Krylov space is R^n; what is left is rounding, ~ε‖A‖√n.
    expect(r.iterations).toBeLessThanOrEqual(n);
    expect(r.lambdaMin).toBeCloseTo(-7, 12);
    expect(r.lambdaMax).toBeCloseTo(17, 12);
    expect(r.residualMin).toBeLessThanOrEqual(100 * EPS * 17 * Math.sqrt(n));
  });

  it('should restart thickly and still converge when the basis is much smaller than the space', () => {
    // Arrange: 300 eigenvalues with a small gap at the bottom (−1 vs −0.99) needs many steps.
    const n = 300;
    const rng = createRng(5);
    const eigs = Float64Array.from({ length: n }, (_, i) => (i === 0 ? -1 : -0.99 + 2 * rng.uniform()));
    const A = randomSymmetric(n, eigs, rng);
    const exact = symEig(n, A);
    // Act
    const r = lanczos(denseOp(n, A), { rng: createRng(1), tol: 1e-8, maxBasis: 12, which: 'min' });
    // Assert
    expect(r.restarts).toBeGreaterThan(0);
    expect(r.converged).toBe(true);
    expect(r.residualMin).toBeLessThanOrEqual(1e-8);
    expect(Math.abs(r.lambdaMin - exact.values[0]!)).toBeLessThanOrEqual(r.residualMin);
    // The same with the top end wanted (the spectrum mirrored).
    const rMax = lanczos(
      denseOp(
        n,
        A.map((x) => -x),
      ),
      { rng: createRng(1), tol: 1e-8, maxBasis: 12, which: 'max' },
    );
    expect(rMax.converged).toBe(true);
    expect(Math.abs(rMax.lambdaMax - 1)).toBeLessThanOrEqual(rMax.residualMax + 1e-12);
  });

  it('should find the bottom of a spectrum with an exactly repeated zero eigenvalue and a tight cluster above it', () => {
    // Arrange: the shape of a UFM Hessian at a minimiser — many exact zeros (rotation modes), a big cluster at
    // λ_H = 5e-4, a spread of larger eigenvalues.
    const n = 3000;
    const rng = createRng(9);
    const d = Float64Array.from({ length: n }, (_, i) =>
      i < 60 ? 0 : i < 2000 ? 5e-4 * (1 + 0.01 * rng.uniform()) : 5e-4 + 0.03 * rng.uniform(),
    );
    // Act
    const r = lanczos(diagOp(d), { rng: createRng(1), tol: 1e-10 });
    // Assert: λ_min = 0 is reached to within the residual; the vector lies in the zero eigenspace.
    expect(r.converged).toBe(true);
    expect(Math.abs(r.lambdaMin)).toBeLessThanOrEqual(r.residualMin);
    let outside = 0;
    for (let i = 60; i < n; i++) outside += r.vectorMin[i]! ** 2;
    // Component outside the zero eigenspace: ‖P⊥x‖ ≤ r / gap with gap = 5e-4.
    expect(Math.sqrt(outside)).toBeLessThanOrEqual(r.residualMin / 5e-4 + 1e-12);
  });

  it('should agree with the dense Hessian spectrum of a matrix factorisation at its global minimum (zero modes)', () => {
    // Arrange: U ∈ R^{6×5}, V ∈ R^{20×5}, rank-3 target: the O(5) orbit gives 10 − 1 = 9 exact zero eigenvalues.
    const inst = mfInstance(6, 20, 5, [4, 2.5, 1], 0.1, 0.3, 1, createRng(4));
    const op = inst.objective.hessianAt(inst.thetaStar);
    const n = op.dim;
    const A = new Float64Array(n * n);
    const e = new Float64Array(n);
    const col = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      e.fill(0);
      e[j] = 1;
      op.apply(e, col);
      for (let i = 0; i < n; i++) A[i * n + j] = col[i]!;
    }
    const exact = symEig(n, A);
    const zeroCount = Array.from(exact.values).filter((x) => Math.abs(x) < 1e-10).length;
    // Act
    const r = lanczos(op, { rng: createRng(8), tol: 1e-10 });
    // Assert
    expect(zeroCount).toBe(9);
    expect(r.converged).toBe(true);
    expect(Math.abs(r.lambdaMin - exact.values[0]!)).toBeLessThanOrEqual(r.residualMin + 1e-12);
    expect(Math.abs(r.lambdaMax - exact.values[n - 1]!)).toBeLessThanOrEqual(
      r.residualMax + 1e-12 * exact.values[n - 1]!,
    );
  });

  it('should continue past an invariant subspace (breakdown) and report exact eigenvalues', () => {
    // Arrange: A = I + 2 P with P a rank-3 projector: two distinct eigenvalues, so every Krylov space has
    // dimension 2 and the recurrence breaks down at step 2.
    const n = 40;
    const eigs = Float64Array.from({ length: n }, (_, i) => (i < 3 ? 3 : 1));
    const A = randomSymmetric(n, eigs, createRng(11));
    // Act
    const r = lanczos(denseOp(n, A), { rng: createRng(1), tol: 1e-12 });
    // Assert
    expect(r.converged).toBe(true);
    expect(r.lambdaMin).toBeCloseTo(1, 13);
    expect(r.lambdaMax).toBeCloseTo(3, 13);
    expect(r.iterations).toBeLessThanOrEqual(3);
  });

  it('should handle the zero operator and the identity', () => {
    // Arrange
    const zero: SymmetricOperator = { dim: 7, apply: (_v, out) => out.fill(0) };
    const id: SymmetricOperator = { dim: 7, apply: (v, out) => out.set(v) };
    // Act
    const r0 = lanczos(zero, { rng: createRng(1) });
    const r1 = lanczos(id, { rng: createRng(1) });
    // Assert
    expect([r0.lambdaMin, r0.lambdaMax, r0.residualMin]).toEqual([0, 0, 0]);
    expect(r1.lambdaMin).toBeCloseTo(1, 15);
    expect(r1.lambdaMax).toBeCloseTo(1, 15);
    expect(r1.converged).toBe(true);
  });

  it('should report non-convergence, not throw, when the operator returns NaN', () => {
    // Arrange
    const bad: SymmetricOperator = { dim: 5, apply: (_v, out) => out.fill(NaN) };
    // Act
    const r = lanczos(bad, { rng: createRng(1) });
    // Assert
    expect(r.converged).toBe(false);
    expect(Number.isNaN(r.lambdaMin)).toBe(true);
  });

  it('should report non-convergence when the product budget is too small', () => {
    // Arrange
    const n = 400;
    const rng = createRng(12);
    const d = Float64Array.from({ length: n }, () => rng.uniform());
    // Act
    const r = lanczos(diagOp(d), { rng: createRng(1), tol: 1e-14, maxMatvecs: 12 });
    // Assert
    expect(r.converged).toBe(false);
    expect(r.matvecs).toBeLessThanOrEqual(12);
    expect(r.residualMin).toBeGreaterThan(1e-14);
  });

  it('should be deterministic in the seed', () => {
    // Arrange
    const n = 60;
    const A = randomSymmetric(
      n,
      Float64Array.from({ length: n }, (_, i) => Math.sin(i)),
      createRng(13),
    );
    // Act
    const a = lanczos(denseOp(n, A), { rng: createRng(21), maxBasis: 10 });
    const b = lanczos(denseOp(n, A), { rng: createRng(21), maxBasis: 10 });
    // Assert
    expect(a.lambdaMin).toBe(b.lambdaMin);
    expect(Array.from(a.vectorMin)).toEqual(Array.from(b.vectorMin));
  });

  it('should reject invalid options', () => {
    const op = diagOp(Float64Array.of(1, 2));
    expect(() => lanczos(op, { rng: createRng(1), maxBasis: 1 })).toThrow(RangeError);
    expect(() => lanczos(op, { rng: createRng(1), tol: -1 })).toThrow(RangeError);
    expect(() => lanczos({ dim: 0, apply: () => undefined }, { rng: createRng(1) })).toThrow(RangeError);
  });
});
