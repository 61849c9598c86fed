/**
 * The branches of the §10 reduction (src/theory/lossReduction.ts; THEORY.md §10) that the verification table and the
 * closed forms do not reach: which statements apply for each combination of the traits (C), (E), (S); the bias
 * prediction; a non-convex loss whose g has two wells (the grid scan must find the far, lower one); a loss for which
 * g decreases without bound; the zero threshold of rmse(k,M) by hand; input validation.
 *
 * Margin losses ℓ(z, y) = φ(z_y − mean(z)) are (E) and (S) by construction; along z = a·u (u = e₁ − 1/K) the margin
 * is a(K−1)/K, so g(a) = φ(a(K−1)/K) + γ(K−1)a — a 1-D function we evaluate directly, independently of the module.
 */
import { describe, expect, it } from 'vitest';
import type { ColumnKernels, LogitLoss, LossTraits } from '../../../src/losses/index.ts';
import { ceKernels, columnLoss, lossById } from '../../../src/losses/index.ts';
import type { LossReductionInstance } from '../../../src/theory/index.ts';
import { predictLossReduction } from '../../../src/theory/index.ts';
import { shiftedMse } from './_shiftedMse.ts';

const EPS = Number.EPSILON;

/** ℓ(z, y) = φ(m), m = z_y − mean(z): ∇ℓ = φ′(m)(e_y − 1/K), ∇²ℓ·v = φ″(m)(e_y − 1/K)(v_y − mean v). */
function marginKernels(phi: (m: number) => readonly [number, number, number]): ColumnKernels {
  const margin = (K: number, z: Float64Array, sz: number, oz: number, y: number): number => {
    let s = 0;
    for (let k = 0; k < K; k++) s += z[oz + k * sz] as number;
    return (z[oz + y * sz] as number) - s / K;
  };
  return {
    value: (K, z, sz, oz, y) => phi(margin(K, z, sz, oz, y))[0],
    grad(K, z, sz, oz, y, g, sg, og) {
      const [v, d1] = phi(margin(K, z, sz, oz, y));
      for (let k = 0; k < K; k++) g[og + k * sg] = (k === y ? 1 : 0) * d1 - d1 / K;
      return v;
    },
    hvp(K, z, sz, oz, y, v, sv, ov, out, so, oo) {
      const d2 = phi(margin(K, z, sz, oz, y))[2];
      let mv = 0;
      for (let k = 0; k < K; k++) mv += v[ov + k * sv] as number;
      const c = d2 * ((v[ov + y * sv] as number) - mv / K);
      for (let k = 0; k < K; k++) out[oo + k * so] = ((k === y ? 1 : 0) - 1 / K) * c;
    },
  };
}

const ES_NOT_C: LossTraits = { convexInZ: false, permutationEquivariant: true, shiftInvariant: true };

/**
 * Two Gaussian wells in the margin, at m = 1 (depth 1) and m = 4 (depth 3), width 0.3, on a decreasing background
 * −8(1 − e^{−m/8}): not convex, and inf φ = −8 is approached as m → ∞ (as for focal loss: the module estimates inf ℓ
 * along the ray far out). With K = 3 (a = 1.5m) g = φ(m) + 3γm: for γ = 0.05 the far well (g ≈ −5.5) beats the near
 * one (≈ −1.8) and the background's own minimum near m = 15 (≈ −4.5); for γ = 0.4 still (≈ −1.35 against ≈ −0.74),
 * at a ≈ 6 > A/2 where A = (ℓ(0) − inf ℓ)/(γ(K−1)) ≈ 10 bounds the scan; for γ = 0.55 the near well is global
 * (≈ −0.3 against ≈ +0.45 and g(0) ≈ −0.004); for γ = 2 the zero solution.
 */
