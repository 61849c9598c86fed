/**
 * Tirer & Bruna 2022 MSE closed forms (THEORY.md §2.1–2.3, §7.3): the branches and boundaries that
 * tirerBruna2022.test.ts does not pin — the threshold exactly at κ = 1 and the zero regime's s = 1 − κ < 0, the
 * predicted Grams entry by entry in all three bias modes, the Case A/B switch exactly at λ_b = κ/(1−κ), d = K−1
 * against d ≥ K, φ at its ends, and the validation and citation of every prediction. Written to kill the survivors of
 * `npm run mutation` on src/theory/tirerBruna2022.ts (issue 9 item 5).
 *
 * Tolerances: the closed forms are ≤ 10 floating-point operations on inputs of size ≤ 2, so agreement with the hand
 * values (exact decimals, derived in the comments) is judged to 16ε relative.
 */
import { describe, it, expect } from 'vitest';
import type { Mat } from '../../../src/core/index.ts';
import {
  TIRER_BRUNA_THM31_CITE,
  TIRER_BRUNA_THM32_CITE,
  MSE_REG_BIAS_CITE,
  kappaOf,
  msePhi,
  predictMseBiasFree,
  predictMseFreeBias,
  predictMseRegularizedBias,
  realizeMseBiasFree,
  realizeMseFreeBias,
  realizeMseRegularizedBias,
} from '../../../src/theory/index.ts';

const EPS = Number.EPSILON;

function expectRel(actual: number, expected: number, rel = 16 * EPS): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

/** A K×K matrix with `diag` on the diagonal and `off` elsewhere, to 16ε relative to max(|diag|, |off|, 1). */
function expectDiagOff(M: Mat, K: number, diag: number, off: number): void {
  expect(M.rows).toBe(K);
  expect(M.cols).toBe(K);
  const tol = 16 * EPS * Math.max(1, Math.abs(diag), Math.abs(off));
  for (let i = 0; i < K; i++)
    for (let j = 0; j < K; j++)
      expect(Math.abs((M.data[i * K + j] as number) - (i === j ? diag : off))).toBeLessThanOrEqual(tol);
}

// K = 4, n = 2, λ_W = 5e-3, λ_H = 1e-2: κ = 4√(1e-4) = 0.04, s = 0.96, α = √(2·1e-2/5e-3) = 2.
const I4 = { K: 4, n: 2, lambdaW: 5e-3, lambdaH: 1e-2 };
// K = 4, n = 1, λ_W = λ_H = 1/4: κ = 4·√(1/16) = 1 exactly in floating point (checked in the tests).
const AT_ONE = { K: 4, n: 1, lambdaW: 0.25, lambdaH: 0.25 };
// K = 4, n = 1, λ_W = λ_H = 1/2: κ = 2, s = −1.
const ABOVE = { K: 4, n: 1, lambdaW: 0.5, lambdaH: 0.5 };

describe('msePhi (THEORY.md §2.3)', () => {
  it('should be 0 at κ = 0, κ − κ²/2 below 1, and refuse negative, NaN or infinite κ naming kappa', () => {
    expect(msePhi(0)).toBe(0);
    expect(msePhi(0.2)).toBeCloseTo(0.18, 16);
    expect(() => msePhi(-1e-300)).toThrow(/^kappa must be a finite number ≥ 0; got -1e-300/);
    expect(() => msePhi(Number.NaN)).toThrow(/^kappa must/);
    expect(() => msePhi(Infinity)).toThrow(/^kappa must/);
  });
});

