/**
 * Tirer & Bruna 2022 MSE closed forms (THEORY.md §2.1–2.3, §7.3) against first principles: the objective at the
 * realised minimiser (test-only reference _plainUfm.ts), stationarity, and the convex-KKT certificate
 * ‖G‖₂ ≤ √(λ_Wλ_H), which together with ∇f = 0 proves global optimality whenever d ≥ rank of the optimal Z
 * (THEORY.md §0.3; the bias is a free convex variable of the reformulation).
 *
 * Tolerances (same derivation as zhu2021.test.ts): value ≤ N·ε·(f* + 1) + 8ε (recursive summation of N terms);
 * ‖∇f‖ ≤ 16·N·ε·(λ_W‖W‖ + λ_H‖H‖ + max(1, ‖b‖)) (cancellation among terms of that size); σ to 50·N·ε·‖G‖_F.
 */
import { describe, it, expect } from 'vitest';
import type { Mat } from '../../../src/core/index.ts';
import { spectralNorm } from '../../../src/linalg/index.ts';
import {
  predictMseBiasFree,
  predictMseFreeBias,
  predictMseRegularizedBias,
  realizeMseBiasFree,
  realizeMseFreeBias,
  realizeMseRegularizedBias,
  kktBound,
  msePhi,
  originValue,
} from '../../../src/theory/index.ts';
import type { UfmPoint } from '../../../src/theory/index.ts';
import { valueAndGrad, gradNorm } from './_plainUfm.ts';

const EPS = Number.EPSILON;

function frob(A: Mat): number {
  let t = 0;
  for (const v of A.data) t += v * v;
  return Math.sqrt(t);
}

interface Inst {
  K: number;
  n: number;
  lambdaW: number;
  lambdaH: number;
}

/** Evaluates the point and checks value = fStar, ∇f = 0, and (when `kkt`) ‖G‖₂ ≤ √(λ_Wλ_H). */
function checkPoint(inst: Inst, d: number, pt: UfmPoint, lambdaB: number, fStar: number, kkt: boolean): void {
  const counts = new Array<number>(inst.K).fill(inst.n);
  const N = inst.K * inst.n;
  const g = valueAndGrad(
    {
      loss: 'mse',
      K: inst.K,
      d,
      counts,
      lambdaW: inst.lambdaW,
      lambdaH: inst.lambdaH,
      lambdaB,
      bias: pt.b !== undefined,
    },
    pt.W,
    pt.H,
    pt.b,
  );
  expect(Math.abs(g.value - fStar)).toBeLessThanOrEqual(N * EPS * (fStar + 1) + 8 * EPS);
  let nb = 1;
  if (pt.b) {
    let t = 0;
    for (const v of pt.b) t += v * v;
    nb = Math.max(1, Math.sqrt(t));
  }
  const scale = inst.lambdaW * frob(pt.W) + inst.lambdaH * frob(pt.H) + nb;
  expect(gradNorm(g)).toBeLessThanOrEqual(16 * N * EPS * scale);
  if (kkt)
    expect(spectralNorm(g.G)).toBeLessThanOrEqual(kktBound(inst.lambdaW, inst.lambdaH) + 50 * N * EPS * frob(g.G));
}

// K = 4, n = 2, λ_W = 5e-3, λ_H = 1e-2: κ = 4√(2·5e-5) = 0.04, α = √(2·1e-2/5e-3) = 2.
const I4: Inst = { K: 4, n: 2, lambdaW: 5e-3, lambdaH: 1e-2 };

describe('predictMseBiasFree (THEORY.md §2.1)', () => {
  it('should give κ − κ²/2 and an orthogonal frame that is a certified critical point', () => {
    // Arrange / Act
    const p = predictMseBiasFree(I4);
    // Assert: hand values κ = 0.04, f* = 0.04 − 0.0008 = 0.0392, ρ_w = 0.96·2, ρ_h = 0.96/2.
    expect(p.kappa).toBeCloseTo(0.04, 15);
    expect(p.fStar).toBeCloseTo(0.0392, 15);
    expect(p.rhoW).toBeCloseTo(1.92, 14);
    expect(p.rhoH).toBeCloseTo(0.48, 14);
    for (const d of [4, 6]) checkPoint(I4, d, realizeMseBiasFree(p, d), 0, p.fStar, true);
  });

  it('should give the zero regime f* = 1/2 for κ ≥ 1 and be continuous at κ = 1', () => {
    // κ = 4√(n λ²) with n = 1: κ = 1 at λ = 1/4.
    expect(predictMseBiasFree({ K: 4, n: 1, lambdaW: 0.25, lambdaH: 0.25 }).fStar).toBe(0.5);
    expect(predictMseBiasFree({ K: 4, n: 1, lambdaW: 0.5, lambdaH: 0.5 }).zero).toBe(true);
    // f*(1 − δ) = 1/2 − δ²/2 exactly.
    const delta = 1e-4;
    const p = predictMseBiasFree({ K: 4, n: 1, lambdaW: 0.25 * (1 - delta), lambdaH: 0.25 * (1 - delta) });
    expect(Math.abs(p.fStar - (0.5 - (delta * delta) / 2))).toBeLessThanOrEqual(16 * EPS);
  });

  it('should throw naming d when d < K', () => {
    expect(() => predictMseBiasFree({ ...I4, d: 3 })).toThrow(/^d must/);
  });
});

