import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import {
  balancedCount,
  bestRun,
  collapsedExtended,
  extendedCurvature,
  extendedSymmetryBasis,
} from '../../../src/certified/index.ts';
import type { ExtendedRun } from '../../../src/certified/index.ts';
import { extendedObjective } from '../../../src/models/index.ts';
import type { ExtendedProblem } from '../../../src/models/index.ts';

// The exact class-mean reduction of the linear extended UFM and its symmetry tangents (src/certified/extended/
// solve.ts module doc; Tirer & Bruna eq. (23); THEORY.md §2.4).

const P: ExtendedProblem = { K: 3, d: 4, counts: [2, 2, 2], lambdaW2: 0.03, lambdaW1: 0.02, lambdaH1: 0.05 };

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

describe('balancedCount', () => {
  it('should return the common class count n of a balanced problem', () => {
    expect(balancedCount({ ...P, counts: [3, 3, 3] })).toBe(3);
  });

  it('should reject unbalanced and empty counts with a RangeError naming the balance requirement', () => {
    expect(() => balancedCount({ ...P, counts: [2, 2, 3] })).toThrow(RangeError);
    expect(() => balancedCount({ ...P, counts: [3, 2, 2] })).toThrow(/balanced counts/);
    expect(() => balancedCount({ ...P, counts: [] })).toThrow(/balanced counts/);
  });
});

