/**
 * Closed forms of Tirer & Bruna 2022 Thm 4.1 (THEORY.md §2.4) and the ReLU upper bound of §2.5.
 */
import { describe, it, expect } from 'vitest';
import { createRng, UsageError } from '../../../src/core/index.ts';
import type { Mat } from '../../../src/core/index.ts';
import {
  EXTENDED_NU_MAX_ROOT,
  EXTENDED_NU_THRESHOLD,
  extendedFramePoint,
  extendedNu,
  extendedPsi,
  extendedRankRValue,
  extendedSigmaStar,
  extendedStationaryRoot,
  predictExtended,
  reluNuclearNormCondition,
} from '../../../src/theory/tirerBrunaExtended.ts';
import { extendedObjective, packExtended } from '../../../src/models/extended.ts';
import type { ExtendedProblem } from '../../../src/models/extended.ts';
import { reluExtendedObjective } from '../../../src/models/reluExtended.ts';
import { symEig } from '../../../src/linalg/decomp.ts';

const EPS = Number.EPSILON;

/** ν = 0.39 at K = 3 with n = 1: λ_{W2} = λ_{W1} = 0.13^{3/2}, λ_{H1} = 1 ⇒ μ = 0.13. */
function nu039(d: number, n: number): ExtendedProblem {
  const l = Math.pow(0.13, 1.5);
  return { K: 3, d, counts: [n, n, n], lambdaW2: l, lambdaW1: l, lambdaH1: 1 / n };
}

function gram(A: Mat, transposeFirst: boolean): Float64Array {
  // transposeFirst: AᵀA (cols×cols); else AAᵀ (rows×rows)
  const m = transposeFirst ? A.cols : A.rows,
    k = transposeFirst ? A.rows : A.cols;
  const at = (i: number, q: number): number =>
    (transposeFirst ? A.data[q * A.cols + i] : A.data[i * A.cols + q]) as number;
  const G = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += at(i, q) * at(j, q);
      G[i * m + j] = s;
    }
  return G;
}

function mul(A: Mat, B: Mat): Mat {
  const C = new Float64Array(A.rows * B.cols);
  for (let i = 0; i < A.rows; i++)
    for (let j = 0; j < B.cols; j++) {
      let s = 0;
      for (let q = 0; q < A.cols; q++) s += (A.data[i * A.cols + q] as number) * (B.data[q * B.cols + j] as number);
      C[i * B.cols + j] = s;
    }
  return { rows: A.rows, cols: B.cols, data: C };
}

/** max_ij |G − c·I| / c */
function relDevFromScaledIdentity(G: Float64Array, m: number, c: number): number {
  let e = 0;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) e = Math.max(e, Math.abs((G[i * m + j] as number) - (i === j ? c : 0)));
  return e / c;
}

function denseHessian(p: ExtendedProblem, theta: Float64Array): Mat {
  const f = extendedObjective(p);
  const H = f.hessianAt(theta);
  const D = new Float64Array(f.dim * f.dim),
    e = new Float64Array(f.dim),
    o = new Float64Array(f.dim);
  for (let i = 0; i < f.dim; i++) {
    e.fill(0);
    e[i] = 1;
    H.apply(e, o);
    D.set(o, i * f.dim);
  }
  return { rows: f.dim, cols: f.dim, data: D };
}

