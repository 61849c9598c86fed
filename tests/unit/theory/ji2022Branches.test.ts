/**
 * The min-norm separation problem of Ji et al. 2022 (THEORY.md §3): what ji2022.test.ts does not pin — hand-computed
 * margins and direction errors at a point that is *not* optimal (so every term of the formulas is non-zero), the
 * scale ρ and the rotation of the constructed optimum, the boundaries of K, n and d, and the fields the errors name.
 * Written to kill the survivors of `npm run mutation` on src/theory/ji2022.ts (issue 9 item 5).
 *
 * Tolerances: every quantity is a handful of floating-point operations on O(1) numbers, judged to 16ε relative.
 */
import { describe, it, expect } from 'vitest';
import { createRng, UsageError } from '../../../src/core/index.ts';
import type { Mat, Rng } from '../../../src/core/index.ts';
import {
  JI2022_CITE,
  ulpmDirectionError,
  ulpmMargin,
  ulpmMaxNormalisedMargin,
  ulpmMinNormPoint,
  ulpmMinNormValue,
  ulpmOriginLambdaMin,
} from '../../../src/theory/ji2022.ts';

const EPS = Number.EPSILON;

function expectRel(actual: number, expected: number, rel = 16 * EPS): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

function fieldOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof UsageError ? e.field : `not a UsageError: ${String(e)}`;
  }
  return undefined;
}

function mat(rows: number, cols: number, values: readonly number[]): Mat {
  return { rows, cols, data: Float64Array.from(values) };
}

// K = 2, d = 1, n = 2: w¹ = 1, w² = −1; class 1 features 0.5, 1; class 2 features −0.25, −1. Not optimal.
const W2 = mat(2, 1, [1, -1]);
const H2 = mat(1, 4, [0.5, 1, -0.25, -1]);

describe('ulpmMargin at a hand-computed point', () => {
  it('should give margin 0.5 (class 2’s first sample), ½‖(W, H)‖² = 2.15625 and their ratio', () => {
    // Margins (w^k − w^j)ᵀh: class 1: 2·0.5 = 1, 2·1 = 2; class 2: −2·(−0.25) = 0.5, −2·(−1) = 2.
    // ½(‖W‖² + ‖H‖²) = ½(2 + 0.25 + 1 + 0.0625 + 1) = 2.15625.
    const m = ulpmMargin(W2, H2, [2, 2]);
    expect(m.margin).toBe(0.5);
    expect(m.halfNormSq).toBe(2.15625);
    expectRel(m.normalised, 0.5 / 2.15625);
  });

  it('should assign samples to classes by the counts, not by equal blocks', () => {
    // counts [3, 1]: the first three samples are class 1; the third, −0.25, then has margin 2·(−0.25) = −0.5.
    expect(ulpmMargin(W2, H2, [3, 1]).margin).toBe(-0.5);
    // counts [1, 3]: the second sample, 1, is class 2 with margin −2·1 = −2.
    expect(ulpmMargin(W2, H2, [1, 3]).margin).toBe(-2);
  });

  it('should refuse mismatched shapes with a message giving them', () => {
    expect(() => ulpmMargin(W2, H2, [2, 1])).toThrow(/^shapes: W 2×1, H 1×4, counts sum 3$/);
    expect(() => ulpmMargin(W2, H2, [2, 1, 1])).toThrow(/^shapes: /);
    expect(() => ulpmMargin(W2, mat(2, 2, [1, 2, 3, 4]), [1, 1])).toThrow(/^shapes: W 2×1, H 2×2/);
  });
});

describe('ulpmDirectionError at a hand-computed point', () => {
  it('should give the Gram, feature and margin gaps of the rescaled point', () => {
    // target (K−1)√n = √2, c² = √2/2.15625, ρ = √2/2. W Wᵀ = [[1, −1], [−1, 1]] = (1/ρ)·ρE₂, so the relative Gram
    // error is |c²/ρ − 1| = |2/2.15625 − 1| = 5/69. Features: ‖cH − c(Wᵀ/√n)⊗1ᵀ‖² / ‖c(Wᵀ/√n)⊗1ᵀ‖² with
    // r = 1/√2: ((0.5 − r)² + (1 − r)² + (r − 0.25)² + (r − 1)²)/(4·½). Margin gap 1 − (0.5/2.15625)·√2.
    const e = ulpmDirectionError(W2, H2, 2);
    const r = Math.SQRT1_2;
    expectRel(e.gram, 5 / 69, 64 * EPS);
    expectRel(e.features, Math.sqrt(((0.5 - r) ** 2 + 2 * (1 - r) ** 2 + (r - 0.25) ** 2) / 2), 64 * EPS);
    expectRel(e.marginGap, 1 - (0.5 / 2.15625) * Math.SQRT2, 64 * EPS);
  });

  it('should refuse H without n·K columns, naming n', () => {
    expect(fieldOf(() => ulpmDirectionError(W2, H2, 3))).toBe('n');
    expect(() => ulpmDirectionError(W2, H2, 3)).toThrow(/^n: H has 4 columns, not n·K = 6$/);
  });
});

