/**
 * The plain UFM objective (THEORY.md §0.1, §0.2): exact gradient and Hessian-vector product for CE and MSE, in every
 * bias mode, with balanced and imbalanced counts; the fused block pass against the generic path; closed-form values
 * at the origin (THEORY.md §6.1); the layout's pack/unpack.
 */
import { describe, it, expect } from 'vitest';
import { createRng, zeros } from '../../../src/core/index.ts';
import type { LogitLoss } from '../../../src/losses/index.ts';
import { ce, columnLoss, lossById, mse } from '../../../src/losses/index.ts';
import type { UfmProblem } from '../../../src/models/index.ts';
import { defaultBlockCols, labelsOf, randomInit, ufmLayoutOf, ufmObjective } from '../../../src/models/index.ts';
import { centralDiffGrad, centralDiffHvp, maxAbs, maxAbsDiff, taylorSlopes } from './derivCheck.ts';

type BiasMode = 'none' | 'free' | 'decayed';
const MODES: readonly BiasMode[] = ['none', 'free', 'decayed'];
const COUNTS: readonly (readonly number[])[] = [
  [3, 3, 3],
  [5, 2, 1],
];

function problem(loss: string, mode: BiasMode, counts: readonly number[], d = 4): UfmProblem {
  return {
    loss,
    K: counts.length,
    d,
    counts,
    lambdaW: 0.01,
    lambdaH: 0.02,
    lambdaB: mode === 'decayed' ? 0.03 : 0,
    bias: mode !== 'none',
  };
}

function unit(v: Float64Array): Float64Array {
  const n = Math.sqrt(v.reduce((a, b) => a + b * b, 0));
  return v.map((x) => x / n);
}

const CASES = ['ce', 'mse'].flatMap((loss) =>
  MODES.flatMap((mode) => COUNTS.map((counts) => ({ loss, mode, counts }))),
);

describe('ufmObjective derivatives', () => {
  it.each(CASES)(
    'should match central differences of f for $loss, bias $mode, counts $counts',
    ({ loss, mode, counts }) => {
      // Arrange: block width 2 makes blocks straddle class boundaries (the class-range logic of the fused pass).
      const f = ufmObjective(problem(loss, mode, counts), lossById(loss), { blockCols: 2 });
      const theta = randomInit(f.layout, createRng(11), 0.7);
      const g = new Float64Array(f.dim);
      // Act
      const v = f.valueAndGrad(theta, g);
      const fd = centralDiffGrad((x) => f.value(x), theta);
      // Assert: value agrees with value-only path to rounding; FD error bound ≈ 2e-9 (derivCheck.ts), checked at 1e-7.
      expect(f.fused).toBe(true);
      expect(Math.abs(v - f.value(theta))).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(v)));
      expect(maxAbsDiff(g, fd)).toBeLessThan(1e-7);
    },
  );

  it.each(CASES)(
    'should keep Hessian operators at two points independent when applied interleaved ($loss, bias $mode, counts $counts)',
    ({ loss, mode, counts }) => {
      // Arrange: operators share the objective's heap; the older one must rebuild on a private heap, not read the newer's
      const f = ufmObjective(problem(loss, mode, counts), lossById(loss), { blockCols: 2 });
      const rng = createRng(31);
      const t1 = randomInit(f.layout, rng, 0.7),
        t2 = randomInit(f.layout, rng, 0.7);
      const v = unit(randomInit(f.layout, rng));
      const ref1 = new Float64Array(f.dim),
        ref2 = new Float64Array(f.dim);
      ufmObjective(problem(loss, mode, counts), lossById(loss), { blockCols: 2 })
        .hessianAt(t1)
        .apply(v, ref1);
      ufmObjective(problem(loss, mode, counts), lossById(loss), { blockCols: 2 })
        .hessianAt(t2)
        .apply(v, ref2);
      // Act
      const H1 = f.hessianAt(t1);
      const H2 = f.hessianAt(t2);
      const a1 = new Float64Array(f.dim),
        a2 = new Float64Array(f.dim),
        b1 = new Float64Array(f.dim);
      H1.apply(v, a1);
      H2.apply(v, a2);
      H1.apply(v, b1);
      // Assert: bit-identical to operators built on fresh objectives (same kernels, same summation order)
      expect([...a1]).toEqual([...ref1]);
      expect([...b1]).toEqual([...ref1]);
      expect([...a2]).toEqual([...ref2]);
    },
  );

  it.each(CASES)(
    'should give an HVP equal to the difference of gradients for $loss, bias $mode, counts $counts',
    ({ loss, mode, counts }) => {
      // Arrange
      const f = ufmObjective(problem(loss, mode, counts), lossById(loss), { blockCols: 2 });
      const rng = createRng(12);
      const theta = randomInit(f.layout, rng, 0.7);
      const v = unit(randomInit(f.layout, rng));
      const Hop = f.hessianAt(theta);
      const Hv = new Float64Array(f.dim);
      // Act
      Hop.apply(v, Hv);
      const fd = centralDiffHvp(f, theta, v);
      // Assert: central difference of ∇f along a unit v errs by (h²/6)|∇⁴f| + ε‖∇f‖/h ≈ 2e-9 at h = 1e-5.
      expect(maxAbsDiff(Hv, fd)).toBeLessThan(1e-7);
    },
  );

  it.each(CASES)(
    'should have Taylor-remainder slopes 2 (gradient) and 3 (HVP) for $loss, bias $mode, counts $counts',
    ({ loss, mode, counts }) => {
      // Arrange
      const f = ufmObjective(problem(loss, mode, counts), lossById(loss));
      const rng = createRng(13);
      const theta = randomInit(f.layout, rng, 0.7);
      const v = unit(randomInit(f.layout, rng));
      // Act
      const s = taylorSlopes(f, theta, v);
      // Assert: next-order term shifts the fitted slope by ≈ (c_{k+1}/c_k)·t ≤ 0.1 over t ≤ 0.1 (derivCheck.ts);
      // a wrong gradient gives slope 1, a wrong HVP slope 2.
      expect(Math.abs(s.grad - 2)).toBeLessThan(0.15);
      expect(Math.abs(s.hess - 3)).toBeLessThan(0.15);
    },
  );

  it('should keep the HVP operator fixed at the θ it was built at and allocate a fresh result per apply', () => {
    // Arrange
    const f = ufmObjective(problem('ce', 'free', [3, 3, 3]), ce);
    const rng = createRng(14);
    const theta = randomInit(f.layout, rng);
    const v = randomInit(f.layout, rng);
    const Hop = f.hessianAt(theta);
    const before = new Float64Array(f.dim);
    Hop.apply(v, before);
    // Act: mutate θ and evaluate elsewhere (shares scratch), then apply again
    theta.fill(3);
    f.valueAndGrad(theta, new Float64Array(f.dim));
    const after = new Float64Array(f.dim);
    Hop.apply(v, after);
    // Assert
    expect(Array.from(after)).toEqual(Array.from(before));
  });
});

