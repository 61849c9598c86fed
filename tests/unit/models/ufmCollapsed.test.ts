/**
 * The exact class-mean reduction f_c(W, H̄, b) = f(W, H̄ ⊗ 1ᵀ, b) (ufmCollapsed.ts): equality with the full objective
 * at collapsed points, the gradient relation ∂f_c/∂h̄_k = n_k·∂f/∂h_{k,i}, the Hessian relation H_c = Jᵀ H J for the
 * linear expansion J, and its own exact derivatives, for CE and MSE in every bias mode and imbalanced counts.
 */
import { describe, it, expect } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import { lossById } from '../../../src/losses/index.ts';
import type { UfmLayout, UfmProblem } from '../../../src/models/index.ts';
import {
  collapse,
  collapsedUfmObjective,
  expandCollapsed,
  randomInit,
  ufmObjective,
} from '../../../src/models/index.ts';
import { centralDiffGrad, centralDiffHvp, maxAbs, maxAbsDiff, taylorSlopes } from './derivCheck.ts';

const CASES = ['ce', 'mse'].flatMap((loss) => (['none', 'free', 'decayed'] as const).map((mode) => ({ loss, mode })));

function problem(loss: string, mode: 'none' | 'free' | 'decayed'): UfmProblem {
  return {
    loss,
    K: 3,
    d: 4,
    counts: [4, 1, 2],
    lambdaW: 0.01,
    lambdaH: 0.02,
    lambdaB: mode === 'decayed' ? 0.03 : 0,
    bias: mode !== 'none',
  };
}

/** Jᵀ for the expansion J: W and b pass through, h̄_k collects Σ_i of the class-k columns (= n_k · class mean). */
function expandAdjoint(L: UfmLayout, g: Float64Array): Float64Array {
  const c = collapse(L, g);
  const offHc = L.K * L.d;
  for (let r = 0; r < L.d; r++)
    for (let k = 0; k < L.K; k++) c[offHc + r * L.K + k] = (c[offHc + r * L.K + k] as number) * (L.counts[k] as number);
  return c;
}