describe('predictMseBiasFree (THEORY.md §2.1)', () => {
  it('should predict W H̄ = sI, W Wᵀ = ρ_w I, H̄ᵀH̄ = ρ_h I with s = 0.96, ρ_w = 1.92, ρ_h = 0.48, α = 2', () => {
    const p = predictMseBiasFree({ ...I4, d: 4 });
    expectRel(p.s, 0.96);
    expectRel(p.alpha, 2);
    expectDiagOff(p.WHbar, 4, 0.96, 0);
    expectDiagOff(p.gramW, 4, 1.92, 0);
    expectDiagOff(p.gramHbar, 4, 0.48, 0);
    expect(p.K).toBe(4);
    expect(p.n).toBe(2);
    expect(p.zero).toBe(false);
    expect(p.cite).toBe(TIRER_BRUNA_THM31_CITE);
    expect(TIRER_BRUNA_THM31_CITE).toMatch(/^Tirer & Bruna 2022 .*Thm 3\.1/);
  });

  it('should be the zero minimiser exactly at κ = 1 and report s = 1 − κ < 0 above it', () => {
    expect(kappaOf(4, 1, 0.25, 0.25)).toBe(1);
    const one = predictMseBiasFree(AT_ONE);
    expect(one.zero).toBe(true);
    expect(one.s).toBe(0);
    const above = predictMseBiasFree(ABOVE);
    expect(above.zero).toBe(true);
    expectRel(above.s, -1);
    expect(above.fStar).toBe(0.5);
    expect(above.rhoW).toBe(0);
    expect(above.rhoH).toBe(0);
    for (const G of [above.gramW, above.gramHbar, above.WHbar]) expectDiagOff(G, 4, 0, 0);
  });

  it('should refuse d = K−1 naming the hypothesis, and realise only for d ≥ K', () => {
    expect(() => predictMseBiasFree({ ...I4, d: 3 })).toThrow(/^d must be an integer ≥ 4 \(Thm 3\.1 needs d ≥ K\)/);
    const p = predictMseBiasFree(I4);
    expect(realizeMseBiasFree(p, 4).b).toBeUndefined();
    expect(() => realizeMseBiasFree(p, 3)).toThrow(/^d must be an integer ≥ 4 \(an orthogonal frame needs d ≥ K\)/);
  });
});