describe('ufmObjective fused pass', () => {
  it.each(['ce', 'mse'].flatMap((loss) => MODES.map((mode) => ({ loss, mode }))))(
    'should equal the generic path to rounding with both engines for $loss, bias $mode',
    ({ loss, mode }) => {
      // Arrange: imbalanced counts, several block widths (1, odd, one block), JS and WebAssembly kernels
      const p = problem(loss, mode, [7, 4, 2, 5], 6);
      const generic = ufmObjective(p, lossById(loss), { fused: false });
      const rng = createRng(21);
      const theta = randomInit(generic.layout, rng);
      const v = randomInit(generic.layout, rng);
      const g0 = new Float64Array(generic.dim);
      const f0 = generic.valueAndGrad(theta, g0);
      const h0 = new Float64Array(generic.dim);
      generic.hessianAt(theta).apply(v, h0);
      for (const [blockCols, engine] of [
        [1, 'js'],
        [5, 'js'],
        [64, 'js'],
        [1, 'wasm'],
        [5, 'wasm'],
        [64, 'wasm'],
      ] as const) {
        const fused = ufmObjective(p, lossById(loss), { blockCols, engine });
        const g1 = new Float64Array(fused.dim);
        const h1 = new Float64Array(fused.dim);
        // Act
        const f1 = fused.valueAndGrad(theta, g1);
        fused.hessianAt(theta).apply(v, h1);
        // Assert: same sums in another order — error ≤ (terms)·ε·scale; 1e-13 relative covers N·K·d ≈ 500 terms.
        expect(generic.fused).toBe(false);
        expect(generic.engine).toBe('generic');
        expect(fused.fused).toBe(true);
        expect(fused.engine).toBe(engine);
        expect(Math.abs(f1 - f0)).toBeLessThanOrEqual(1e-13 * Math.abs(f0));
        expect(maxAbsDiff(g1, g0)).toBeLessThanOrEqual(1e-13 * maxAbs(g0));
        expect(maxAbsDiff(h1, h0)).toBeLessThanOrEqual(1e-13 * maxAbs(h0));
        expect(Math.abs(fused.value(theta) - f0)).toBeLessThanOrEqual(1e-13 * Math.abs(f0));
      }
    },
  );

  it('should run a columnLoss plug-in through its kernels, and a LogitLoss without kernels through the generic path', () => {
    // Arrange: a plug-in (squared loss scaled by 3, built with columnLoss) and a kernel-less wrapper around CE.
    const plugin = columnLoss(
      'mse3',
      'test',
      { convexInZ: true, permutationEquivariant: true, shiftInvariant: false },
      {
        value: (K, z, s, o, y) => {
          let t = 0;
          for (let k = 0; k < K; k++) t += 1.5 * ((z[o + k * s] as number) - (k === y ? 1 : 0)) ** 2;
          return t;
        },
        grad: (K, z, s, o, y, g, sg, og) => {
          let t = 0;
          for (let k = 0; k < K; k++) {
            const r = (z[o + k * s] as number) - (k === y ? 1 : 0);
            t += 1.5 * r * r;
            g[og + k * sg] = 3 * r;
          }
          return t;
        },
        hvp: (K, _z, _s, _o, _y, v, sv, ov, out, so, oo) => {
          for (let k = 0; k < K; k++) out[oo + k * so] = 3 * (v[ov + k * sv] as number);
        },
      },
    );
    const wrapped: LogitLoss = {
      id: 'ce-wrapped',
      cite: ce.cite,
      traits: ce.traits,
      value: (Z, y) => ce.value(Z, y),
      valueAndGrad: (Z, y, G) => ce.valueAndGrad(Z, y, G),
      hvp: (Z, y, V, o) => ce.hvp(Z, y, V, o),
    };
    const cases: [LogitLoss, LogitLoss, boolean][] = [
      [plugin, plugin, true],
      [wrapped, ce, false],
    ];
    for (const [loss, ref, fusedExpected] of cases) {
      const base = { ...problem('x', 'decayed', [4, 2, 3]), loss: loss.id };
      const f = ufmObjective(base, loss, { blockCols: 3 });
      const r = ufmObjective({ ...base, loss: ref.id }, ref, { fused: false });
      const rng = createRng(22);
      const theta = randomInit(f.layout, rng);
      const v = randomInit(f.layout, rng);
      const g1 = new Float64Array(f.dim);
      const g0 = new Float64Array(f.dim);
      const h1 = new Float64Array(f.dim);
      const h0 = new Float64Array(f.dim);
      // Act
      const f1 = f.valueAndGrad(theta, g1);
      f.hessianAt(theta).apply(v, h1);
      // Reference: for the plug-in, the same loss on the generic path; for the wrapper, CE itself.
      const f0 = (fusedExpected ? ufmObjective(base, loss, { fused: false }) : r).valueAndGrad(theta, g0);
      (fusedExpected ? ufmObjective(base, loss, { fused: false }) : r).hessianAt(theta).apply(v, h0);
      // Assert
      expect(f.fused).toBe(fusedExpected);
      expect(Math.abs(f1 - f0)).toBeLessThanOrEqual(1e-13 * Math.abs(f0));
      expect(maxAbsDiff(g1, g0)).toBeLessThanOrEqual(1e-13 * maxAbs(g0));
      expect(maxAbsDiff(h1, h0)).toBeLessThanOrEqual(1e-13 * maxAbs(h0));
    }
  });

  it('should choose a default block width ≈ 2560/K, a multiple of 8 within [32, 512]', () => {
    expect(defaultBlockCols(10)).toBe(256);
    expect(defaultBlockCols(4)).toBe(512);
    expect(defaultBlockCols(100)).toBe(32);
    expect(defaultBlockCols(7) % 8).toBe(0);
  });
});

