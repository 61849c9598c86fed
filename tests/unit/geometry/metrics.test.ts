/**
 * NC metrics (THEORY.md §2.7) on hand-computed cases.
 *
 * Tolerance: the normalised metrics are O(1) quantities computed from K×K Grams (or W M) by O(K² + d) flops on O(1)
 * entries, each flop adding ≤ ε relative error, so a metric that is exactly t in exact arithmetic is computed to
 * within c·(K² + d)·ε; we use c = 64 (tolKd). At an exact frame the Gram entries are off by O(ε), so the metric
 * itself (a square root of a sum of K² squared O(ε) errors) is ≤ K·O(ε), inside the same bound.
 */
import { describe, it, expect } from 'vitest';
import type { Mat } from '../../../src/core/index.ts';
import { createRng, fromRows, zeros } from '../../../src/core/index.ts';
import { polar, singularValues } from '../../../src/linalg/index.ts';
import {
  simplexEtf,
  orthogonalFrame,
  expandMeans,
  classMeans,
  centredMeans,
  nc1,
  nc1Detailed,
  nc1TraceQuotient,
  nc2W,
  nc2WOf,
  nc2H,
  nc2HOf,
  nc3,
  nc3Of,
  nc4,
  nccAgreement,
  selfDuality,
  selfDualityOf,
  ncMetrics,
  distanceToEtfGram,
  NC1_VARIANT,
  cdnv,
} from '../../../src/geometry/index.ts';

const EPS = Number.EPSILON;
const tolKd = (K: number, d: number): number => 64 * (K * K + d) * EPS;

/** Class-major H with every sample at its class mean (the columns of Hbar). */
function collapsed(Hbar: Mat, counts: number[]): Mat {
  return expandMeans(Hbar, counts);
}

/** d×K means = (c·W)ᵀ. */
function scaledTransposeOf(W: Mat, c: number): Mat {
  const M = zeros(W.cols, W.rows);
  for (let k = 0; k < W.rows; k++)
    for (let r = 0; r < W.cols; r++) M.data[r * W.rows + k] = c * (W.data[k * W.cols + r] as number);
  return M;
}

describe('metrics at an exact simplex ETF (Zhu Thm 3.1 geometry)', () => {
  it('should give NC1 = NC2 = NC3 = self-duality = 0, NC4 residual 0 and full NCC agreement', () => {
    // Arrange: K = 4, d = 6, W = ETF with ρ = 2, h_{k,i} = 0.3 w^k, n = 3, b = 0.
    const K = 4,
      d = 6,
      counts = [3, 3, 3, 3];
    const W = simplexEtf(K, d, 2);
    const H = collapsed(scaledTransposeOf(W, 0.3), counts);
    // Act
    const m = ncMetrics(W, H, new Float64Array(K), counts);
    // Assert
    const tol = tolKd(K, d);
    expect(m.nc1).toBeLessThanOrEqual(tol);
    expect(m.nc1).toBeGreaterThanOrEqual(0);
    expect(m.nc1TraceQuotient).toBeLessThanOrEqual(tol);
    expect(m.nc2W).toBeLessThanOrEqual(tol);
    expect(m.nc2H).toBeLessThanOrEqual(tol);
    expect(m.nc3).toBeLessThanOrEqual(tol);
    expect(m.selfDuality).toBeLessThanOrEqual(tol);
    expect(m.nc4).toBeLessThanOrEqual(tol);
    expect(m.nccAgreement).toBe(1);
    // The OF variants are not 0 on an ETF: ‖Ĝ − I/√K‖² = 2 − 2⟨(I−J)/√(K−1), I/√K⟩ = 2 − 2√((K−1)/K).
    expect(Math.abs(m.nc2WOf - Math.sqrt(2 - 2 * Math.sqrt((K - 1) / K)))).toBeLessThanOrEqual(tol);
  });
});