describe('extended UFM scalar problem', () => {
  it("should reproduce the spec's numbers at ν = 0.39, K = 3: f* = 0.4934718, rank 2 = 0.4956479", () => {
    // Arrange
    const p = nu039(3, 1);
    // Act
    const pred = predictExtended(p);
    const r2 = extendedRankRValue(p, 2);
    // Assert: the spec prints 7 decimals ⇒ |error| ≤ 5e-8
    expect(pred.nu).toBeCloseTo(0.39, 14);
    expect(Math.abs(pred.fStar - 0.4934718)).toBeLessThanOrEqual(5e-8);
    expect(Math.abs(r2 - 0.4956479)).toBeLessThanOrEqual(5e-8);
    expect(extendedRankRValue(p, 3)).toBe(pred.fStar);
    expect(extendedRankRValue(p, 0)).toBe(0.5);
  });

  it('should solve t − t⁴ = ν to machine precision on the branch (4^{−1/3}, 1]', () => {
    // Arrange
    const nus = [0, 1e-300, 1e-12, 1e-6, 0.01, 0.1, 0.2, 0.3, 0.39, EXTENDED_NU_THRESHOLD, 0.45, 0.47];
    for (const nu of nus) {
      // Act
      const s = extendedStationaryRoot(nu);
      const t = Math.cbrt(s);
      // Assert: residual of h(t) = t − t⁴ − ν within the rounding of its evaluation (≈ 2ε·max(t, t⁴, ν) = 2ε)
      // plus the rounding of t = cbrt(t³) (|h′| ≤ 3 ⇒ 3·2ε); root on the stable branch σ > 1/4.
      expect(Math.abs(t - t ** 4 - nu)).toBeLessThanOrEqual(8 * EPS);
      expect(s).toBeGreaterThan(0.25);
      expect(s).toBeLessThanOrEqual(1);
    }
    expect(extendedStationaryRoot(EXTENDED_NU_MAX_ROOT * (1 + 1e-12))).toBeNaN();
    expect(extendedStationaryRoot(-1)).toBeNaN();
  });

  it('should place the first-order threshold at ν = 2^{−4/3}, where σ jumps from 1/2 to 0 with ψ(1/2) = 1/2', () => {
    // Arrange
    const nu0 = EXTENDED_NU_THRESHOLD;
    // Act
    const sAt = extendedStationaryRoot(nu0);
    const below = extendedSigmaStar(nu0 * (1 - 1e-12));
    // Assert: σ = 1/2 solves σ^{1/3}(1−σ) = 2^{−4/3} exactly; the root's error is ε/|h′(t)| amplified by 3t² ≈ few ε
    expect(nu0).toBeCloseTo(0.39685, 6);
    expect(Math.abs(sAt - 0.5)).toBeLessThanOrEqual(8 * EPS);
    expect(Math.abs(extendedPsi(nu0, 0.5) - 0.5)).toBeLessThanOrEqual(2 * EPS);
    expect(Math.abs(below - 0.5)).toBeLessThan(1e-9); // dσ/dν is finite at the threshold (|h′| ≈ 0.37)
    expect(extendedSigmaStar(nu0)).toBe(0);
    expect(extendedSigmaStar(0.45)).toBe(0);
  });

  it('should return σ* as the global minimiser of ψ over a fine grid, for ν on both sides of the threshold', () => {
    for (const nu of [0.01, 0.2, 0.35, 0.39, 0.3968, 0.3969, 0.42]) {
      // Arrange
      const sStar = extendedSigmaStar(nu);
      let gridMin = Infinity;
      // Act
      for (let i = 0; i <= 20000; i++) gridMin = Math.min(gridMin, extendedPsi(nu, i / 20000));
      // Assert: ψ(σ*) ≤ min over grid (a grid point can only do worse, up to ψ's rounding ≈ 4ε)
      expect(extendedPsi(nu, sStar)).toBeLessThanOrEqual(gridMin + 4 * EPS);
    }
  });

  it('should give f* = 1/2 and zero Grams above the threshold', () => {
    // Arrange: ν = 3·(1·0.1·0.1·0.1·… )^{1/3}; choose μ = 0.2 ⇒ ν = 0.6
    const p: ExtendedProblem = { K: 3, d: 3, counts: [2, 2, 2], lambdaW2: 0.2, lambdaW1: 0.2, lambdaH1: 0.1 };
    // Act
    const pred = predictExtended(p);
    // Assert
    expect(pred.nu).toBeCloseTo(0.6, 14);
    expect(pred.regime).toBe('zero');
    expect([pred.sigmaStar, pred.fStar, pred.gramW2, pred.gramH1bar, pred.gramW1H1bar]).toEqual([0, 0.5, 0, 0, 0]);
  });

  it('should reject instances outside the hypotheses, naming the field', () => {
    const base = nu039(3, 1);
    const cases: [ExtendedProblem, string][] = [
      [{ ...base, counts: [1, 2, 1] }, 'counts'],
      [{ ...base, lambdaW2: 0 }, 'lambdaW2'],
      [{ ...base, lambdaW1: 0 }, 'lambdaW1'],
      [{ ...base, lambdaH1: 0 }, 'lambdaH1'],
      [{ ...base, d: 2 }, 'd'],
    ];
    for (const [p, field] of cases) {
      let caught: unknown;
      try {
        predictExtended(p);
      } catch (e) {
        caught = e;
      }
      expect((caught as UsageError).field).toBe(field);
    }
    expect(() => extendedRankRValue(base, 4)).toThrow(UsageError);
    expect(() => extendedFramePoint(base, -1)).toThrow(UsageError);
    expect(extendedNu({ ...base, d: 1 })).toBeCloseTo(0.39, 14); // ν needs no hypothesis on d
  });
});