describe('ufmObjective closed forms (THEORY.md §6.1)', () => {
  const K = 4;
  const n = 3;
  const base = (loss: string, bias: boolean, lambdaB: number): UfmProblem => ({
    loss,
    K,
    d: 5,
    counts: [n, n, n, n],
    lambdaW: 0.1,
    lambdaH: 0.2,
    lambdaB,
    bias,
  });
  const atOrigin = (p: UfmProblem, b0: number): { f: number; gnorm: number } => {
    const f = ufmObjective(p, lossById(p.loss));
    const theta = new Float64Array(f.dim);
    if (p.bias) theta.fill(b0, f.layout.offB);
    const g = new Float64Array(f.dim);
    const v = f.valueAndGrad(theta, g);
    return { f: v, gnorm: maxAbs(g) };
  };

  it('should give log K for CE at the origin, a critical point (b₀ = 0 with λ_b > 0, b₀ = β1 with λ_b = 0)', () => {
    const a = atOrigin(base('ce', true, 0.3), 0);
    const b = atOrigin(base('ce', true, 0), 2.5);
    const c = atOrigin(base('ce', false, 0), 0);
    for (const r of [a, b, c]) {
      expect(Math.abs(r.f - Math.log(K))).toBeLessThanOrEqual(4 * Number.EPSILON);
      expect(r.gnorm).toBeLessThanOrEqual(4 * Number.EPSILON);
    }
  });

  it('should give 1/2, (K−1)/(2K) and (K−1)/(2K) + λ_b/(2K(1+λ_b)) for MSE at its critical origins', () => {
    const lb = 0.3;
    const none = atOrigin(base('mse', false, 0), 0);
    const free = atOrigin(base('mse', true, 0), 1 / K);
    const decayed = atOrigin(base('mse', true, lb), 1 / (K * (1 + lb)));
    expect(none.f).toBeCloseTo(0.5, 15);
    expect(Math.abs(free.f - (K - 1) / (2 * K))).toBeLessThanOrEqual(4 * Number.EPSILON);
    expect(Math.abs(decayed.f - ((K - 1) / (2 * K) + lb / (2 * K * (1 + lb))))).toBeLessThanOrEqual(4 * Number.EPSILON);
    for (const r of [free, decayed]) expect(r.gnorm).toBeLessThanOrEqual(4 * Number.EPSILON);
  });

  it('should give column sums 1ᵀG = 0 for CE, so the bias gradient is λ_b b plus zero-mean terms (shift invariance)', () => {
    // Arrange: with λ_b = 0 the CE bias gradient is G1, and 1ᵀG1 = Σ_j 1ᵀG[:,j] = 0.
    const f = ufmObjective(base('ce', true, 0), ce);
    const theta = randomInit(f.layout, createRng(31));
    const g = new Float64Array(f.dim);
    f.valueAndGrad(theta, g);
    // Act
    let s = 0;
    let a = 0;
    for (let k = 0; k < K; k++) {
      s += g[f.layout.offB + k] as number;
      a += Math.abs(g[f.layout.offB + k] as number);
    }
    // Also: f(W, H, b + c1) = f(W, H, b) when λ_b = 0
    const shifted = theta.slice();
    for (let k = 0; k < K; k++) shifted[f.layout.offB + k] = (shifted[f.layout.offB + k] as number) + 7;
    // Assert
    expect(Math.abs(s)).toBeLessThanOrEqual(8 * Number.EPSILON * Math.max(a, 1e-300));
    expect(Math.abs(f.value(shifted) - f.value(theta))).toBeLessThanOrEqual(64 * Number.EPSILON * f.value(theta));
  });
});

