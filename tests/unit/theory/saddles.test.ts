/**
 * Constructed critical points (THEORY.md §6) against first principles: criticality and value by the test-only
 * reference objective (_plainUfm.ts), and λ_min of a dense central-difference Hessian of its gradient.
 *
 * FD Hessian tolerance: step h = 1e-5; each entry errs by ≤ h²/6·max|∂³f| + ε·max|∇f|/h. Here |∂³f| ≤ 1 (the
 * objectives are quartic polynomials or softmax compositions with O(1) inputs, scaled by 1/N) and |∇f| ≤ 1, so entry
 * error ≤ 1.7e-11 + 2.2e-11 < 4e-11, and by Weyl the eigenvalue error is ≤ ‖E‖_F ≤ dim·4e-11 ≤ 4e-9 for dim ≤ 100.
 * We assert 1e-8. Value and gradient tolerances as in zhu2021.test.ts (N·ε summation bounds).
 */
import { describe, it, expect } from 'vitest';
import type { Mat } from '../../../src/core/index.ts';
import { zeros } from '../../../src/core/index.ts';
import { spectralNorm } from '../../../src/linalg/index.ts';
import {
  originBias,
  originValue,
  originLambdaMin,
  originLambdaMinWH,
  originGradNorm,
  partialOrthogonalFrame,
  partialOrthogonalFrameFreeBias,
  partialFrameValue,
  escapeCurvature,
  kappaOf,
} from '../../../src/theory/index.ts';
import type { OriginInstance } from '../../../src/theory/index.ts';
import type { PlainUfm } from './_plainUfm.ts';
import { valueAndGrad, gradNorm, fdHessianLambdaMin, randomOrthonormal } from './_plainUfm.ts';

const EPS = Number.EPSILON;
const FD_TOL = 1e-8;

function frob(A: Mat): number {
  let t = 0;
  for (const v of A.data) t += v * v;
  return Math.sqrt(t);
}

