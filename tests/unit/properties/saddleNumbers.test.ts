/**
 * The constructed-saddle claims (properties/saddle-*.ts) on fixed instances, pinned to the numbers of THEORY.md §9
 * ("Sample negative eigenvalues seen at constructed saddles") and §6.
 *
 * Tolerances: §9 prints each number to a fixed count of significant digits, so agreement means a distance of at
 * most half a unit in the last printed digit (e.g. −0.12942414387 → 5e-12). The claims' own verdicts carry the
 * derived tolerances (src/certified/saddle/saddle.ts); here we only assert that they pass and that the measured λ_min
 * rounds to the printed value.
 */
import { describe, expect, it } from 'vitest';
import { saddleClassMerging, saddleClassMergingGlobal } from '../../../properties/saddle-class-merging.ts';
import { saddleEmbedded, saddleEmbeddedLocalMin } from '../../../properties/saddle-embedded.ts';
import {
  saddleMseFrameRankKMinus1LocalMin,
  saddleMsePartialFrame,
} from '../../../properties/saddle-mse-partial-frame.ts';
import { saddleOriginCurvature, saddleOriginLocalMin } from '../../../properties/saddle-origin.ts';
import {
  saddleGlobalMinLocalMin,
  saddleGlobalMinPositiveDefinite,
} from '../../../properties/saddle-global-min-second-order.ts';
import type { Verdict } from '../../../src/claim/index.ts';

/** Half a unit in the last of `digits` significant digits of x. */
function halfUlpPrinted(x: number, digits: number): number {
  return 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(x))) - digits + 1);
}

function detail(v: Verdict, key: string): number {
  const x = (v.details ?? {})[key];
  if (typeof x !== 'number') throw new Error(`verdict has no numeric details.${key}: ${v.why}`);
  return x;
}

function problem(
  loss: string,
  K: number,
  d: number,
  n: number,
  lambdaW: number,
  lambdaH: number,
  bias: boolean,
  lambdaB = 0,
) {
  return { loss, K, d, n, lambdaW, lambdaH, lambdaB, bias };
}

describe('saddle.origin.curvature at the THEORY.md §9 instances', () => {
  const cases = [
    {
      name: 'CE (4,5,3,1e-2,2e-2)',
      loss: 'ce',
      K: 4,
      d: 5,
      n: 3,
      lw: 1e-2,
      lh: 2e-2,
      printed: -0.12942414387,
      digits: 11,
    },
    {
      name: 'CE (3,3,2,1e-3,1e-3)',
      loss: 'ce',
      K: 3,
      d: 3,
      n: 2,
      lw: 1e-3,
      lh: 1e-3,
      printed: -0.2347022604,
      digits: 10,
    },
    {
      name: 'MSE (4,5,2,5e-3,1e-2)',
      loss: 'mse',
      K: 4,
      d: 5,
      n: 2,
      lw: 5e-3,
      lh: 1e-2,
      printed: -0.16929437208,
      digits: 11,
    },
    {
      name: 'MSE above the threshold (3,3,2,0.3,0.3)',
      loss: 'mse',
      K: 3,
      d: 3,
      n: 2,
      lw: 0.3,
      lh: 0.3,
      printed: 0.0642977,
      digits: 6,
    },
  ] as const;
  for (const c of cases) {
    for (const [bias, lambdaB] of [
      [false, 0],
      [true, 0],
      [true, 0.01],
    ] as const) {
      it(`should give λ_min = ${c.printed} at the origin for ${c.name}, bias ${bias ? `λ_b = ${lambdaB}` : 'none'}`, () => {
        // Arrange: below the threshold §6.1's λ_min is the (W, H)-block value for every bias mode (the bias block's
        // λ_b or 1 + λ_b is larger). Above it (MSE, κ = 3√2·0.3 > 1) the b block of MSE is 1 + λ_b > q as well.
        const inst = { problem: problem(c.loss, c.K, c.d, c.n, c.lw, c.lh, bias, lambdaB), seed: 7 };
        // Act
        const v = saddleOriginCurvature.check(inst);
        // Assert
        expect(v.status, v.why).toBe('pass');
        expect(Math.abs(detail(v, 'lambdaMin') - c.printed)).toBeLessThanOrEqual(halfUlpPrinted(c.printed, c.digits));
      });
    }
  }

  it('should give λ_min = 0 above the threshold for CE with a free bias (the span(1) zero mode), and still pass', () => {
    // Arrange: CE, K = 3, n = 2, λ = 0.3: κ = 3·√2·0.3 ≈ 1.27 ≥ 1, λ_b = 0 — originLambdaMin = min(q, λ_b) = 0.
    const inst = { problem: problem('ce', 3, 3, 2, 0.3, 0.3, true, 0), seed: 3 };
    // Act
    const v = saddleOriginCurvature.check(inst);
    // Assert: the Lanczos value is a rounding-level zero (|λ̂| ≤ 1e-8·max(λ_W, λ_H), the claim's target scale).
    expect(v.status, v.why).toBe('pass');
    expect(Math.abs(detail(v, 'lambdaMin'))).toBeLessThanOrEqual(1e-8 * 0.3);
  });

  it('should refute "the origin is a local minimum" at CE (4,5,3,1e-2,2e-2)', () => {
    // Arrange
    const inst = { problem: problem('ce', 4, 5, 3, 1e-2, 2e-2, true, 0), seed: 7 };
    // Act
    const v = saddleOriginLocalMin.check(inst);
    // Assert
    expect(v.status).toBe('fail');
    expect(v.measured).toBeLessThan(-0.12);
  });
});

