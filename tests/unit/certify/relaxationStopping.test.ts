/**
 * What solveCollapsedRelaxation (src/certify/_global/relaxation.ts) promises about its result, independently of
 * how it iterates (relaxationTrajectory.test.ts checks the iterates):
 * - it stops as soon as an evaluated iterate's self-gap P(x) − D(Γ(x)) is ≤ tol — at the start (x = 0) included,
 *   with ≤ (a self-gap exactly equal to tol stops);
 * - X, b, s, primal and dual describe one and the same iterate: primal = F(X, b) + μ‖X‖_*, s = σ(X), dual = the
 *   bound built from that iterate's own gradient; bestDual is at least as high (module comment, RelaxationOutput);
 * - λ_b enters only in the 'decay' mode (THEORY.md §0.3: the bias term is (λ_b/2)‖b‖² for a regularised bias, b is
 *   unpenalised when free and absent otherwise);
 * - at d ≥ K−1 the relaxation is tight: its value is Zhu et al.'s f* (Thm 3.1), bracketed by the certified bound.
 */
import { describe, expect, it } from 'vitest';
import { solveConvexRelaxation } from '../../../src/certify/index.ts';
import type { ConjugateKind } from '../../../src/certify/_global/dualBound.ts';
import { dualBoundFromGradient } from '../../../src/certify/_global/dualBound.ts';
import type { RelaxationOutput, RelaxationSetup } from '../../../src/certify/_global/relaxation.ts';
import { solveCollapsedRelaxation } from '../../../src/certify/_global/relaxation.ts';
import { matOf } from '../../../src/core/index.ts';
import { svd } from '../../../src/linalg/index.ts';
import { ce, columnKernelsOf, mse } from '../../../src/losses/index.ts';
import type { BiasMode, UfmProblem } from '../../../src/models/index.ts';
import { predictCeGlobalMin } from '../../../src/theory/index.ts';

const EPS = Number.EPSILON;

function setup(
  kind: ConjugateKind,
  counts: readonly number[],
  mu: number,
  bias: BiasMode,
  lambdaB: number,
  tol: number,
  maxIter: number,
): RelaxationSetup {
  const kernels = columnKernelsOf(kind === 'ce' ? ce : mse);
  if (kernels === undefined) throw new Error('no kernels');
  return { kind, kernels, K: counts.length, counts, mu, bias, lambdaB, tol, maxIter };
}

const ceProblem = (K: number, n: number): UfmProblem => ({
  loss: 'ce',
  K,
  d: K,
  counts: new Array<number>(K).fill(n),
  lambdaW: 1e-2,
  lambdaH: 2e-2,
  lambdaB: 0,
  bias: false,
});

describe('solveConvexRelaxation stopping rule', () => {
  it('should stop at x = 0 without iterating when tol equals the self-gap there exactly', () => {
    // Arrange: the self-gap at 0, as reported by a run that may not iterate.
    const p = ceProblem(3, 2);
    const at0 = solveConvexRelaxation(p, ce, { maxIter: 0 });
    expect(at0.status).toBe('max-iter');
    expect(at0.selfGap).toBeGreaterThan(0);
    // Act
    const r = solveConvexRelaxation(p, ce, { tol: at0.selfGap });
    // Assert
    expect(r.status).toBe('converged');
    expect(r.iterations).toBe(0);
    expect(r.selfGap).toBe(at0.selfGap);
    // Just below it, the solver has to iterate.
    const below = solveConvexRelaxation(p, ce, { tol: at0.selfGap * (1 - 1e-12) });
    expect(below.iterations).toBeGreaterThan(0);
    expect(below.selfGap).toBeLessThan(at0.selfGap);
  });

  it('should stop at iteration 1 when tol equals the self-gap of the first iterate exactly', () => {
    // Arrange: the first iterate is always evaluated; a run capped at 1 reports the better of x₀ = 0 and x₁.
    const p = ceProblem(3, 2);
    const at0 = solveConvexRelaxation(p, ce, { maxIter: 0 });
    const at1 = solveConvexRelaxation(p, ce, { maxIter: 1, tol: 0 });
    expect(at1.selfGap).toBeLessThan(at0.selfGap);
    // Act
    const r = solveConvexRelaxation(p, ce, { maxIter: 1, tol: at1.selfGap });
    // Assert
    expect(r.status).toBe('converged');
    expect(r.iterations).toBe(1);
    expect(r.selfGap).toBe(at1.selfGap);
  });
});