describe('UfmLayout', () => {
  it('should round-trip pack/unpack and expose views into θ', () => {
    // Arrange
    const L = ufmLayoutOf(3, 2, [2, 1, 3], true);
    const theta = randomInit(L, createRng(41));
    // Act
    const parts = L.unpack(theta);
    const back = L.pack(parts);
    parts.W.data[0] = 123;
    // Assert
    expect([L.offW, L.offH, L.offB, L.dim, L.N]).toEqual([0, 6, 18, 21, 6]);
    expect(Array.from(back)).toEqual(
      Array.from(L.unpack(back).W.data).concat(Array.from(L.unpack(back).H.data), Array.from(L.unpack(back).b)),
    );
    expect(theta[0]).toBe(123);
    expect(back[0]).not.toBe(123);
    expect([parts.W.rows, parts.W.cols, parts.H.rows, parts.H.cols, parts.b.length]).toEqual([3, 2, 2, 6, 3]);
  });

  it('should give a zero bias of length K and no b slot without a bias', () => {
    const L = ufmLayoutOf(3, 2, [1, 1, 1], false);
    const theta = new Float64Array(L.dim).fill(1);
    const { b } = L.unpack(theta);
    expect(L.dim).toBe(6 + 6);
    expect(L.offB).toBe(L.dim);
    expect(Array.from(b)).toEqual([0, 0, 0]);
    expect(Array.from(L.pack({ W: zeros(3, 2), H: zeros(2, 3), b: Float64Array.of(5, 5, 5) }))).toEqual(
      new Array(12).fill(0),
    );
  });

  it('should reject wrong lengths and shapes', () => {
    const L = ufmLayoutOf(2, 2, [1, 1], true);
    expect(() => L.unpack(new Float64Array(3))).toThrow(RangeError);
    expect(() => L.pack({ W: zeros(2, 3), H: zeros(2, 2), b: new Float64Array(2) })).toThrow(/W must be 2×2/);
    expect(() => ufmLayoutOf(2, 2, [1], true)).toThrow(/counts/);
    const f = ufmObjective(problem('ce', 'none', [1, 1]), ce);
    expect(() => f.value(new Float64Array(f.dim + 1))).toThrow(RangeError);
    expect(() => ufmObjective(problem('ce', 'none', [1, 1]), mse)).toThrow(/problem.loss/);
    expect(labelsOf({ counts: [2, 1] })).toEqual(Int32Array.of(0, 0, 1));
  });
});
