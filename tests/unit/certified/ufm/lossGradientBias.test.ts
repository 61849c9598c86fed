/**
 * The loss gradient G = ∇_Z L(WH + b1ᵀ) behind the KKT test and the rounding bound (certified.ts `lossGradSpectral`,
 * `pointNorms`; THEORY.md §0.2, §1.2 item 1) must see the bias: at W = 0, H = 0 the logits are b1ᵀ alone.
 * Hand computation, CE, K = 2, one sample per class (N = 2), b = (1, −1): every column has p = (σ, 1 − σ),
 * σ = 1/(1 + e⁻²), so G = (1/N)[[σ − 1, σ], [1 − σ, −σ]] = ½ (−1, 1)ᵀ (1 − σ, −σ), rank one, with
 * ‖G‖₂ = ‖G‖_F = ½·√2·√((1 − σ)² + σ²) ≈ 0.6182; without the bias (Z = 0) it would be ½.
 */
import { describe, expect, it } from 'vitest';
import { lossGradSpectral, pointNorms } from '../../../../src/certified/ufm/certified.ts';
import { ce } from '../../../../src/losses/index.ts';
import { parseUfmProblem } from '../../../../src/models/index.ts';

const p = parseUfmProblem({ loss: 'ce', K: 2, d: 1, n: 1, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias: true });
// θ = [W (2×1) | H (1×2) | b (2)]
const theta = Float64Array.from([0, 0, 0, 0, 1, -1]);
const sigma = 1 / (1 + Math.exp(-2));
const expected = 0.5 * Math.SQRT2 * Math.hypot(1 - sigma, sigma);
// A 2×2 spectral norm and a 4-term Frobenius norm: a few ulps of a value ≈ 0.6.
const TOL = 16 * Number.EPSILON;

describe('the loss gradient of the KKT test with a bias', () => {
  it('should compute ‖G‖₂ from the logits WH + b1ᵀ, bias included', () => {
    // Act
    const g = lossGradSpectral(p, ce, undefined, theta);
    // Assert
    expect(Math.abs(g - expected)).toBeLessThanOrEqual(TOL);
  });

  it("should give the rounding bound the ‖G‖_F of the same logits (pointNorms' normG) and ‖b‖", () => {
    // Act
    const norms = pointNorms(p, ce, theta);
    // Assert
    expect(Math.abs(norms.normG - expected)).toBeLessThanOrEqual(TOL);
    expect(norms.normB).toBe(Math.SQRT2);
    expect(norms.normW).toBe(0);
    expect(norms.normH).toBe(0);
  });
});

describe('pointNorms', () => {
  // K = 2, d = 2, N = 2: W = [[1, 2], [3, 4]], H = [[3, 0], [−4, 1]] (columns h₁ = (3, −4), h₂ = (0, 1)), b = 0.
  const q = parseUfmProblem({ loss: 'ce', K: 2, d: 2, n: 1, lambdaW: 0.01, lambdaH: 0.02, lambdaB: 0, bias: false });
  const th = Float64Array.from([1, 2, 3, 4, 3, 0, -4, 1]);

  it('should give the Frobenius norms, the largest feature column ‖h_j‖ and no spectral bounds unless asked', () => {
    // Act
    const n = pointNorms(q, ce, th);
    // Assert: ‖W‖_F = √30, ‖H‖_F = √26, max_j ‖h_j‖ = ‖(3, −4)‖ = 5 (the Hessian-Lipschitz bound takes it)
    expect(n.normW).toBeCloseTo(Math.sqrt(30), 14);
    expect(n.normH).toBeCloseTo(Math.sqrt(26), 14);
    expect(n.maxColH).toBe(5);
    expect(n.normB).toBe(0);
    expect(n.lambdaH).toBe(0.02);
    expect(n.specW).toBeUndefined();
    expect(n.specH).toBeUndefined();
  });

  it('should add rigorous spectral bounds between ‖·‖₂ and ‖·‖_F when asked', () => {
    // Arrange: ‖W‖₂ of [[1, 2], [3, 4]] is √(15 + √221); ‖H‖₂ of [[3, 0], [−4, 1]] is √(13 + √160)
    const w2 = Math.sqrt(15 + Math.sqrt(221)),
      h2 = Math.sqrt(13 + Math.sqrt(160));
    // Act
    const n = pointNorms(q, ce, th, true);
    // Assert
    expect(n.specW).toBeGreaterThanOrEqual(w2 * (1 - 1e-15));
    expect(n.specW).toBeLessThanOrEqual(Math.sqrt(30) * (1 + 1e-15));
    expect(n.specH).toBeGreaterThanOrEqual(h2 * (1 - 1e-15));
    expect(n.specH).toBeLessThanOrEqual(Math.sqrt(26) * (1 + 1e-15));
  });

  it('should take each norm from its own block of θ = [W | H | b] when the blocks differ in size', () => {
    // Arrange: K = 2, d = 1, N = 2 with a bias: W = (1, 2)ᵀ, H = (3, 4), b = (5, 6); dim = 6, the W block is 2 long
    const r = parseUfmProblem({ loss: 'ce', K: 2, d: 1, n: 1, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias: true });
    // Act
    const n = pointNorms(r, ce, Float64Array.from([1, 2, 3, 4, 5, 6]));
    // Assert: ‖W‖ = √5, ‖H‖ = 5, max_j |h_j| = 4, ‖b‖ = √61 (one rounding each)
    expect(n.normW).toBeCloseTo(Math.sqrt(5), 15);
    expect(n.normH).toBeCloseTo(5, 15);
    expect(n.maxColH).toBe(4);
    expect(n.normB).toBeCloseTo(Math.sqrt(61), 14);
  });
});