describe('origin (THEORY.md §6.1)', () => {
  it('should reproduce the §9 λ_min values to the printed precision', () => {
    // Half a unit of the last printed digit.
    expect(Math.abs(originLambdaMinWH(4, 3, 1e-2, 2e-2) - -0.12942414387)).toBeLessThanOrEqual(5e-12);
    expect(Math.abs(originLambdaMinWH(3, 2, 1e-3, 1e-3) - -0.2347022604)).toBeLessThanOrEqual(5e-11);
    expect(Math.abs(originLambdaMinWH(4, 2, 5e-3, 1e-2) - -0.16929437208)).toBeLessThanOrEqual(5e-12);
    expect(Math.abs(originLambdaMinWH(3, 2, 0.3, 0.3) - 0.0642977)).toBeLessThanOrEqual(5e-8);
  });

  it('should be negative exactly when κ < 1', () => {
    for (const lam of [0.01, 0.2, 0.25, 0.3]) {
      // K = 4, n = 1: κ = 4λ.
      const l = originLambdaMinWH(4, 1, lam, lam);
      expect(l < 0).toBe(kappaOf(4, 1, lam, lam) < 1);
    }
  });

  // (instance, d): the §9 instances in several bias modes, plus above-threshold cases where the bias block decides.
  const cases: [OriginInstance, number][] = [
    [{ loss: 'ce', K: 4, n: 3, lambdaW: 1e-2, lambdaH: 2e-2, bias: true, lambdaB: 0 }, 5],
    [{ loss: 'ce', K: 3, n: 2, lambdaW: 1e-3, lambdaH: 1e-3, bias: false, lambdaB: 0 }, 3],
    [{ loss: 'mse', K: 4, n: 2, lambdaW: 5e-3, lambdaH: 1e-2, bias: true, lambdaB: 0.1 }, 5],
    [{ loss: 'mse', K: 4, n: 2, lambdaW: 5e-3, lambdaH: 1e-2, bias: false, lambdaB: 0 }, 5],
    [{ loss: 'mse', K: 3, n: 2, lambdaW: 0.3, lambdaH: 0.3, bias: false, lambdaB: 0 }, 3],
    [{ loss: 'mse', K: 3, n: 2, lambdaW: 0.3, lambdaH: 0.3, bias: true, lambdaB: 0 }, 3],
    // Above threshold, CE with λ_b = 0: the span(1) direction of b is flat, λ_min = 0 (not q = +0.0643).
    [{ loss: 'ce', K: 3, n: 2, lambdaW: 0.3, lambdaH: 0.3, bias: true, lambdaB: 0 }, 3],
    [{ loss: 'ce', K: 3, n: 2, lambdaW: 0.3, lambdaH: 0.3, bias: true, lambdaB: 0.01 }, 3],
    // Above threshold with large λ's, MSE: the b-block (1 + λ_b)I = 1.5 is below q = 3 − 1/2 = 2.5.
    [{ loss: 'mse', K: 2, n: 1, lambdaW: 3, lambdaH: 3, bias: true, lambdaB: 0.5 }, 2],
  ];

  it('should be a critical point with the stated value and λ_min (dense FD Hessian)', () => {
    for (const [inst, d] of cases) {
      // Arrange
      const counts = new Array<number>(inst.K).fill(inst.n);
      const p: PlainUfm = {
        loss: inst.loss,
        K: inst.K,
        d,
        counts,
        lambdaW: inst.lambdaW,
        lambdaH: inst.lambdaH,
        lambdaB: inst.lambdaB,
        bias: inst.bias,
      };
      const W = zeros(inst.K, d),
        H = zeros(d, inst.K * inst.n);
      const b = originBias(inst);
      // Act
      const g = valueAndGrad(p, W, H, b);
      const lmin = fdHessianLambdaMin(p, W, H, b);
      // Assert
      expect(b === undefined).toBe(!inst.bias);
      expect(gradNorm(g)).toBeLessThanOrEqual(16 * inst.K * inst.n * EPS);
      expect(Math.abs(g.value - originValue(inst))).toBeLessThanOrEqual(inst.K * inst.n * EPS * (1 + g.value));
      expect(Math.abs(spectralNorm(g.G) - originGradNorm(inst.K, inst.n))).toBeLessThanOrEqual(
        50 * inst.K * inst.n * EPS,
      );
      expect(Math.abs(lmin - originLambdaMin(inst))).toBeLessThanOrEqual(FD_TOL);
    }
  });

  it('should throw a RangeError naming the field', () => {
    const ok: OriginInstance = { loss: 'mse', K: 3, n: 2, lambdaW: 1e-3, lambdaH: 1e-3, bias: true, lambdaB: 0 };
    expect(() => originValue({ ...ok, lambdaB: -1 })).toThrow(/^lambdaB must/);
    expect(() => originValue({ ...ok, K: 1 })).toThrow(/^K must/);
    expect(() => originLambdaMinWH(3, 0, 1e-3, 1e-3)).toThrow(/^n must/);
  });
});

