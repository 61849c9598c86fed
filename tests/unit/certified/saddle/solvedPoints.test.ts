/**
 * The solved constructed points of src/certified/saddle (THEORY.md §6.1, §6.4, §6.5, §6.6): the origin handed to
 * L-BFGS (solvedOrigin, constructedPoints.ts), class-merged points (classMerging.ts), embedded d′ points
 * (embedded.ts) and the plain certificate at a global minimizer (globalMin.ts) — the documented fields and
 * tolerances, the global value each is compared with, and the inconclusive verdict when the inner solve does not
 * certify (seeded instances found to stop at the iteration cap far above the solve tolerance).
 */
import { describe, expect, it } from 'vitest';
import { certifySecondOrder } from '../../../../src/certify/index.ts';
import {
  embeddedPoint,
  gradRounding,
  isEmbeddedPoint,
  isMergedPoint,
  measuredEmbeddedPoint,
  measuredMergedPoint,
  minimizerSecondOrder,
  solvedOrigin,
  solveMergedPoint,
  valueRounding,
} from '../../../../src/certified/saddle/index.ts';
import { globalValue } from '../../../../src/certified/ufm/globalValue.ts';
import { createRng } from '../../../../src/core/index.ts';
import { ce } from '../../../../src/losses/index.ts';
import { parseUfmProblem, ufmObjective } from '../../../../src/models/index.ts';

const U = 2 ** -53;

function problem(loss: string, K: number, d: number, n: number, lambda: number, bias = false, lambdaB = 0) {
  return parseUfmProblem({ loss, K, d, n, lambdaW: lambda, lambdaH: lambda, lambdaB, bias });
}

describe('solvedOrigin (the §6.1 origin started in L-BFGS: a critical point, so the solve stays there)', () => {
  it('should stay at the CE origin (f = log K) and compare it with the CE closed form f*, below it', () => {
    // Arrange: K = 3, λ = 0.05 < σ₀ = 1/(3√2): the origin is a strict saddle, f* < log 3
    const p = problem('ce', 3, 3, 2, 0.05);
    // Act
    const r = solvedOrigin(p, 2);
    // Assert
    expect(r.status).toBe('converged');
    expect(r.gradNorm).toBeLessThanOrEqual(1e-10);
    expect(Math.abs(r.value - Math.log(3))).toBeLessThanOrEqual(r.valueTol);
    expect(r.fStar).toBe(globalValue(p));
    expect(r.fStar).toBeLessThan(r.value - 0.01);
    // the documented 64u(1 + |f|) rounding allowance
    expect(r.valueTol / U).toBeCloseTo(64 * (1 + Math.log(3)), 9);
  });

  it('should compare the MSE origin (f = 1/2 bias-free) with the MSE closed form f*', () => {
    // Arrange: λ = 0.01, seed 1 — an instance where the best solve's f lands an ulp off the closed form
    // (−6.9e-18), so taking f* from a solve instead of the closed form would be seen
    const p = problem('mse', 3, 3, 2, 0.01);
    // Act
    const r = solvedOrigin(p, 1);
    // Assert
    expect(r.status).toBe('converged');
    // originValue (theory/saddles.ts): MSE bias-free 1/2
    expect(Math.abs(r.value - 0.5)).toBeLessThanOrEqual(r.valueTol);
    expect(r.fStar).toBe(globalValue(p));
    expect(r.fStar).toBeLessThan(r.value - 0.01);
    expect(r.valueTol / U).toBeCloseTo(64 * 1.5, 9);
  });

  it('should take f* from a solve for a loss without a closed form (label smoothing), below the origin value', () => {
    // Arrange: globalValue has no closed form for ls(0.1) (it throws); the best solve stands in for f*
    const p = problem('ls(0.1)', 3, 3, 2, 0.01);
    expect(() => globalValue(p)).toThrow(RangeError);
    // Act
    const r = solvedOrigin(p, 2);
    // Assert
    expect(r.status).toBe('converged');
    expect(Number.isFinite(r.fStar)).toBe(true);
    expect(r.fStar).toBeLessThan(r.value - 0.01);
  });
});

