/**
 * The §1.2 escape data and measurements of src/certified/saddle/saddle.ts (THEORY.md §1.2, §6.1): the null defect
 * s² = λ_min(WᵀW + HHᵀ) against a hand-computed 2×2 eigenvalue, the bound λ_min ≤ q(σ) + (L_ℓ/N)s² with L_ℓ = ½ for
 * CE and 1 for MSE, the rounding and scale terms as the module doc writes them, the tight Lanczos λ_min at the
 * origin against its closed form q(σ₀), and the escape check at a saddle and at a local minimum.
 */
import { describe, expect, it } from 'vitest';
import { escapeData, escapeVerdict, nullDefectSq, tightLambdaMin } from '../../../../src/certified/saddle/index.ts';
import { certifyUfmPoint } from '../../../../src/certified/ufm/secondOrder.ts';
import { matOf } from '../../../../src/core/index.ts';
import { ce, mse } from '../../../../src/losses/index.ts';
import { parseUfmProblem, ufmLayout, ufmObjective } from '../../../../src/models/index.ts';
import { escapeBound, originPoint } from '../../../../src/theory/index.ts';

const U = 2 ** -53;

/**
 * K = 3, d = 2, counts [1, 1, 2] (N = 4). W rows (1, 2), (0, 1), (1, 0): WᵀW = [[2, 2], [2, 5]]; H columns (0, 1),
 * (0, 1), (1, 1), (0, 0): HHᵀ = [[1, 1], [1, 3]]; M = [[3, 3], [3, 8]], λ_min = (11 − √61)/2.
 */
function point(loss: 'ce' | 'mse', bias: boolean) {
  const p = parseUfmProblem({ loss, K: 3, d: 2, counts: [1, 1, 2], lambdaW: 0.02, lambdaH: 0.03, lambdaB: 0.01, bias });
  const layout = ufmLayout(p);
  const W = matOf(3, 2, new Float64Array([1, 2, 0, 1, 1, 0]));
  const H = matOf(2, 4, new Float64Array([0, 0, 1, 0, 1, 1, 1, 0]));
  const theta = layout.pack({ W, H, b: new Float64Array([0.1, -0.2, 0.3]) });
  return { p, layout, theta, W, H };
}
const S2 = (11 - Math.sqrt(61)) / 2;

describe('nullDefectSq (s² = λ_min(WᵀW + HHᵀ))', () => {
  it('should equal the hand-computed smallest eigenvalue of WᵀW + HHᵀ (with and without a bias in θ)', () => {
    for (const bias of [false, true]) {
      // Arrange
      const { layout, theta } = point('ce', bias);
      // Act
      const s2 = nullDefectSq(layout, theta);
      // Assert
      expect(s2).toBeCloseTo(S2, 13);
    }
  });

  it('should be 0 (never negative) when W and Hᵀ share a null vector', () => {
    // Arrange: second coordinate unused by W and H
    const { layout } = point('ce', false);
    const theta = layout.pack({
      W: matOf(3, 2, new Float64Array([1, 0, -2, 0, 0.5, 0])),
      H: matOf(2, 4, new Float64Array([0.3, -0.7, 1, 2, 0, 0, 0, 0])),
      b: new Float64Array(3),
    });
    // Act
    const s2 = nullDefectSq(layout, theta);
    // Assert
    expect(s2).toBe(0);
  });
});

