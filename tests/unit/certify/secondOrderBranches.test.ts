/**
 * Branches of the second-order certificate and the escape check (src/certify/secondOrder.ts, module doc;
 * THEORY.md §1.2, §6) on closed-form objectives: the tolerance tol = √(ρ‖∇f‖) + τ‖H‖ with the default ρ̂ =
 * 2‖H‖/max(1, ‖θ‖), the critical-point boundary, the symmetry-restricted rerun (tangents or projector), and the
 * escape step t = max(|λ|/ρ, t_floor) halved while f does not decrease.
 */
import { describe, it, expect } from 'vitest';
import { certifySecondOrder, escapeCheck } from '../../../src/certify/index.ts';
import type { Objective } from '../../../src/models/index.ts';
import { diagQuadratic, saddle } from '../solvers/testObjectives.ts';
import { createRng } from '../../../src/core/index.ts';
import { lanczos } from '../../../src/linalg/index.ts';

/** Lanczos on a diagonal matrix of dimension ≤ 4 is exact to rounding: eigenvalues to ≈ 1e-15 relative. */
function expectRel(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

/** f(y) = C − y² + (c/4)y⁴ along one coordinate (1-D): λ = −2 at y = 0, rising steeply for large c. */
function quarticWell(C: number, c: number): Objective {
  const val = (y: number): number => C - y * y + (c / 4) * y ** 4;
  return {
    dim: 1,
    value: (x) => val(x[0]!),
    valueAndGrad(x, g) {
      const y = x[0]!;
      g[0] = -2 * y + c * y ** 3;
      return val(y);
    },
    hessianAt(x) {
      const y = x[0]!;
      return { dim: 1, apply: (v, out) => void (out[0] = (-2 + 3 * c * y * y) * v[0]!) };
    },
  };
}

describe('certifySecondOrder arguments', () => {
  const obj = diagQuadratic(Float64Array.of(1, 4), Float64Array.of(0, 0));

  it('should reject a θ of the wrong length and negative or NaN tolerances', () => {
    expect(() => certifySecondOrder(obj, Float64Array.of(0))).toThrow(/theta must have length 2; got 1/);
    expect(() => certifySecondOrder(obj, Float64Array.of(0, 0), { gradTol: -1 })).toThrow(RangeError);
    expect(() => certifySecondOrder(obj, Float64Array.of(0, 0), { gradTol: NaN })).toThrow(RangeError);
    expect(() => certifySecondOrder(obj, Float64Array.of(0, 0), { curvatureFloor: -1e-8 })).toThrow(
      /gradTol and curvatureFloor must be ≥ 0/,
    );
  });

  it('should accept zero tolerances (gradTol 0 at an exact critical point, τ = 0)', () => {
    const c = certifySecondOrder(obj, Float64Array.of(0, 0), { gradTol: 0, curvatureFloor: 0 });
    expect(c.kind).toBe('local-min');
    expect(c.tolerance).toBe(0);
  });

  it('should reject a symmetry tangent of the wrong length', () => {
    expect(() =>
      certifySecondOrder(obj, Float64Array.of(0, 0), { symmetryTangents: [Float64Array.of(1, 0, 0)] }),
    ).toThrow(/symmetry tangents must have length 2; got 3/);
  });
});

describe('certifySecondOrder tolerance and boundaries', () => {
  it('should use ρ̂ = 2‖H‖/‖θ‖ away from the unit ball: tol = √(ρ̂‖∇f‖) + τ‖H‖', () => {
    // Arrange: ½(x−c)ᵀdiag(1, 4)(x−c), c = (3, 4), at c + (1e-9, 0): ‖∇f‖ = 1e-9, ‖H‖ = 4, ‖θ‖ ≈ 5.
    const c0 = Float64Array.of(3, 4);
    const theta = Float64Array.of(3 + 1e-9, 4);
    // Act
    const c = certifySecondOrder(diagQuadratic(Float64Array.of(1, 4), c0), theta);
    // Assert
    const thetaNorm = Math.hypot(theta[0]!, theta[1]!);
    expectRel(c.gradNorm, 1e-9, 1e-6);
    expectRel(c.tolerance, Math.sqrt(((2 * 4) / thetaNorm) * c.gradNorm) + 1e-8 * 4, 1e-9);
    expect(c.kind).toBe('local-min');
  });

  it('should use ρ̂ = 2‖H‖ inside the unit ball and take ‖H‖ from the larger |eigenvalue|', () => {
    // Arrange: diag(−5, 2) shifted; at c + (0, 1e-10): ‖∇f‖ = 2e-10, ‖H‖ = max(5, 2) = 5, ‖θ‖ < 1.
    const c0 = Float64Array.of(0.1, 0.2);
    const theta = Float64Array.of(0.1, 0.2 + 1e-10);
    // Act
    const c = certifySecondOrder(diagQuadratic(Float64Array.of(-5, 2), c0), theta, { curvatureFloor: 1e-6 });
    // Assert
    expectRel(c.tolerance, Math.sqrt(2 * 5 * c.gradNorm) + 1e-6 * 5, 1e-9);
    expectRel(c.lambdaMin, -5, 1e-12);
    expectRel(c.lambdaMax, 2, 1e-12);
    expect(c.kind).toBe('strict-saddle');
    expect(c.why).toMatch(/^λ_min ≤ -5\.000e\+0 with residual .*< −tol = /);
  });

  it('should count ‖∇f‖ = gradTol as critical (only ‖∇f‖ > gradTol is not)', () => {
    // Arrange: ½(x − 0.5)² at 0 has ∇f = −0.5 exactly.
    const obj = diagQuadratic(Float64Array.of(1), Float64Array.of(0.5));
    // Act
    const at = certifySecondOrder(obj, Float64Array.of(0), { gradTol: 0.5 });
    const over = certifySecondOrder(obj, Float64Array.of(0), { gradTol: 0.4999 });
    // Assert
    expect(at.kind).toBe('local-min');
    expect(over.kind).toBe('inconclusive');
    expect(over.why).toBe('not critical: ‖∇f‖ = 5.000e-1 > gradTol 4.999e-1');
  });

  it('should say what decided local-min, non-convergence and a refused escape direction', () => {
    // Arrange: ½xᵀdiag(1, 4)x at 0 (λ_min = 1); a 200-dimensional spectrum Lanczos cannot resolve in 6 products.
    const q = diagQuadratic(Float64Array.of(1, 4), Float64Array.of(0, 0));
    const n = 200;
    const d = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 0 : 1e-3 + i / n));
    // Act
    const min = certifySecondOrder(q, Float64Array.of(0, 0));
    const short = certifySecondOrder(diagQuadratic(d, new Float64Array(n)), new Float64Array(n), { maxMatvecs: 6 });
    const up = escapeCheck(saddle(), Float64Array.of(0, 0), Float64Array.of(3, 0));
    // Assert
    expect(min.kind).toBe('local-min');
    expect(min.why).toMatch(/^no negative curvature: λ − r = 1\.000e\+0 ≥ −tol = -4\.000e-8 \(zero modes allowed\)$/);
    expect(short.kind).toBe('inconclusive');
    expect(short.why).toMatch(/^Lanczos did not converge: residual \S+ > \S+ after 6 products$/);
    expect(up.why).toBe('not a negative-curvature direction: vᵀ∇²f v = 2');
    expect(up.lambda).toBe(2);
  });

  it('should be inconclusive when a converged λ_min ± r straddles −tol', () => {
    // Arrange: −0.1 below 299 eigenvalues in (0, 1] and τ = 0.1: tol ≈ 0.1 (‖H‖ ≈ 1, ∇f = 0) and Lanczos stops at a
    // residual ≤ τ/10·‖H‖ ≈ 0.01, so λ̂ ≈ −0.1 + O(r²) sits within r of −tol on both sides.
    const n = 300;
    const d = Float64Array.from({ length: n }, (_, i) => (i === 0 ? -0.1 : i / (n - 1)));
    // Act
    const c = certifySecondOrder(diagQuadratic(d, new Float64Array(n)), new Float64Array(n), { curvatureFloor: 0.1 });
    // Assert
    expect(c.lanczos.converged).toBe(true);
    expect(c.lambdaMin - c.residual).toBeLessThan(-c.tolerance);
    expect(c.lambdaMin + c.residual).toBeGreaterThanOrEqual(-c.tolerance);
    expect(c.kind).toBe('inconclusive');
    const fmt = (x: number): string => x.toExponential(3);
    expect(c.why).toBe(`λ_min = ${fmt(c.lambdaMin)} ± ${fmt(c.residual)} straddles −tol = ${fmt(-c.tolerance)}`);
  });

  it('should report λ − r (not λ + r) for a local-min decided with a visible residual', () => {
    // Arrange: 0.05 below 299 eigenvalues in (0.1, 1], τ = 0.1: Lanczos stops at r ≈ 0.01‖H‖, visible at 4 digits.
    const n = 300;
    const d = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 0.05 : 0.1 + (0.9 * i) / (n - 1)));
    // Act
    const c = certifySecondOrder(diagQuadratic(d, new Float64Array(n)), new Float64Array(n), { curvatureFloor: 0.1 });
    // Assert
    expect(c.kind).toBe('local-min');
    expect(c.residual).toBeGreaterThan(1e-4);
    const fmt = (x: number): string => x.toExponential(3);
    expect(c.why).toBe(
      `no negative curvature: λ − r = ${fmt(c.lambdaMin - c.residual)} ≥ −tol = ${fmt(-c.tolerance)} (zero modes allowed)`,
    );
  });

  it('should certify a strict saddle from λ + r < −tol even before Lanczos converges, and say so', () => {
    // Arrange: eigenvalues −1 … 1, 6 products: λ̂ ≈ −0.84 with r ≈ 0.18, λ̂ + r < 0 (the residual bound).
    const n = 300;
    const d = Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / n);
    // Act
    const c = certifySecondOrder(diagQuadratic(d, new Float64Array(n)), new Float64Array(n), { maxMatvecs: 6 });
    // Assert
    expect(c.lanczos.converged).toBe(false);
    expect(c.residual).toBeGreaterThan(0.01);
    expect(c.kind).toBe('strict-saddle');
    const fmt = (x: number): string => x.toExponential(3);
    expect(c.why).toBe(
      `λ_min ≤ ${fmt(c.lambdaMin)} with residual ${fmt(c.residual)}: λ + r = ${fmt(c.lambdaMin + c.residual)} < −tol = ${fmt(-c.tolerance)}`,
    );
  });

  it('should be inconclusive on a non-finite value', () => {
    // Arrange: a quadratic whose value is NaN (the derivatives are fine).
    const q = diagQuadratic(Float64Array.of(1, 2), Float64Array.of(0, 0));
    const nanValue: Objective = {
      dim: 2,
      value: () => NaN,
      valueAndGrad: (x, g) => (q.valueAndGrad(x, g), NaN),
      hessianAt: (x) => q.hessianAt(x),
    };
    // Act
    const c = certifySecondOrder(nanValue, Float64Array.of(0, 0));
    // Assert
    expect(c.kind).toBe('inconclusive');
    expect(c.why).toBe('non-finite value, gradient or curvature');
  });
});