describe('metrics at an orthogonal frame (Tirer–Bruna Thm 3.1 geometry)', () => {
  it('should give the OF variants 0 and the ETF variants √(2 − 2√((K−1)/K))', () => {
    // Arrange: K = 3, d = 3, W = I, H̄ = 0.5 Wᵀ, counts [1, 2, 2].
    const K = 3,
      d = 3,
      counts = [1, 2, 2];
    const W = orthogonalFrame(K, d);
    const H = collapsed(scaledTransposeOf(W, 0.5), counts);
    // Act
    const m = ncMetrics(W, H, undefined, counts);
    // Assert: for K = 3 the ETF distance of I is √(2 − 2√(2/3)) = √(2 − 4/√6) ≈ 0.605806.
    const tol = tolKd(K, d);
    const etfOfI = Math.sqrt(2 - 4 / Math.sqrt(6));
    expect(m.nc2WOf).toBeLessThanOrEqual(tol);
    expect(m.nc2HOf).toBeLessThanOrEqual(tol);
    expect(m.nc3Of).toBeLessThanOrEqual(tol);
    expect(m.selfDualityOf).toBeLessThanOrEqual(tol);
    expect(Math.abs(m.nc2W - etfOfI)).toBeLessThanOrEqual(tol);
    expect(m.nc1).toBeLessThanOrEqual(tol);
    // Centred means of an orthogonal frame ARE a simplex ETF, so nc2H is 0 even here.
    expect(m.nc2H).toBeLessThanOrEqual(tol);
  });
});

describe('nc2H / nc3 / self-duality / nc4 on a hand non-ETF configuration', () => {
  // d = 2, K = 3, one sample per class at (1,0), (0,1), (0,0). h_G = (1/3, 1/3),
  // M = [[2/3, −1/3, −1/3], [−1/3, 2/3, −1/3]], MᵀM = (1/9)[[5,−4,−1],[−4,5,−1],[−1,−1,2]], ‖·‖_F = √90/9.
  // ⟨MᵀM/‖MᵀM‖, (I−J)/√2⟩ = 36/(3·√90·√2) = 2/√5, so nc2H = √(2 − 4/√5) ≈ 0.459506.
  const H = fromRows([
    [1, 0, 0],
    [0, 1, 0],
  ]);
  const counts = [1, 1, 1];
  // W rows (1,0), (0,1), (0,0): W M = (1/3)[[2,−1,−1],[−1,2,−1],[0,0,0]], cos with 3(I−J) = 12/(√12·√18) = 2/√6,
  // so nc3 = √(2 − 4/√6). Self-duality: ‖Wᵀ/√2 − M/(2/√3)‖² = 2 − 2·(4/3)/(2√2/√3) = 2 − 4/√6.
  const W = fromRows([
    [1, 0],
    [0, 1],
    [0, 0],
  ]);
  const tol = tolKd(3, 2);

  it('should give nc2H = √(2 − 4/√5)', () => {
    expect(Math.abs(nc2H(H, counts) - Math.sqrt(2 - 4 / Math.sqrt(5)))).toBeLessThanOrEqual(tol);
  });

  it('should give nc3 = √(2 − 4/√6) and self-duality 2 − 4/√6', () => {
    expect(Math.abs(nc3(W, H, counts) - Math.sqrt(2 - 4 / Math.sqrt(6)))).toBeLessThanOrEqual(tol);
    expect(Math.abs(selfDuality(W, H, counts) - (2 - 4 / Math.sqrt(6)))).toBeLessThanOrEqual(tol);
  });

  it('should give the NC4 residual ‖W h_G + b‖ = √10/3 for b = (−1/3, 0, 1)', () => {
    // W h_G = (1/3, 1/3, 0); + b = (0, 1/3, 1).
    const b = Float64Array.from([-1 / 3, 0, 1]);
    expect(Math.abs(nc4(W, H, b, counts) - Math.sqrt(10) / 3)).toBeLessThanOrEqual(tol);
    // Bias-free: ‖(1/3, 1/3, 0)‖ = √2/3.
    expect(Math.abs(nc4(W, H, undefined, counts) - Math.sqrt(2) / 3)).toBeLessThanOrEqual(tol);
  });

  it('should give nc2HOf, nc3Of on uncentred means: H̄ᵀH̄ = diag(1,1,0) → √(2 − 2·(2/√2)/√3)', () => {
    // H̄ᵀH̄ = diag(1,1,0)/√2 normalised; ⟨·, I/√3⟩ = 2/(√2·√3), distance² = 2 − 4/√6.
    expect(Math.abs(nc2HOf(H, counts) - Math.sqrt(2 - 4 / Math.sqrt(6)))).toBeLessThanOrEqual(tol);
    // W H̄ = diag(1, 1, 0) as well.
    expect(Math.abs(nc3Of(W, H, counts) - Math.sqrt(2 - 4 / Math.sqrt(6)))).toBeLessThanOrEqual(tol);
  });
});

