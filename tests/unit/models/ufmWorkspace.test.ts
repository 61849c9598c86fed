/**
 * The UFM objective's vector workspace (src/models/ufm.ts, `vectorWorkspace`; issue 13 item 4): a solver's vectors
 * living in the model's own WebAssembly heap, read and written in place by the HVP and the gradient instead of being
 * copied in and out. Where a vector lives must never change a result: every in-place evaluation is compared bit for
 * bit with the same evaluation on ordinary arrays, including the cases that must fall back to copies (an older
 * operator that lost the shared heap, a θ outside the workspace, vectors of another objective's workspace).
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import { ce, mse } from '../../../src/losses/index.ts';
import type { Objective, UfmProblem } from '../../../src/models/index.ts';
import { randomInit, ufmObjective } from '../../../src/models/index.ts';
import { trustRegion } from '../../../src/solvers/index.ts';

function problem(loss: string, bias: boolean, K = 4, d = 6, n = 5): UfmProblem {
  return { loss, K, d, counts: Array.from({ length: K }, () => n), lambdaW: 0.01, lambdaH: 0.02, lambdaB: 0.03, bias };
}

const same = (a: Float64Array, b: Float64Array): void => expect(Array.from(a)).toEqual(Array.from(b));

describe('ufmObjective vector workspace', () => {
  it.each([
    ['ce', true],
    ['ce', false],
    ['mse', true],
  ] as const)('should give bit-identical HVPs and gradients in place and on copies (%s, bias %s)', (loss, bias) => {
    // Arrange: one objective works in its workspace, a twin on ordinary arrays
    const p = problem(loss, bias);
    const f = ufmObjective(p, loss === 'ce' ? ce : mse);
    const twin = ufmObjective(p, loss === 'ce' ? ce : mse);
    const kv = f.vectorWorkspace?.(4);
    if (kv === undefined) return expect(f.engine).not.toBe('wasm'); // no wasm: the workspace is rightly absent
    const n = f.dim;
    const slot = (i: number): Float64Array => kv.f64.subarray(i * n, (i + 1) * n);
    const rng = createRng(5);
    const theta = randomInit(f.layout, rng, 0.7);
    const v = randomInit(f.layout, rng);
    slot(0).set(theta);
    slot(1).set(v);
    // Act
    const fIn = f.valueAndGrad(slot(0), slot(2));
    const H = f.hessianAt(slot(0));
    H.apply(slot(1), slot(3));
    const g = new Float64Array(n),
      hv = new Float64Array(n);
    const fRef = twin.valueAndGrad(theta, g);
    twin.hessianAt(theta).apply(v, hv);
    // Assert
    expect(fIn).toBe(fRef);
    expect(f.value(slot(0))).toBe(twin.value(theta));
    same(slot(2), g);
    same(slot(3), hv);
  });

  it('should keep an older operator exact after a newer one took the heap, with the vectors in the workspace', () => {
    // Arrange
    const f = ufmObjective(problem('ce', true), ce);
    const twin = ufmObjective(problem('ce', true), ce);
    const kv = f.vectorWorkspace?.(3);
    if (kv === undefined) return expect(f.engine).not.toBe('wasm');
    const n = f.dim;
    const rng = createRng(8);
    const t1 = randomInit(f.layout, rng, 0.7),
      t2 = randomInit(f.layout, rng, 0.7),
      v = randomInit(f.layout, rng);
    kv.f64.subarray(0, n).set(v);
    const H1 = f.hessianAt(t1);
    f.hessianAt(t2); // takes the shared heap: H1 continues on a private one, so v must be copied there
    // Act
    H1.apply(kv.f64.subarray(0, n), kv.f64.subarray(n, 2 * n));
    const ref = new Float64Array(n);
    twin.hessianAt(t1).apply(v, ref);
    // Assert
    same(kv.f64.subarray(n, 2 * n), ref);
  });

  it("should copy vectors of another objective's workspace rather than read its heap as its own", () => {
    // Arrange
    const p = problem('ce', true);
    const f = ufmObjective(p, ce);
    const other = ufmObjective(p, ce);
    const kvOther = other.vectorWorkspace?.(2);
    if (kvOther === undefined) return expect(other.engine).not.toBe('wasm');
    f.vectorWorkspace?.(2);
    const n = f.dim;
    const rng = createRng(9);
    const theta = randomInit(f.layout, rng, 0.7),
      v = randomInit(f.layout, rng);
    kvOther.f64.subarray(0, n).set(v);
    // Act
    f.hessianAt(theta).apply(kvOther.f64.subarray(0, n), kvOther.f64.subarray(n, 2 * n));
    const ref = new Float64Array(n);
    ufmObjective(p, ce).hessianAt(theta).apply(v, ref);
    // Assert
    same(kvOther.f64.subarray(n, 2 * n), ref);
  });

  it('should decline a workspace that would not fit in one WebAssembly memory (2 GiB), allocating nothing', () => {
    const f = ufmObjective(problem('ce', true), ce);
    // dim = 4·6 + 6·20 + 4 = 148 doubles; 2²⁸ / 148 slots would need 2 GiB on their own
    expect(f.vectorWorkspace?.(Math.ceil(2 ** 28 / f.dim) + 1)).toBeUndefined();
    expect(f.vectorWorkspace?.(0)).toBeUndefined();
  });

  it('should take the same Newton path with and without the workspace (trust region, 8·dim ≥ 2¹⁸)', () => {
    // Arrange: dim = 4·64 + 64·600 + 4 = 38 660, so the trust region asks for the workspace
    const p = problem('ce', true, 4, 64, 150);
    const f = ufmObjective(p, ce);
    const g = ufmObjective(p, ce);
    const hidden: Objective = {
      dim: g.dim,
      value: (t) => g.value(t),
      valueAndGrad: (t, gr) => g.valueAndGrad(t, gr),
      hessianAt: (t) => g.hessianAt(t),
    };
    let asked = 0;
    const withWorkspace: Objective = {
      dim: f.dim,
      value: (t) => f.value(t),
      valueAndGrad: (t, gr) => f.valueAndGrad(t, gr),
      hessianAt: (t) => f.hessianAt(t),
      vectorWorkspace: (slots) => {
        asked++;
        return f.vectorWorkspace?.(slots);
      },
    };
    const x0 = randomInit(f.layout, createRng(3));
    // Act
    const a = trustRegion(withWorkspace, x0, { tol: 1e-9, maxIter: 12 });
    const b = trustRegion(hidden, x0, { tol: 1e-9, maxIter: 12 });
    // Assert
    expect(a.evaluations).toEqual(b.evaluations);
    expect(a.evaluations.hvp).toBeGreaterThan(0);
    expect(asked).toBe(1);
    expect(a.value).toBe(b.value);
    expect(a.gradNorm).toBe(b.gradNorm);
    same(a.theta, b.theta);
  });
});