describe('certifySecondOrder Lanczos run', () => {
  // −1 isolated below 299 eigenvalues spread over (0, 3]: Lanczos converges in ≈ 25 steps, so its stopping rule,
  // start vector, basis size and budget all show in the result.
  const n = 300;
  const eig = Float64Array.from({ length: n }, (_, i) => (i === 0 ? -1 : (3 * i) / (n - 1)));
  const obj = diagQuadratic(eig, new Float64Array(n));
  const theta = new Float64Array(n);
  const H = obj.hessianAt(theta);

  it('should run Lanczos for the bottom end to a residual ≤ (τ/10)‖H‖ from createRng(1) by default', () => {
    // Act
    const c = certifySecondOrder(obj, theta);
    const ref = lanczos(H, { rng: createRng(1), which: 'min', tol: 0, relTol: 1e-9 });
    // Assert: the same run, product for product (and a different rule or start would show).
    expect(c.lambdaMin).toBe(ref.lambdaMin);
    expect(c.residual).toBe(ref.residualMin);
    expect(c.lanczos).toEqual({
      converged: ref.converged,
      iterations: ref.iterations,
      matvecs: ref.matvecs,
      residualMax: ref.residualMax,
    });
    expect(lanczos(H, { rng: createRng(1), which: 'min', tol: 0, relTol: 1e-7 }).matvecs).not.toBe(ref.matvecs);
    expect(lanczos(H, { rng: createRng(2), which: 'min', tol: 0, relTol: 1e-9 }).residualMin).not.toBe(ref.residualMin);
    expect(c.kind).toBe('strict-saddle');
  });

  it('should pass rng, curvatureFloor, maxBasis and maxMatvecs on to Lanczos', () => {
    // Act
    const c = certifySecondOrder(obj, theta, { rng: createRng(7), curvatureFloor: 1e-4, maxBasis: 6, maxMatvecs: 12 });
    const ref = lanczos(H, { rng: createRng(7), which: 'min', tol: 0, relTol: 1e-5, maxBasis: 6, maxMatvecs: 12 });
    // Assert
    expect(c.lambdaMin).toBe(ref.lambdaMin);
    expect(c.residual).toBe(ref.residualMin);
    expect(c.lanczos.matvecs).toBe(ref.matvecs);
    expect(c.lanczos.converged).toBe(ref.converged);
    const noBasis = lanczos(H, { rng: createRng(7), which: 'min', tol: 0, relTol: 1e-5, maxMatvecs: 12 });
    const noCap = lanczos(H, { rng: createRng(7), which: 'min', tol: 0, relTol: 1e-5, maxBasis: 6 });
    expect(noBasis.residualMin).not.toBe(ref.residualMin);
    expect(noCap.matvecs).not.toBe(ref.matvecs);
  });
});

