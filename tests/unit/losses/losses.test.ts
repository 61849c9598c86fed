/**
 * Losses on logits (THEORY.md §0.1, §0.2): CE and MSE values, gradients and exact HVPs against central differences;
 * CE numerics (no overflow at logits 1e4, full relative accuracy of tiny losses, shift invariance 1ᵀ∇ℓ = 0); the
 * 1/N of columnLoss; the registry.
 */
import { describe, it, expect } from 'vitest';
import { createRng, fromRows, matOf, UsageError } from '../../../src/core/index.ts';
import type { Mat } from '../../../src/core/index.ts';
import type { LogitLoss } from '../../../src/losses/index.ts';
import { ce, columnKernelsOf, columnLoss, listLosses, lossById, mse, registerLoss } from '../../../src/losses/index.ts';
import { maxAbsDiff } from '../models/derivCheck.ts';

function randomLogits(K: number, N: number, seed: number, scale = 2): { Z: Mat; y: Int32Array } {
  const rng = createRng(seed);
  const Z = matOf(K, N, rng.fillNormal(new Float64Array(K * N), scale));
  const y = Int32Array.from({ length: N }, () => rng.int(K));
  return { Z, y };
}

const zerosLike = (A: Mat): Mat => matOf(A.rows, A.cols, new Float64Array(A.data.length));

describe.each([
  ['ce', ce],
  ['mse', mse],
] as const)('%s derivatives', (_id, loss: LogitLoss) => {
  it('should have a gradient equal to central differences of the value', () => {
    // Arrange
    const { Z, y } = randomLogits(5, 7, 1);
    const G = zerosLike(Z);
    const h = 1e-5;
    // Act
    const v = loss.valueAndGrad(Z, y, G);
    let err = 0;
    for (let i = 0; i < Z.data.length; i++) {
      const zp = matOf(Z.rows, Z.cols, Z.data.slice());
      const zm = matOf(Z.rows, Z.cols, Z.data.slice());
      zp.data[i] = (zp.data[i] as number) + h;
      zm.data[i] = (zm.data[i] as number) - h;
      err = Math.max(err, Math.abs((loss.value(zp, y) - loss.value(zm, y)) / (2 * h) - (G.data[i] as number)));
    }
    // Assert: value paths agree; FD error ≤ h²/6·|ℓ‴|/N + ε|g|/h ≈ 1e-11 (|ℓ‴| ≤ 1 for CE, 0 for MSE)
    expect(Math.abs(v - loss.value(Z, y))).toBeLessThanOrEqual(1e-15 * Math.abs(v));
    expect(err).toBeLessThan(1e-9);
  });

  it('should have an exact HVP equal to central differences of the gradient', () => {
    // Arrange
    const { Z, y } = randomLogits(5, 7, 2);
    const V = matOf(5, 7, createRng(3).fillNormal(new Float64Array(35)));
    const out = zerosLike(Z);
    const h = 1e-5;
    const Gp = zerosLike(Z);
    const Gm = zerosLike(Z);
    // Act
    loss.hvp(Z, y, V, out);
    loss.valueAndGrad(
      matOf(
        5,
        7,
        Z.data.map((z, i) => z + h * (V.data[i] as number)),
      ),
      y,
      Gp,
    );
    loss.valueAndGrad(
      matOf(
        5,
        7,
        Z.data.map((z, i) => z - h * (V.data[i] as number)),
      ),
      y,
      Gm,
    );
    const fd = Gp.data.map((g, i) => (g - (Gm.data[i] as number)) / (2 * h));
    // Assert: FD error ≤ h²/6·|∇³g|·‖V‖² + ε/h ≈ 1e-10
    expect(maxAbsDiff(out.data, fd)).toBeLessThan(1e-8);
  });

  it('should be permutation-equivariant as its traits say', () => {
    // Arrange: reverse the class order of Z and of the labels
    const { Z, y } = randomLogits(4, 6, 4);
    const P = matOf(4, 6, new Float64Array(24));
    for (let k = 0; k < 4; k++) for (let j = 0; j < 6; j++) P.data[(3 - k) * 6 + j] = Z.data[k * 6 + j] as number;
    const yP = y.map((c) => 3 - c);
    // Act / Assert
    expect(loss.traits.permutationEquivariant).toBe(true);
    expect(loss.traits.convexInZ).toBe(true);
    expect(Math.abs(loss.value(P, yP) - loss.value(Z, y))).toBeLessThanOrEqual(1e-15 * loss.value(Z, y));
  });
});

