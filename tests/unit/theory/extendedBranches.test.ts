/**
 * Tirer & Bruna 2022 Thm 4.1 (THEORY.md §2.4): what extended.test.ts does not pin — the stationary root exactly where
 * it is representable, its ends ν = 0 and ν = (3/4)4^{−1/3} (the fold), ν with every λ and n different from 1, the
 * rank range and the origin above the last root, and the message of every refusal. Written to kill the survivors of
 * `npm run mutation` on src/theory/tirerBrunaExtended.ts (issue 9 item 5).
 */
import { describe, it, expect } from 'vitest';
import { createRng, UsageError } from '../../../src/core/index.ts';
import type { Mat, Rng } from '../../../src/core/index.ts';
import type { ExtendedProblem } from '../../../src/models/extended.ts';
import {
  EXTENDED_CITE,
  EXTENDED_NU_MAX_ROOT,
  extendedFramePoint,
  extendedNu,
  extendedRankRValue,
  extendedStationaryRoot,
  predictExtended,
  reluNuclearNormCondition,
} from '../../../src/theory/tirerBrunaExtended.ts';

const EPS = Number.EPSILON;

/** ν = 0.39 at K = 3, n = 1 (as in extended.test.ts): λ_{W2} = λ_{W1} = 0.13^{3/2}, λ_{H1} = 1. */
const P039: ExtendedProblem = {
  K: 3,
  d: 3,
  counts: [1, 1, 1],
  lambdaW2: Math.pow(0.13, 1.5),
  lambdaW1: Math.pow(0.13, 1.5),
  lambdaH1: 1,
};

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof UsageError ? `${e.field} | ${e.message}` : `not a UsageError: ${String(e)}`;
  }
  return 'no error';
}

describe('extendedStationaryRoot (THEORY.md §2.4)', () => {
  it('should return the root exactly where it is representable: t dyadic, ν = t − t⁴ exact, σ = t³', () => {
    // For these t, t⁴ and t − t⁴ are exact in binary64, so h(t) = t − t⁴ − ν evaluates to exactly 0 at the root and
    // Newton's iteration, once within an ulp, lands on it. (Near the fold t₀ = 4^{−1/3} ≈ 0.63 Newton degrades, so
    // t starts at 0.6875.)
    for (const t of [0.6875, 0.75, 0.8125, 0.875, 0.9375, 0.96875, 0.998046875]) {
      const nu = t - t * t * t * t;
      expect(t - t * t * t * t - nu).toBe(0);
      expect(extendedStationaryRoot(nu)).toBe(t * t * t);
    }
  });

  it('should give σ = 1 at ν = 0 and the fold σ = 1/4 at ν = (3/4)4^{−1/3}, NaN beyond', () => {
    expect(extendedStationaryRoot(0)).toBe(1);
    // At the fold the root is double (h′(t₀) = 0, h″(t₀) = −12t₀²), so an error δ ≈ 4ε in evaluating h moves t by up to
    // √(2δ/|h″|) ≈ 1.9e-8 and σ = t³ by 3t₀² times that ≈ 2.3e-8.
    const t0 = Math.pow(4, -1 / 3);
    const tol = 3 * t0 * t0 * Math.sqrt((2 * 4 * EPS) / (12 * t0 * t0));
    expect(Math.abs(extendedStationaryRoot(EXTENDED_NU_MAX_ROOT) - 0.25)).toBeLessThanOrEqual(tol);
    expect(extendedStationaryRoot(EXTENDED_NU_MAX_ROOT + 1e-12)).toBeNaN();
    expect(extendedStationaryRoot(Number.NaN)).toBeNaN();
  });
});