describe('predictMseFreeBias (THEORY.md §2.2)', () => {
  it('should give ((K−1)/K)(κ − κ²/2), b = 1/K and a simplex ETF that is a certified critical point', () => {
    const p = predictMseFreeBias(I4);
    expect(p.fStar).toBeCloseTo(0.75 * 0.0392, 15);
    expect(Array.from(p.bias)).toEqual([0.25, 0.25, 0.25, 0.25]);
    for (const d of [3, 4, 7]) checkPoint(I4, d, realizeMseFreeBias(p, d), 0, p.fStar, true);
  });

  it('should give (K−1)/(2K) in the zero regime, the §6.1 origin value', () => {
    const inst = { K: 4, n: 1, lambdaW: 0.5, lambdaH: 0.5 };
    const p = predictMseFreeBias(inst);
    expect(p.fStar).toBe(3 / 8);
    expect(p.fStar).toBe(originValue({ loss: 'mse', ...inst, bias: true, lambdaB: 0 }));
  });
});

describe('predictMseRegularizedBias (THEORY.md §2.3)', () => {
  it('should pick Case A for λ_b ≤ κ/(1−κ) and Case B above, both certified critical points', () => {
    // Boundary κ/(1−κ) = 0.04/0.96 = 0.041666…
    const A = predictMseRegularizedBias({ ...I4, lambdaB: 0.02 });
    const B = predictMseRegularizedBias({ ...I4, lambdaB: 0.5 });
    expect(A.case).toBe('A');
    expect(B.case).toBe('B');
    // Case B hand values: c = 1 − 0.04·3 = 0.88, β = 0.04/(4·0.5) = 0.02,
    // f* = 0.75·0.0392 + (0.04 − 0.0008 − 0.0016)/4 = 0.0294 + 0.0094 = 0.0388.
    expect(B.c).toBeCloseTo(0.88, 15);
    expect(B.beta).toBeCloseTo(0.02, 15);
    expect(B.fStar).toBeCloseTo(0.0388, 15);
    // Case A hand values: β = 1/(4·1.02), f* = 0.0294 + 0.02/(8·1.02).
    expect(A.beta).toBeCloseTo(1 / 4.08, 15);
    expect(A.fStar).toBeCloseTo(0.0294 + 0.02 / 8.16, 15);
    for (const d of [4, 6]) {
      checkPoint(I4, d, realizeMseRegularizedBias(A, d), 0.02, A.fStar, true);
      checkPoint(I4, d, realizeMseRegularizedBias(B, d), 0.5, B.fStar, true);
    }
  });

  it('should have h_G of squared norm c/(αK) in Case B', () => {
    const B = predictMseRegularizedBias({ ...I4, lambdaB: 0.5 });
    const { H } = realizeMseRegularizedBias(B, 5);
    // h_G = mean of all columns (balanced).
    const N = 8;
    let s = 0;
    for (let r = 0; r < 5; r++) {
      let t = 0;
      for (let j = 0; j < N; j++) t += H.data[r * N + j] as number;
      s += (t / N) ** 2;
    }
    expect(Math.abs(s - 0.88 / (2 * 4))).toBeLessThanOrEqual(16 * N * EPS);
  });

  it('should agree across the Case A / Case B boundary λ_b = κ/(1−κ)', () => {
    // Arrange: λ_b just either side of the boundary, relative gap 1e-9.
    const kappa = 0.04;
    const lb = kappa / (1 - kappa);
    const A = predictMseRegularizedBias({ ...I4, lambdaB: lb });
    const B = predictMseRegularizedBias({ ...I4, lambdaB: lb * (1 + 1e-9) });
    // Assert: the two formulas agree at λ_b = κ/(1−κ) in exact arithmetic; on the Case-B side ∂f*/∂λ_b = κ²/(2Kλ_b²)
    // = (1−κ)²/(2K) ≤ 1/(2K) at the boundary, so |f_A − f_B| ≤ Δλ_b/(2K) + 16ε. Likewise |∂β/∂λ_b| = κ/(Kλ_b²)
    // and |∂c/∂λ_b| = κ/λ_b², and c = 0 exactly at the boundary.
    expect(A.case).toBe('A');
    expect(B.case).toBe('B');
    const dl = lb * 1e-9;
    expect(Math.abs(A.fStar - B.fStar)).toBeLessThanOrEqual(dl / 8 + 16 * EPS);
    expect(Math.abs(A.beta - B.beta)).toBeLessThanOrEqual((kappa / (4 * lb * lb)) * dl + 16 * EPS);
    expect(Math.abs(B.c)).toBeLessThanOrEqual((kappa / (lb * lb)) * dl + 16 * EPS);
  });

  it('should tend to the bias-free value as λ_b → ∞ and the free-bias value as λ_b → 0', () => {
    // Case B: f* − φ(κ) = −κ²/(2Kλ_b) exactly; Case A: f* − ((K−1)/K)φ(κ) = λ_b/(2K(1+λ_b)).
    const big = predictMseRegularizedBias({ ...I4, lambdaB: 1e8 });
    const small = predictMseRegularizedBias({ ...I4, lambdaB: 1e-8 });
    expect(Math.abs(big.fStar - predictMseBiasFree(I4).fStar)).toBeLessThanOrEqual(0.0016 / (8 * 1e8) + 16 * EPS);
    expect(Math.abs(small.fStar - predictMseFreeBias(I4).fStar)).toBeLessThanOrEqual(1e-8 / 8 + 16 * EPS);
    expect(big.c).toBeCloseTo(big.a, 8);
  });

  it('should equal the §6.1 origin value in the zero regime', () => {
    const inst = { K: 3, n: 2, lambdaW: 0.3, lambdaH: 0.3, lambdaB: 0.7 };
    const p = predictMseRegularizedBias(inst);
    expect(p.case).toBe('A');
    expect(Math.abs(p.fStar - originValue({ loss: 'mse', ...inst, bias: true }))).toBeLessThanOrEqual(8 * EPS);
  });

  it('should reproduce the §7.3 values for d = K−1 (forced Case A)', () => {
    // THEORY.md §7.3 gives f for (K = 3, λ_b = 0.5) and (K = 4, λ_b = 2) without n, λ_W, λ_H. f depends on them only
    // through κ; inverting the Case-A formula gives κ = 0.06 (K = 3) and κ = 0.02√2 (K = 4), realised here by
    // (n, λ_W = λ_H) = (4, 1e-2) and (2, 5e-3). The spec prints 10 decimals: agreement to 5e-11.
    const c3 = { K: 3, n: 4, lambdaW: 1e-2, lambdaH: 1e-2, lambdaB: 0.5 };
    const c4 = { K: 4, n: 2, lambdaW: 5e-3, lambdaH: 5e-3, lambdaB: 2 };
    const p3 = predictMseRegularizedBias({ ...c3, d: 2 });
    const p4 = predictMseRegularizedBias({ ...c4, d: 3 });
    expect(p3.case).toBe('A');
    expect(p4.case).toBe('A');
    expect(Math.abs(p3.fStar - 0.0943555556)).toBeLessThanOrEqual(5e-11);
    expect(Math.abs(p4.fStar - 0.1042465368)).toBeLessThanOrEqual(5e-11);
    // The realised d = K−1 points are critical (no KKT certificate: the rank constraint makes the problem non-convex).
    checkPoint(c3, 2, realizeMseRegularizedBias(p3, 2), 0.5, p3.fStar, false);
    checkPoint(c4, 3, realizeMseRegularizedBias(p4, 3), 2, p4.fStar, false);
    // "Both exceed the d ≥ K value" (Case B there).
    const q3 = predictMseRegularizedBias(c3);
    const q4 = predictMseRegularizedBias(c4);
    expect(q3.case).toBe('B');
    expect(q4.case).toBe('B');
    expect(q3.fStar).toBeLessThan(p3.fStar);
    expect(q4.fStar).toBeLessThan(p4.fStar);
  });

  it('should throw naming lambdaB when λ_b ≤ 0 and d when d < K−1', () => {
    expect(() => predictMseRegularizedBias({ ...I4, lambdaB: 0 })).toThrow(/^lambdaB must/);
    expect(() => predictMseRegularizedBias({ ...I4, lambdaB: 1, d: 2 })).toThrow(/^d must/);
    expect(() => realizeMseRegularizedBias(predictMseRegularizedBias({ ...I4, lambdaB: 0.5 }), 3)).toThrow(/^d must/);
  });
});

describe('msePhi', () => {
  it('should be κ − κ²/2 below 1 and 1/2 from 1 on', () => {
    expect(msePhi(0.5)).toBe(0.375);
    expect(msePhi(1)).toBe(0.5);
    expect(msePhi(3)).toBe(0.5);
  });
});