describe('certifySecondOrder restricted to the complement of the symmetry orbit', () => {
  // ½xᵀdiag(0, 50, 80)x at 0 with the zero mode e₀ declared a symmetry: the complement's spectrum is {50, 80}.
  const obj = diagQuadratic(Float64Array.of(0, 50, 80), Float64Array.of(0, 0, 0));
  const theta = new Float64Array(3);

  it('should report λ⊥ as the smallest eigenvalue off the orbit and call the point a strict local minimum', () => {
    // Act
    const c = certifySecondOrder(obj, theta, { symmetryTangents: [Float64Array.of(2, 0, 0)] });
    // Assert: the orbit direction is moved to c = 2‖H‖ + tol = 160 + tol, above the complement's spectrum.
    expect(c.kind).toBe('local-min');
    expectRel(c.restricted!.lambdaMin, 50, 1e-10);
    expect(c.restricted!.tangentRank).toBe(1);
    expect(c.restricted!.converged).toBe(true);
    expect(c.why).toMatch(/^positive definite modulo the 1-dimensional symmetry orbit: λ⊥ − r⊥ = 5\.000e\+1 > tol/);
  });

  it('should drop dependent, nearly dependent and zero tangents from the rank', () => {
    // Arrange: e₀ four times over (scaled, perturbed by 1e-12 of e₁ — below 1e-10 of the largest tangent —,
    // and a zero vector).
    const tangents = [
      Float64Array.of(1, 0, 0),
      Float64Array.of(-3, 0, 0),
      Float64Array.of(1, 1e-12, 0),
      new Float64Array(3),
    ];
    // Act
    const c = certifySecondOrder(obj, theta, { symmetryTangents: tangents });
    // Assert
    expect(c.restricted!.tangentRank).toBe(1);
    expectRel(c.restricted!.lambdaMin, 50, 1e-10);
  });

  it('should keep a tangent whose independent part is above 1e-10 of the largest', () => {
    // Arrange: e₀ and e₀ + 1e-8 e₁: the second adds e₁ to the orbit, leaving only 80 off it.
    const c = certifySecondOrder(obj, theta, {
      symmetryTangents: [Float64Array.of(1, 0, 0), Float64Array.of(1, 1e-8, 0)],
    });
    // Assert
    expect(c.restricted!.tangentRank).toBe(2);
    expectRel(c.restricted!.lambdaMin, 80, 1e-6);
  });

  it('should give the same certificate from an on-the-fly projector as from the tangents', () => {
    // Arrange: P v = (v₀, 0, 0), rank 1.
    const projector = {
      rank: 1,
      project: (v: Float64Array, out: Float64Array): void => {
        out.fill(0);
        out[0] = v[0]!;
      },
    };
    // Act
    const viaP = certifySecondOrder(obj, theta, { symmetryProjector: projector });
    const viaT = certifySecondOrder(obj, theta, { symmetryTangents: [Float64Array.of(1, 0, 0)] });
    // Assert
    expect(viaP.kind).toBe('local-min');
    expect(viaP.restricted!.tangentRank).toBe(1);
    expectRel(viaP.restricted!.lambdaMin, viaT.restricted!.lambdaMin, 1e-12);
  });

  it('should call a zero eigenvalue off the orbit degenerate with |λ⊥| ≤ tol + r⊥', () => {
    // Arrange: diag(0, 0, 80) with only e₀ declared: e₁ is a flat direction the symmetry does not explain.
    const flat = diagQuadratic(Float64Array.of(0, 0, 80), Float64Array.of(0, 0, 0));
    // Act
    const c = certifySecondOrder(flat, theta, { symmetryTangents: [Float64Array.of(1, 0, 0)] });
    // Assert
    expect(c.kind).toBe('degenerate');
    expect(Math.abs(c.restricted!.lambdaMin)).toBeLessThanOrEqual(c.tolerance);
    expect(c.why).toMatch(/^flat direction not explained by the 1-dimensional symmetry orbit: \|λ⊥\| = /);
  });
});

