/**
 * Branches of the constructed critical points (src/theory/constructed.ts; THEORY.md §6, §1.2) that
 * constructed.test.ts does not reach: input validation naming each field, the escape data σ, σ₂, μ, q(σ) at points
 * where G is known by hand, and the class-merging curvature bound for singleton and imbalanced groups.
 *
 * Hand values (ε = 2⁻⁵²). At θ = 0 without a bias, Z = 0:
 * - MSE: column j of G is −e_{y_j}/N, so G Gᵀ = diag(n_k)/N², σ = √(max n_k)/N and σ₂ = √(second largest n_k)/N.
 * - CE: column j is (1/K·1 − e_{y_j})/N; with balanced counts G Gᵀ = (n/N²)(I − 11ᵀ/K): σ = σ₂ = √n/N for K ≥ 3,
 *   and σ₂ = 0 for K = 2 (the other eigenvalue is the one along 1).
 * Each is one K×K EVD of a matrix with O(1) entries: a few ulps (tolerance 16ε·σ).
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import { ce, ceKernels, columnLoss, lossById, mse } from '../../../src/losses/index.ts';
import type { UfmProblem } from '../../../src/models/index.ts';
import { ufmLayout } from '../../../src/models/index.ts';
import { classMerging, embedPoint, escapeBound, originPoint, partialFramePoint } from '../../../src/theory/index.ts';

const EPS = Number.EPSILON;

const base: UfmProblem = {
  loss: 'mse',
  K: 4,
  d: 3,
  counts: [4, 2, 1, 1],
  lambdaW: 5e-3,
  lambdaH: 2e-2,
  lambdaB: 0,
  bias: false,
};

/** q(σ) = (λ_W+λ_H)/2 − √(((λ_W−λ_H)/2)² + σ²) (THEORY.md §1.2 item 4). */
const qOf = (s: number, lw: number, lh: number): number => (lw + lh) / 2 - Math.sqrt(((lw - lh) / 2) ** 2 + s * s);