const wells = (m: number): readonly [number, number, number] => {
  const bg = Math.exp(-m / 8);
  let v = -8 * (1 - bg),
    d1 = -bg,
    d2 = bg / 8;
  for (const [c, depth] of [
    [1, 1],
    [4, 3],
  ] as const) {
    const t = (m - c) / 0.3;
    const e = depth * Math.exp(-0.5 * t * t);
    v -= e;
    d1 += (e * t) / 0.3;
    d2 += (e * (1 - t * t)) / 0.09;
  }
  return [v, d1, d2];
};

describe('predictLossReduction without convexity: the scan (THEORY.md §10, focal-like candidates)', () => {
  const loss = columnLoss('two-wells', 'test', ES_NOT_C, marginKernels(wells));
  const K = 3;
  const g = (a: number, gamma: number): number => wells((a * (K - 1)) / K)[0] + gamma * (K - 1) * a;

  it.each([
    [0.05, 'the far well'],
    [0.4, 'the far well, beyond half the scan bound A = (ℓ(0) − inf ℓ)/(γ(K−1)) ≈ 10'],
    [0.55, 'the near well'],
    [2, 'zero'],
  ])('should find the global minimum of a two-well g with γ = %f (%s)', (gamma, _where) => {
    // Arrange: n λ_W λ_H = γ², with n = 1, λ_W = λ_H = γ.
    const inst: LossReductionInstance = { K, d: K, n: 1, lambdaW: gamma, lambdaH: gamma, bias: false };
    // Reference: a dense grid over a ∈ [0, 200] (past where 2γa exceeds g(0) − inf φ = 8 for these γ), step h = 1e-3.
    let gBest = g(0, gamma),
      aBest = 0;
    for (let i = 1; i <= 200000; i++) {
      const a = i * 1e-3;
      const v = g(a, gamma);
      if (v < gBest) {
        gBest = v;
        aBest = a;
      }
    }
    // Act
    const p = predictLossReduction(loss, loss.traits, inst);
    // Assert: f* is the value at a refined root, so f* ≤ the grid minimum (to rounding), and the grid minimum is within
    // ½·max|g″|·h² ≤ ½·(3/0.09 + 1)·(2/3)²·1e-6 < 8e-6 of it; a* within one grid step of the grid's argmin.
    expect(p.kind).toBe('1-D candidate (E)(S), not convex');
    expect(p.global).toBe(false);
    expect(p.fStar).toBeLessThanOrEqual(gBest + 8 * EPS * (1 + Math.abs(gBest)));
    expect(gBest - p.fStar).toBeLessThanOrEqual(8e-6);
    expect(Math.abs(p.alpha - aBest)).toBeLessThanOrEqual(1e-3);
    expect(p.threshold.zero).toBe(aBest === 0);
  });
});

describe('predictLossReduction with a linear margin loss', () => {
  // φ(m) = −m: convex (linear), (E), (S); g(a) = −a(K−1)/K + γ(K−1)a is unbounded below iff γ < 1/K (κ < 1).
  const lin = columnLoss(
    'neg-margin',
    'test',
    { convexInZ: true, permutationEquivariant: true, shiftInvariant: true },
    marginKernels((m) => [-m, -1, 0]),
  );

  it('should refuse κ < 1, where g decreases without bound, naming gamma', () => {
    expect(() => predictLossReduction(lin, lin.traits, { K: 4, d: 4, n: 1, lambdaW: 0.2, lambdaH: 0.2 })).toThrow(
      /^gamma: the reduced problem has no minimizer/,
    );
  });

  it('should give the zero solution at κ = 1 exactly, with κ₀ = 1', () => {
    // Arrange: K = 4, γ = 1/4: n λ_W λ_H = 1/16.
    const p = predictLossReduction(lin, lin.traits, { K: 4, d: 4, n: 1, lambdaW: 0.25, lambdaH: 0.25 });
    // Assert: g′(0⁺) = −3/4 + 3/4 = 0 ≥ 0 (all exact in binary).
    expect(p.threshold).toEqual({ gamma0: 0.25, kappa0: 1, zero: true });
    expect(p.alpha).toBe(0);
    expect(p.fStar).toBe(0);
  });
});

