/**
 * The extended / ReLU certified models' solve and certify (src/certified/extended/model.ts; THEORY.md §2.4–§2.5):
 * the solve summary (status, iteration count of L-BFGS plus the trust-region polish, Thm 4.1's f* or why it is
 * unavailable), each branch of the linear certificate at the collapsed projection and of the ReLU smooth-point
 * certificate, symmetries / reduction only for balanced counts, and point files naming the bad field.
 */
import { describe, expect, it } from 'vitest';
import { extendedModel, reluModel } from '../../../src/certified/index.ts';
import type { ModelPoint } from '../../../src/certified/index.ts';
import { createRng } from '../../../src/core/index.ts';
import { extendedLayout, extendedObjective } from '../../../src/models/index.ts';
import type { ExtendedProblem } from '../../../src/models/index.ts';
import { lbfgs, trustRegion } from '../../../src/solvers/index.ts';
import { predictExtended } from '../../../src/theory/index.ts';
import { usageError } from './_usageError.ts';

function num(x: unknown): number {
  if (typeof x !== 'number') throw new Error(`expected a number, got ${String(x)}`);
  return x;
}

const small = extendedModel.fromFlags({ K: '3', d: '4', n: '2' }).problem;
const solved = extendedModel.solve(small, { seed: 1 });
const reluSolved = reluModel.solve(small, { seed: 1 });

/** A seeded N(0, 1) point of `p`: far from critical (‖∇f‖ ≫ 1e-8). */
function randomPoint(model: 'extended' | 'relu', p: ExtendedProblem): ModelPoint<ExtendedProblem> {
  return { model, problem: p, theta: createRng(7).fillNormal(new Float64Array(extendedLayout(p).dim), 1) };
}

describe('extended model solve', () => {
  it('should report a converged solve with its value, ‖∇f‖ and the gap to Thm 4.1 f*', () => {
    const pr = predictExtended(small);
    const s = solved.summary;
    expect(solved.exit).toBe(0);
    expect(solved.status).toBe('converged');
    expect(s['model']).toBe('extended');
    expect(s['status']).toBe('converged');
    expect(num(s['gradNorm'])).toBeLessThanOrEqual(1e-10);
    expect(s['fStarLinear']).toBe(pr.fStar);
    expect(s['sigmaStar']).toBe(pr.sigmaStar);
    expect(s['nu']).toBe(pr.nu);
    expect(s['regime']).toBe('frame');
    expect(s['gapToLinear']).toBe(num(s['value']) - pr.fStar);
    // The benign small instance reaches the global value f* (Thm 4.1) to rounding: 1e-12 ≫ a few ulps of f ≈ 0.03.
    expect(Math.abs(num(s['gapToLinear']))).toBeLessThan(1e-12);
  });

  it('should count only the L-BFGS iterations when L-BFGS converges (documented solve: one seeded N(0, 0.5²) start)', () => {
    const obj = extendedObjective(small);
    const r1 = lbfgs(obj, createRng(1).fillNormal(new Float64Array(obj.dim), 0.5), { tol: 1e-10, maxIter: 20000 });
    expect(r1.status).toBe('converged');
    expect(solved.summary['iterations']).toBe(r1.iterations);
  });

  it('should polish with the trust region (500 iterations, the same tol) and keep its status when L-BFGS stops short', () => {
    // tol 1e-20 is below what rounding allows: L-BFGS stops short, the polish cannot reach it either (exit 2).
    const p = extendedModel.fromFlags({ K: '2', d: '2', n: '1' }).problem;
    const obj = extendedObjective(p);
    const r1 = lbfgs(obj, createRng(1).fillNormal(new Float64Array(obj.dim), 0.5), { tol: 1e-20, maxIter: 20000 });
    const r = trustRegion(obj, r1.theta, { tol: 1e-20, maxIter: 500, seed: 1 });
    const sol = extendedModel.solve(p, { seed: 1, tol: 1e-20 });
    expect(r1.status).not.toBe('converged');
    expect(sol.exit).toBe(2);
    expect(sol.status).toBe(r.status);
    expect(sol.status).not.toBe('converged');
    expect(sol.summary['iterations']).toBe(r1.iterations + r.iterations);
    expect(Array.from(sol.point.theta)).toEqual(Array.from(r.theta));
  });

  it('should say why Thm 4.1 f* is unavailable when d < K', () => {
    const p = extendedModel.fromFlags({ K: '3', d: '2', n: '2' }).problem;
    const s = extendedModel.solve(p, { seed: 1 }).summary;
    expect(s['linearPrediction']).toBe('unavailable: d: Thm 4.1 needs d ≥ K = 3; got 2');
    expect(s['fStarLinear']).toBeUndefined();
  });
});

