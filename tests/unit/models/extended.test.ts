/**
 * Exact-derivative tests for the linear extended UFM (THEORY.md §2.4).
 *
 * Method (no tuned tolerance): along a line, φ(s) = f(θ + s v) is a polynomial of degree 6 and each gradient entry
 * of degree 5, so the 7-point central stencil Σ_s c_s φ(s h) = 60 h φ′(0) (c = [−1, 9, −45, 0, 45, −9, 1]) is exact
 * in exact arithmetic. With dyadic inputs (entries k/4, h = 1/4, N and λ's powers of two) every float operation in
 * both the model and the stencil is exact (all intermediates need < 53 bits), so the comparison is an exact equality.
 * A rounding of an intermediate would show up as a deterministic mismatch at the fixed seed, never as flakiness.
 * Random (non-dyadic) points are checked with a first-order Taylor slope as a second, independent test.
 */
import { describe, it, expect } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import type { Rng } from '../../../src/core/index.ts';
import {
  extendedObjective,
  extendedLayout,
  packExtended,
  parseExtendedProblem,
  unpackExtended,
} from '../../../src/models/extended.ts';
import type { ExtendedProblem } from '../../../src/models/extended.ts';
import type { Objective } from '../../../src/models/objective.ts';
import { UsageError } from '../../../src/core/index.ts';

const STENCIL = [-1, 9, -45, 0, 45, -9, 1] as const; // offsets −3..3, times 1/(60h)

function dyadic(rng: Rng, len: number, maxAbs: number): Float64Array {
  // entries in {−maxAbs, …, maxAbs}/4
  const x = new Float64Array(len);
  for (let i = 0; i < len; i++) x[i] = (rng.int(2 * maxAbs + 1) - maxAbs) / 4;
  return x;
}

function along(theta: Float64Array, v: Float64Array, t: number): Float64Array {
  const x = new Float64Array(theta.length);
  for (let i = 0; i < x.length; i++) x[i] = (theta[i] as number) + t * (v[i] as number);
  return x;
}

/** 60h·φ′(0) from the exact 7-point stencil on values. */
function stencilValue(f: Objective, theta: Float64Array, v: Float64Array, h: number): number {
  let s = 0;
  STENCIL.forEach((c, i) => {
    if (c !== 0) s += c * f.value(along(theta, v, (i - 3) * h));
  });
  return s;
}

/** 60h·(∇²f v) from the exact 7-point stencil on gradients. */
function stencilGrad(f: Objective, theta: Float64Array, v: Float64Array, h: number): Float64Array {
  const acc = new Float64Array(f.dim);
  const g = new Float64Array(f.dim);
  STENCIL.forEach((c, i) => {
    if (c === 0) return;
    f.valueAndGrad(along(theta, v, (i - 3) * h), g);
    for (let j = 0; j < acc.length; j++) acc[j] = (acc[j] as number) + c * (g[j] as number);
  });
  return acc;
}

