/**
 * Closed-form cases of the weak-duality bound (src/certify/_global/dualBound.ts) and the argument, rank-caveat and
 * reporting branches of src/certify/global.ts (THEORY.md §0.3, §7.1; issue 6 item 2, issue 9).
 *
 * dualBoundFromGradient's numbers are computed by hand below: Γ = t·V/N, t = min(1, μ/σ̄) with
 * σ̄ = ‖V diag(√w)‖₂(1 + rel)/N, rel = (½K(s + 10) + 3)ε, s = 64 + ⌈m/64⌉ (the certified rounding bound of the
 * module), L*(Γ) = (1/N)Σ_j w_j ℓ*(tV_j; y_j) with ℓ*_CE(u) = Σ q log q (q = u + e_y), ℓ*_MSE(u) = ½‖u‖² + u_y, and
 * the bias term ‖tΣ_j w_j u_j/N‖²/(2λ_b) in decay mode.
 */
import { describe, expect, it } from 'vitest';
import { globalLowerBound, rankCaveat, realizeRelaxation, solveConvexRelaxation } from '../../../src/certify/index.ts';
import { dualBoundFromGradient } from '../../../src/certify/_global/dualBound.ts';
import { ce, mse } from '../../../src/losses/index.ts';
import type { UfmProblem } from '../../../src/models/index.ts';
import { ufmLayout } from '../../../src/models/index.ts';

const EPS = Number.EPSILON;
const relOf = (K: number, m: number): number => (0.5 * K * (64 + Math.ceil(m / 64) + 10) + 3) * EPS;