describe('ce numerics', () => {
  it('should stay finite and exact at logits of 1e4', () => {
    // Arrange: column 0 classified correctly by 1e4; column 1 wrong by 1e4; column 2 two logits 1e4 apart by 1
    const Z = fromRows([
      [1e4, 0, 1e4],
      [0, 1e4, 1e4 - 1],
      [-1e4, -1e4, -1e4],
    ]);
    const y = Int32Array.of(0, 0, 1);
    const G = zerosLike(Z);
    // Act
    const v = ce.valueAndGrad(Z, y, G);
    // Assert: ℓ = [e^{-1e4}≈0, 1e4, 1 + log(1 + e^{-1})] / 3
    const l2 = 1 + Math.log1p(Math.exp(-1));
    expect(Number.isFinite(v)).toBe(true);
    expect(Math.abs(v - (0 + 1e4 + l2) / 3)).toBeLessThanOrEqual(4 * Number.EPSILON * v);
    expect(G.data.every(Number.isFinite)).toBe(true);
    // column 1: p = (0, 1, 0), G = (p − e_0)/3
    expect([G.data[1], G.data[4], G.data[7]]).toEqual([-1 / 3, 1 / 3, 0]);
  });

  it('should keep full relative accuracy for tiny losses (log1p form) and an exactly balanced gradient', () => {
    // Arrange: ℓ([40, 0], 0) = log(1 + e^{-40}) ≈ e^{-40}; the naive log(Σ e) − z_y gives 0.
    const Z = fromRows([[40], [0]]);
    const G = zerosLike(Z);
    // Act
    const v = ce.valueAndGrad(Z, Int32Array.of(0), G);
    // Assert: relative error of log1p(x) for x = e^{-40} is ≤ 2ε; ∂ℓ/∂z_0 = −u/S with no cancellation
    const e = Math.exp(-40);
    expect(Math.abs(v - (e - (e * e) / 2)) / e).toBeLessThanOrEqual(4 * Number.EPSILON);
    expect(Math.abs((G.data[0] as number) + e / (1 + e)) / e).toBeLessThanOrEqual(4 * Number.EPSILON);
    expect((G.data[0] as number) + (G.data[1] as number)).toBe(0);
  });

  it('should be shift-invariant with gradient columns summing to zero', () => {
    // Arrange
    const { Z, y } = randomLogits(6, 9, 5, 5);
    const shifted = matOf(
      6,
      9,
      Z.data.map((z) => z + 100),
    );
    const G = zerosLike(Z);
    // Act
    const v = ce.valueAndGrad(Z, y, G);
    // Assert: 1ᵀ∇ℓ = 0 to rounding of K terms of size ≤ 1/N; value unchanged to rounding of a shift by 100
    expect(ce.traits.shiftInvariant).toBe(true);
    expect(mse.traits.shiftInvariant).toBe(false);
    for (let j = 0; j < 9; j++) {
      let s = 0;
      for (let k = 0; k < 6; k++) s += G.data[k * 9 + j] as number;
      expect(Math.abs(s)).toBeLessThanOrEqual((8 * Number.EPSILON) / 9);
    }
    expect(Math.abs(ce.value(shifted, y) - v)).toBeLessThanOrEqual(200 * Number.EPSILON * 6);
  });

  it('should give log K at Z = 0 and Hessian (diag p − p pᵀ)/N', () => {
    const K = 4;
    const Z = matOf(K, 2, new Float64Array(2 * K));
    const V = fromRows([
      [1, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    const out = zerosLike(Z);
    ce.hvp(Z, Int32Array.of(0, 3), V, out);
    expect(ce.value(Z, Int32Array.of(0, 3))).toBeCloseTo(Math.log(K), 15);
    // p = 1/4: (diag p − p pᵀ) e_0 = (1/4 − 1/16, −1/16, −1/16, −1/16), times 1/N = 1/2
    expect(Array.from(out.data)).toEqual([3 / 32, 0, -1 / 32, 0, -1 / 32, 0, -1 / 32, 0]);
  });
});

describe('mse values', () => {
  it('should be ½‖z − e_y‖² averaged over columns with identity Hessian over N', () => {
    const Z = fromRows([
      [1, 0],
      [2, 3],
    ]);
    const y = Int32Array.of(0, 0);
    const V = fromRows([
      [1, 2],
      [3, 4],
    ]);
    const out = zerosLike(Z);
    mse.hvp(Z, y, V, out);
    // column 0: ½(0² + 2²) = 2; column 1: ½(1 + 9) = 5; mean 3.5
    expect(mse.value(Z, y)).toBe(3.5);
    expect(Array.from(out.data)).toEqual([0.5, 1, 1.5, 2]);
  });
});

describe('columnLoss and the registry', () => {
  it('should apply 1/N once and keep the kernels reachable', () => {
    // Arrange: a single column repeated N times has the value of one column
    const z = Float64Array.of(0.3, -1, 2);
    const Z = matOf(3, 4, new Float64Array(12));
    for (let k = 0; k < 3; k++) Z.data.fill(z[k] as number, k * 4, k * 4 + 4);
    const y = Int32Array.of(2, 2, 2, 2);
    const kern = columnKernelsOf(ce);
    // Act / Assert
    expect(kern).toBeDefined();
    expect(ce.value(Z, y)).toBeCloseTo(kern?.value(3, z, 1, 0, 2) ?? NaN, 15);
    expect(() => ce.valueAndGrad(Z, y, matOf(3, 3, new Float64Array(9)))).toThrow(RangeError);
    expect(() => ce.value(Z, Int32Array.of(0))).toThrow(RangeError);
  });

  it('should look up, list and register losses, rejecting unknown ids with a UsageError on field loss', () => {
    // Arrange
    const plug = columnLoss(
      'test-sq',
      'test',
      { convexInZ: true, permutationEquivariant: true, shiftInvariant: false },
      columnKernelsOf(mse) ??
        (() => {
          throw new Error('mse kernels');
        })(),
    );
    // Act
    registerLoss(plug);
    registerLoss(plug);
    // Assert
    expect(lossById('ce')).toBe(ce);
    expect(lossById('mse')).toBe(mse);
    expect(lossById('test-sq')).toBe(plug);
    expect(listLosses()).toEqual(expect.arrayContaining(['ce', 'mse', 'test-sq']));
    expect(() => registerLoss({ ...plug })).toThrow(/already registered/);
    let caught: unknown;
    try {
      lossById('hinge');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).field).toBe('loss');
  });
});