describe('extendedFramePoint', () => {
  it('should build a full-rank frame with the predicted Grams, W2W1H̄1 = σ* I and NC1', () => {
    // Arrange
    const p = nu039(5, 3);
    const pred = predictExtended(p);
    // Act
    const fp = extendedFramePoint(p, 3, { rng: createRng(31) });
    // Assert: entries are sums of ≤ d products of O(1) numbers ⇒ relative error ≤ ~4dε; we allow 16dε.
    const tol = 16 * p.d * EPS;
    expect(relDevFromScaledIdentity(gram(fp.W2, false), 3, pred.gramW2)).toBeLessThanOrEqual(tol);
    expect(relDevFromScaledIdentity(gram(fp.H1bar, true), 3, pred.gramH1bar)).toBeLessThanOrEqual(tol);
    expect(relDevFromScaledIdentity(gram(mul(fp.W1, fp.H1bar), true), 3, pred.gramW1H1bar)).toBeLessThanOrEqual(tol);
    const Z = mul(fp.W2, mul(fp.W1, fp.H1bar));
    expect(relDevFromScaledIdentity(Z.data, 3, pred.sigmaStar)).toBeLessThanOrEqual(tol);
    for (let i = 0; i < p.d; i++)
      for (let k = 0; k < 3; k++)
        for (let j = 0; j < 3; j++) {
          expect(fp.H1.data[i * 9 + k * 3 + j]).toBe(fp.H1bar.data[i * 3 + k]);
        }
  });

  it.each([
    [3, 1, 1],
    [3, 1, 2],
    [3, 1, 3],
    [4, 2, 2],
  ])('should give a critical point with PSD Hessian and the theory value (d=%i, n=%i, r=%i, ν = 0.39)', (d, n, r) => {
    // Arrange
    const p = nu039(d, n);
    const fp = extendedFramePoint(p, r, { rng: createRng(100 + r) });
    const theta = packExtended(p, fp.W2, fp.W1, fp.H1);
    const f = extendedObjective(p);
    const g = new Float64Array(f.dim);
    // Act
    const value = f.valueAndGrad(theta, g);
    const H = denseHessian(p, theta);
    const ev = symEig(H).values;
    // Assert
    // value: f is a sum of O(1) nonnegative terms (K·N + 3 blocks) computed with relative error ≤ (KN+dim)ε.
    expect(Math.abs(value - fp.value)).toBeLessThanOrEqual((p.K * p.K * n + f.dim) * EPS * value);
    // gradient: each entry cancels a loss term against a penalty term of size ≤ S = max λ·|θ| ≈ O(0.1);
    // both carry relative rounding ≤ (d + N)ε, so |g| ≤ 2(d + N)ε·S·(some O(1)) — we allow 8(d + N)ε.
    let gmax = 0;
    for (const x of g) gmax = Math.max(gmax, Math.abs(x));
    expect(gmax).toBeLessThanOrEqual(8 * (p.d + 3 * n) * EPS);
    // Hessian: a backward-stable symmetric eigensolver is exact for a matrix within c·dim·ε·‖H‖_F of H.
    let fro = 0;
    for (const x of H.data) fro += x * x;
    expect(ev[0] as number).toBeGreaterThanOrEqual(-f.dim * EPS * Math.sqrt(fro));
    // r < K: spurious (strictly above f*)
    if (r < p.K) expect(value).toBeGreaterThan(predictExtended(p).fStar + 1e-4);
  });

  it('should give the origin for r = 0 and a Hessian diag(λ) there (strict local minimum)', () => {
    // Arrange
    const p = nu039(3, 1);
    // Act
    const fp = extendedFramePoint(p, 0);
    const theta = packExtended(p, fp.W2, fp.W1, fp.H1);
    const ev = symEig(denseHessian(p, theta)).values;
    // Assert: exact (no rounding in products with zero)
    expect(Array.from(theta).every((x) => x === 0)).toBe(true);
    expect(ev[0]).toBe(Math.min(p.lambdaW2, p.lambdaW1, p.lambdaH1));
    expect(fp.value).toBe(0.5);
  });

  it('should give an axis-aligned frame with W1H̄1 ≥ 0 where the ReLU model has the same value (f*_ReLU ≤ f*_lin)', () => {
    // Arrange
    const p = nu039(4, 2);
    const fp = extendedFramePoint(p, 3);
    const theta = packExtended(p, fp.W2, fp.W1, fp.H1);
    // Act
    const lin = extendedObjective(p).value(theta);
    const relu = reluExtendedObjective(p).value(theta);
    // Assert: σ(P) = P entrywise because P ≥ 0, so the arithmetic is identical
    expect(mul(fp.W1, fp.H1bar).data.every((x) => x >= 0)).toBe(true);
    expect(relu).toBe(lin);
    expect(Math.abs(lin - predictExtended(p).fStar)).toBeLessThanOrEqual(64 * EPS);
  });

  it('should refuse a rank-r frame when ν has no stationary root', () => {
    // Arrange: μ = 0.2 ⇒ ν = 0.6 > 0.4725
    const p: ExtendedProblem = { K: 3, d: 3, counts: [2, 2, 2], lambdaW2: 0.2, lambdaW1: 0.2, lambdaH1: 0.1 };
    // Act / Assert
    expect(() => extendedFramePoint(p, 2)).toThrow(UsageError);
    expect(extendedRankRValue(p, 2)).toBeNaN();
  });
});