describe('dualBoundFromGradient closed forms', () => {
  it('should give the MSE bound −(1/N)Σ(½‖u_j‖² + u_{y_j,j}) at t = 1 and the inflated spectral norm', () => {
    // Arrange: K = 2, two columns u₀ = (3, 0) (label 0), u₁ = (0, −1) (label 1); Gram diag(9, 1), σ = 3, N = 2.
    const U = Float64Array.of(3, 0, 0, -1);
    // Act
    const d = dualBoundFromGradient(
      'mse',
      { K: 2, m: 2, U, y: Int32Array.of(0, 1), w: Float64Array.of(1, 1) },
      10,
      'none',
      0,
    );
    // Assert
    expect(d.t).toBe(1);
    expect(d.gradSpectralNorm).toBe(1.5);
    // 3(1 + 78ε)/2 is exact in binary (78ε·3 is 117 ulps of 3).
    expect(d.spectralUpper).toBe((3 * (1 + relOf(2, 2))) / 2);
    expect(d.conjugate).toBe((4.5 + 3 + 0.5 - 1) / 2);
    expect(d.bound).toBe(-3.5);
    expect(d.biasTerm).toBe(0);
    expect(d.mix).toBe(0);
    expect(d.biasGradNorm).toBe(Math.hypot(3, -1) / 2);
  });

  it('should scale the dual point by t = μ/σ̄ when ‖G‖₂ exceeds μ, and add the decay-bias term', () => {
    // Arrange: the same gradients, μ = 0.75 = σ/2: t = 0.75/σ̄ = 0.5/(1 + rel).
    const U = Float64Array.of(3, 0, 0, -1);
    const g = { K: 2, m: 2, U, y: Int32Array.of(0, 1), w: Float64Array.of(1, 1) };
    // Act
    const none = dualBoundFromGradient('mse', g, 0.75, 'none', 0);
    const decay = dualBoundFromGradient('mse', g, 0.75, 'decay', 0.2);
    // Assert
    const t = 0.75 / ((3 * (1 + relOf(2, 2))) / 2);
    expect(none.t).toBe(t);
    const conj = (0.5 * t * t * 9 + t * 3 + 0.5 * t * t * 1 + t * -1) / 2;
    expect(Math.abs(none.conjugate - conj)).toBeLessThanOrEqual(4 * EPS * Math.abs(conj));
    // ‖tΣu/N‖² /(2λ_b) = t²‖(3, −1)/2‖²/0.4.
    const biasTerm = (t * t * (2.25 + 0.25)) / 0.4;
    expect(Math.abs(decay.biasTerm - biasTerm)).toBeLessThanOrEqual(4 * EPS * biasTerm);
    expect(Math.abs(decay.bound - (-none.conjugate - biasTerm))).toBeLessThanOrEqual(8 * EPS);
    expect(none.biasTerm).toBe(0);
  });

  it('should project a free bias and mix in the interior CE point with the least weight that keeps q ≥ 0', () => {
    // Arrange: CE, K = 2; column 0 (label 0, weight 3) predicts class 1: u₀ = p − e₀ = (−1, 1); column 1 (label 1,
    // weight 1) predicts class 0: u₁ = (1, −1). N = 4, π = (¾, ¼), Σwu = (−2, 2): projected V₀ = (−½, ½),
    // V₁ = (3/2, −3/2), so q₁ = V₁ + e₁ = (3/2, −½) leaves the simplex; mixing weight s = ½/(¼ + ½) = ⅔ gives
    // V₀ = (−⅓, ⅓), V₁ = (1, −1): q₀ = (⅔, ⅓), q₁ = (1, 0) (a zero entry: 0 log 0 = 0).
    const U = Float64Array.of(-1, 1, 1, -1);
    // Act
    const d = dualBoundFromGradient(
      'ce',
      { K: 2, m: 2, U, y: Int32Array.of(0, 1), w: Float64Array.of(3, 1) },
      10,
      'free',
      0,
    );
    // Assert
    expect(Math.abs(d.mix - 2 / 3)).toBeLessThanOrEqual(2 * EPS);
    expect(d.biasGradNorm).toBe(Math.sqrt(8) / 4);
    // Gram of U: 3(−1, 1)(−1, 1)ᵀ + (1, −1)(1, −1)ᵀ = 4[[1, −1], [−1, 1]], λ_max = 8.
    expect(Math.abs(d.gradSpectralNorm - Math.sqrt(8) / 4)).toBeLessThanOrEqual(4 * EPS);
    // Gram of the mixed V: (4/3)[[1, −1], [−1, 1]], λ_max = 8/3.
    expect(Math.abs(d.spectralUpper - Math.sqrt(8 / 3) / 4)).toBeLessThanOrEqual(1e-14);
    expect(d.t).toBe(1);
    const conj = (3 * ((2 / 3) * Math.log(2 / 3) + (1 / 3) * Math.log(1 / 3))) / 4;
    expect(Math.abs(d.conjugate - conj)).toBeLessThanOrEqual(1e-14);
    expect(Math.abs(d.bound + conj)).toBeLessThanOrEqual(1e-14);
    expect(d.biasTerm).toBe(0);
    // The gradients are read, not modified (the projection and the mixing work on a copy).
    expect(Array.from(U)).toEqual([-1, 1, 1, -1]);
  });

  it('should mix when the projection pushes a non-label entry of q below 0', () => {
    // Arrange: labels (0, 0, 1), predictions p = (1, 0), (0, 1), (0, 1): class 1 is over-predicted (p̄₁ = ⅔ > π₁ = ⅓),
    // so q₀ = p₀ − (p̄ − π) = (4/3, −1/3): its entry 1 ≠ y₀ is negative; s = (1/3)/(π₁ + 1/3) = ½.
    const U = Float64Array.of(0, -1, 0, 0, 1, 0);
    // Act
    const d = dualBoundFromGradient(
      'ce',
      { K: 2, m: 3, U, y: Int32Array.of(0, 0, 1), w: Float64Array.of(1, 1, 1) },
      10,
      'free',
      0,
    );
    // Assert
    expect(Math.abs(d.mix - 0.5)).toBeLessThanOrEqual(2 * EPS);
    expect(Number.isFinite(d.bound)).toBe(true);
  });

  it('should project a free bias for MSE without mixing, whatever the sign of q', () => {
    // Arrange: u₀ = (3, 0), u₁ = (0, −1), N = 2: ū = (1.5, −0.5), V₀ = (1.5, 0.5), V₁ = (−1.5, −0.5); the MSE
    // conjugate is finite everywhere, so V₁ + e₁ = (−1.5, 0.5) needs no mixing.
    const U = Float64Array.of(3, 0, 0, -1);
    // Act
    const d = dualBoundFromGradient(
      'mse',
      { K: 2, m: 2, U, y: Int32Array.of(0, 1), w: Float64Array.of(1, 1) },
      10,
      'free',
      0,
    );
    // Assert: L* = ½[(½·2.5 + 1.5) + (½·2.5 − 0.5)] = 1.75.
    expect(d.mix).toBe(0);
    expect(d.t).toBe(1);
    expect(d.conjugate).toBe(1.75);
    expect(d.bound).toBe(-1.75);
    expect(Array.from(U)).toEqual([3, 0, 0, -1]);
  });

  it('should not mix when the projected CE point stays in the simplex, and not project without a free bias', () => {
    // Arrange: column 0 (label 0) predicts p = (0.9, 0.1), column 1 (label 1) p = (0.2, 0.8); u = p − e_y.
    const U = Float64Array.of(-0.1, 0.2, 0.1, -0.2);
    const g = { K: 2, m: 2, U, y: Int32Array.of(0, 1), w: Float64Array.of(1, 1) };
    // Act
    const free = dualBoundFromGradient('ce', g, 10, 'free', 0);
    const none = dualBoundFromGradient('ce', g, 10, 'none', 0);
    // Assert: Σu = (0.1, −0.1) → V = u − (0.05, −0.05): q₀ = (0.85, 0.15), q₁ = (0.15, 0.85), all ≥ 0.
    expect(free.mix).toBe(0);
    const qFree = [0.85, 0.15, 0.15, 0.85];
    const conjFree = qFree.reduce((s, q) => s + q * Math.log(q), 0) / 2;
    expect(Math.abs(free.conjugate - conjFree)).toBeLessThanOrEqual(1e-15);
    const qNone = [0.9, 0.1, 0.2, 0.8];
    const conjNone = qNone.reduce((s, q) => s + q * Math.log(q), 0) / 2;
    expect(Math.abs(none.conjugate - conjNone)).toBeLessThanOrEqual(1e-15);
  });

  it('should sum the Gram in blocks of 64 columns without losing any (m = 144) and widen the bound with ⌈m/64⌉', () => {
    // Arrange: 144 identical columns u = (1, 0), label 0: Gram diag(144, 0), σ = 12, N = 144.
    const m = 144;
    const U = new Float64Array(2 * m);
    U.fill(1, 0, m);
    // Act
    const d = dualBoundFromGradient(
      'mse',
      { K: 2, m, U, y: new Int32Array(m), w: new Float64Array(m).fill(1) },
      1,
      'none',
      0,
    );
    // Assert: s = 64 + 3.
    expect(d.gradSpectralNorm).toBe(12 / 144);
    expect(Math.abs(d.spectralUpper - (12 * (1 + relOf(2, m))) / 144)).toBeLessThanOrEqual(EPS / 144);
    expect(d.spectralUpper).toBeGreaterThan(d.gradSpectralNorm * (1 + relOf(2, 64)));
    expect(d.conjugate).toBe(1.5);
  });

  it('should keep t = 1 and the bound 0 at a zero gradient', () => {
    const d = dualBoundFromGradient(
      'ce',
      { K: 3, m: 1, U: new Float64Array(3), y: Int32Array.of(2), w: Float64Array.of(1) },
      0,
      'none',
      0,
    );
    expect(d.t).toBe(1);
    expect(d.bound === 0).toBe(true);
    expect(d.spectralUpper).toBe(0);
  });
});