describe('extended model certificate', () => {
  it('should certify the solved point as a strict local-minimum orbit within δ = 2‖∇f‖/μ', () => {
    const c = extendedModel.certify(solved.point, { seed: 1 });
    expect(c.kind).toBe('local-min');
    expect(c.certified).toBe(true);
    const ev = c.evidence;
    expect(num(ev['delta'])).toBe((2 * num(ev['gradNorm'])) / num(ev['mu']));
    expect(c.why).toMatch(
      /^μ = \S+ > 0 modulo the rotations and ‖∇f‖ ≤ 1e-8: within δ = \S+ of a strict local-minimum orbit$/,
    );
    expect(c.why).toContain(`δ = ${num(ev['delta']).toExponential(3)}`);
    expect(num(ev['mu'])).toBeGreaterThan(0);
    for (const k of ['value', 'gradNorm', 'muCollapsed', 'lambdaMax', 'residual', 'deflated', 'collapseDefect'])
      expect(ev[k], k).toBeDefined();
  });

  it('should accept ‖∇f(θ̄)‖ equal to the gradient tolerance (≤)', () => {
    const g = num(extendedModel.certify(solved.point, { seed: 1 }).evidence['gradNorm']);
    expect(extendedModel.certify(solved.point, { seed: 1, gradTol: g }).kind).toBe('local-min');
  });

  it('should be inconclusive naming ‖∇f(θ̄)‖ at a non-critical point', () => {
    const c = extendedModel.certify(randomPoint('extended', small), { seed: 1 });
    expect(c.kind).toBe('inconclusive');
    expect(c.certified).toBe(false);
    const g = num(c.evidence['gradNorm']);
    expect(c.why).toBe(`‖∇f(θ̄)‖ = ${g.toExponential(3)} > 1e-8 at the collapsed projection`);
  });

  it('should measure the distance of θ to its collapsed projection', () => {
    // Arrange: an exactly collapsed point (θ̄ of the solution), then ±e on the two samples of class 0 in H₁ row 0:
    // the class mean is unchanged, so θ̄ is too and ‖θ − θ̄‖ = e√2.
    const red = extendedModel.reduction(small)?.reduced;
    if (red === undefined) throw new Error('balanced problem without a reduction');
    const bar = red.toFull(red.fromFull(solved.point.theta));
    const L = extendedLayout(small);
    const e = 1e-3;
    const theta = Float64Array.from(bar);
    theta[L.offH1] = (theta[L.offH1] as number) + e;
    theta[L.offH1 + 1] = (theta[L.offH1 + 1] as number) - e;
    // Act
    const c = extendedModel.certify({ model: 'extended', problem: small, theta }, { seed: 1 });
    // Assert: relative 1e-9 covers the rounding of bar's round trip (≈1e-16 per entry) against e = 1e-3.
    expect(num(c.evidence['collapseDefect'])).toBeCloseTo(e * Math.SQRT2, 12);
  });

  it('should decline unbalanced counts, with no reduction and no symmetries', () => {
    const p = extendedModel.fromFlags({ K: '3', d: '4', counts: '2,2,3' }).problem;
    const point = randomPoint('extended', p);
    const c = extendedModel.certify(point, { seed: 1 });
    expect(c).toEqual({
      kind: 'inconclusive',
      certified: false,
      why: 'the extended reduction needs balanced counts',
      evidence: {},
    });
    expect(extendedModel.symmetries(point)).toBeUndefined();
    expect(extendedModel.reduction(p)).toBeUndefined();
  });

  it('should quotient only the d-side rotations A, B on the reduction of a balanced problem', () => {
    // At a generic point the d-side tangents span d(d−1) = 12 directions; the K-side ones are not quotiented.
    const s = extendedModel.symmetries(randomPoint('extended', small));
    expect(s?.space).toBe('reduction');
    expect(s?.basis.length).toBe(12);
    expect(s?.what).toContain('rotations A');
    expect(extendedModel.reduction(small)?.what).toContain('collapsed H₁');
  });
});

