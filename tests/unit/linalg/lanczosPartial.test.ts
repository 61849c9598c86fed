/**
 * Partial reorthogonalisation in Lanczos (Simon 1984's ω recurrence; src/linalg/lanczos.ts) against full
 * reorthogonalisation, and the workspace kernels (src/linalg/lanczosKernels.ts) on both engines.
 * The residuals are recomputed here independently; what must hold whatever the orthogonality of the basis is
 * the residual bound — an eigenvalue of A lies within r of the returned Rayleigh quotient.
 */
import { describe, it, expect } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import { lanczos, type SymmetricOperator } from '../../../src/linalg/lanczos.ts';
import { createVecKernels } from '../../../src/linalg/lanczosKernels.ts';

function diagOp(d: Float64Array): SymmetricOperator {
  return {
    dim: d.length,
    apply: (v, out) => {
      for (let i = 0; i < d.length; i++) out[i] = (d[i] as number) * (v[i] as number);
    },
  };
}

/** ‖A x − λ x‖ recomputed independently of the implementation. */
function residual(op: SymmetricOperator, x: Float64Array, lambda: number): number {
  const ax = new Float64Array(op.dim);
  op.apply(x, ax);
  let s = 0;
  for (let i = 0; i < op.dim; i++) s += ((ax[i] as number) - lambda * (x[i] as number)) ** 2;
  return Math.sqrt(s);
}

/** Distance from λ to the nearest entry of the (diagonal) spectrum. */
const nearest = (d: Float64Array, lambda: number): number =>
  d.reduce((m, x) => Math.min(m, Math.abs(x - lambda)), Infinity);

describe('lanczos partial reorthogonalisation', () => {
  it('should find the same extreme eigenvalues as full reorthogonalisation, with fewer Gram–Schmidt steps', () => {
    // Arrange: dim 2000 > 4·maxBasis (partial mode), a spectrum whose ends converge within the first cycle
    const n = 2000;
    const rng = createRng(3);
    const d = Float64Array.from({ length: n }, (_, i) => (i === 0 ? -2 : i === n - 1 ? 3 : 2 * rng.uniform() - 1));
    const op = diagOp(d);
    // Act
    const part = lanczos(op, { rng: createRng(1), tol: 1e-9, reorthogonalisation: 'partial' });
    const full = lanczos(op, { rng: createRng(1), tol: 1e-9, reorthogonalisation: 'full' });
    // Assert: both converge to the ends; the residual bound holds with the residual recomputed here
    for (const r of [part, full]) {
      expect(r.converged).toBe(true);
      expect(Math.abs(r.lambdaMin + 2)).toBeLessThanOrEqual(residual(op, r.vectorMin, r.lambdaMin) + 1e-14);
      expect(Math.abs(r.lambdaMax - 3)).toBeLessThanOrEqual(residual(op, r.vectorMax, r.lambdaMax) + 1e-14);
    }
    expect(full.reorthogonalisations).toBe(full.iterations);
    expect(part.reorthogonalisations).toBeLessThan(part.iterations);
  });

  it('should keep the residual bound through thick restarts at a dim where the first cycle is partial', () => {
    // Arrange: a small gap at the bottom needs several restarts of a basis of 12
    const n = 1500;
    const rng = createRng(11);
    const d = Float64Array.from({ length: n }, (_, i) => (i === 0 ? -1 : -0.98 + 2 * rng.uniform()));
    const op = diagOp(d);
    // Act
    const r = lanczos(op, { rng: createRng(2), tol: 1e-8, maxBasis: 12, which: 'min' });
    // Assert
    expect(r.restarts).toBeGreaterThan(0);
    expect(r.converged).toBe(true);
    const res = residual(op, r.vectorMin, r.lambdaMin);
    expect(res).toBeLessThanOrEqual(1e-8 * (1 + 1e-6));
    expect(nearest(d, r.lambdaMin)).toBeLessThanOrEqual(res);
    expect(Math.abs(r.lambdaMin + 1)).toBeLessThanOrEqual(res);
  });

  it('should give the same kernel results on the wasm and JS workspaces to rounding', () => {
    // Arrange: random vectors in both workspaces at odd offsets and lengths
    const size = 4 * 777 + 8;
    const ws = [createVecKernels(size, 'wasm'), createVecKernels(size, 'js')];
    const init = createRng(4).fillNormal(new Float64Array(size));
    for (const k of ws) k.F.set(init.subarray(0, k.F.length));
    const n = 777;
    const out = ws.map(() => new Float64Array(4));
    // Act
    const res = ws.map((k, i) => {
      const q = k.local2(1, 778, 1555, 0.25, -0.5, n);
      k.axpy4(1, 778, 1555, 2332, 778, 0.1, 0.2, 0.3, 0.4, n);
      k.dot4(1, 778, 1555, 2332, 1, n, out[i] as Float64Array);
      return [q, k.dot(1, 778, n), k.sumsq(1, n), k.resid(1, 778, 0.7, n), ...(out[i] as Float64Array)];
    });
    // Assert: every reduction agrees to 1e-12 relative (n = 777 terms, different summation orders)
    const [a, b] = res as [number[], number[]];
    a.forEach((x, i) => expect(Math.abs(x - (b[i] as number))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x))));
    const [w0, w1] = ws as [ReturnType<typeof createVecKernels>, ReturnType<typeof createVecKernels>];
    for (let r = 1; r < 1 + n; r++) expect(w0.F[r]).toBe(w1.F[r]); // elementwise kernels: same operations, same order
  });
});