describe('partial orthogonal frames (THEORY.md §6.2, bias-free MSE)', () => {
  it('should be critical with f = 1/2 − (r/(2K))(1−κ)² and λ_min = the origin value for r < K, 0 for r = K', () => {
    // Arrange: K = 4, n = 2, λ = (5e-3, 1e-2) (κ = 0.04), d = 5, random U (K×r), R (d×r).
    const inst = { K: 4, n: 2, lambdaW: 5e-3, lambdaH: 1e-2 };
    const d = 5,
      N = 8;
    const p: PlainUfm = {
      loss: 'mse',
      K: 4,
      d,
      counts: [2, 2, 2, 2],
      lambdaW: 5e-3,
      lambdaH: 1e-2,
      lambdaB: 0,
      bias: false,
    };
    const origin = originLambdaMinWH(4, 2, 5e-3, 1e-2);
    for (let r = 0; r <= 4; r++) {
      const pt = partialOrthogonalFrame(inst, randomOrthonormal(4, r, 10 + r), randomOrthonormal(d, r, 20 + r));
      // Act
      const g = valueAndGrad(p, pt.W, pt.H, undefined);
      const lmin = fdHessianLambdaMin(p, pt.W, pt.H, undefined);
      // Assert
      expect(pt.value).toBe(partialFrameValue(inst, r, false));
      expect(Math.abs(pt.value - (0.5 - (r / 8) * 0.96 * 0.96))).toBeLessThanOrEqual(8 * EPS);
      expect(Math.abs(g.value - pt.value)).toBeLessThanOrEqual(N * EPS * (1 + pt.value));
      expect(gradNorm(g)).toBeLessThanOrEqual(16 * N * EPS * (1 + 5e-3 * frob(pt.W) + 1e-2 * frob(pt.H)));
      expect(pt.global).toBe(r === 4);
      if (r < 4) {
        expect(Math.abs(lmin - origin)).toBeLessThanOrEqual(FD_TOL);
        expect(Math.abs(lmin - -0.1692944)).toBeLessThanOrEqual(5e-8); // §9 sample, printed to 7 digits
      } else {
        expect(Math.abs(lmin)).toBeLessThanOrEqual(FD_TOL); // global minimiser: rotation zero-modes
      }
    }
  });

  it('should throw naming kappa, U or R on invalid input', () => {
    const inst = { K: 3, n: 1, lambdaW: 0.5, lambdaH: 0.5 }; // κ = 1.5
    expect(() => partialOrthogonalFrame(inst, randomOrthonormal(3, 1, 1), randomOrthonormal(3, 1, 2))).toThrow(
      /^kappa must/,
    );
    const ok = { K: 3, n: 1, lambdaW: 1e-2, lambdaH: 1e-2 };
    const U = randomOrthonormal(3, 2, 1);
    U.data[0] = (U.data[0] as number) + 0.1;
    expect(() => partialOrthogonalFrame(ok, U, randomOrthonormal(4, 2, 2))).toThrow(/^U must have orthonormal/);
    expect(() => partialOrthogonalFrame(ok, randomOrthonormal(3, 2, 1), randomOrthonormal(4, 1, 2))).toThrow(
      /^R must have/,
    );
  });
});

describe('partial frames with unregularised bias (THEORY.md §6.3)', () => {
  it('should be critical with f = (K−1)/(2K) − (r/(2K))(1−κ)², global iff r = K−1, escapable otherwise', () => {
    // Arrange: U ⊥ 1 with r ≤ K−1 = 3.
    const inst = { K: 4, n: 2, lambdaW: 5e-3, lambdaH: 1e-2 };
    const d = 5,
      N = 8;
    const p: PlainUfm = {
      loss: 'mse',
      K: 4,
      d,
      counts: [2, 2, 2, 2],
      lambdaW: 5e-3,
      lambdaH: 1e-2,
      lambdaB: 0,
      bias: true,
    };
    const ones = new Float64Array(4).fill(1);
    for (let r = 0; r <= 3; r++) {
      const pt = partialOrthogonalFrameFreeBias(
        inst,
        randomOrthonormal(4, r, 30 + r, ones),
        randomOrthonormal(d, r, 40 + r),
      );
      // Act
      const g = valueAndGrad(p, pt.W, pt.H, pt.b);
      const sigma = spectralNorm(g.G);
      const lmin = fdHessianLambdaMin(p, pt.W, pt.H, pt.b);
      // Assert
      expect(Math.abs(pt.value - (3 / 8 - (r / 8) * 0.96 * 0.96))).toBeLessThanOrEqual(8 * EPS);
      expect(Math.abs(g.value - pt.value)).toBeLessThanOrEqual(N * EPS * (1 + pt.value));
      expect(gradNorm(g)).toBeLessThanOrEqual(16 * N * EPS * (1 + 5e-3 * frob(pt.W) + 1e-2 * frob(pt.H)));
      expect(pt.global).toBe(r === 3);
      if (r < 3) {
        // The §6 recipe: a null vector a exists (d = 5 > r), so λ_min ≤ q(σ) < 0.
        const q = escapeCurvature(sigma, 5e-3, 1e-2);
        expect(q).toBeLessThan(0);
        expect(lmin).toBeLessThanOrEqual(q + FD_TOL);
      } else {
        expect(Math.abs(lmin)).toBeLessThanOrEqual(FD_TOL);
      }
    }
  });

  it('should throw naming U when U is not orthogonal to 1', () => {
    const inst = { K: 3, n: 1, lambdaW: 1e-2, lambdaH: 1e-2 };
    expect(() => partialOrthogonalFrameFreeBias(inst, randomOrthonormal(3, 1, 5), randomOrthonormal(3, 1, 6))).toThrow(
      /^U must be orthogonal to 1/,
    );
  });
});
