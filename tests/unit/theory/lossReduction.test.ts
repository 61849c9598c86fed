/**
 * The §10 symmetric reduction (src/theory/lossReduction.ts; THEORY.md §10, Zhou et al. 2022 arXiv 2210.02192, Guo et
 * al. 2024 arXiv 2402.03979): the verification table of §10, and agreement with the existing closed forms — CE
 * (Zhu et al. 2021, §1.1), MSE (Tirer & Bruna 2022, §2.1–2.3), and the identities ls(ε) = CE at γ + ε/K and
 * tce(τ) = CE at τ²λ_W, which are exact for these losses (derived in the test comments).
 */
import { describe, expect, it } from 'vitest';
import { lossById } from '../../../src/losses/index.ts';
import {
  predictCeGlobalMin,
  predictLossReduction,
  predictMseBiasFree,
  predictMseFreeBias,
  predictMseRegularizedBias,
} from '../../../src/theory/index.ts';

const U = 2 ** -53;
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('predictLossReduction against the THEORY.md §10 table', () => {
  // (loss, K, d, n, λ_W, λ_H, λ_b, f* as printed: 12 decimals)
  const table: readonly [string, number, number, number, number, number, number, number][] = [
    ['ls(0.1)', 4, 4, 3, 5e-3, 1e-2, 1e-2, 0.472904212965],
    ['ls(0.3)', 5, 6, 2, 1e-3, 2e-3, 1e-3, 0.903928235881],
    ['tce(2)', 4, 3, 2, 5e-3, 5e-3, 1e-2, 0.222190353745],
    ['tce(0.5)', 3, 3, 3, 1e-2, 1e-2, 1e-2, 0.099424921697],
  ];
  it.each(table)(
    "should reproduce f* of %s on (K=%i, d=%i, n=%i, λ=%f, %f, %f) to the table's printed precision",
    (id, K, d, n, lambdaW, lambdaH, lambdaB, printed) => {
      // Arrange
      const loss = lossById(id);
      // Act
      const p = predictLossReduction(loss, loss.traits, { K, d, n, lambdaW, lambdaH, lambdaB, bias: true });
      // Assert: the table prints 12 decimals, so it is itself rounded by ≤ 5e-13 absolute; we allow that plus the
      // rounding of f* (a handful of ulps). Relative to f* this is ≤ 5.1e-12 for the smallest entry (0.0994).
      expect(p.kind).toBe('1-D (C)(E)(S)');
      expect(Math.abs(p.fStar - printed)).toBeLessThanOrEqual(5e-13 + 8 * U * printed);
    },
  );
});