describe('escapeCheck step', () => {
  it('should step t = |λ|/ρ̂ with ρ̂ = 2‖∇²f v‖/max(1, ‖θ‖) and report the model decrease', () => {
    // Arrange: x² − y² at 0 along v = (0, 2): u = e₂, λ = −2, ∇f = 0, ρ̂ = 4, t = 0.5, f(0, 0.5) = −0.25.
    // Act
    const e = escapeCheck(saddle(), Float64Array.of(0, 0), Float64Array.of(0, 2));
    // Assert
    expect(e.ok).toBe(true);
    expect(e.lambda).toBe(-2);
    expect(e.sign).toBe(1);
    expect(e.t).toBe(0.5);
    expect(e.f1).toBe(-0.25);
    expect(e.decrease).toBe(0.25);
    expect(e.predicted).toBe(0.25);
    expect(e.tries).toBe(1);
    expect(e.why).toMatch(/^f decreased by 2\.500e-1 \(model 2\.500e-1\) at t = 5\.000e-1/);
  });

  it('should divide ρ̂ by ‖θ‖ outside the unit ball and honour a given ρ', () => {
    // Arrange: at (3, 0), ∇f = (6, 0) ⟂ v = e₂, λ = −2, ρ̂ = 4/3 → t = 1.5; with ρ = 8, t = 0.25.
    const theta = Float64Array.of(3, 0);
    // Act
    const e = escapeCheck(saddle(), theta, Float64Array.of(0, 1));
    const given = escapeCheck(saddle(), theta, Float64Array.of(0, 1), { hessianLipschitz: 8 });
    // Assert
    expectRel(e.t, 1.5, 1e-15);
    expectRel(e.f1, 9 - 2.25, 1e-15);
    expect(e.ok).toBe(true);
    expect(given.t).toBe(0.25);
    expect(given.f1).toBe(9 - 0.0625);
  });

  it('should halve the step while f does not decrease', () => {
    // Arrange: 0 − y² + 25y⁴: f(0.5) > 0, f(0.25) > 0, f(0.125) = −0.015625 + 25·0.125⁴ < 0.
    // Act
    const e = escapeCheck(quarticWell(0, 100), Float64Array.of(0), Float64Array.of(1));
    // Assert
    expect(e.tries).toBe(3);
    expect(e.t).toBe(0.125);
    expect(e.f1).toBe(-0.015625 + 25 * 0.125 ** 4);
    expect(e.ok).toBe(true);
  });

  it('should give up after 20 steps, and not halve a given step at all', () => {
    // Arrange: −y² + 2.5e12·y⁴ decreases only for y < √(0.4e-12) ≈ 6.3e-7, i.e. after 20 halvings of 0.5.
    const steep = quarticWell(0, 1e13);
    // Act
    const e = escapeCheck(steep, Float64Array.of(0), Float64Array.of(1));
    const fixed = escapeCheck(steep, Float64Array.of(0), Float64Array.of(1), { t: 0.5 });
    // Assert
    expect(e.tries).toBe(20);
    expect(e.t).toBe(0.5 / 2 ** 19);
    expect(e.ok).toBe(false);
    expect(e.why).toMatch(/^no decrease beyond the rounding allowance 0\.00e\+0/);
    expect(fixed.tries).toBe(1);
    expect(fixed.t).toBe(0.5);
    expect(fixed.ok).toBe(false);
  });

  it('should raise the step to the rounding floor √(20·10⁴ε|f|/|λ|) and never halve below it', () => {
    // Arrange: f = 1e6 − y² + (c/4)y⁴: allowance 10⁴ε·1e6, floor √(20·allowance/2) ≈ 4.7e-3; ρ = 1e6 would give
    // t = 2e-6. With c = 1e7 no step ≥ the floor decreases f (y⁴ term wins above ≈ 6e-4), so the halving stops
    // at the first step whose half is below the floor.
    const allowance = 1e4 * 2 ** -52 * 1e6;
    const tFloor = Math.sqrt((20 * allowance) / 2);
    // Act
    const lifted = escapeCheck(quarticWell(1e6, 0), Float64Array.of(0), Float64Array.of(1), {
      hessianLipschitz: 1e6,
    });
    const stuck = escapeCheck(quarticWell(1e6, 1e7), Float64Array.of(0), Float64Array.of(1));
    // Assert
    expect(lifted.t).toBe(tFloor);
    expect(lifted.ok).toBe(true);
    expect(lifted.decrease).toBeGreaterThan(allowance);
    expect(stuck.ok).toBe(false);
    expect(stuck.t).toBeGreaterThanOrEqual(tFloor);
    expect(stuck.t / 2).toBeLessThan(tFloor);
    expect(stuck.tries).toBe(1 + Math.floor(Math.log2(0.5 / tFloor)));
  });

  it('should refuse a zero-curvature direction without trying a step', () => {
    // Arrange: x² − y² + 0·z (3-D via diagQuadratic): along e₃, vᵀ∇²f v = 0 — not negative curvature.
    const e = escapeCheck(
      diagQuadratic(Float64Array.of(2, -2, 0), Float64Array.of(0, 0, 0)),
      Float64Array.of(0, 0, 0),
      Float64Array.of(0, 0, 1),
    );
    expect(e.ok).toBe(false);
    expect(e.tries).toBe(0);
    expect(e.t).toBe(0);
    expect(e.why).toBe('not a negative-curvature direction: vᵀ∇²f v = 0');
  });

  it('should refuse a non-finite f and reject wrong lengths or a zero direction', () => {
    const inf: Objective = { ...saddle(), value: () => Infinity, valueAndGrad: () => Infinity };
    const e = escapeCheck(inf, Float64Array.of(0, 0), Float64Array.of(0, 1));
    expect(e.ok).toBe(false);
    expect(e.tries).toBe(0);
    expect(e.t).toBe(0);
    expect(() => escapeCheck(saddle(), Float64Array.of(0), Float64Array.of(0, 1))).toThrow(
      /theta and v must have length 2/,
    );
    expect(() => escapeCheck(saddle(), Float64Array.of(0, 0), Float64Array.of(0, 1, 0))).toThrow(RangeError);
    expect(() => escapeCheck(saddle(), Float64Array.of(0, 0), Float64Array.of(0, 0))).toThrow(/v must be non-zero/);
  });
});