const ceProblem = (d: number, extra: Partial<UfmProblem> = {}): UfmProblem => ({
  loss: 'ce',
  K: 4,
  d,
  counts: [2, 2, 2, 2],
  lambdaW: 1e-2,
  lambdaH: 1e-2,
  lambdaB: 1e-2,
  bias: true,
  ...extra,
});

describe('rankCaveat', () => {
  it('should flag d = 1 below the CE relaxation rank 3 = K−1 with a note (issue 9)', () => {
    // Act
    const r = rankCaveat(ceProblem(1), ce);
    // Assert
    expect(r.relaxationIgnoresRank).toBe(true);
    expect(r.relaxationRank).toBe(3);
    expect(r.maxRank).toBe(3);
    expect(r.note).toBe(
      'the convex relaxation ignores rank Z ≤ d (d = 1 < rank 3 of its optimum): f_lb ≤ f* still holds, but the gap is not a certificate of non-optimality here',
    );
  });

  it('should not solve anything at d ≥ K−1 for CE, and use K for a loss that is not shift-invariant', () => {
    // Act
    const atMax = rankCaveat(ceProblem(3), ce);
    const mseBelow = rankCaveat({ ...ceProblem(3), loss: 'mse', bias: false, lambdaB: 0 }, mse);
    const mseAt = rankCaveat({ ...ceProblem(4), loss: 'mse', bias: false, lambdaB: 0 }, mse);
    // Assert: MSE bias-free at this λ keeps all K = 4 directions (Z* = c·I, c > 0).
    expect(atMax).toEqual({ relaxationIgnoresRank: false, relaxationRank: undefined, maxRank: 3, note: '' });
    expect(mseBelow.maxRank).toBe(4);
    expect(mseBelow.relaxationIgnoresRank).toBe(true);
    expect(mseBelow.relaxationRank).toBe(4);
    expect(mseAt).toEqual({ relaxationIgnoresRank: false, relaxationRank: undefined, maxRank: 4, note: '' });
  });

  it('should not flag d = 1 when the relaxation optimum is 0 (CE above the threshold: rank 0)', () => {
    // Arrange: κ = K√(nλ_Wλ_H)·… ≥ 1 at λ_W = λ_H = 0.3: the origin is the global minimiser (THEORY.md §1.1).
    const r = rankCaveat(ceProblem(1, { lambdaW: 0.3, lambdaH: 0.3, bias: false, lambdaB: 0 }), ce);
    // Assert
    expect(r).toEqual({ relaxationIgnoresRank: false, relaxationRank: 0, maxRank: 3, note: '' });
  });
});