describe('predictLossReduction against the closed forms', () => {
  const ce = lossById('ce');
  const mse = lossById('mse');
  const insts = [
    { K: 4, d: 3, n: 5, lambdaW: 1e-3, lambdaH: 2e-3, lambdaB: 0, bias: true },
    { K: 10, d: 12, n: 100, lambdaW: 5e-4, lambdaH: 5e-4, lambdaB: 5e-4, bias: true },
    { K: 2, d: 1, n: 7, lambdaW: 3e-2, lambdaH: 1e-2, lambdaB: 0, bias: false },
    { K: 6, d: 5, n: 2, lambdaW: 0.05, lambdaH: 0.04, lambdaB: 1e-3, bias: true }, // κ ≈ 0.38
    { K: 3, d: 3, n: 2, lambdaW: 0.3, lambdaH: 0.3, lambdaB: 0, bias: false }, // κ > 1: zero solution
  ];
  it.each(insts)("should equal Zhu et al.'s CE closed form on %o (f*, ‖w‖², a* = t*)", (inst) => {
    // Act
    const r = predictLossReduction(ce, ce.traits, inst);
    const c = predictCeGlobalMin(inst);
    // Assert: both evaluate the same function at roots found independently (closed form vs Newton); the root is
    // accurate to a few ulps and f* is flat there, so ~10 ulps of f* and of the norms.
    expect(rel(r.fStar, c.fStar)).toBeLessThanOrEqual(1e-13);
    expect(Math.abs(r.wNormSq - c.rhoW)).toBeLessThanOrEqual(1e-13 * Math.max(1, c.rhoW));
    expect(Math.abs(r.alpha - c.tStar)).toBeLessThanOrEqual(1e-13 * Math.max(1, c.tStar));
    expect(r.threshold.kappa0).toBeCloseTo(1, 14);
    expect(r.threshold.zero).toBe(c.zero);
  });

  const mseInsts = [
    { K: 4, d: 4, n: 5, lambdaW: 1e-3, lambdaH: 2e-3 },
    { K: 5, d: 7, n: 3, lambdaW: 1e-2, lambdaH: 3e-2 },
    { K: 3, d: 3, n: 2, lambdaW: 0.2, lambdaH: 0.3 }, // κ > 1
  ];
  it.each(mseInsts)("should equal Tirer & Bruna's MSE closed forms (bias-free, free bias, λ_b > 0) on %o", (inst) => {
    // Act / Assert: the ≤ 3-parameter active-set Newton reaches the closed forms to ~1e-13 (quadratic loss: Newton is
    // exact in one step on the right face; the rest is rounding).
    const bf = predictLossReduction(mse, mse.traits, { ...inst, bias: false });
    const cbf = predictMseBiasFree(inst);
    expect(bf.kind).toBe('3-parameter (C)(E)');
    expect(rel(bf.fStar, cbf.fStar)).toBeLessThanOrEqual(1e-13);
    expect(Math.abs(bf.wNormSq - (cbf.rhoW ?? 0))).toBeLessThanOrEqual(1e-13 * Math.max(1, cbf.rhoW ?? 0));
    const fb = predictLossReduction(mse, mse.traits, { ...inst, bias: true, lambdaB: 0 });
    const cfb = predictMseFreeBias(inst);
    expect(rel(fb.fStar, cfb.fStar)).toBeLessThanOrEqual(1e-13);
    expect(fb.bias).toEqual({ kind: 'value', value: expect.closeTo(1 / inst.K, 13) });
    for (const lambdaB of [1e-3, 0.5, 10]) {
      const rb = predictLossReduction(mse, mse.traits, { ...inst, bias: true, lambdaB });
      const crb = predictMseRegularizedBias({ ...inst, lambdaB });
      expect(rel(rb.fStar, crb.fStar)).toBeLessThanOrEqual(1e-13);
    }
  });

  it.each([0.05, 0.1, 0.3])('should equal CE at γ + ε/K for label smoothing ε = %f', (eps) => {
    // Arrange: along a·u, Σ_k z_k = 0, so ls(ε) = log(1 + (K−1)e^{−a}) + ε a (K−1)/K: CE's g with γ → γ + ε/K.
    // CE at γ' is CE with λ_H' = λ_H (γ'/γ)² (γ = √(nλ_Wλ_H)).
    const inst = { K: 5, d: 4, n: 3, lambdaW: 1e-3, lambdaH: 2e-3, lambdaB: 1e-2, bias: true };
    const gamma = Math.sqrt(inst.n * inst.lambdaW * inst.lambdaH);
    const g2 = gamma + eps / inst.K;
    const loss = lossById(`ls(${eps})`);
    // Act
    const r = predictLossReduction(loss, loss.traits, inst);
    const c = predictCeGlobalMin({ ...inst, lambdaH: inst.lambdaH * (g2 / gamma) ** 2 });
    // Assert
    expect(rel(r.fStar, c.fStar)).toBeLessThanOrEqual(1e-13);
    expect(rel(r.alpha, c.tStar)).toBeLessThanOrEqual(1e-13);
    expect(r.threshold.kappa0).toBeCloseTo(1 - eps, 14);
  });

  it.each([0.5, 2, 3])('should equal CE at τ²λ_W for temperature τ = %f', (tau) => {
    // Arrange: CE(WH/τ) with W' = W/τ has penalty (λ_Wτ²/2)‖W'‖²: the same UFM as CE with λ_W' = τ²λ_W.
    const inst = { K: 4, d: 3, n: 2, lambdaW: 5e-3, lambdaH: 5e-3, lambdaB: 1e-2, bias: true };
    const loss = lossById(`tce(${tau})`);
    // Act
    const r = predictLossReduction(loss, loss.traits, inst);
    const c = predictCeGlobalMin({ ...inst, lambdaW: inst.lambdaW * tau * tau });
    // Assert
    expect(rel(r.fStar, c.fStar)).toBeLessThanOrEqual(1e-13);
    expect(r.threshold.kappa0).toBeCloseTo(1 / tau, 14);
  });

  it('should equal MSE for rmse(1,1) (the same loss by definition)', () => {
    const inst = { K: 4, d: 4, n: 5, lambdaW: 1e-3, lambdaH: 2e-3, bias: false };
    const a = predictLossReduction(lossById('rmse(1,1)'), lossById('rmse(1,1)').traits, inst);
    const b = predictMseBiasFree(inst);
    expect(rel(a.fStar, b.fStar)).toBeLessThanOrEqual(1e-13);
  });

  it('should refuse d < K−1 and say which statements apply to a non-convex loss', () => {
    const f = lossById('focal(2)');
    expect(() => predictLossReduction(f, f.traits, { K: 4, d: 2, n: 1, lambdaW: 1e-3, lambdaH: 1e-3 })).toThrow(
      /^d must be/,
    );
    const p = predictLossReduction(f, f.traits, { K: 4, d: 3, n: 1, lambdaW: 1e-3, lambdaH: 1e-3 });
    expect(p.global).toBe(false);
    expect(p.kind).toBe('1-D candidate (E)(S), not convex');
    expect(p.statements.find((s) => s.statement.startsWith('without (C)'))?.applies).toBe(true);
  });
});
