/**
 * Edge cases of the extended / ReLU certified models (src/certified/extended/model.ts; THEORY.md §2.4–§2.5): the
 * solve's exit at ‖∇f‖ exactly equal to --tol, the linear certificate at a saddle (negative curvature modulo the
 * rotations), and the ReLU certificate at a point whose value overflows while its gradient stays finite.
 */
import { describe, expect, it } from 'vitest';
import { extendedModel, reluModel } from '../../../src/certified/index.ts';
import { extendedLayout, extendedObjective } from '../../../src/models/index.ts';

function num(x: unknown): number {
  if (typeof x !== 'number') throw new Error(`expected a number, got ${String(x)}`);
  return x;
}

const small = extendedModel.fromFlags({ K: '3', d: '4', n: '2' }).problem;

describe('extended model edges', () => {
  it('should exit 0 when ‖∇f‖ equals --tol exactly (the contract is ‖∇f‖ ≤ tol)', () => {
    // Arrange: the same seeded solve with tol set to the ‖∇f‖ it reached at the default tol.
    const g1 = num(extendedModel.solve(small, { seed: 1 }).summary['gradNorm']);
    // Act
    const s = extendedModel.solve(small, { seed: 1, tol: g1 });
    // Assert (precondition: the rerun stops at the same iterate)
    expect(s.summary['gradNorm']).toBe(g1);
    expect(s.exit).toBe(0);
    expect(s.status).toBe('converged');
  });

  it('should not certify the saddle on the ray through the optimum', () => {
    // Arrange: along θ(s) = s·θ̄* (θ̄* the collapsed optimum, all K singular values equal) each factor's singular
    // value solves the scalar balanced equation, whose smaller positive root is a saddle between the local minimum
    // at 0 and the optimum (THEORY.md §2.4). Bisect the directional derivative ⟨∇f(sθ̄*), θ̄*⟩ on s ∈ [0.005, 0.1].
    const red = extendedModel.reduction(small)?.reduced;
    if (red === undefined) throw new Error('balanced problem without a reduction');
    const star = red.toFull(red.fromFull(extendedModel.solve(small, { seed: 1 }).point.theta));
    const obj = extendedObjective(small);
    const g = new Float64Array(obj.dim);
    const along = (s: number): number => {
      obj.valueAndGrad(
        star.map((x) => x * s),
        g,
      );
      let dot = 0;
      for (let i = 0; i < g.length; i++) dot += (g[i] as number) * (star[i] as number);
      return dot;
    };
    let lo = 0.005,
      hi = 0.1;
    expect(Math.sign(along(lo))).not.toBe(Math.sign(along(hi)));
    for (let k = 0; k < 200; k++) {
      const m = (lo + hi) / 2;
      if (Math.sign(along(m)) === Math.sign(along(lo))) lo = m;
      else hi = m;
    }
    const theta = star.map((x) => x * lo);
    // Act
    const c = extendedModel.certify({ model: 'extended', problem: small, theta }, { seed: 1 });
    // Assert: first order holds (‖∇f‖ ≤ 1e-8) but μ < 0, so the curvature branch declines.
    expect(num(c.evidence['gradNorm'])).toBeLessThanOrEqual(1e-8);
    expect(num(c.evidence['mu'])).toBeLessThan(0);
    expect(c.kind).toBe('inconclusive');
    expect(c.certified).toBe(false);
    expect(c.why).toBe(
      `curvature modulo symmetry not certified positive (μ = ${num(c.evidence['mu']).toExponential(3)}, converged true)`,
    );
  });

  it('should call a relu point non-finite when its value overflows though its gradient is finite', () => {
    // ‖W₂‖² = 12·1e310 overflows the weight decay; W₁, H₁ are tiny, so ∇ ≈ λW₂ = 5e152 per entry stays finite.
    const L = extendedLayout(small);
    const theta = new Float64Array(L.dim);
    theta.fill(1e155, L.offW2, L.offW1);
    theta.fill(1e-300, L.offW1, L.offH1);
    theta.fill(1e-200, L.offH1);
    const c = reluModel.certify({ model: 'relu', problem: small, theta }, { seed: 1 });
    expect(Number.isFinite(num(c.evidence['gradNorm']))).toBe(true);
    expect(c.kind).toBe('inconclusive');
    expect(c.why).toContain(`ended 'non-finite'`);
  });
});