describe('predictLossReduction: which §10 statements apply (traits (C), (E), (S))', () => {
  const traitsOf = (C: boolean, E: boolean, S: boolean): LossTraits => ({
    convexInZ: C,
    permutationEquivariant: E,
    shiftInvariant: S,
  });
  const combos: [boolean, boolean, boolean][] = [];
  for (const C of [true, false]) for (const E of [true, false]) for (const S of [true, false]) combos.push([C, E, S]);
  // CE's kernels under each declared combination (the module relies on the traits it is given).
  const inst = { K: 3, d: 2, n: 2, lambdaW: 5e-3, lambdaH: 1e-2, lambdaB: 0.01, bias: true };

  it.each(combos)('should mark the statements for C=%s E=%s S=%s', (C, E, S) => {
    // Arrange
    const loss: LogitLoss = columnLoss('ce-declared', 'test', traitsOf(C, E, S), ceKernels);
    // Act
    const p = predictLossReduction(loss, loss.traits, inst);
    const st = p.statements;
    // Assert: the eight statements of §10 in order, each applying exactly under its hypotheses.
    expect(st.map((s) => s.applies)).toEqual([
      C && E,
      C && E && S,
      C && E && !S,
      C && E && !S, // d = 2 = K−1: the rank constraint
      C && E,
      false,
      E && S && !C,
      !E,
    ]);
    const missing = [C ? '' : '(C)', E ? '' : '(E)', S ? '' : '(S)'].filter((x) => x !== '').join(' ');
    expect(st[0]?.why).toBe(
      C && E ? 'convex and permutation-equivariant' : `needs ${missing.replace(' (S)', '').replace('(S)', '')}`.trim(),
    );
    expect(st[1]?.why).toBe(C && E && S ? 'all three traits hold' : `needs ${missing}`);
    expect(st[2]?.why).toBe(
      S
        ? 'shift-invariant: the 1-D form applies'
        : C && E
          ? 'convex, equivariant, not shift-invariant'
          : 'needs (C) and (E)',
    );
    expect(st[3]?.why).toBe('d = K−1');
    expect(st[4]?.why).toBe(
      C && E
        ? 'convex: the subgradient condition at 0 is necessary and sufficient'
        : 'not a theorem without (C) and (E)',
    );
    expect(st[5]?.why).toMatch(/^not checked by §10: needs the convex problem's minimizer to be unique/);
    expect(st[6]?.why).toBe(C ? 'convex' : 'not convex in z');
    expect(st[7]?.why).toBe(E ? 'equivariant' : 'not permutation-equivariant');
    // Kind, globality, and what is (not) predicted.
    const kind = !E
      ? 'not applicable'
      : S
        ? C
          ? '1-D (C)(E)(S)'
          : '1-D candidate (E)(S), not convex'
        : C
          ? '3-parameter (C)(E)'
          : 'not applicable';
    expect(p.kind).toBe(kind);
    expect(p.global).toBe(C && E);
    expect(Number.isNaN(p.fStar)).toBe(kind === 'not applicable');
    expect(Number.isNaN(p.threshold.kappa0)).toBe(!E);
    if (kind === 'not applicable') {
      expect([p.alpha, p.q, p.betaPrime, p.wNormSq]).toEqual([0, 0, 0, 0]);
      expect(p.threshold.zero).toBe(false);
    } else {
      expect(p.alpha).toBeGreaterThan(0);
    }
  });

  it('should say the rank constraint does not apply for d ≥ K', () => {
    const mse = lossById('mse');
    const p = predictLossReduction(mse, mse.traits, { ...inst, d: 3 });
    expect(p.statements[3]).toEqual({
      statement: 'rank constraint α(α + Kβ) = 0 for d = K−1',
      applies: false,
      why: 'd ≥ K: no rank constraint',
    });
  });
});

describe('predictLossReduction: the bias and the echoed instance', () => {
  it.each([
    ['ce', false, 0, { kind: 'absent' }],
    ['ce', true, 0, { kind: 'span-one' }],
    ['ce', true, 0.1, { kind: 'zero' }],
    ['mse', false, 0, { kind: 'absent' }],
  ] as const)('should predict the bias of %s with bias=%s, λ_b=%f as %o (§10)', (id, bias, lambdaB, want) => {
    const loss = lossById(id);
    const p = predictLossReduction(loss, loss.traits, {
      K: 4,
      d: 5,
      n: 3,
      lambdaW: 1e-3,
      lambdaH: 2e-3,
      lambdaB,
      bias,
    });
    expect(p.bias).toEqual(want);
    expect(p.betaPrime).toBe(0);
  });

  it('should default to a learned, unregularised bias and echo the instance', () => {
    // Arrange / Act: no lambdaB, no bias field.
    const ce = lossById('ce');
    const p = predictLossReduction(ce, ce.traits, { K: 4, d: 5, n: 3, lambdaW: 1e-3, lambdaH: 2e-3 });
    const mse = lossById('mse');
    const m = predictLossReduction(mse, mse.traits, { K: 4, d: 5, n: 3, lambdaW: 1e-3, lambdaH: 2e-3 });
    // Assert: CE with λ_b = 0 → b ∈ span(1); MSE with a free bias → b = (1/K)1 (Tirer & Bruna Thm 3.2, §2.2).
    expect(p.bias).toEqual({ kind: 'span-one' });
    expect(m.bias).toEqual({ kind: 'value', value: expect.closeTo(0.25, 15) });
    expect([p.lossId, p.K, p.d, p.n]).toEqual(['ce', 4, 5, 3]);
    expect(p.traits).toBe(ce.traits);
    expect(p.cite).toMatch(
      /^THEORY\.md §10 \(symmetric reduction\); Zhou et al\. 2022 \(arXiv 2210\.02192\); Guo et al\. 2024/,
    );
  });
});

describe('predictLossReduction: the zero threshold of rmse(k,M) by hand', () => {
  // ℓ = ½[k(z_y − M)² + Σ_{j≠y} z_j²], ∇ℓ(z) = z − kM e_y + (k−1)z_y e_y. At z = s₀1 (s₀ the best bias alone):
  // ℓ_p = ∇ℓᵀu = ((K−1)/K)((k−1)s₀ − kM) and ℓ_m = ∇ℓᵀ1 = (k+K−1)s₀ − kM, so γ₀ = max(|ℓ_p|/(K−1), |ℓ_m|/K [q free]).
  it.each([
    [2, 3],
    [3, 0.5],
    [0.5, 2],
  ])('should have κ₀ = kM bias-free and kM − (k−1)s₀ with a free bias (k=%f, M=%f)', (k, M) => {
    const loss = lossById(`rmse(${k},${M})`);
    const K = 4;
    const base = { K, d: 4, n: 2, lambdaW: 1e-3, lambdaH: 1e-3 };
    // Bias-free: s₀ = 0, ℓ_p = −kM(K−1)/K, ℓ_m = −kM: γ₀ = kM/K.
    const bf = predictLossReduction(loss, loss.traits, { ...base, bias: false });
    expect(Math.abs(bf.threshold.kappa0 - k * M)).toBeLessThanOrEqual(8 * EPS * k * M);
    // Free bias (λ_b = 0, q not free): s₀ = kM/(k+K−1), ℓ_m = 0, γ₀ = |(k−1)s₀ − kM|/K.
    const s0 = (k * M) / (k + K - 1);
    const fb = predictLossReduction(loss, loss.traits, { ...base, bias: true, lambdaB: 0 });
    expect(Math.abs(fb.threshold.kappa0 - Math.abs((k - 1) * s0 - k * M))).toBeLessThanOrEqual(16 * EPS * k * M);
    // λ_b > 0: s₀ = kM/(k+K−1+Kλ_b) and q is free: γ₀ = max(|ℓ_p|/(K−1), |ℓ_m|/K) = max of the two terms.
    const lb = 0.5;
    const s1 = (k * M) / (k + K - 1 + K * lb);
    const rb = predictLossReduction(loss, loss.traits, { ...base, bias: true, lambdaB: lb });
    const want = Math.max(Math.abs((k - 1) * s1 - k * M) / K, Math.abs((k + K - 1) * s1 - k * M) / K) * K;
    expect(Math.abs(rb.threshold.kappa0 - want)).toBeLessThanOrEqual(16 * EPS * k * M);
  });
});

describe('predictLossReduction: the zero threshold along 1 (q free)', () => {
  // ℓ(z, y) = ½‖z − e_y − c1‖² (MSE towards a target shifted by c): convex, (E), not (S). Bias-free at z = 0,
  // ∇ℓ = −(e_y + c1): ℓ_p = ∇ℓᵀu = −(K−1)/K and ℓ_m = ∇ℓᵀ1 = −(1 + cK), so γ₀ = max(1/K, (1 + cK)/K) = (1 + cK)/K:
  // the zero solution is lost along 1 (q) first, at κ₀ = 1 + cK, not at MSE's κ₀ = 1.
  const c = 0.5;
  const shifted = shiftedMse('mse-shifted', c);

  it.each([
    [2.9, false],
    [3.1, true],
  ])('should have κ₀ = 1 + cK = 3 bias-free (K = 4), with the zero solution at κ = %f: %s', (kappa, zero) => {
    // Arrange: K = 4, n = 1, λ_W = λ_H = γ = κ/K.
    const gamma = kappa / 4;
    // Act
    const p = predictLossReduction(shifted, shifted.traits, {
      K: 4,
      d: 4,
      n: 1,
      lambdaW: gamma,
      lambdaH: gamma,
      bias: false,
    });
    // Assert
    expect(Math.abs(p.threshold.kappa0 - 3)).toBeLessThanOrEqual(8 * EPS * 3);
    expect(p.threshold.zero).toBe(zero);
    // α = 0 (κ > 1 kills the margin); along 1, with z = (q/K)1, ∂F/∂q = q/K − (1 + cK)/K + γ = 0 gives
    // q = max(0, 1 + cK − κ) (a quadratic: Newton's one step, to rounding).
    expect(p.alpha).toBe(0);
    expect(Math.abs(p.q - Math.max(0, 3 - kappa))).toBeLessThanOrEqual(16 * EPS * 3);
  });
});

describe('predictLossReduction: validation', () => {
  const ce = lossById('ce');
  const ok = { K: 4, d: 3, n: 2, lambdaW: 1e-3, lambdaH: 1e-3, lambdaB: 0 };
  it.each([
    ['K', { K: 1 }],
    ['n', { n: 0 }],
    ['lambdaW', { lambdaW: 0 }],
    ['lambdaH', { lambdaH: -1 }],
    ['lambdaB', { lambdaB: -1e-3 }],
    ['d', { d: 2 }],
    ['d', { d: 3.5 }],
  ] as const)('should reject a bad %s with a message naming it', (field, patch) => {
    expect(() => predictLossReduction(ce, ce.traits, { ...ok, ...patch })).toThrow(new RegExp(`^${field}\\b`));
  });

  it('should say which d is needed: d ≥ K−1', () => {
    expect(() => predictLossReduction(ce, ce.traits, { ...ok, d: 2 })).toThrow(
      'd must be an integer ≥ K−1 = 3 (THEORY.md §10 needs d ≥ K−1); got 2',
    );
  });

  it('should accept d = K−1 and λ_b = 0', () => {
    expect(predictLossReduction(ce, ce.traits, ok).d).toBe(3);
  });
});