describe('nc1', () => {
  it('should name its variant', () => {
    expect(NC1_VARIANT).toMatch(/^pinv/);
  });

  it('should give (1/K)·Σ_W/Σ_B on a 1-D balanced hand case', () => {
    // d = 1, K = 2, H = [0, 2 | 10, 12]: means 1, 11, h_G = 6, Σ_B = (25 + 25)/2 = 25, Σ_W = (1+1+1+1)/4 = 1.
    // nc1 = (1/2)(1/25) = 0.02, trace quotient = 1/25 = 0.04.
    const H = fromRows([[0, 2, 10, 12]]);
    expect(Math.abs(nc1(H, [2, 2]) - 0.02)).toBeLessThanOrEqual(8 * EPS);
    expect(Math.abs(nc1TraceQuotient(H, [2, 2]) - 0.04)).toBeLessThanOrEqual(8 * EPS);
  });

  it('should use the mean of class means with imbalanced counts', () => {
    // d = 1, counts [1, 3], H = [0 | 1, 2, 3]: means 0, 2, h_G = 1, Σ_B = (1 + 1)/2 = 1,
    // Σ_W = (0 + 1 + 0 + 1)/4 = 0.5; nc1 = (1/2)(0.5/1) = 0.25, trace quotient 0.5.
    const H = fromRows([[0, 1, 2, 3]]);
    expect(Math.abs(nc1(H, [1, 3]) - 0.25)).toBeLessThanOrEqual(8 * EPS);
    expect(Math.abs(nc1TraceQuotient(H, [1, 3]) - 0.5)).toBeLessThanOrEqual(8 * EPS);
  });

  it('should ignore within-class spread outside the range of Σ_B (pseudo-inverse)', () => {
    // d = 2, K = 2: class 0 = (−2,1), (0,−1) (mean (−1,0)); class 1 = (1,1), (1,−1) (mean (1,0)).
    // Σ_B = diag(1, 0), Σ_W = [[0.5, −0.5], [−0.5, 1]]; tr(Σ_W Σ_B^†) = 0.5, nc1 = 0.25;
    // the trace quotient sees everything: 1.5/1 = 1.5.
    const H = fromRows([
      [-2, 0, 1, 1],
      [1, -1, 1, -1],
    ]);
    const det = nc1Detailed(H, [2, 2]);
    expect(det.rank).toBe(1);
    expect(Math.abs(det.value - 0.25)).toBeLessThanOrEqual(8 * EPS);
    expect(Math.abs(nc1TraceQuotient(H, [2, 2]) - 1.5)).toBeLessThanOrEqual(8 * EPS);
  });

  it('should be 0 on collapsed features and > 0 otherwise', () => {
    // Arrange
    const counts = [2, 3, 2];
    const Hbar = fromRows([
      [1, -1, 0.5],
      [0.2, 0.3, -2],
      [0, 1, 1],
      [3, 0, -1],
    ]);
    const H = collapsed(Hbar, counts);
    const Hn = collapsed(Hbar, counts);
    Hn.data[5] = (Hn.data[5] as number) + 1e-3;
    // Act / Assert: class means computed from equal copies are exact up to one rounding of the sum (≤ n·ε relative),
    // so deviations are ≤ n·ε·|h| and nc1 ≤ (n·ε·max|h|)²/λ_min(Σ_B) ≈ 1e-29 here.
    expect(nc1(H, counts)).toBeLessThanOrEqual(1e-25);
    expect(nc1(Hn, counts)).toBeGreaterThan(1e-9);
  });

  it('should cut the rank of a near-singular Σ_B and stay finite and non-negative', () => {
    // Arrange: K = 3, d = 2, class means t_k·v on one line (Σ_B has rank 1 in exact arithmetic; rounding leaves a
    // second eigenvalue ~1e-33), within-class deviations ±(k+1)·(0.05, 0.02).
    const t = [0.3, 1.1, -0.7];
    const v = [Math.PI / 10, 0.7 / 3];
    const Hbar = fromRows([t.map((x) => x * (v[0] as number)), t.map((x) => x * (v[1] as number))]);
    const H = collapsed(Hbar, [2, 2, 2]);
    const e = [0.05, 0.02];
    for (let r = 0; r < 2; r++) {
      for (let k = 0; k < 3; k++) {
        H.data[r * 6 + 2 * k] = (H.data[r * 6 + 2 * k] as number) + (e[r] as number) * (k + 1);
        H.data[r * 6 + 2 * k + 1] = (H.data[r * 6 + 2 * k + 1] as number) - (e[r] as number) * (k + 1);
      }
    }
    // Act
    const cut = nc1Detailed(H, [2, 2, 2]);
    const noCut = nc1Detailed(H, [2, 2, 2], { relTol: 0 });
    // Assert: rank-1 hand value. λ = (1/K)Σ(t_k − t̄)²‖v‖², u = v/‖v‖, uᵀΣ_W u = (1/6)·2·Σ(k+1)²·c² = (14/3)c²
    // with c = (0.05 v₀ + 0.02 v₁)/‖v‖; nc1 = (1/K)(14/3)c²/λ.
    const tbar = (t[0]! + t[1]! + t[2]!) / 3;
    const nv2 = v[0]! ** 2 + v[1]! ** 2;
    const lambda = (t.reduce((s, x) => s + (x - tbar) ** 2, 0) * nv2) / 3;
    const c2 = (0.05 * v[0]! + 0.02 * v[1]!) ** 2 / nv2;
    const want = ((14 / 3) * c2) / lambda / 3;
    expect(cut.rank).toBe(1);
    expect(cut.value).toBeGreaterThanOrEqual(0);
    expect(Math.abs(cut.value - want)).toBeLessThanOrEqual(1e3 * EPS * want); // cond(Σ_B restricted) is O(1); 1e3ε covers the mean/SVD rounding
    // Without the cut-off the spurious direction dominates (this is the negative/huge NC1 of the Zhu repository).
    expect(noCut.rank).toBe(2);
    expect(noCut.value).toBeGreaterThan(1e10);
  });

  it('should be non-negative on random, possibly rank-deficient inputs', () => {
    const rng = createRng(42);
    for (let trial = 0; trial < 50; trial++) {
      const K = 2 + rng.int(5),
        d = 1 + rng.int(6);
      const counts = Array.from({ length: K }, () => 1 + rng.int(4));
      const N = counts.reduce((a, b) => a + b, 0);
      const H = zeros(d, N);
      rng.fillNormal(H.data);
      expect(nc1(H, counts)).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('nccAgreement', () => {
  it('should count the hand case: 3 of 4 samples agree', () => {
    // d = 1, K = 2, H = [−1, 0.4 | 1, 2]: means −0.3 and 1.5. Nearest mean: 0, 0, 1, 1.
    // W = [[−1], [1]], b = 0: logits (−h, h) → classes 0, 1, 1, 1. Agreement 3/4.
    const H = fromRows([[-1, 0.4, 1, 2]]);
    const W = fromRows([[-1], [1]]);
    expect(nccAgreement(W, H, new Float64Array(2), [2, 2])).toBe(0.75);
    // A bias shifting the boundary to h = 0.5 (b = (0.5, −0.5)) makes every sample agree.
    expect(nccAgreement(W, H, Float64Array.from([0.5, -0.5]), [2, 2])).toBe(1);
  });
});

describe('degenerate inputs', () => {
  it('should return NaN for normalised metrics when W = 0, and never throw', () => {
    const K = 3,
      d = 2,
      counts = [1, 1, 1];
    const H = fromRows([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    const m = ncMetrics(zeros(K, d), H, Float64Array.from([1, 2, 2]), counts);
    expect(m.nc2W).toBeNaN();
    expect(m.nc2WOf).toBeNaN();
    expect(m.nc3).toBeNaN();
    expect(m.nc3Of).toBeNaN();
    expect(m.selfDuality).toBeNaN();
    expect(m.nc4).toBe(3); // ‖b‖ = √(1 + 4 + 4)
    expect(m.nc2H).not.toBeNaN();
  });

  it('should return NaN for nc1 and nc2H when all class means coincide (H = 0)', () => {
    const K = 3,
      d = 2,
      counts = [2, 1, 1];
    const m = ncMetrics(simplexEtf(K, d), zeros(d, 4), undefined, counts);
    expect(m.nc1).toBeNaN();
    expect(m.nc1TraceQuotient).toBeNaN();
    expect(m.nc2H).toBeNaN();
    expect(m.nc2HOf).toBeNaN();
    expect(m.nc4).toBe(0);
  });

  it('should return NaN (not throw) for nc1 on non-finite features', () => {
    const H = fromRows([[0, NaN, 1, 2]]);
    expect(nc1(H, [2, 2])).toBeNaN();
  });

  it('should throw a RangeError naming the argument on shape mismatches', () => {
    const H = fromRows([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(() => ncMetrics(zeros(2, 2), H, undefined, [1, 1, 1])).toThrow(/^W must be/);
    expect(() => ncMetrics(zeros(3, 2), H, new Float64Array(2), [1, 1, 1])).toThrow(/^b must have/);
    expect(() => ncMetrics(zeros(3, 2), H, undefined, [1, 1, 2])).toThrow(/^H must have/);
  });
});

describe('invariance and consistency', () => {
  it('should be invariant under W → W Qᵀ, H → Q H (Q ∈ O(d))', () => {
    // Arrange: random W, H (K = 4, d = 6, imbalanced), random orthogonal Q = polar(Gaussian).
    const K = 4,
      d = 6,
      counts = [3, 2, 4, 1];
    const rng = createRng(9);
    const W = zeros(K, d);
    rng.fillNormal(W.data);
    const H = zeros(d, 10);
    rng.fillNormal(H.data);
    const b = rng.fillNormal(new Float64Array(K));
    const G = zeros(d, d);
    rng.fillNormal(G.data);
    const Q = polar(G);
    const W2 = zeros(K, d),
      H2 = zeros(d, 10);
    for (let k = 0; k < K; k++)
      for (let i = 0; i < d; i++) {
        let t = 0;
        for (let j = 0; j < d; j++) t += (W.data[k * d + j] as number) * (Q.data[i * d + j] as number);
        W2.data[k * d + i] = t;
      }
    for (let i = 0; i < d; i++)
      for (let c = 0; c < 10; c++) {
        let t = 0;
        for (let j = 0; j < d; j++) t += (Q.data[i * d + j] as number) * (H.data[j * 10 + c] as number);
        H2.data[i * 10 + c] = t;
      }
    // Act
    const m1 = ncMetrics(W, H, b, counts);
    const m2 = ncMetrics(W2, H2, b, counts);
    // Assert: the rotation perturbs W, H by ≤ 10·d·ε relatively; NC1 amplifies that by at most cond(M)², checked
    // below to be < 1e3, so every metric agrees to 10·d·ε·1e3 ≈ 1.3e-11 relative.
    const s = singularValues(centredMeans(classMeans(H, counts)));
    const cond2 = ((s[0] as number) / (s[K - 2] as number)) ** 2;
    expect(cond2).toBeLessThan(1e3);
    const tol = 10 * d * EPS * 1e3;
    for (const key of Object.keys(m1) as (keyof typeof m1)[]) {
      expect(Math.abs(m1[key] - m2[key])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(m1[key])));
    }
  });

  it('should agree exactly with the individual metric functions', () => {
    const K = 3,
      d = 4,
      counts = [2, 1, 3];
    const rng = createRng(3);
    const W = zeros(K, d);
    rng.fillNormal(W.data);
    const H = zeros(d, 6);
    rng.fillNormal(H.data);
    const b = rng.fillNormal(new Float64Array(K));
    const m = ncMetrics(W, H, b, counts);
    expect(m).toEqual({
      nc1: nc1(H, counts),
      nc1TraceQuotient: nc1TraceQuotient(H, counts),
      nc2W: nc2W(W),
      nc2H: nc2H(H, counts),
      nc2WOf: nc2WOf(W),
      nc2HOf: nc2HOf(H, counts),
      nc3: nc3(W, H, counts),
      nc3Of: nc3Of(W, H, counts),
      nc4: nc4(W, H, b, counts),
      nccAgreement: nccAgreement(W, H, b, counts),
      selfDuality: selfDuality(W, H, counts),
      selfDualityOf: selfDualityOf(W, H, counts),
      cdnv: cdnv(H, counts),
    });
  });

  it('should measure distanceToEtfGram of the ETF Gram as 0', () => {
    const E = zeros(5, 5);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) E.data[i * 5 + j] = i === j ? 1 : -0.25;
    expect(distanceToEtfGram(E)).toBeLessThanOrEqual(tolKd(5, 0));
  });
});