describe('ν and the prediction with every factor different from 1', () => {
  it('should give ν = K(nλ_{W2}λ_{W1}λ_{H1})^{1/3}', () => {
    // n = 2, λ = (0.5, 0.25, 0.5): n·λ_{W2}λ_{W1}λ_{H1} = 1/8, μ = 1/2, ν = K/2 = 1 (K = 2, zero regime).
    const p: ExtendedProblem = { K: 2, d: 2, counts: [2, 2], lambdaW2: 0.5, lambdaW1: 0.25, lambdaH1: 0.5 };
    expect(Math.abs(extendedNu(p) - 1)).toBeLessThanOrEqual(4 * EPS);
    const pred = predictExtended(p);
    expect(Math.abs(pred.mu - 0.5)).toBeLessThanOrEqual(4 * EPS);
    expect(pred.n).toBe(2);
    expect(pred.regime).toBe('zero');
    expect(pred.fStar).toBe(0.5);
    expect(pred.cite).toBe(EXTENDED_CITE);
    expect(EXTENDED_CITE).toMatch(/^Tirer & Bruna 2022, Thm 4\.1; THEORY\.md §2\.4$/);
  });
});

describe('rank-r values and refusals', () => {
  it('should give the origin value 1/2 at r = 0 even where no rank-r root exists', () => {
    // ν = 0.6 > (3/4)4^{−1/3}: no stationary root, but the origin is always critical.
    const p: ExtendedProblem = { ...P039, lambdaW2: Math.pow(0.2, 1.5), lambdaW1: Math.pow(0.2, 1.5) };
    expect(extendedRankRValue(p, 0)).toBe(0.5);
    expect(extendedRankRValue(p, 1)).toBeNaN();
    expect(extendedFramePoint(p, 0).value).toBe(0.5);
  });

  it('should refuse r outside the integers of [0, K], naming r', () => {
    for (const r of [-1, 1.5, 4])
      expect(messageOf(() => extendedRankRValue(P039, r))).toBe(`r | r: must be an integer in [0, K = 3]; got ${r}`);
    for (const r of [-1, 1.5, 4])
      expect(messageOf(() => extendedFramePoint(P039, r))).toBe(`r | r: must be an integer in [0, K = 3]; got ${r}`);
  });

  it('should name the hypothesis each refusal of predictExtended violates', () => {
    expect(messageOf(() => predictExtended({ ...P039, counts: [1, 2, 1] }))).toBe(
      'counts | counts: Thm 4.1 needs balanced classes (all counts equal)',
    );
    expect(messageOf(() => predictExtended({ ...P039, lambdaW2: 0 }))).toBe(
      'lambdaW2 | lambdaW2: must be > 0 for Thm 4.1; got 0',
    );
    expect(messageOf(() => predictExtended({ ...P039, lambdaW1: -1 }))).toBe(
      'lambdaW1 | lambdaW1: must be > 0 for Thm 4.1; got -1',
    );
    expect(messageOf(() => predictExtended({ ...P039, lambdaH1: Number.NaN }))).toBe(
      'lambdaH1 | lambdaH1: must be > 0 for Thm 4.1; got NaN',
    );
    expect(messageOf(() => predictExtended({ ...P039, d: 2 }))).toBe('d | d: Thm 4.1 needs d ≥ K = 3; got 2');
    expect(messageOf(() => extendedNu({ ...P039, counts: [] }))).toMatch(/^counts \| /);
  });
});