function dotExact(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

// K = 3, d = 3, unbalanced counts [2, 1, 1] (N = 4, a power of two), dyadic λ's.
const P: ExtendedProblem = { K: 3, d: 3, counts: [2, 1, 1], lambdaW2: 1 / 8, lambdaW1: 1 / 4, lambdaH1: 1 / 16 };

describe('extendedObjective', () => {
  it('should have the layout [W2 | W1 | H1] with dim Kd + d² + dN', () => {
    // Arrange / Act
    const L = extendedLayout(P);
    // Assert
    expect(L).toEqual({ K: 3, d: 3, N: 4, offW2: 0, offW1: 9, offH1: 18, dim: 30 });
    expect(extendedObjective(P).dim).toBe(30);
  });

  it('should evaluate f by its definition (1/(2N))‖W2W1H1 − Y‖² + penalties', () => {
    // Arrange: W2 = [I 0], W1 = 2I, H1 = e-columns so W2W1H1 = 2Y on the chosen columns.
    const p: ExtendedProblem = { K: 2, d: 2, counts: [1, 1], lambdaW2: 0.5, lambdaW1: 0.25, lambdaH1: 1 };
    const theta = packExtended(
      p,
      { rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 1) },
      { rows: 2, cols: 2, data: Float64Array.of(2, 0, 0, 2) },
      { rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 1) },
    );
    // Act
    const f = extendedObjective(p).value(theta);
    // Assert: ‖2I − I‖² = 2 → loss 2/(2·2) = 0.5; penalties 0.5/2·2 + 0.25/2·8 + 1/2·2 = 0.5 + 1 + 1.
    expect(f).toBe(0.5 + 0.5 + 1 + 1);
  });

  it('should return a gradient equal to the exact directional derivative at dyadic points', () => {
    // Arrange
    const f = extendedObjective(P);
    const rng = createRng(20240501);
    const g = new Float64Array(f.dim);
    const h = 1 / 4;
    for (let trial = 0; trial < 5; trial++) {
      const theta = dyadic(rng, f.dim, 4);
      const v = dyadic(rng, f.dim, 2);
      // Act
      f.valueAndGrad(theta, g);
      const fd = stencilValue(f, theta, v, h);
      // Assert: exact equality (see the file header for why no tolerance is needed)
      expect(fd).toBe(60 * h * dotExact(g, v));
    }
  });

  it('should return a Hessian-vector product equal to the exact derivative of the gradient at dyadic points', () => {
    // Arrange
    const f = extendedObjective(P);
    const rng = createRng(7);
    const hv = new Float64Array(f.dim);
    const h = 1 / 4;
    for (let trial = 0; trial < 5; trial++) {
      const theta = dyadic(rng, f.dim, 4);
      const v = dyadic(rng, f.dim, 2);
      // Act
      f.hessianAt(theta).apply(v, hv);
      const fd = stencilGrad(f, theta, v, h);
      // Assert
      for (let i = 0; i < f.dim; i++) expect(fd[i]).toBe(60 * h * (hv[i] as number));
    }
  });

  it('should return the value in valueAndGrad equal to value()', () => {
    // Arrange
    const f = extendedObjective(P);
    const theta = dyadic(createRng(3), f.dim, 4);
    // Act / Assert (same arithmetic, so equal bit for bit)
    expect(f.valueAndGrad(theta, new Float64Array(f.dim))).toBe(f.value(theta));
  });

  it('should have a symmetric Hessian operator', () => {
    // Arrange
    const f = extendedObjective(P);
    const rng = createRng(11);
    const theta = new Float64Array(f.dim);
    rng.fillNormal(theta);
    const H = f.hessianAt(theta);
    const u = rng.fillNormal(new Float64Array(f.dim));
    const v = rng.fillNormal(new Float64Array(f.dim));
    const Hu = new Float64Array(f.dim),
      Hv = new Float64Array(f.dim);
    // Act
    H.apply(u, Hu);
    H.apply(v, Hv);
    // Assert: vᵀHu = uᵀHv up to rounding of two dot products of length dim over O(1) entries:
    // |error| ≤ 2·dim·ε·Σ|v_i||Hu_i| (standard dot-product bound), taken with the absolute sums.
    let absSum = 0;
    for (let i = 0; i < f.dim; i++)
      absSum += Math.abs((v[i] as number) * (Hu[i] as number)) + Math.abs((u[i] as number) * (Hv[i] as number));
    expect(Math.abs(dotExact(v, Hu) - dotExact(u, Hv))).toBeLessThanOrEqual(2 * f.dim * Number.EPSILON * absSum);
  });

  it('should keep its own copy of θ in hessianAt', () => {
    // Arrange
    const f = extendedObjective(P);
    const rng = createRng(5);
    const theta = dyadic(rng, f.dim, 4);
    const v = dyadic(rng, f.dim, 2);
    const H = f.hessianAt(theta);
    const before = new Float64Array(f.dim),
      after = new Float64Array(f.dim);
    H.apply(v, before);
    // Act: mutate θ and evaluate the objective at another point (shared workspace)
    theta.fill(3);
    f.valueAndGrad(dyadic(rng, f.dim, 4), new Float64Array(f.dim));
    H.apply(v, after);
    // Assert
    expect(Array.from(after)).toEqual(Array.from(before));
  });

  it('should have the Hessian diag(λ) at the origin (the cubic loss term contributes nothing)', () => {
    // Arrange
    const f = extendedObjective(P);
    const L = extendedLayout(P);
    const v = createRng(9).fillNormal(new Float64Array(f.dim));
    const out = new Float64Array(f.dim);
    // Act
    f.hessianAt(new Float64Array(f.dim)).apply(v, out);
    // Assert: exact (every loss term is a product with a zero factor)
    for (let i = 0; i < f.dim; i++) {
      const lam = i < L.offW1 ? P.lambdaW2 : i < L.offH1 ? P.lambdaW1 : P.lambdaH1;
      expect(out[i]).toBe(lam * (v[i] as number));
    }
  });

  it('should match a first-order Taylor model with second-order remainder at random points', () => {
    // Arrange: balanced, larger, non-dyadic point. r(h) = |f(θ+hv) − f(θ) − h gᵀv| = O(h²): halving h must divide
    // the remainder by ≈ 4 while rounding (≈ ε|f|/h·…) is still far below it for h ≥ 1e-4.
    const p: ExtendedProblem = { K: 4, d: 5, counts: [3, 3, 3, 3], lambdaW2: 1e-2, lambdaW1: 2e-3, lambdaH1: 5e-3 };
    const f = extendedObjective(p);
    const rng = createRng(123);
    const theta = rng.fillNormal(new Float64Array(f.dim), 0.7);
    const v = rng.fillNormal(new Float64Array(f.dim));
    const g = new Float64Array(f.dim);
    const f0 = f.valueAndGrad(theta, g);
    const gv = dotExact(g, v);
    const rem = (h: number): number => Math.abs(f.value(along(theta, v, h)) - f0 - h * gv);
    // Act
    const hs = [1e-2, 5e-3, 2.5e-3, 1.25e-3];
    const slopes = hs.slice(1).map((h, i) => Math.log2(rem(hs[i] as number) / rem(h)));
    // Assert: a wrong gradient gives a first-order remainder (slope ≈ 1); the right one slope 2.
    for (const s of slopes) expect(Math.abs(s - 2)).toBeLessThan(0.1);
  });

  it('should unpack views of the three blocks', () => {
    // Arrange
    const theta = Float64Array.from({ length: 30 }, (_, i) => i);
    // Act
    const { W2, W1, H1 } = unpackExtended(P, theta);
    // Assert
    expect([W2.data[0], W1.data[0], H1.data[0], H1.data.length]).toEqual([0, 9, 18, 12]);
  });
});