describe('escapeBound at points with a hand-computed G (THEORY.md §1.2)', () => {
  it('should give σ = √(max n_k)/N and σ₂ = √(next n_k)/N for MSE at the origin', () => {
    // Arrange
    const p = base;
    const theta = new Float64Array(ufmLayout(p).dim);
    // Act
    const e = escapeBound(p, mse, theta);
    // Assert: N = 8, counts 4, 2, 1, 1.
    expect(Math.abs(e.sigma - 2 / 8)).toBeLessThanOrEqual(16 * EPS * e.sigma);
    expect(Math.abs(e.sigma2 - Math.SQRT2 / 8)).toBeLessThanOrEqual(16 * EPS * e.sigma);
    expect(e.mu).toBe(Math.sqrt(p.lambdaW * p.lambdaH));
    expect(Math.abs(e.q - qOf(0.25, p.lambdaW, p.lambdaH))).toBeLessThanOrEqual(16 * EPS);
  });

  it.each([
    [3, true],
    [2, false],
  ])('should give σ = √n/N for balanced CE at the origin, σ₂ = σ iff K ≥ 3 (K = %i)', (K, same) => {
    const p: UfmProblem = { ...base, loss: 'ce', K, counts: new Array<number>(K).fill(2) };
    const e = escapeBound(p, ce, new Float64Array(ufmLayout(p).dim));
    const s = Math.SQRT2 / (2 * K);
    expect(Math.abs(e.sigma - s)).toBeLessThanOrEqual(16 * EPS * s);
    expect(Math.abs(e.sigma2 - (same ? s : 0))).toBeLessThanOrEqual(same ? 16 * EPS * s : 1e-8 * s);
  });

  it('should give σ₂ = 0 for a single class (no second singular value)', () => {
    // K = 1, n = 3, MSE at the origin: G = −(1/3)·1ᵀ (1×3), σ = ‖G‖ = 1/√3.
    const p: UfmProblem = { ...base, K: 1, counts: [3] };
    const e = escapeBound(p, mse, new Float64Array(ufmLayout(p).dim));
    expect(Math.abs(e.sigma - 1 / Math.sqrt(3))).toBeLessThanOrEqual(16 * EPS);
    expect(e.sigma2).toBe(0);
  });

  it('should use Z = W H + b1ᵀ: a bias equal to e₀ zeroes the MSE residual of class 0', () => {
    // Arrange: W = 0, H = 0, b = e₀ (bias learned): the columns of class 0 have z − e₀ = 0, the others e₀ − e_k.
    // G Gᵀ = (1/N²) Σ_{k≥1} n_k (e₀ − e_k)(e₀ − e_k)ᵀ = [[4, −2, −1, −1], [−2, 2, 0, 0], [−1, 0, 1, 0], [−1, 0, 0, 1]]/64
    // with counts (4, 2, 1, 1); σ² is its largest eigenvalue, found here by power iteration (independent of the
    // module's EVD; 2000 steps converge far below 1e-12, the eigenvalue gap being ≥ 1/64).
    const p: UfmProblem = { ...base, bias: true };
    const L = ufmLayout(p);
    const theta = new Float64Array(L.dim);
    theta[L.offB] = 1;
    const M = [
      [4, -2, -1, -1],
      [-2, 2, 0, 0],
      [-1, 0, 1, 0],
      [-1, 0, 0, 1],
    ].map((r) => r.map((x) => x / 64));
    let v = [1, -0.5, -0.3, -0.2];
    let lam = 0;
    for (let it = 0; it < 2000; it++) {
      const w = M.map((r) => r.reduce((s, x, j) => s + x * (v[j] as number), 0));
      lam = Math.hypot(...w);
      v = w.map((x) => x / lam);
    }
    // Act
    const e = escapeBound(p, mse, theta);
    // Assert
    expect(Math.abs(e.sigma - Math.sqrt(lam))).toBeLessThanOrEqual(1e-12);
  });

  it('should reject a loss that is not the problem’s', () => {
    expect(() => escapeBound(base, ce, new Float64Array(ufmLayout(base).dim))).toThrow(/^loss/);
  });
});

describe('validation of the constructed points', () => {
  it.each([
    ['lambdaW', { lambdaW: -1 }],
    ['lambdaH', { lambdaH: Number.NaN }],
    ['lambdaB', { lambdaB: Number.POSITIVE_INFINITY }],
  ])('should reject a bad %s at the origin with a message naming it', (field, patch) => {
    expect(() => originPoint({ ...base, ...patch }, mse)).toThrow(
      new RegExp(`^${field} must be a finite number ≥ 0; got`),
    );
  });

  it('should accept λ_W = λ_H = λ_b = 0 at the origin (q(σ) = −σ)', () => {
    const p: UfmProblem = { ...base, lambdaW: 0, lambdaH: 0, lambdaB: 0, bias: true };
    const o = originPoint(p, mse);
    expect(o.lambdaMinWH).toBe(-o.sigma);
  });

  it('should reject embedding into a non-integer d or a θ′ of the wrong length', () => {
    const theta = new Float64Array(ufmLayout(base).dim);
    expect(() => embedPoint(base, theta, 4.5)).toThrow(/^d must be an integer > d′ = 3; got 4.5/);
    expect(() => embedPoint(base, theta.subarray(1), 5)).toThrow(/^theta must have length/);
    const e = embedPoint(base, theta, 4);
    expect(e.nullCoordinate).toBe(3);
    expect(e.cite).toBe('THEORY.md §6.4 (embedded lower-dimensional critical points)');
  });

  it.each([-1, 1.5])('should reject r = %f for a partial frame', (r) => {
    const p: UfmProblem = { ...base, counts: [2, 2, 2, 2], d: 5 };
    expect(() => partialFramePoint(p, r)).toThrow(/^r must be an integer in \[0, 4\]/);
  });

  it.each([
    [
      [
        [0, 1],
        [2, 4],
      ],
      /^groups\[1\] has 4, not a class in 0\.\.3/,
    ],
    [
      [
        [0, 1],
        [2, -1, 3],
      ],
      /^groups\[1\] has -1, not a class in 0\.\.3/,
    ],
    [
      [
        [0, 1],
        [2, 3, 0.5],
      ],
      /^groups\[1\] has 0.5, not a class/,
    ],
  ])('should reject the groups %j naming the bad class', (groups, msg) => {
    const p: UfmProblem = { ...base, loss: 'ce', counts: [2, 2, 2, 2] };
    expect(() => classMerging(p, groups)).toThrow(msg);
  });

  it('should reject θ of the wrong length in expand and pullBack', () => {
    const p: UfmProblem = { ...base, loss: 'ce', counts: [2, 2, 2, 2] };
    const M = classMerging(p, [
      [0, 1],
      [2, 3],
    ]);
    expect(() => M.expand(new Float64Array(M.dim + 1))).toThrow(/^theta must have length/);
    expect(() => M.pullBack(new Float64Array(M.dim))).toThrow(/^theta must have length/);
  });
});