describe('ulpmMinNormPoint: scale, rotation and hypotheses', () => {
  it('should have ‖w^k‖² = ρ = (K−1)√n/K and h_{k,i} = w^k/√n, at d = K−1 and rotated', () => {
    for (const [K, d, n, seed] of [
      [4, 3, 4, 0],
      [3, 5, 9, 7],
    ] as const) {
      const pt = ulpmMinNormPoint(K, d, n, seed === 0 ? undefined : createRng(seed));
      expectRel(pt.rho, ((K - 1) * Math.sqrt(n)) / K);
      expectRel(pt.value, (K - 1) * Math.sqrt(n));
      expect(pt.W.rows).toBe(K);
      expect(pt.W.cols).toBe(d);
      expect(pt.H.cols).toBe(K * n);
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let a = 0; a < d; a++) s += (pt.W.data[k * d + a] as number) ** 2;
        expectRel(s, pt.rho, 16 * d * EPS);
        for (let a = 0; a < d; a++)
          for (let i = 0; i < n; i++)
            expectRel(
              pt.H.data[a * K * n + k * n + i] as number,
              (pt.W.data[k * d + a] as number) / Math.sqrt(n),
              4 * EPS,
            );
      }
    }
  });

  it('should rotate by the generator: a seeded point uses every coordinate, the unrotated one only K−1', () => {
    // Unrotated: w^k lives in the first K−1 coordinates (Helmert basis). A random rotation of R^d leaves no
    // coordinate identically zero (probability 1; fixed seed).
    const plain = ulpmMinNormPoint(3, 4, 1);
    const rotated = ulpmMinNormPoint(3, 4, 1, createRng(11));
    for (let k = 0; k < 3; k++) {
      expect(plain.W.data[k * 4 + 2]).toBe(0);
      expect(plain.W.data[k * 4 + 3]).toBe(0);
    }
    let last = 0;
    for (let k = 0; k < 3; k++) last += Math.abs(rotated.W.data[k * 4 + 3] as number);
    expect(last).toBeGreaterThan(1e-3);
  });

  it('should redraw a rank-deficient rotation instead of returning it', () => {
    // A generator whose first draw is all ones (every column of Q parallel: the second one orthogonalises to 0),
    // then honest normals. The point must still be an exact optimum, from the second draw.
    const honest = createRng(3);
    let calls = 0;
    const degenerateFirst: Rng = {
      ...honest,
      fillNormal(out: Float64Array, scale?: number): Float64Array {
        calls++;
        return calls === 1 ? out.fill(1) : honest.fillNormal(out, scale);
      },
    };
    const pt = ulpmMinNormPoint(3, 4, 2, degenerateFirst);
    const e = ulpmDirectionError(pt.W, pt.H, 2);
    expect(calls).toBe(2);
    expect(e.gram).toBeLessThanOrEqual(64 * EPS);
    expect(Math.abs(ulpmMargin(pt.W, pt.H, [2, 2, 2]).margin - 1)).toBeLessThanOrEqual(64 * EPS);
  });

  it('should accept K = 2, n = 1, d = K−1 and name K, n or d when out of range', () => {
    expect(ulpmMinNormPoint(2, 1, 1).value).toBe(1);
    expect(fieldOf(() => ulpmMinNormPoint(1, 1, 1))).toBe('K');
    expect(fieldOf(() => ulpmMinNormPoint(2.5, 2, 1))).toBe('K');
    expect(fieldOf(() => ulpmMinNormPoint(3, 2, 0))).toBe('n');
    expect(fieldOf(() => ulpmMinNormPoint(3, 2, 1.5))).toBe('n');
    expect(fieldOf(() => ulpmMinNormPoint(3, 2.5, 1))).toBe('d');
    expect(() => ulpmMinNormPoint(4, 2, 1)).toThrow(/^d: must be an integer ≥ K−1 = 3; got 2$/);
    expect(() => ulpmMinNormPoint(1, 1, 1)).toThrow(/^K: must be an integer ≥ 2; got 1$/);
    expect(() => ulpmMinNormPoint(3, 2, 0)).toThrow(/^n: must be an integer ≥ 1; got 0$/);
  });
});

describe('ULPM constants', () => {
  it('should give 1/((K−1)√n), −1/(K√n), and validate K and n', () => {
    expectRel(ulpmMaxNormalisedMargin(3, 4), 0.25);
    expect(ulpmOriginLambdaMin(2, 1)).toBe(-0.5);
    expectRel(ulpmOriginLambdaMin(5, 4), -0.1);
    expect(fieldOf(() => ulpmOriginLambdaMin(1, 1))).toBe('K');
    expect(fieldOf(() => ulpmOriginLambdaMin(2, 0))).toBe('n');
    expect(fieldOf(() => ulpmMaxNormalisedMargin(2, 0))).toBe('n');
    expect(ulpmMinNormValue(2, 1)).toBe(1);
    expect(JI2022_CITE).toMatch(/^Ji et al\. 2022 .*THEORY\.md §3/);
  });
});