describe('reluNuclearNormCondition', () => {
  it('should hold (gap 0, no negatives) at the axis-aligned nonnegative frame and fail on a matrix with negatives', () => {
    // Arrange
    const p = nu039(4, 2);
    const fp = extendedFramePoint(p, 3);
    const I2 = { rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 1) };
    const H = { rows: 2, cols: 2, data: Float64Array.of(1, -1, 1, 1) }; // ‖H‖_* = 2√2; σ(H) = [[1,0],[1,1]]: ‖·‖_* = √5
    // Act
    const atFrame = reluNuclearNormCondition(fp.W1, fp.H1);
    const mixed = reluNuclearNormCondition(I2, H);
    // Assert: identical matrices at the frame ⇒ identical SVDs ⇒ exact equality; the 2×2 case by hand (SVD to ~4ε)
    expect(atFrame.negatives).toBe(0);
    expect(atFrame.relGap).toBe(0);
    expect(atFrame.linear).toBeGreaterThan(0);
    expect(mixed.negatives).toBe(1);
    expect(Math.abs(mixed.linear - 2 * Math.SQRT2)).toBeLessThanOrEqual(16 * EPS);
    expect(Math.abs(mixed.relu - Math.sqrt(5))).toBeLessThanOrEqual(16 * EPS);
  });
});