describe('parseExtendedProblem', () => {
  it('should accept n and expand it into counts', () => {
    // Arrange / Act
    const p = parseExtendedProblem({ K: 3, d: 4, n: 2, lambdaW2: 1e-3, lambdaW1: 2e-3, lambdaH1: 0 });
    // Assert
    expect(p).toEqual({ K: 3, d: 4, counts: [2, 2, 2], lambdaW2: 1e-3, lambdaW1: 2e-3, lambdaH1: 0 });
  });

  it.each([
    [{ K: 1, d: 2, n: 1, lambdaW2: 0, lambdaW1: 0, lambdaH1: 0 }, 'problem.K'],
    [{ K: 2, d: 0, n: 1, lambdaW2: 0, lambdaW1: 0, lambdaH1: 0 }, 'problem.d'],
    [{ K: 2, d: 2, n: 0, lambdaW2: 0, lambdaW1: 0, lambdaH1: 0 }, 'problem.n'],
    [{ K: 2, d: 2, counts: [1], lambdaW2: 0, lambdaW1: 0, lambdaH1: 0 }, 'problem.counts'],
    [{ K: 2, d: 2, counts: [1, 1.5], lambdaW2: 0, lambdaW1: 0, lambdaH1: 0 }, 'problem.counts[1]'],
    [{ K: 2, d: 2, n: 1, lambdaW2: -1, lambdaW1: 0, lambdaH1: 0 }, 'problem.lambdaW2'],
    [{ K: 2, d: 2, n: 1, lambdaW2: 0, lambdaW1: Infinity, lambdaH1: 0 }, 'problem.lambdaW1'],
    [{ K: 2, d: 2, n: 1, lambdaW2: 0, lambdaW1: 0 }, 'problem.lambdaH1'],
    [[1, 2], 'problem'],
  ])('should reject %j naming %s', (u, field) => {
    // Arrange / Act / Assert
    let caught: unknown;
    try {
      parseExtendedProblem(u);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).field).toBe(field);
  });
});
