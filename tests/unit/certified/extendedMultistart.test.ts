import { describe, expect, it } from 'vitest';
import { bestRun, collapsedExtended, extendedMultistart } from '../../../src/certified/index.ts';
import { extendedObjective } from '../../../src/models/index.ts';
import type { ExtendedProblem } from '../../../src/models/index.ts';
import { predictExtended } from '../../../src/theory/index.ts';

// The seeded multistart of the linear extended UFM (src/certified/extended/solve.ts module doc, "Multistart";
// THEORY.md §2.4: "a GD/L-BFGS test on the extended model must use multistart and compare the best value to f*").

function norm(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s);
}

// K = 2, d = 2, n = 1, ν ≈ 0.20: below the threshold 2^{−4/3}, the frame branch is the global one
const SMALL: ExtendedProblem = { K: 2, d: 2, counts: [1, 1], lambdaW2: 0.1, lambdaW1: 0.11, lambdaH1: 0.09 };

describe('extendedMultistart', () => {
  it('should run `starts` runs in start order, start 0 near the origin and the rest by continuation, reproducibly', () => {
    // Act
    const a = extendedMultistart(SMALL, { starts: 3, seed: 7 });
    const b = extendedMultistart(SMALL, { starts: 3, seed: 7 });
    // Assert
    expect(a.map((r) => [r.start, r.kind])).toEqual([
      [0, 'near-origin'],
      [1, 'continuation'],
      [2, 'continuation'],
    ]);
    expect(b).toEqual(a);
    expect(extendedMultistart(SMALL, { starts: 0, seed: 7 })).toEqual([]);
  });

  it('should report each run on the full objective at the expanded point, converged iff ‖∇f‖ ≤ tol (default 1e-11)', () => {
    // Arrange
    const red = collapsedExtended(SMALL);
    const full = extendedObjective(SMALL);
    const g = new Float64Array(full.dim);
    // Act
    const runs = extendedMultistart(SMALL, { starts: 3, seed: 7 });
    // Assert
    for (const r of runs) {
      expect(r.theta).toEqual(red.toFull(r.u));
      expect(r.value).toBe(full.valueAndGrad(r.theta, g));
      // the same 2-norm up to the summation order (a few ulps)
      expect(Math.abs(r.gradNorm - norm(g))).toBeLessThanOrEqual(1e-14 * r.gradNorm);
      expect(r.status).toBe('converged');
      expect(r.gradNorm).toBeLessThanOrEqual(1e-11);
      expect(r.iterations).toBeGreaterThan(0);
    }
  });

  it('should stop at the tolerance asked for, with fewer iterations than at the default', () => {
    // Act
    const loose = extendedMultistart(SMALL, { starts: 2, seed: 7, tol: 1e-4 });
    const tight = extendedMultistart(SMALL, { starts: 2, seed: 7 });
    // Assert
    for (const [i, r] of loose.entries()) {
      expect(r.status).toBe('converged');
      expect(r.gradNorm).toBeLessThanOrEqual(1e-4);
      expect(r.iterations).toBeLessThan((tight[i] as (typeof tight)[number]).iterations);
    }
  });

  it('should end the near-origin start at the origin, the strict local minimum of value 1/2', () => {
    // Act
    const [r0] = extendedMultistart(SMALL, { starts: 1, seed: 3 });
    // Assert: near 0 the Hessian is diag(λ) (the loss term is cubic), so ‖θ‖ ≤ ‖∇f‖/min λ to first order (factor 2
    // of slack for the cubic term); f(0) = (1/2N)‖Y‖² = 1/2 and f − 1/2 = O(‖θ‖³)
    expect(r0?.kind).toBe('near-origin');
    expect(r0?.status).toBe('converged');
    expect(norm(r0?.theta ?? new Float64Array(1).fill(1))).toBeLessThanOrEqual((2 * (r0?.gradNorm ?? 0)) / 0.09);
    expect(Math.abs((r0?.value ?? 0) - 0.5)).toBeLessThanOrEqual(1e-15);
  });

  it('should end the near-origin start at the origin even when the λ differ by 10⁴ (start scale 0.1·min λ)', () => {
    // Arrange: K = d = 3, ν = 0.3 (frame regime), λ_W2 = 10⁴·λ_W1 = 10⁴·λ_H1; a start scaled by the largest λ
    // leaves the origin's basin here (measured: it ends on the rank-1 frame, f ≈ 0.399)
    const x = 0.1 / Math.cbrt(1e4);
    const p: ExtendedProblem = { K: 3, d: 3, counts: [1, 1, 1], lambdaW2: 1e4 * x, lambdaW1: x, lambdaH1: x };
    for (const seed of [1, 2]) {
      // Act
      const [r0] = extendedMultistart(p, { starts: 1, seed });
      // Assert
      expect(r0?.status).toBe('converged');
      expect(Math.abs((r0?.value ?? 0) - 0.5)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('should not call a run converged when ‖∇f‖ stays above tol (tol = 1e-30, below the rounding floor of a frame)', () => {
    // Act: at the frame ‖∇f‖ cannot go below its rounding (≈ 1e-17), so the continuation start runs out of iterations
    const runs = extendedMultistart(SMALL, { starts: 2, seed: 7, tol: 1e-30 });
    // Assert
    for (const r of runs) expect(r.status === 'converged').toBe(r.gradNorm <= 1e-30);
    expect(runs[1]?.gradNorm).toBeGreaterThan(1e-30);
    expect(runs[1]?.status).toBe('max-iter');
  });

  it('should track every continuation start onto the global branch just below the threshold (ν = 0.37, λ-ratios 10:1)', () => {
    // Arrange: K = d = 4; the module doc's instance, where plain random starts mostly end on rank-deficient frames
    // (their values exceed f* by ≈ 6.5e-3 here)
    const x = 0.0925 / Math.cbrt(10);
    const p: ExtendedProblem = { K: 4, d: 4, counts: [1, 1, 1, 1], lambdaW2: 10 * x, lambdaW1: x, lambdaH1: x };
    const pred = predictExtended(p);
    expect(pred.regime).toBe('frame');
    // Act
    const runs = extendedMultistart(p, { starts: 7, seed: 3 });
    // Assert: f* to 1e-10 relative (the issue-5 target) at every continuation start; the origin is above f*
    for (const r of runs.slice(1)) {
      expect(r.status).toBe('converged');
      expect(Math.abs(r.value - pred.fStar)).toBeLessThanOrEqual(1e-10 * pred.fStar);
    }
    expect(runs[0]?.value).toBeGreaterThan(pred.fStar + 1e-3);
    expect(bestRun(runs)?.kind).toBe('continuation');
  });

  it('should end every start at the origin above the threshold (ν ≈ 1.13, f* = 1/2)', () => {
    // Arrange
    const p: ExtendedProblem = { K: 3, d: 4, counts: [2, 2, 2], lambdaW2: 0.3, lambdaW1: 0.33, lambdaH1: 0.27 };
    expect(predictExtended(p).regime).toBe('zero');
    // Act
    const runs = extendedMultistart(p, { starts: 3, seed: 7 });
    // Assert
    for (const r of runs) {
      expect(r.status).toBe('converged');
      expect(Math.abs(r.value - 0.5)).toBeLessThanOrEqual(1e-12);
    }
  });
});