describe('global.ts arguments and reports', () => {
  it('should reject a negative, infinite or NaN λ naming it', () => {
    const th = new Float64Array(ufmLayout(ceProblem(3)).dim);
    expect(() => globalLowerBound(ceProblem(3, { lambdaW: -1 }), ce, th)).toThrow(
      'lambdaW must be a finite number ≥ 0; got -1',
    );
    expect(() => globalLowerBound(ceProblem(3, { lambdaH: Infinity }), ce, th)).toThrow(/^lambdaH must be/);
    expect(() => solveConvexRelaxation(ceProblem(3, { lambdaB: NaN }), ce)).toThrow(/^lambdaB must be/);
    expect(() => solveConvexRelaxation(ceProblem(3), mse)).toThrow("problem.loss is 'ce' but the loss given is 'mse'");
  });

  it('should reject a negative or NaN tol and a negative or fractional maxIter', () => {
    const p = ceProblem(3);
    expect(() => solveConvexRelaxation(p, ce, { tol: -1e-10 })).toThrow('tol must be ≥ 0; got -1e-10');
    expect(() => solveConvexRelaxation(p, ce, { tol: NaN })).toThrow(RangeError);
    expect(() => solveConvexRelaxation(p, ce, { maxIter: -1 })).toThrow('maxIter must be an integer ≥ 0; got -1');
    expect(() => solveConvexRelaxation(p, ce, { maxIter: 2.5 })).toThrow(RangeError);
  });

  it('should call μ = 0 unsupported and stop at maxIter 0 without iterating', () => {
    // Act
    const zero = solveConvexRelaxation(ceProblem(3, { lambdaW: 0 }), ce);
    const capped = solveConvexRelaxation(ceProblem(3), ce, { maxIter: 0 });
    // Assert
    expect(zero.status).toBe('unsupported');
    expect(zero.why).toMatch(/^μ = √\(λ_Wλ_H\) = 0/);
    expect(zero.lowerBound).toBe(-Infinity);
    expect(() => realizeRelaxation(ceProblem(3), zero)).toThrow(/^status: /);
    expect(capped.status).toBe('max-iter');
    expect(capped.iterations).toBe(0);
    // At X = 0 the primal is L(0) = log K and the rank 0.
    expect(Math.abs(capped.primal - Math.log(4))).toBeLessThanOrEqual(4 * EPS);
    expect(capped.rank).toBe(0);
  });

  it('should refuse to realise a rank-3 optimum at d = 2', () => {
    const r = solveConvexRelaxation(ceProblem(3), ce);
    expect(r.rank).toBe(3);
    expect(() => realizeRelaxation(ceProblem(2), r)).toThrow(
      "d must be ≥ rank 3 of the relaxation's optimum to realise it; got 2",
    );
  });

  it('should report the relaxed value L + μ‖WH‖_* + (λ_b/2)‖b‖² (= f at balanced factors, below f otherwise)', () => {
    // Arrange: the realised optimum (balanced by construction) and the same Z with W doubled and H halved.
    const p = ceProblem(3);
    const r = solveConvexRelaxation(p, ce);
    const theta = realizeRelaxation(p, r);
    const L = ufmLayout(p);
    const unbalanced = theta.slice();
    const { W, H } = L.unpack(unbalanced);
    for (let i = 0; i < W.data.length; i++) W.data[i]! *= 2;
    for (let i = 0; i < H.data.length; i++) H.data[i]! /= 2;
    // Act
    const c = globalLowerBound(p, ce, theta);
    const u = globalLowerBound(p, ce, unbalanced);
    // Assert
    expect(Math.abs(c.relaxedValue - c.value)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(u.relaxedValue - c.relaxedValue)).toBeLessThanOrEqual(1e-12);
    expect(u.value).toBeGreaterThan(u.relaxedValue + 1e-3);
    expect(Math.abs(c.relaxedValue - r.primal)).toBeLessThanOrEqual(1e-12);
    expect(c.mu).toBe(1e-2);
    expect(c.why).toBe('');
  });

  it('should say how much bias gradient a free-bias projection removed', () => {
    // Arrange: CE, free bias, at the origin with b = (1, 0, 0, 0): ∂f/∂b = p − π ≠ 0.
    const p = ceProblem(3, { lambdaB: 0 });
    const th = new Float64Array(ufmLayout(p).dim);
    ufmLayout(p).unpack(th).b[0] = 1;
    // Act
    const c = globalLowerBound(p, ce, th);
    // Assert
    expect(c.biasGradNorm).toBeGreaterThan(0);
    expect(c.why).toBe(`free bias: projected G1 (‖G1‖ = ${c.biasGradNorm.toExponential(3)}) to 0`);
  });
});

