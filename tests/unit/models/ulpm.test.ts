/**
 * The ULPM (THEORY.md §3): CE UFM with no weight decay and no bias; the origin's curvature.
 */
import { describe, it, expect } from 'vitest';
import { createRng, UsageError } from '../../../src/core/index.ts';
import type { Mat } from '../../../src/core/index.ts';
import { parseUlpmProblem, ulpmAsUfmProblem, ulpmObjective } from '../../../src/models/ulpm.ts';
import type { LinOp } from '../../../src/models/objective.ts';
import { symEig } from '../../../src/linalg/decomp.ts';
import { ulpmOriginLambdaMin } from '../../../src/theory/ji2022.ts';

const EPS = Number.EPSILON;

function dense(op: LinOp): Mat {
  const n = op.dim,
    D = new Float64Array(n * n),
    e = new Float64Array(n),
    o = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    e.fill(0);
    e[i] = 1;
    op.apply(e, o);
    D.set(o, i * n);
  }
  return { rows: n, cols: n, data: D };
}

/**
 * λ_min by power iteration on cI − H (c ≥ ‖H‖₂ makes cI − H PSD with top eigenvalue c − λ_min). Returns the
 * Rayleigh quotient and the residual ‖Hx − λx‖ of the final unit iterate.
 */
function powerLambdaMin(op: LinOp, c: number, iters: number, seed: number): { lambda: number; residual: number } {
  const n = op.dim;
  const x = createRng(seed).fillNormal(new Float64Array(n));
  const y = new Float64Array(n);
  const norm = (v: Float64Array): number => Math.sqrt(v.reduce((s, t) => s + t * t, 0));
  let nx = norm(x);
  for (let i = 0; i < n; i++) x[i] = (x[i] as number) / nx;
  for (let it = 0; it < iters; it++) {
    op.apply(x, y);
    for (let i = 0; i < n; i++) y[i] = c * (x[i] as number) - (y[i] as number);
    nx = norm(y);
    for (let i = 0; i < n; i++) x[i] = (y[i] as number) / nx;
  }
  op.apply(x, y);
  let lambda = 0;
  for (let i = 0; i < n; i++) lambda += (x[i] as number) * (y[i] as number);
  let r = 0;
  for (let i = 0; i < n; i++) r += ((y[i] as number) - lambda * (x[i] as number)) ** 2;
  return { lambda, residual: Math.sqrt(r) };
}

describe('ulpmObjective', () => {
  it('should be the CE UFM with λ_W = λ_H = 0 and no bias', () => {
    // Arrange / Act
    const p = ulpmAsUfmProblem({ K: 3, d: 2, counts: [2, 2, 2] });
    // Assert
    expect(p).toEqual({ loss: 'ce', K: 3, d: 2, counts: [2, 2, 2], lambdaW: 0, lambdaH: 0, lambdaB: 0, bias: false });
    expect(ulpmObjective({ K: 3, d: 2, counts: [2, 2, 2] }).dim).toBe(3 * 2 + 2 * 6);
  });

  it('should have value log K and zero gradient at the origin', () => {
    // Arrange
    const f = ulpmObjective({ K: 4, d: 3, counts: [2, 2, 2, 2] });
    const g = new Float64Array(f.dim).fill(1);
    // Act
    const v = f.valueAndGrad(new Float64Array(f.dim), g);
    // Assert: products with zero factors are exact zeros
    expect(Math.abs(v - Math.log(4))).toBeLessThanOrEqual(2 * EPS);
    expect(g.every((x) => x === 0)).toBe(true);
  });

  it.each([
    [3, 2, 2],
    [4, 3, 1],
    [3, 3, 5],
    [5, 4, 3],
  ])(
    'should have λ_min(∇²L(0)) = −1/(K√n) by dense eigensolver and by power iteration (K=%i, d=%i, n=%i)',
    (K, d, n) => {
      // Arrange
      const f = ulpmObjective({ K, d, counts: new Array<number>(K).fill(n) });
      const H = f.hessianAt(new Float64Array(f.dim));
      const predicted = ulpmOriginLambdaMin(K, n);
      // Act
      const ev = symEig(dense(H)).values;
      // Spectrum is {±1/(K√n) (multiplicity d(K−1)), 0}: with c = 2/(K√n) the top eigenvalue of cI − H is separated
      // from the next by the ratio 2/3, so 200 iterations converge to ≈ (2/3)^400 in the Rayleigh quotient.
      const pw = powerLambdaMin(H, 2 / (K * Math.sqrt(n)), 200, 17);
      // Assert: the origin Hessian's entries are ±(1/K − δ)/N, computed to a few ε; a backward-stable eigensolver
      // then errs by ≤ dim·ε·‖H‖ (‖H‖₂ = 1/(K√n)).
      const tol = f.dim * EPS * Math.abs(predicted);
      expect(Math.abs((ev[0] as number) - predicted)).toBeLessThanOrEqual(tol);
      expect(Math.abs(pw.lambda - predicted)).toBeLessThanOrEqual(tol);
      expect(pw.residual).toBeLessThanOrEqual(1e-6 * Math.abs(predicted)); // residual ~ √(RQ error): a certificate
      // and the multiplicity: d(K−1) eigenvalues at λ_min
      const count = Array.from(ev).filter((x) => Math.abs(x - predicted) <= tol).length;
      expect(count).toBe(d * (K - 1));
    },
  );
});

describe('parseUlpmProblem', () => {
  it('should expand n into counts and reject bad fields by name', () => {
    // Arrange / Act / Assert
    expect(parseUlpmProblem({ K: 3, d: 2, n: 4 })).toEqual({ K: 3, d: 2, counts: [4, 4, 4] });
    for (const [u, field] of [
      [{ K: 1, d: 2, n: 1 }, 'problem.K'],
      [{ K: 2, d: 0, n: 1 }, 'problem.d'],
      [{ K: 2, d: 2, counts: [1, 0] }, 'problem.counts[1]'],
      [{ K: 2, d: 2 }, 'problem.n'],
    ] as const) {
      let caught: unknown;
      try {
        parseUlpmProblem(u);
      } catch (e) {
        caught = e;
      }
      expect((caught as UsageError).field).toBe(field);
    }
  });
});