describe('extendedFramePoint: construction', () => {
  it('should put an axis-aligned rank-r frame in the leading r coordinates only (d ≥ r + 2)', () => {
    // r = 1, K = 3, d = 5: U = e₁ (K×1), R = e₁ (d×1), so W₂ = a e₁e₁ᵀ, W₁ = b e₁e₁ᵀ, H̄₁ = c e₁e₁ᵀ.
    const fp = extendedFramePoint({ ...P039, d: 5 }, 1);
    const onlyFirst = (M: Mat): boolean => M.data.every((v, i) => (i === 0 ? v > 0 : v === 0));
    expect(onlyFirst(fp.W2)).toBe(true);
    expect(onlyFirst(fp.W1)).toBe(true);
    expect(onlyFirst(fp.H1bar)).toBe(true);
  });

  it('should redraw a rank-deficient random frame instead of returning it', () => {
    // First draw all ones (the second column orthogonalises to ~0), then honest normals: the frame must still give
    // W₂W₁H̄₁ = σ U Uᵀ with U orthonormal, i.e. the value the theory assigns, from the second draw.
    const honest = createRng(5);
    let calls = 0;
    const degenerateFirst: Rng = {
      ...honest,
      fillNormal(out: Float64Array, scale?: number): Float64Array {
        calls++;
        return calls === 1 ? out.fill(1) : honest.fillNormal(out, scale);
      },
    };
    const fp = extendedFramePoint(P039, 2, { rng: degenerateFirst });
    expect(calls).toBeGreaterThanOrEqual(3); // U redrawn once, then R drawn
    // W₂W₁H̄₁ = abc·U Uᵀ has trace abc·r = 2σ when U has orthonormal columns.
    let tr = 0;
    for (let k = 0; k < 3; k++)
      for (let i = 0; i < 3; i++) {
        let w1h = 0;
        for (let j = 0; j < 3; j++) w1h += (fp.W1.data[i * 3 + j] as number) * (fp.H1bar.data[j * 3 + k] as number);
        tr += (fp.W2.data[k * 3 + i] as number) * w1h;
      }
    expect(Number.isFinite(tr)).toBe(true);
    expect(Math.abs(tr - 2 * fp.sigma)).toBeLessThanOrEqual(64 * EPS);
  });

  it('should refuse a rank-r frame above the last root, naming nu and the rank', () => {
    const p: ExtendedProblem = { ...P039, lambdaW2: Math.pow(0.2, 1.5), lambdaW1: Math.pow(0.2, 1.5) };
    expect(messageOf(() => extendedFramePoint(p, 2))).toMatch(
      /^nu \| nu: ν = 0\.6\d* > \(3\/4\)4\^\{-1\/3\}: no rank-2 frame critical point exists$/,
    );
  });
});

describe('reluNuclearNormCondition: shapes', () => {
  it('should refuse a non-square W1 and an H1 of the wrong height, giving both shapes', () => {
    const m = (rows: number, cols: number): Mat => ({ rows, cols, data: new Float64Array(rows * cols) });
    expect(() => reluNuclearNormCondition(m(2, 3), m(2, 4))).toThrow(
      /^shapes: W1 must be d×d and H1 d×N; got 2×3, 2×4$/,
    );
    expect(() => reluNuclearNormCondition(m(2, 2), m(3, 4))).toThrow(/^shapes: .*got 2×2, 3×4$/);
    expect(reluNuclearNormCondition(m(2, 2), m(2, 4)).negatives).toBe(0);
  });

  it('should report the relative gap (‖σ(W₁H₁)‖_* − ‖W₁H₁‖_*)/‖W₁H₁‖_* of a product with a negative entry', () => {
    // W₁ = I, H₁ = [[1, −1], [1, 1]] = √2·rotation: ‖·‖_* = 2√2. ReLU: [[1, 0], [1, 1]], ‖·‖_F² = 3, det = 1, so
    // (σ₁ + σ₂)² = 3 + 2 = 5 and ‖·‖_* = √5. The SVDs are backward stable: 16ε relative.
    const I2: Mat = { rows: 2, cols: 2, data: Float64Array.from([1, 0, 0, 1]) };
    const H: Mat = { rows: 2, cols: 2, data: Float64Array.from([1, -1, 1, 1]) };
    const c = reluNuclearNormCondition(I2, H);
    expect(c.negatives).toBe(1);
    const expected = (Math.sqrt(5) - 2 * Math.SQRT2) / (2 * Math.SQRT2);
    expect(Math.abs(c.relGap - expected)).toBeLessThanOrEqual(16 * EPS);
  });
});