describe('classMerging: the curvature bound σ_lb and q(σ_lb) (THEORY.md §6.5)', () => {
  it('should have σ_lb = 0 and q = min(λ_W, λ_H) when every group is a singleton', () => {
    const M = classMerging(base, [[0], [1], [2], [3]]);
    expect(M.sigmaLowerBound).toBe(0);
    expect(M.lambdaMinUpper).toBeCloseTo(Math.min(base.lambdaW, base.lambdaH), 17);
    expect(M.groupCounts).toEqual([4, 2, 1, 1]);
    expect(M.cite).toBe('THEORY.md §6.5 (class-merging critical points; symmetric criticality)');
  });

  it('should take the largest √n_g/N over the merged groups', () => {
    // counts (4, 2, 1, 1) → (2, 2, 1, 1) has N = 6; groups {0,1} (n_g = 2) and {2,3} (n_g = 1): σ_lb = √2/6.
    const p: UfmProblem = { ...base, counts: [2, 2, 1, 1] };
    const M = classMerging(p, [
      [2, 3],
      [0, 1],
    ]);
    expect(M.sigmaLowerBound).toBe(Math.sqrt(2) / 6);
    expect(Math.abs(M.lambdaMinUpper - qOf(Math.sqrt(2) / 6, p.lambdaW, p.lambdaH))).toBeLessThanOrEqual(16 * EPS);
    expect(M.groupCounts).toEqual([1, 2]);
    // dim = G·d + d·Σ n_g (no bias) = 2·3 + 3·3.
    expect(M.dim).toBe(15);
  });

  it('should place each class of a group at its group’s w, h and b (expand)', () => {
    // Arrange: K = 3, d = 2, counts (1, 2, 2), groups {0}, {1, 2}, bias.
    const p: UfmProblem = { ...base, K: 3, d: 2, counts: [1, 2, 2], bias: true, lambdaB: 0.1 };
    const M = classMerging(p, [[0], [2, 1]]);
    const x = createRng(1).fillNormal(new Float64Array(M.dim));
    // Act
    const L = ufmLayout(p);
    const { W, H, b } = L.unpack(M.expand(x));
    // Assert: θ_r = [w_0 w_1 (2×2) | H_r (2 × (1 + 2)) | b_0 b_1].
    const Nr = 3;
    for (let r = 0; r < 2; r++) {
      expect(W.data[0 * 2 + r]).toBe(x[r]);
      expect(W.data[1 * 2 + r]).toBe(x[2 + r]);
      expect(W.data[2 * 2 + r]).toBe(x[2 + r]);
      // H columns: class 0 = column 0, class 1 = columns 1–2, class 2 = columns 3–4 (N = 5).
      expect(H.data[r * 5 + 0]).toBe(x[4 + r * Nr + 0]);
      for (const c of [1, 3]) {
        expect(H.data[r * 5 + c]).toBe(x[4 + r * Nr + 1]);
        expect(H.data[r * 5 + c + 1]).toBe(x[4 + r * Nr + 2]);
      }
    }
    expect([...b]).toEqual([x[10], x[11], x[11]]);
  });
});