describe('collapsedExtended', () => {
  it('should be the n = 1 problem with λ_H1 scaled by n, keeping the original problem and n', () => {
    // Act
    const red = collapsedExtended(P);
    // Assert: layout [W₂ K×d | W₁ d×d | U d×K]
    expect(red.problem).toBe(P);
    expect(red.n).toBe(2);
    expect(red.obj.dim).toBe(3 * 4 + 4 * 4 + 4 * 3);
  });

  it('should expand u into H₁ = (U/√n) ⊗ 1ᵀ, class-major, and read it back from the class means', () => {
    // Arrange: K = 2, d = 2, n = 3; u = 1, 2, …, dim
    const p: ExtendedProblem = { K: 2, d: 2, counts: [3, 3], lambdaW2: 0.1, lambdaW1: 0.1, lambdaH1: 0.1 };
    const red = collapsedExtended(p);
    const u = Float64Array.from({ length: red.obj.dim }, (_, i) => i + 1);
    // Act
    const theta = red.toFull(u);
    // Assert: W₂ (4) and W₁ (4) copied; H₁ row i, class k, every sample = u[8 + iK + k]/√3
    expect(theta.length).toBe(4 + 4 + 2 * 6);
    expect(Array.from(theta.subarray(0, 8))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const r3 = Math.sqrt(3);
    const expectedH = [9, 9, 9, 10, 10, 10, 11, 11, 11, 12, 12, 12].map((x) => x / r3);
    expect(Array.from(theta.subarray(8))).toEqual(expectedH);
    const back = red.fromFull(theta);
    for (let i = 0; i < u.length; i++) expect(back[i]).toBeCloseTo(u[i] as number, 12);
  });

  it('should read u from a non-collapsed θ as √n times the class means of H₁', () => {
    // Arrange: K = 2, d = 1, n = 2, H₁ = [1 3 | 10 20]
    const p: ExtendedProblem = { K: 2, d: 1, counts: [2, 2], lambdaW2: 0.1, lambdaW1: 0.1, lambdaH1: 0.1 };
    const red = collapsedExtended(p);
    const theta = Float64Array.from([0.5, -0.5, 2, 1, 3, 10, 20]);
    // Act
    const u = red.fromFull(theta);
    // Assert
    expect(Array.from(u.subarray(0, 3))).toEqual([0.5, -0.5, 2]);
    expect(u[3]).toBeCloseTo(2 * Math.SQRT2, 14);
    expect(u[4]).toBeCloseTo(15 * Math.SQRT2, 13);
  });

  it('should equal the full objective on the collapsed subspace, with ‖∇f̃(u)‖ = ‖∇f(expand(u))‖ (isometric embedding)', () => {
    // Arrange
    const red = collapsedExtended(P);
    const full = extendedObjective(P);
    const rng = createRng(11);
    for (let trial = 0; trial < 3; trial++) {
      const u = rng.fillNormal(new Float64Array(red.obj.dim), 1);
      const theta = red.toFull(u);
      const gr = new Float64Array(red.obj.dim);
      const gf = new Float64Array(full.dim);
      // Act
      const fr = red.obj.valueAndGrad(u, gr);
      const ff = full.valueAndGrad(theta, gf);
      // Assert: the same sums in a different order, so equal to a few ulps of the terms (all O(10))
      expect(Math.abs(dot(u, u) - dot(theta, theta))).toBeLessThanOrEqual(1e-12 * dot(u, u));
      expect(Math.abs(fr - ff)).toBeLessThanOrEqual(1e-12 * Math.abs(ff));
      const nr = Math.sqrt(dot(gr, gr)),
        nf = Math.sqrt(dot(gf, gf));
      expect(Math.abs(nr - nf)).toBeLessThanOrEqual(1e-12 * nf);
      // and the full gradient is itself class-constant: the reduced gradient is its image under fromFull
      const gBack = red.fromFull(gf);
      for (let i = 0; i < gr.length; i++)
        expect(Math.abs((gBack[i] as number) - (gr[i] as number))).toBeLessThan(1e-12 * nf);
    }
  });
});

describe('extendedSymmetryBasis', () => {
  const red = collapsedExtended(P);
  const u = createRng(3).fillNormal(new Float64Array(red.obj.dim), 1);
  const g = new Float64Array(red.obj.dim);
  red.obj.valueAndGrad(u, g);
  const gn = Math.sqrt(dot(g, g));

  it('should span the d(d−1) tangents of the two O(d) actions at a generic point, plus K(K−1)/2 with the family', () => {
    // Act
    const b0 = extendedSymmetryBasis(3, 4, u, false);
    const b1 = extendedSymmetryBasis(3, 4, u, true);
    // Assert: dim O(4) = 6 per side, dim O(3) = 3; the stabiliser of a generic point is discrete
    expect(b0.length).toBe(12);
    expect(b1.length).toBe(15);
  });

  it('should return an orthonormal basis orthogonal to ∇f̃ at any point (f̃ is constant on each orbit)', () => {
    for (const family of [false, true]) {
      // Act
      const basis = extendedSymmetryBasis(3, 4, u, family);
      // Assert: rounding of O(dim) dot products on O(1) entries
      for (let i = 0; i < basis.length; i++) {
        const bi = basis[i] as Float64Array;
        expect(bi.length).toBe(red.obj.dim);
        expect(Math.abs(dot(g, bi))).toBeLessThanOrEqual(1e-12 * gn);
        for (let j = 0; j <= i; j++) expect(dot(bi, basis[j] as Float64Array)).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });

  it('should be empty at the origin, where every tangent vanishes', () => {
    expect(extendedSymmetryBasis(3, 4, new Float64Array(red.obj.dim), true)).toEqual([]);
  });
});

describe('extendedCurvature (closed form at the origin)', () => {
  it('should certify μ = min λ at the origin, where the reduced Hessian is diag(λ_W2, λ_W1, λ_H1) and nothing is deflated', () => {
    // Arrange: the loss term is cubic in the factors, so at 0 only the decays curve; on U = √n·H̄₁ the decay
    // nλ_H1‖H̄₁‖² reads λ_H1‖U‖².
    const p: ExtendedProblem = { K: 3, d: 4, counts: [2, 2, 2], lambdaW2: 0.3, lambdaW1: 0.2, lambdaH1: 0.5 };
    const red = collapsedExtended(p);
    // Act
    const c = extendedCurvature(red, new Float64Array(red.obj.dim), 4, true);
    // Assert: λ̂ is the exact eigenvalue to rounding; μ subtracts the residual and τ = 8·dim·u·|λ_max| ≈ 2e-14
    expect(c.converged).toBe(true);
    expect(c.deflated).toBe(0);
    expect(c.muCollapsed).toBeCloseTo(0.2, 12);
    expect(c.lambdaMax).toBeCloseTo(0.5, 12);
    expect(c.mu).toBeLessThan(c.muCollapsed);
    expect(c.mu).toBeGreaterThan(0.2 - 1e-10);
  });

  it('should certify μ = λ_H1 at the origin when λ_H1 is the smallest decay (U = √n·H̄₁ curves by λ_H1, not nλ_H1)', () => {
    // Arrange
    const p: ExtendedProblem = { K: 3, d: 4, counts: [2, 2, 2], lambdaW2: 0.3, lambdaW1: 0.2, lambdaH1: 0.1 };
    const red = collapsedExtended(p);
    // Act
    const c = extendedCurvature(red, new Float64Array(red.obj.dim), 4);
    // Assert
    expect(c.muCollapsed).toBeCloseTo(0.1, 12);
    expect(c.mu).toBeLessThanOrEqual(0.1);
    expect(c.mu).toBeGreaterThan(0.1 - 1e-10);
  });

  it('should deflate only the two O(d) actions unless the family is asked for', () => {
    // Arrange
    const red = collapsedExtended(P);
    const u = createRng(8).fillNormal(new Float64Array(red.obj.dim), 1);
    // Act / Assert
    expect(extendedCurvature(red, u, 1).deflated).toBe(12);
    expect(extendedCurvature(red, u, 1, true).deflated).toBe(15);
  });
});

describe('bestRun', () => {
  const run = (start: number, status: ExtendedRun['status'], value: number): ExtendedRun => ({
    start,
    kind: start === 0 ? 'near-origin' : 'continuation',
    status,
    value,
    gradNorm: 0,
    theta: new Float64Array(0),
    u: new Float64Array(0),
    iterations: 0,
  });

  it('should pick the converged run of lowest value, ignoring lower values of runs that did not converge', () => {
    const runs = [
      run(0, 'converged', 0.5),
      run(1, 'max-iter', 0.1),
      run(2, 'converged', 0.3),
      run(3, 'converged', 0.4),
    ];
    expect(bestRun(runs)?.start).toBe(2);
  });

  it('should keep the first of equal values', () => {
    expect(bestRun([run(0, 'converged', 0.3), run(1, 'converged', 0.3)])?.start).toBe(0);
  });

  it('should be undefined when no run converged', () => {
    expect(bestRun([])).toBeUndefined();
    expect(bestRun([run(0, 'non-finite', Number.NaN), run(1, 'max-iter', 0.2)])).toBeUndefined();
  });
});