describe('escapeData (σ, q(σ), the bound q(σ) + (L_ℓ/N)s² and the rounding/scale terms)', () => {
  for (const c of [
    { loss: 'ce', L: 0.5 },
    { loss: 'mse', L: 1 },
  ] as const) {
    it(`should add (L_ℓ/N)s² with L_ℓ = ${c.L} to q(σ) for ${c.loss}, and write the terms as the module doc does`, () => {
      // Arrange
      const lossFn = c.loss === 'ce' ? ce : mse;
      const { p, layout, theta } = point(c.loss, true);
      const eb = escapeBound(p, lossFn, theta);
      // Act
      const e = escapeData(p, lossFn, layout, theta);
      // Assert
      expect(e.sigma).toBe(eb.sigma);
      expect(e.q).toBe(eb.q);
      expect(e.kktBound).toBeCloseTo(Math.sqrt(0.02 * 0.03), 15);
      expect(e.nullDefectSq).toBeCloseTo(S2, 13);
      expect(e.lambdaUpper - e.q).toBeCloseTo((c.L * S2) / 4, 13);
      // qRounding = 4(N + K + d)K u (σ + λ_W + λ_H) = 4·9·3·u·(σ + 0.05)
      expect(e.qRounding / (4 * 9 * 3 * U * (eb.sigma + 0.05))).toBeCloseTo(1, 12);
      // factorScale = (L/N)(‖W‖_F + ‖H‖_F + √N)² + √min(K, N)·σ + λ_W + λ_H + λ_b; ‖W‖_F² = 7, ‖H‖_F² = 4
      const z = Math.sqrt(7) + 2 + 2;
      expect(e.factorScale / ((c.L / 4) * z * z + Math.sqrt(3) * eb.sigma + 0.06)).toBeCloseTo(1, 12);
      // clusterWidth = q(σ₂) − q(σ) ≥ 0
      const q2 = 0.025 - Math.sqrt(0.005 ** 2 + eb.sigma2 ** 2);
      expect(e.clusterWidth).toBeCloseTo(Math.max(0, q2 - eb.q), 14);
      expect(e.clusterWidth).toBeGreaterThan(0);
    });
  }

  it('should give a plug-in loss (no known curvature) the bound q(σ) at s = 0, no finite bound at s > 0', () => {
    // Arrange: CE's formulas under another id ('ce-plugin'), so L_ℓ is unknown to saddle.ts
    const plugin = { ...ce, id: 'ce-plugin' };
    const base = point('ce', true);
    const p = { ...base.p, loss: 'ce-plugin' };
    const embedded = base.layout.pack({
      W: matOf(3, 2, new Float64Array([1, 0, -2, 0, 0.5, 0])),
      H: matOf(2, 4, new Float64Array([0.3, -0.7, 1, 2, 0, 0, 0, 0])),
      b: new Float64Array(3),
    });
    // Act
    const atNull = escapeData(p, plugin, base.layout, embedded);
    const off = escapeData(p, plugin, base.layout, base.theta);
    // Assert: s = 0 → the rigorous bound q(σ) (not ∞·0 = NaN); s > 0 → +∞; factorScale drops the loss term
    expect(atNull.lambdaUpper).toBe(atNull.q);
    expect(off.lambdaUpper).toBe(Number.POSITIVE_INFINITY);
    expect(off.factorScale / (Math.sqrt(3) * off.sigma + 0.06)).toBeCloseTo(1, 12);
  });

  it('should give the bound q(σ₀) exactly at the origin (s = 0) and that bound should hold for λ_min', () => {
    // Arrange: σ₀ = 1/(K√n) = 1/(4√3) ≈ 0.144 > λ = 0.05 → q < 0
    const p = parseUfmProblem({
      loss: 'ce',
      K: 4,
      d: 5,
      n: 3,
      lambdaW: 0.05,
      lambdaH: 0.05,
      lambdaB: 0.05,
      bias: true,
    });
    const layout = ufmLayout(p);
    const o = originPoint(p, ce);
    // Act
    const e = escapeData(p, ce, layout, o.theta);
    const t = tightLambdaMin(ufmObjective(p, ce), o.theta, 1);
    // Assert
    expect(e.nullDefectSq).toBe(0);
    expect(e.lambdaUpper).toBe(e.q);
    expect(e.q).toBeCloseTo(0.05 - 1 / (4 * Math.sqrt(3)), 12);
    expect(t.lambda - t.residual).toBeLessThanOrEqual(e.lambdaUpper + 1e-12);
  });
});

describe('tightLambdaMin (Lanczos λ_min to residual ≤ 1e-12·‖∇²f‖)', () => {
  it('should find the closed-form λ_min = q(σ₀) of the origin with a tiny residual', () => {
    // Arrange
    const p = parseUfmProblem({ loss: 'mse', K: 3, d: 4, n: 2, lambdaW: 0.01, lambdaH: 0.02, lambdaB: 0, bias: false });
    const o = originPoint(p, mse);
    const obj = ufmObjective(p, mse);
    // Act
    const t = tightLambdaMin(obj, o.theta, 7);
    // Assert
    expect(t.dim).toBe(obj.dim);
    expect(t.converged).toBe(true);
    expect(t.matvecs).toBeGreaterThan(0);
    expect(t.residual).toBeLessThanOrEqual(1e-11 * Math.max(Math.abs(t.lambda), Math.abs(t.lambdaMax)));
    expect(Math.abs(t.lambda - o.lambdaMin)).toBeLessThanOrEqual(1e-10);
    expect(t.lambdaMax).toBeGreaterThan(t.lambda);
  });
});

describe('escapeVerdict (f(θ + t v) < f(θ) beyond 10⁴ε|f|)', () => {
  it('should pass along the negative-curvature vector at a strict saddle and fail at a local minimum', () => {
    // Arrange: the origin below (saddle) and above (minimum) the threshold σ₀ = 1/(K√n)
    const sigma0 = 1 / (3 * Math.sqrt(2));
    const mk = (lambda: number) =>
      parseUfmProblem({ loss: 'ce', K: 3, d: 4, n: 2, lambdaW: lambda, lambdaH: lambda, lambdaB: 0.1, bias: true });
    const saddle = mk(sigma0 - 0.05);
    const minimum = mk(sigma0 + 0.05);
    const o1 = originPoint(saddle, ce);
    const o2 = originPoint(minimum, ce);
    const c1 = certifyUfmPoint(saddle, ce, o1.theta, 1);
    const c2 = certifyUfmPoint(minimum, ce, o2.theta, 1);
    // Act
    const v1 = escapeVerdict(ufmObjective(saddle, ce), o1.theta, c1.vector);
    const v2 = escapeVerdict(ufmObjective(minimum, ce), o2.theta, c2.vector);
    // Assert
    expect(v1.status).toBe('pass');
    expect(v1.why).toContain('escape: f(θ + t·v) − f(θ) at t = ');
    expect(v1.tolerance / (1e4 * 2 ** -52 * Math.log(3))).toBeCloseTo(1, 10);
    expect((v1.details?.['f1'] as number) - (v1.details?.['f0'] as number)).toBeLessThan(0);
    expect(v2.status).toBe('fail');
  });
});