describe('relu model certificate', () => {
  it('should certify the solved smooth point with its spectral gap and kink distance', () => {
    const c = reluModel.certify(reluSolved.point, { seed: 1 });
    expect(c.kind).toBe('local-min');
    expect(c.certified).toBe(true);
    expect(c.evidence['value']).toBe(reluSolved.summary['value']);
    const mu = num(c.evidence['mu']);
    const delta = num(c.evidence['delta']);
    expect(c.why).toBe(
      `smooth point with spectral gap μ = ${mu.toExponential(3)} ≥ 100·τ_flat and no kink within δ = ${delta.toExponential(3)}`,
    );
  });

  it('should accept ‖∇f‖ equal to the gradient tolerance (≤)', () => {
    const g = num(reluSolved.summary['gradNorm']);
    expect(reluModel.certify(reluSolved.point, { seed: 1, gradTol: g }).kind).toBe('local-min');
  });

  it('should be inconclusive at a non-critical point, with its value and ‖∇f‖', () => {
    const c = reluModel.certify(randomPoint('relu', small), { seed: 1 });
    expect(c.kind).toBe('inconclusive');
    expect(c.certified).toBe(false);
    expect(Object.keys(c.evidence).sort()).toEqual(['gradNorm', 'value']);
    const g = num(c.evidence['gradNorm']);
    expect(c.why).toBe(`start 0 (continuation) ended 'max-iter' with ‖∇f‖ = ${g.toExponential(2)}`);
  });

  it('should call a point with a non-finite coordinate non-finite', () => {
    const point = randomPoint('relu', small);
    point.theta[0] = Number.POSITIVE_INFINITY;
    const c = reluModel.certify(point, { seed: 1 });
    expect(c.kind).toBe('inconclusive');
    expect(c.why).toContain(`ended 'non-finite'`);
  });
});

describe('extended point files', () => {
  const file = (): Record<string, unknown> =>
    JSON.parse(JSON.stringify(extendedModel.pointToJson(solved.point))) as Record<string, unknown>;

  it('should write the model, the problem (n when balanced) and the three blocks as rows', () => {
    const f = file();
    expect(f['model']).toBe('extended');
    expect(f['problem']).toEqual({ K: 3, d: 4, n: 2, lambdaW2: 5e-3, lambdaW1: 5e-3, lambdaH1: 5e-3 });
    expect((f['W2'] as unknown[]).length).toBe(3);
    expect((f['W1'] as unknown[]).length).toBe(4);
    expect((f['H1'] as unknown[][])[0]?.length).toBe(6);
    const back = extendedModel.parsePoint(f);
    expect(Array.from(back.theta)).toEqual(Array.from(solved.point.theta));
  });

  it.each(['problem', 'W2', 'W1', 'H1'])('should name %s when it is missing', (field) => {
    const f = file();
    delete f[field];
    const e = usageError(() => extendedModel.parsePoint(f));
    expect(e.field.startsWith(field)).toBe(true);
  });

  it('should name the model field when a relu point is read as extended', () => {
    const f = { ...file(), model: 'relu' };
    expect(usageError(() => extendedModel.parsePoint(f)).field).toBe('model');
    expect(reluModel.parsePoint(f).model).toBe('relu');
  });
});