describe('predictMseFreeBias (THEORY.md §2.2)', () => {
  it('should predict ρ E_K Grams and W H̄ = s(I − J): ρ_w = 1.44, ρ_h = 0.36, diag 0.72, off −0.24', () => {
    // ρ_w = (3/4)·0.96·2 = 1.44, ρ_h = (3/4)·0.96/2 = 0.36; E_K off-diagonal −1/3; s(I − J): 0.96·3/4, −0.96/4.
    const p = predictMseFreeBias({ ...I4, d: 3 });
    expectRel(p.rhoW, 1.44);
    expectRel(p.rhoH, 0.36);
    expectRel(p.s, 0.96);
    expectRel(p.alpha, 2);
    expectDiagOff(p.gramW, 4, 1.44, -0.48);
    expectDiagOff(p.gramHbar, 4, 0.36, -0.12);
    expectDiagOff(p.WHbar, 4, 0.72, -0.24);
    expect(p.K).toBe(4);
    expect(p.n).toBe(2);
    expect(p.cite).toBe(TIRER_BRUNA_THM32_CITE);
    expect(TIRER_BRUNA_THM32_CITE).toMatch(/^Tirer & Bruna 2022 .*Thm 3\.2/);
  });

  it('should be the zero minimiser exactly at κ = 1 with b = 1/K and zero Grams above', () => {
    expect(predictMseFreeBias(AT_ONE).zero).toBe(true);
    const above = predictMseFreeBias(ABOVE);
    expect(above.zero).toBe(true);
    expectRel(above.s, -1);
    expect(above.rhoW).toBe(0);
    expect(above.rhoH).toBe(0);
    for (const G of [above.gramW, above.gramHbar, above.WHbar]) expectDiagOff(G, 4, 0, 0);
    expect(Array.from(above.bias)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('should accept d = K−1, refuse d = K−2 naming the hypothesis, and realise b = 1/K', () => {
    expect(() => predictMseFreeBias({ ...I4, d: 2 })).toThrow(/^d must be an integer ≥ 3 \(Thm 3\.2 needs d ≥ K−1\)/);
    const p = predictMseFreeBias(I4);
    expect(Array.from(realizeMseFreeBias(p, 3).b ?? [])).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(() => realizeMseFreeBias(p, 2)).toThrow(/^d must be an integer ≥ 3 \(a simplex ETF needs d ≥ K−1\)/);
  });
});

describe('predictMseRegularizedBias (THEORY.md §2.3, §7.3)', () => {
  it('should give Case B’s norms and Grams: a = 0.96, c = 0.88, ρ_w = 1.88, ρ_h = 0.47, ‖h_G‖² = 0.11', () => {
    // λ_b = 0.5 > κ/(1−κ) = 1/24. ρ_w = α((K−1)a/K + c/K) = 2(0.72 + 0.22); ‖h_G‖² = c/(αK) = 0.88/8.
    // W H̄ = a(I − J) + cJ: diagonal 0.72 + 0.22 = 0.94, off −0.24 + 0.22 = −0.02; W Wᵀ = α·that, H̄ᵀH̄ = that/α.
    const B = predictMseRegularizedBias({ ...I4, lambdaB: 0.5 });
    expect(B.case).toBe('B');
    expectRel(B.a, 0.96);
    expectRel(B.rhoW, 1.88);
    expectRel(B.rhoH, 0.47);
    expectRel(B.hGNormSq, 0.11);
    expectRel(B.s, 0.96);
    expectRel(B.alpha, 2);
    expect(B.lambdaB).toBe(0.5);
    expect(B.zero).toBe(false);
    expect(B.K).toBe(4);
    expect(B.n).toBe(2);
    expectDiagOff(B.WHbar, 4, 0.94, -0.02);
    expectDiagOff(B.gramW, 4, 1.88, -0.04);
    expectDiagOff(B.gramHbar, 4, 0.47, -0.01);
    expect(Array.from(B.bias).every((v) => Math.abs(v - 0.02) <= 16 * EPS)).toBe(true);
    expect(B.bias.length).toBe(4);
    expect(B.cite).toBe(MSE_REG_BIAS_CITE);
    expect(MSE_REG_BIAS_CITE).toMatch(/THEORY\.md §2\.3.*§7\.3/);
  });

  it('should give Case A’s centred ETF: c = 0, ρ_w = 1.44, ρ_h = 0.36, h_G = 0, b = β1 with β = 1/(K(1+λ_b))', () => {
    const A = predictMseRegularizedBias({ ...I4, lambdaB: 0.02 });
    expect(A.case).toBe('A');
    expect(A.c).toBe(0);
    expect(A.hGNormSq).toBe(0);
    expectRel(A.rhoW, 1.44);
    expectRel(A.rhoH, 0.36);
    expectDiagOff(A.WHbar, 4, 0.72, -0.24);
    expectDiagOff(A.gramW, 4, 1.44, -0.48);
    expect(Array.from(A.bias).every((v) => Math.abs(v - 1 / 4.08) <= 16 * EPS)).toBe(true);
    // Realised at d = K: the K-th coordinate of every mean stays 0 (no off-centre shift in Case A).
    const { H } = realizeMseRegularizedBias(A, 4);
    for (let j = 0; j < 8; j++) expect(H.data[3 * 8 + j]).toBe(0);
  });

  it('should report the boundary κ/(1−κ) and stay in Case A exactly on it (λ_b ≤ boundary), Case B just above', () => {
    const probe = predictMseRegularizedBias({ ...I4, lambdaB: 1 });
    expectRel(probe.boundary, 0.04 / 0.96);
    const on = predictMseRegularizedBias({ ...I4, lambdaB: probe.boundary });
    const above = predictMseRegularizedBias({ ...I4, lambdaB: probe.boundary * (1 + 4 * EPS) });
    expect(on.case).toBe('A');
    expect(on.c).toBe(0);
    expect(above.case).toBe('B');
  });

  it('should be Case B for every d ≥ K given explicitly and Case A at d = K−1 (THEORY.md §7.3)', () => {
    for (const d of [4, 5, 9]) expect(predictMseRegularizedBias({ ...I4, lambdaB: 0.5, d }).case).toBe('B');
    const rank = predictMseRegularizedBias({ ...I4, lambdaB: 0.5, d: 3 });
    expect(rank.case).toBe('A');
    expect(rank.c).toBe(0);
    expect(() => predictMseRegularizedBias({ ...I4, lambdaB: 0.5, d: 2 })).toThrow(
      /^d must be an integer ≥ 3 \(the closed form needs d ≥ K−1\)/,
    );
  });

  it('should be Case A with a = c = 0 and boundary ∞ in the zero regime, at κ = 1 exactly and above', () => {
    for (const inst of [AT_ONE, ABOVE]) {
      const p = predictMseRegularizedBias({ ...inst, lambdaB: 1e6 });
      expect(p.zero).toBe(true);
      expect(p.case).toBe('A');
      expect(p.boundary).toBe(Infinity);
      expect(p.a).toBe(0);
      expect(p.c).toBe(0);
      expect(p.rhoW).toBe(0);
      expectRel(p.beta, 1 / (4 * (1 + 1e6)));
    }
  });

  it('should realise Case B only for d ≥ K and Case A down to d = K−1, naming the reason', () => {
    const B = predictMseRegularizedBias({ ...I4, lambdaB: 0.5 });
    const A = predictMseRegularizedBias({ ...I4, lambdaB: 0.02 });
    expect(() => realizeMseRegularizedBias(B, 3)).toThrow(/^d must be an integer ≥ 4 \(Case B needs d ≥ K\)/);
    expect(realizeMseRegularizedBias(A, 3).W.cols).toBe(3);
    expect(() => realizeMseRegularizedBias(A, 2)).toThrow(/^d must be an integer ≥ 3 \(a simplex ETF needs d ≥ K−1\)/);
  });
});