describe('collapsedUfmObjective', () => {
  it.each(CASES)(
    'should equal f at collapsed points and satisfy the n_k gradient relation for $loss, bias $mode',
    ({ loss, mode }) => {
      // Arrange
      const p = problem(loss, mode);
      const f = ufmObjective(p, lossById(loss));
      const fc = collapsedUfmObjective(p, lossById(loss));
      const thetaC = randomInit(fc.layout, createRng(51));
      const theta = fc.expand(thetaC);
      const g = new Float64Array(f.dim);
      const gc = new Float64Array(fc.dim);
      // Act
      const v = f.valueAndGrad(theta, g);
      const vc = fc.valueAndGrad(thetaC, gc);
      // Assert: same value; ∂W, ∂b equal; ∂h̄_k = n_k ∂f/∂h_{k,i} for every i (to rounding of sums over N ≤ 7 columns)
      expect(Math.abs(v - vc)).toBeLessThanOrEqual(1e-14 * Math.abs(v));
      expect(Math.abs(fc.value(thetaC) - vc)).toBeLessThanOrEqual(1e-14 * Math.abs(v));
      const scale = maxAbs(g);
      const { K, d, N, counts, offH } = f.layout;
      for (let i = 0; i < K * d; i++)
        expect(Math.abs((gc[i] as number) - (g[i] as number))).toBeLessThanOrEqual(1e-14 * scale);
      if (p.bias)
        for (let k = 0; k < K; k++)
          expect(Math.abs((gc[fc.layout.offB + k] as number) - (g[f.layout.offB + k] as number))).toBeLessThanOrEqual(
            1e-14 * scale,
          );
      for (let r = 0; r < d; r++) {
        let j = 0;
        counts.forEach((n, k) => {
          for (let i = 0; i < n; i++, j++) {
            const full = g[offH + r * N + j] as number;
            expect(Math.abs((gc[fc.layout.offH + r * K + k] as number) - n * full)).toBeLessThanOrEqual(
              1e-14 * n * scale,
            );
          }
        });
      }
    },
  );

  it.each(CASES)('should have Hessian Jᵀ∇²f J and exact derivatives for $loss, bias $mode', ({ loss, mode }) => {
    // Arrange
    const p = problem(loss, mode);
    const f = ufmObjective(p, lossById(loss));
    const fc = collapsedUfmObjective(p, lossById(loss));
    const rng = createRng(52);
    const thetaC = randomInit(fc.layout, rng, 0.7);
    const vC = randomInit(fc.layout, rng);
    const HvC = new Float64Array(fc.dim);
    const Hv = new Float64Array(f.dim);
    // Act
    fc.hessianAt(thetaC).apply(vC, HvC);
    f.hessianAt(fc.expand(thetaC)).apply(expandCollapsed(f.layout, vC), Hv);
    const viaFull = expandAdjoint(f.layout, Hv);
    const gc = new Float64Array(fc.dim);
    fc.valueAndGrad(thetaC, gc);
    const slopes = taylorSlopes(
      fc,
      thetaC,
      vC.map((x) => x / Math.sqrt(vC.reduce((a, b) => a + b * b, 0))),
    );
    // Assert: f_c = f∘J with J linear, so ∇²f_c = Jᵀ∇²f J exactly (to rounding); FD bounds as in ufm.test.ts.
    expect(maxAbsDiff(HvC, viaFull)).toBeLessThanOrEqual(1e-13 * maxAbs(HvC));
    expect(
      maxAbsDiff(
        gc,
        centralDiffGrad((x) => fc.value(x), thetaC),
      ),
    ).toBeLessThan(1e-7);
    expect(maxAbsDiff(HvC, centralDiffHvp(fc, thetaC, vC))).toBeLessThan(1e-6);
    expect(Math.abs(slopes.grad - 2)).toBeLessThan(0.15);
    expect(Math.abs(slopes.hess - 3)).toBeLessThan(0.15);
  });

  it.each(CASES)(
    'should give the same value, gradient and HVP on the WebAssembly kernels as on the JS ones for $loss, bias $mode',
    ({ loss, mode }) => {
      // Arrange: K = 12, d = 70 (every tile edge of the packed kernel), imbalanced counts; 'wasm' forced, and 'auto'
      const base = problem(loss, mode);
      const p: UfmProblem = { ...base, K: 12, d: 70, counts: [3, 1, 2, 5, 1, 1, 4, 2, 1, 1, 3, 1] };
      const fj = collapsedUfmObjective(p, lossById(loss), { engine: 'js' });
      const rng = createRng(61);
      const theta = randomInit(fj.layout, rng);
      const v = rng.fillNormal(new Float64Array(fj.dim));
      const gj = new Float64Array(fj.dim),
        hj = new Float64Array(fj.dim);
      const vj = fj.valueAndGrad(theta, gj);
      fj.hessianAt(theta).apply(v, hj);
      // Each logit is a sum of d products, computed in another order: the two differ by ≤ 2γ_{d+3}(|W||H̄|)_{kj}
      // (Higham). CE and MSE and their first two derivatives are Lipschitz in z with constants ≤ 2·max(1, |z|) at
      // these O(√d) logits, and each gradient/HVP entry is a further sum of ≤ d + K such terms, so
      // (d + K + 3)²ε·(1 + max|θ|)²·(1 + max|v|) bounds every difference with room to spare; rounding-level
      // disagreement is ~1e-13 here and a wrong product (a missing term) is O(1).
      const mt = maxAbs(theta),
        mv = maxAbs(v);
      const tol = (p.d + p.K + 3) ** 2 * Number.EPSILON * (1 + mt) ** 2 * (1 + mv) * 4;
      for (const engine of ['wasm', 'auto'] as const) {
        const fw = collapsedUfmObjective(p, lossById(loss), { engine });
        const gw = new Float64Array(fw.dim),
          hw = new Float64Array(fw.dim);
        // Act
        const vw = fw.valueAndGrad(theta, gw);
        fw.hessianAt(theta).apply(v, hw);
        // Assert
        expect(Math.abs(vw - vj)).toBeLessThanOrEqual(tol);
        expect(Math.abs(fw.value(theta) - vw)).toBeLessThanOrEqual(tol);
        expect(maxAbsDiff(gw, gj)).toBeLessThanOrEqual(tol);
        expect(maxAbsDiff(hw, hj)).toBeLessThanOrEqual(tol * (1 + mv));
        expect(maxAbs(gj)).toBeGreaterThan(1e3 * tol);
      }
    },
  );

  it('should collapse to class means and expand back', () => {
    // Arrange
    const p = problem('ce', 'decayed');
    const fc = collapsedUfmObjective(p, lossById('ce'));
    const L = fc.fullLayout;
    const theta = randomInit(L, createRng(53));
    // Act
    const thetaC = collapse(L, theta);
    const round = collapse(L, expandCollapsed(L, thetaC));
    // Assert: class 0 mean of feature row 0 (columns 0..3), W and b carried over
    const { H } = L.unpack(theta);
    const mean0 = ((H.data[0] as number) + (H.data[1] as number) + (H.data[2] as number) + (H.data[3] as number)) / 4;
    expect(thetaC[fc.layout.offH]).toBeCloseTo(mean0, 15);
    expect(Array.from(thetaC.subarray(0, 12))).toEqual(Array.from(theta.subarray(0, 12)));
    expect(Array.from(thetaC.subarray(fc.layout.offB))).toEqual(Array.from(theta.subarray(L.offB)));
    expect(maxAbsDiff(round, thetaC)).toBeLessThanOrEqual(4 * Number.EPSILON * maxAbs(thetaC));
    expect(fc.dim).toBe(3 * 4 + 4 * 3 + 3);
    expect(() => expandCollapsed(L, new Float64Array(5))).toThrow(RangeError);
  });
});