/** primal, σ(X) and the own-gradient dual bound of the returned (X, b), recomputed from their definitions. */
function recompute(S: RelaxationSetup, out: RelaxationOutput): { primal: number; s: Float64Array; dual: number } {
  const { K, counts, mu, bias, lambdaB, kernels, kind } = S;
  const N = counts.reduce((a, c) => a + c, 0);
  const A = new Float64Array(K * K);
  const U = new Float64Array(K * K);
  for (let a = 0; a < K; a++)
    for (let k = 0; k < K; k++)
      A[a * K + k] =
        (out.X[a * K + k] as number) / Math.sqrt(counts[k] as number) + (bias === 'none' ? 0 : (out.b[a] as number));
  let f = 0;
  for (let k = 0; k < K; k++) f += ((counts[k] as number) / N) * kernels.grad(K, A, K, k, k, U, K, k);
  const s = svd(matOf(K, K, out.X.slice())).s;
  let nuc = 0;
  for (const v of s) nuc += v;
  let nb = 0;
  for (const v of out.b) nb += v * v;
  const primal = f + mu * nuc + (bias === 'decay' ? 0.5 * lambdaB * nb : 0);
  const y = Int32Array.from({ length: K }, (_, k) => k);
  const dual = dualBoundFromGradient(kind, { K, m: K, U, y, w: Float64Array.from(counts) }, mu, bias, lambdaB).bound;
  return { primal, s, dual };
}

describe('solveCollapsedRelaxation result', () => {
  const cases: readonly [ConjugateKind, readonly number[], number, BiasMode, number][] = [
    ['ce', [1, 2, 4], 0.02, 'none', 0],
    ['ce', [1, 2, 4], 0.02, 'free', 0],
    ['ce', [3, 1, 2, 5], 0.01, 'decay', 0.05],
    ['mse', [3, 1, 2, 5], 0.01, 'decay', 0.3],
  ];
  for (const [kind, counts, mu, bias, lambdaB] of cases) {
    it(`should return X, b, s, primal and dual of one iterate at every cap (${kind}, bias ${bias})`, () => {
      for (let maxIter = 0; maxIter <= 40; maxIter++) {
        // Arrange
        const S = setup(kind, counts, mu, bias, lambdaB, 0, maxIter);
        // Act
        const out = solveCollapsedRelaxation(S);
        const re = recompute(S, out);
        // Assert: rounding of a K×K evaluation and SVD, ≤ 1e-12 relative to the iterate's scale (‖X‖ ≤ 10 here).
        const scale = Math.max(1, ...Array.from(out.s));
        const label = `${kind} ${bias} maxIter ${maxIter}`;
        expect(Math.abs(re.primal - out.primal), label).toBeLessThanOrEqual(1e-12 * scale);
        out.s.forEach((v, i) => expect(Math.abs(v - re.s[i]!), label).toBeLessThanOrEqual(1e-12 * scale));
        expect(Math.abs(re.dual - out.dual.bound), label).toBeLessThanOrEqual(1e-12 * scale);
        expect(out.bestDual.bound, label).toBeGreaterThanOrEqual(out.dual.bound);
        expect(out.bestDual.bound, label).toBeLessThanOrEqual(out.primal);
      }
    });
  }
});

describe('solveCollapsedRelaxation bias modes', () => {
  it('should ignore λ_b unless the bias is regularised', () => {
    for (const [kind, bias] of [
      ['ce', 'free'],
      ['ce', 'none'],
      ['mse', 'free'],
    ] as const) {
      // Act
      const zero = solveCollapsedRelaxation(setup(kind, [1, 2, 4], 0.02, bias, 0, 1e-9, 5000));
      const penalised = solveCollapsedRelaxation(setup(kind, [1, 2, 4], 0.02, bias, 0.5, 1e-9, 5000));
      // Assert: the same problem, hence the same run.
      expect(penalised.iterations).toBe(zero.iterations);
      expect(penalised.primal).toBe(zero.primal);
      expect(Array.from(penalised.b)).toEqual(Array.from(zero.b));
      expect(Array.from(penalised.X)).toEqual(Array.from(zero.X));
    }
    // A regularised bias does change the problem (control: the comparison above can fail).
    const free = solveCollapsedRelaxation(setup('ce', [1, 2, 4], 0.02, 'free', 0, 1e-9, 5000));
    const decay = solveCollapsedRelaxation(setup('ce', [1, 2, 4], 0.02, 'decay', 0.5, 1e-9, 5000));
    expect(decay.primal).toBeGreaterThan(free.primal + 1e-6);
  });
});

describe('solveConvexRelaxation against Zhu et al. Thm 3.1', () => {
  it('should reach f* at d ≥ K−1 and bracket it with the certified bound (balanced CE, no bias and free bias)', () => {
    for (const bias of [false, true]) {
      // Arrange: K = 4, n = 3, κ = Kγ < 1 (the collapsed, non-zero regime).
      const p: UfmProblem = { ...ceProblem(4, 3), bias };
      const fStar = predictCeGlobalMin({ K: 4, n: 3, lambdaW: 1e-2, lambdaH: 2e-2, lambdaB: 0, bias }).fStar;
      // Act
      const r = solveConvexRelaxation(p, ce, { tol: 1e-10 });
      // Assert: lowerBound ≤ P ≤ primal with primal − lowerBound ≤ tol; f* = P up to its closed form's rounding.
      expect(r.status).toBe('converged');
      expect(r.lowerBound).toBeLessThanOrEqual(fStar + 64 * EPS);
      expect(r.primal).toBeGreaterThanOrEqual(fStar - 64 * EPS);
      expect(r.primal - fStar).toBeLessThanOrEqual(1e-10 + 64 * EPS);
      expect(r.rank).toBe(3);
    }
  });
});