describe('saddle.mse-partial-frame.strict-saddle at K = 4, n = 2, λ = (5e-3, 1e-2) (THEORY.md §9)', () => {
  const printed = -0.1692944;
  const tol = halfUlpPrinted(printed, 7);
  for (const [bias, rmax] of [
    [false, 3],
    [true, 2],
  ] as const) {
    for (let r = 0; r <= rmax; r++) {
      it(`should give λ_min = ${printed} at the ${bias ? 'free-bias' : 'bias-free'} rank-${r} frame`, () => {
        // Arrange: d = 5 > r (a common null vector exists), random frames from the seed.
        const inst = { problem: problem('mse', 4, 5, 2, 5e-3, 1e-2, bias), seed: 11 + r, r };
        // Act
        const v = saddleMsePartialFrame.check(inst);
        // Assert
        expect(v.status, v.why).toBe('pass');
        expect(Math.abs(detail(v, 'lambdaMin') - printed)).toBeLessThanOrEqual(tol);
      });
    }
  }

  it('should refute "the rank-(K−1) frame is a local minimum" (bias-free, K = 4, r = 3, d = 5)', () => {
    // Arrange
    const inst = { problem: problem('mse', 4, 5, 2, 5e-3, 1e-2, false), seed: 1, r: 3 };
    // Act
    const v = saddleMseFrameRankKMinus1LocalMin.check(inst);
    // Assert: λ̂ is the §6.2 value, far below −tol.
    expect(v.status).toBe('fail');
    expect(Math.abs(v.measured - printed)).toBeLessThanOrEqual(tol);
  });

  it('should NOT refute it when d = r = K−1 (no common null vector: the frame is then a local minimum)', () => {
    // Arrange: a finding — THEORY.md §6.2's "λ_min equals the §6.1 value for r < K" needs d > r; at d = r the
    // rank-d frame is the best rank-d point and λ_min = 0 (rotation zero modes), which the control's instances
    // (d ≥ K) exclude.
    const inst = { problem: problem('mse', 4, 3, 2, 5e-3, 1e-2, false), seed: 1, r: 3 };
    // Act
    const v = saddleMseFrameRankKMinus1LocalMin.check(inst);
    // Assert
    expect(v.status, v.why).toBe('pass');
  });
});

describe('saddle.embedded.strict-saddle at CE K = 4, d′ = 1, d = 5 (THEORY.md §9)', () => {
  // §9 gives K, d′, d, f = 0.44035, λ_min = −6.040219e-2 and f* = 0.16770, not n or the λ's. f* = 0.16770 is the
  // §1.1 value at n = 2, λ = (5e-3, 1e-2) (γ = 0.01); among the bias modes only λ_b = 1e-2 reproduces f = 0.44035
  // (bias-free gives 0.72921, free bias 0.36354) — the instance below is that inference.
  const inst = { problem: problem('ce', 4, 5, 2, 5e-3, 1e-2, true, 1e-2), seed: 0, dLow: 1 };

  it('should give f = 0.44035 and λ_min = −6.040219e-2, with λ_min = q(‖G‖₂) (observed [E])', () => {
    // Act
    const v = saddleEmbedded.check(inst);
    // Assert
    expect(v.status, v.why).toBe('pass');
    expect(Math.abs(detail(v, 'value') - 0.44035)).toBeLessThanOrEqual(halfUlpPrinted(0.44035, 5));
    expect(Math.abs(detail(v, 'lambdaMin') - -6.040219e-2)).toBeLessThanOrEqual(halfUlpPrinted(-6.040219e-2, 7));
    // [E] equality λ_min = q(σ): the tight Lanczos value is within its own residual bound of q.
    expect(Math.abs(detail(v, 'lambdaMinusQ'))).toBeLessThanOrEqual(1e-12);
  });

  it('should refute "the embedded point is a local minimum"', () => {
    // Act
    const v = saddleEmbeddedLocalMin.check(inst);
    // Assert
    expect(v.status).toBe('fail');
  });
});

describe('saddle.class-merging and saddle.global-min on fixed instances', () => {
  const merged = { problem: problem('ce', 4, 4, 3, 1e-2, 2e-2, true, 0), seed: 3, groups: [[0, 1], [2], [3]] };

  it('should certify a strict saddle at the CE merge {0,1},{2},{3} (K = 4, n = 3, λ = (1e-2, 2e-2))', () => {
    // Act
    const v = saddleClassMerging.check(merged);
    // Assert: f > f* and λ_min ≤ q(‖G‖₂) < 0; here ‖G‖₂ = σ_lb = 1/(K√n), so λ_min is the origin's −0.12942414387.
    expect(v.status, v.why).toBe('pass');
    expect(detail(v, 'value')).toBeGreaterThan(detail(v, 'fStar'));
    expect(Math.abs(detail(v, 'lambdaMin') - -0.12942414387)).toBeLessThanOrEqual(halfUlpPrinted(-0.12942414387, 11));
  });

  it('should refute "a merged critical point is a global minimizer"', () => {
    // Act
    const v = saddleClassMergingGlobal.check(merged);
    // Assert
    expect(v.status).toBe('fail');
  });

  it('should give a local-min certificate at the CE global minimizer and refute positive definiteness there', () => {
    // Arrange: CE, K = 4, d = 5, n = 3, λ = (1e-2, 2e-2), free bias: the ETF solution has rotation zero modes.
    const inst = { problem: problem('ce', 4, 5, 3, 1e-2, 2e-2, true, 0), seed: 5 };
    // Act
    const claim = saddleGlobalMinLocalMin.check(inst);
    const control = saddleGlobalMinPositiveDefinite.check(inst);
    // Assert
    expect(claim.status, claim.why).toBe('pass');
    expect(control.status).toBe('fail');
  });
});