describe('originPoint: the critical bias b₀ by Newton (THEORY.md §6.1)', () => {
  // A CE copy under another id takes the generic Newton path; with λ_b = 0 its φ(b) = Σ π_k ℓ(b; k) is flat along 1.
  const plug = columnLoss(
    'ce-copy',
    'test',
    { convexInZ: true, permutationEquivariant: true, shiftInvariant: true },
    ceKernels,
  );

  it('should reach softmax(b₀) = π with Σ b₀ = 0 for a shift-invariant loss with λ_b = 0 (the flat direction 1 dropped)', () => {
    // Arrange: counts (5, 2, 1, 1), N = 9.
    const p: UfmProblem = { ...base, loss: 'ce-copy', counts: [5, 2, 1, 1], bias: true, lambdaB: 0 };
    // Act
    const o = originPoint(p, plug);
    // Assert: the minimisers are log π + c1; Newton starts at b = 0 and its pseudo-inverse steps stay ⊥ 1, so it ends at
    // c = −mean(log π) (§6.1's CE closed form). Quadratic convergence to the rounding level: |Δb| ≤ 1e-12 covers
    // K·cond(∇²φ)·ε with the smallest nonzero curvature here ≥ min π_k/2 ≈ 0.05.
    const pi = [5, 2, 1, 1].map((c) => c / 9);
    const m = pi.reduce((s, x) => s + Math.log(x), 0) / 4;
    const b0 = o.b0 as Float64Array;
    pi.forEach((x, k) => expect(Math.abs((b0[k] as number) - (Math.log(x) - m))).toBeLessThanOrEqual(1e-12));
    // value = φ(b₀) = Σ π_k (logsumexp(b₀) − b₀_k) = −Σ π_k log π_k (entropy of π).
    const entropy = -pi.reduce((s, x) => s + x * Math.log(x), 0);
    expect(Math.abs(o.value - entropy)).toBeLessThanOrEqual(16 * EPS);
  });

  it('should solve softmax(b₀) = (1 − ε)π + ε/K for label smoothing with λ_b = 0 (not CE’s closed form)', () => {
    // Arrange: ∇_b φ = Σ_k π_k (softmax(b) − t_k), t_k = (1 − ε)e_k + ε/K·1, vanishes iff softmax(b) = (1 − ε)π + ε/K.
    const eps = 0.3;
    const ls = lossById(`ls(${eps})`);
    const p: UfmProblem = { ...base, loss: ls.id, counts: [5, 2, 1, 1], bias: true, lambdaB: 0 };
    // Act
    const o = originPoint(p, ls);
    // Assert: Newton to the rounding level, as above (1e-12 on the probabilities, O(1) curvature).
    const b0 = o.b0 as Float64Array;
    let z = 0;
    for (const v of b0) z += Math.exp(v);
    [5, 2, 1, 1].forEach((c, k) =>
      expect(Math.abs(Math.exp(b0[k] as number) / z - ((1 - eps) * c) / 9 - eps / 4)).toBeLessThanOrEqual(1e-12),
    );
  });

  it('should agree with the closed-form path of CE for λ_b = 0 (same b₀, value and λ_min)', () => {
    const p: UfmProblem = { ...base, loss: 'ce', counts: [3, 1, 1, 2], bias: true, lambdaB: 0 };
    const a = originPoint(p, ce);
    const b = originPoint({ ...p, loss: 'ce-copy' }, plug);
    for (let k = 0; k < 4; k++)
      expect(
        Math.abs(((a.b0 as Float64Array)[k] as number) - ((b.b0 as Float64Array)[k] as number)),
      ).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(a.value - b.value)).toBeLessThanOrEqual(16 * EPS);
    expect(Math.abs(a.lambdaMin - b.lambdaMin)).toBeLessThanOrEqual(1e-12);
  });
});