describe('solveConvexRelaxation iterations (_global/relaxation.ts)', () => {
  it('should solve the bias-free balanced MSE relaxation in one prox step with singular values √n − Nμ', () => {
    // Arrange: F(X) = Σ_k (n/N)·½‖X_k/√n − e_k‖² = (1/2N)‖X − √n I‖² is exactly quadratic with Hessian (1/N)I = αI
    // (c = 1, no bias), so the prox step at L = 1 is the exact minimiser X* = SVT(√n I, Nμ) = (√n − Nμ)I.
    const p: UfmProblem = { ...ceProblem(4), loss: 'mse', bias: false, lambdaB: 0 };
    const n = 2,
      N = 8,
      mu = 1e-2;
    // Act
    const r = solveConvexRelaxation(p, mse);
    // Assert
    expect(r.status).toBe('converged');
    expect(r.iterations).toBe(1);
    expect(r.rank).toBe(4);
    for (const s of r.singularValues) expect(Math.abs(s - (Math.sqrt(n) - N * mu))).toBeLessThanOrEqual(8 * EPS);
    const primal = (4 * (N * mu) ** 2) / (2 * N) + 4 * mu * (Math.sqrt(n) - N * mu);
    expect(Math.abs(r.primal - primal)).toBeLessThanOrEqual(16 * EPS);
    expect(r.gap).toBeLessThanOrEqual(1e-10);
    // Z̄ = X/√n on the diagonal (the full Z has column j = z̄_{y_j}), b = 0 without a bias.
    for (let a = 0; a < 4; a++)
      for (let k = 0; k < 4; k++)
        expect(
          Math.abs(r.Zbar.data[a * 4 + k]! - (a === k ? (Math.sqrt(n) - N * mu) / Math.sqrt(n) : 0)),
        ).toBeLessThanOrEqual(8 * EPS);
    expect(Array.from(r.b)).toEqual([0, 0, 0, 0]);
  });

  it('should return X = 0 at once when the tolerance already holds there', () => {
    // Act: the self-gap at 0 is about 1.16 for this CE problem.
    const r = solveConvexRelaxation(ceProblem(3), ce, { tol: 10 });
    // Assert
    expect(r.status).toBe('converged');
    expect(r.iterations).toBe(0);
    expect(Math.abs(r.primal - Math.log(4))).toBeLessThanOrEqual(4 * EPS);
    expect(r.rank).toBe(0);
    expect(r.selfGap).toBeLessThanOrEqual(10);
  });

  it('should keep lowerBound ≤ primal and gap ≤ selfGap at every iteration cap, and decrease the primal', () => {
    // Act
    const runs = [1, 2, 3, 5, 8, 13].map((maxIter) => solveConvexRelaxation(ceProblem(3), ce, { maxIter, tol: 0 }));
    const full = solveConvexRelaxation(ceProblem(3), ce);
    // Assert
    runs.forEach((r, i) => {
      expect(r.iterations).toBe([1, 2, 3, 5, 8, 13][i]);
      expect(r.status).toBe('max-iter');
      expect(r.lowerBound).toBeLessThanOrEqual(full.primal + 1e-15);
      expect(r.primal).toBeGreaterThanOrEqual(full.lowerBound - 1e-15);
      expect(r.gap).toBeLessThanOrEqual(r.selfGap);
      expect(Math.abs(r.gap - (r.primal - r.lowerBound))).toBe(0);
    });
    expect(runs[1]!.primal).toBeLessThan(runs[0]!.primal);
    expect(runs[5]!.primal - full.primal).toBeLessThan(runs[0]!.primal - full.primal);
    expect(full.status).toBe('converged');
    expect(full.selfGap).toBeLessThanOrEqual(1e-10);
  });
});