describe('solveMergedPoint / measuredMergedPoint (THEORY.md §6.5)', () => {
  // CE, K = 4, classes 0 and 1 merged: a critical point of the full problem above f*
  const p = problem('ce', 4, 4, 2, 1e-3);
  const groups = [[0, 1], [2], [3]];

  it('should solve the restricted problem to 1e-10 and report f, f* = the CE closed form and their tolerance', () => {
    // Act
    const m = solveMergedPoint(p, groups, 1);
    // Assert
    expect(isMergedPoint(m)).toBe(true);
    if (!isMergedPoint(m)) return;
    expect(m.gradReduced).toBeLessThanOrEqual(1e-10);
    expect(m.iterations).toBeGreaterThan(0);
    expect(m.fStar).toBe(globalValue(p));
    expect(m.value).toBeGreaterThan(m.fStar + 0.01);
    // symmetric criticality (Palais): the full gradient is no larger than the restricted one, up to rounding
    expect(m.gradNorm).toBeLessThanOrEqual(m.gradReduced + gradRounding(m.obj.layout, m.theta));
    // valueTol = valueRounding(f) + 64u|f*| (module doc)
    const vr = valueRounding(m.obj.layout, p, m.value, m.theta);
    expect((m.valueTol - vr) / U).toBeCloseTo(64 * Math.abs(m.fStar), 6);
  });

  it('should certify the merged point with gradient tolerance ‖∇(f∘J)‖ + gradRounding', () => {
    // Act
    const m = measuredMergedPoint(p, groups, 1);
    // Assert
    expect(isMergedPoint(m)).toBe(true);
    if (!isMergedPoint(m)) return;
    expect(m.gradRounding).toBe(gradRounding(m.obj.layout, m.theta));
    expect(m.cert.gradNorm).toBeLessThanOrEqual(m.gradReduced + m.gradRounding);
    expect(m.cert.kind).not.toBe('inconclusive');
  });

  it('should be inconclusive, naming the status and ‖∇(f∘J)‖, when the restricted solve stops at its cap', () => {
    // Arrange: MSE with λ = 1e-9 (seed 1) ends 'max-iter' at ‖∇(f∘J)‖ ≈ 5e-9, fifty times the tolerance
    const q = problem('mse', 4, 4, 2, 1e-9);
    // Act
    const m = solveMergedPoint(q, groups, 1);
    const mm = measuredMergedPoint(q, groups, 1);
    // Assert
    expect(isMergedPoint(m)).toBe(false);
    if (isMergedPoint(m)) return;
    expect(m.status).toBe('inconclusive');
    expect(m.why).toMatch(/^restricted solve ended 'max-iter' with ‖∇\(f∘J\)‖ = [0-9.]+e-9 > 1e-10$/);
    expect(m.details?.['status']).toBe('max-iter');
    expect(m.details?.['gradNorm']).toBeGreaterThan(1e-10);
    expect(m.details?.['iterations']).toBe(300);
    expect(mm).toEqual(m);
  });
});

describe('embeddedPoint / measuredEmbeddedPoint (THEORY.md §6.4)', () => {
  it('should be inconclusive, naming d′, the status and ‖∇f′‖, when the d′ solve does not converge', () => {
    // Arrange: CE, K = 5, d′ = 1, λ = (1e-13, 3e-13), seed 1: the d′ solve stops at ‖∇f′‖ ≈ 1e-3
    const lw = 1e-13;
    const mk = (d: number) =>
      parseUfmProblem({ loss: 'ce', K: 5, d, n: 3, lambdaW: lw, lambdaH: 3 * lw, lambdaB: 0, bias: false });
    // Act
    const e = embeddedPoint(mk(5), mk(1), 1);
    const me = measuredEmbeddedPoint(mk(5), mk(1), 1);
    // Assert
    expect(isEmbeddedPoint(e)).toBe(false);
    if (isEmbeddedPoint(e)) return;
    expect(e.status).toBe('inconclusive');
    expect(e.why).toMatch(/^d′ = 1 solve ended 'max-iter' with ‖∇f′‖ = [0-9.]+e-\d > 1e-10$/);
    expect(e.details?.['status']).toBe('max-iter');
    expect(e.details?.['gradNorm']).toBeGreaterThan(1e-10);
    expect(me).toEqual(e);
  });

  it('should certify the embedded point with gradient tolerance ε′ + gradRounding, and measure it in R^d', () => {
    // Arrange: CE, K = 4, d′ = 2 embedded in d = 4
    const p = problem('ce', 4, 4, 2, 1e-3);
    const low = problem('ce', 4, 2, 2, 1e-3);
    // Act
    const e = measuredEmbeddedPoint(p, low, 1);
    // Assert
    expect(isEmbeddedPoint(e)).toBe(true);
    if (!isEmbeddedPoint(e)) return;
    expect(e.gradLow).toBeLessThanOrEqual(1e-10);
    expect(e.gradTol).toBe(e.gradLow + gradRounding(e.obj.layout, e.theta));
    expect(e.gradNorm).toBeLessThanOrEqual(e.gradTol);
    // the embedding adds zero blocks only: the value is the d′ value up to rounding
    expect(Math.abs(e.value - e.valueLow)).toBeLessThanOrEqual(valueRounding(e.obj.layout, p, e.value, e.theta));
  });
});

describe('minimizerSecondOrder without the symmetry (plain Lanczos, THEORY.md §6.6)', () => {
  it("should be the certificate of the plain objective at the minimizer, seeded by the instance's seed", () => {
    // Arrange: the replay contract — every random draw (here the Lanczos start) comes from the instance's seed
    const p = problem('ce', 3, 3, 2, 0.01);
    // Act
    const r = minimizerSecondOrder(p, 5, false);
    // Assert
    expect('cert' in r).toBe(true);
    if (!('cert' in r)) return;
    const again = certifySecondOrder(ufmObjective(p, ce), r.cp.theta, { rng: createRng(5), gradTol: 1e-10 });
    expect(r.cert).toEqual(again);
  });
});
