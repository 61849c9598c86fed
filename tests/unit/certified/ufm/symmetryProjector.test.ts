/**
 * The on-the-fly projector onto the symmetry tangents (symmetryProjector.ts) against the dense orthonormal basis of
 * curvature.ts's `symmetryBasis` (issue 12 item 4): P² = P, Pᵀ = P and the same range as the dense basis, at
 * generic points (S = WᵀW + UUᵀ of full rank), rank-deficient ones (d > 2K, so pairs of null directions give zero
 * tangents), balanced ones (range(Wᵀ) = range(U), the shape of every critical point), and the origin (no tangent).
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/core/index.ts';
import { symmetryBasis } from '../../../../src/certified/ufm/curvature.ts';
import { symmetryProjector } from '../../../../src/certified/ufm/symmetryProjector.ts';
import { ce, mse } from '../../../../src/losses/index.ts';
import { parseUfmProblem } from '../../../../src/models/index.ts';
import { denseOf } from './_projectorPoints.ts';

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

function matmul(n: number, A: Float64Array, B: Float64Array): Float64Array {
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const a = A[i * n + k] as number;
      if (a !== 0) for (let j = 0; j < n; j++) C[i * n + j] = (C[i * n + j] as number) + a * (B[k * n + j] as number);
    }
  return C;
}

type Shape = 'generic' | 'balanced' | 'origin';
const CASES: readonly { K: number; d: number; loss: 'ce' | 'mse'; bias: boolean; lambdaB: number; shape: Shape }[] = [
  { K: 3, d: 4, loss: 'ce', bias: true, lambdaB: 0, shape: 'generic' },
  { K: 2, d: 7, loss: 'ce', bias: false, lambdaB: 0, shape: 'generic' },
  { K: 4, d: 3, loss: 'mse', bias: true, lambdaB: 0, shape: 'generic' },
  { K: 3, d: 6, loss: 'ce', bias: true, lambdaB: 0.1, shape: 'balanced' },
  { K: 4, d: 4, loss: 'mse', bias: false, lambdaB: 0, shape: 'balanced' },
  { K: 3, d: 5, loss: 'ce', bias: true, lambdaB: 0, shape: 'origin' },
];

describe('symmetry projector applied on the fly', () => {
  for (const c of CASES) {
    it(`should equal the projector of the dense symmetry basis, symmetric and idempotent (${c.shape}, ${c.loss}, K=${c.K}, d=${c.d}, bias ${c.bias}, λ_b=${c.lambdaB})`, () => {
      // Arrange
      const p = parseUfmProblem({
        loss: c.loss,
        K: c.K,
        d: c.d,
        n: 2,
        lambdaW: 0.01,
        lambdaH: 0.01,
        lambdaB: c.lambdaB,
        bias: c.bias,
      });
      const loss = c.loss === 'ce' ? ce : mse;
      const n = 2 * c.K * c.d + (c.bias ? c.K : 0);
      const rng = createRng(c.K * 100 + c.d);
      const u = Float64Array.from({ length: n }, () => (c.shape === 'origin' ? 0 : rng.normal()));
      if (c.shape === 'balanced') {
        // U = Wᵀ: range(U) = range(Wᵀ), rank K < 2K
        for (let r = 0; r < c.d; r++)
          for (let k = 0; k < c.K; k++) u[c.K * c.d + r * c.K + k] = u[k * c.d + r] as number;
      }
      const basis = symmetryBasis(p, loss, u.slice());
      const dense = denseOf(n, (v, out) => {
        out.fill(0);
        for (const e of basis) {
          let s = 0;
          for (let i = 0; i < n; i++) s += (e[i] as number) * (v[i] as number);
          for (let i = 0; i < n; i++) out[i] = (out[i] as number) + s * (e[i] as number);
        }
      });
      // Act
      const proj = symmetryProjector(p, loss, u);
      const P = denseOf(n, (v, out) => proj.project(v, out));
      // Assert: tolerances are rounding-level multiples (entries of P are O(1); 1e-10 leaves 10⁵ ulps for the
      // eigen-decompositions of the 2K×2K and m×m Grams, whose conditioning here is at most ~10⁴).
      const PT = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) PT[i * n + j] = P[j * n + i] as number;
      expect(maxAbsDiff(P, PT)).toBeLessThan(1e-10);
      expect(maxAbsDiff(matmul(n, P, P), P)).toBeLessThan(1e-10);
      expect(maxAbsDiff(P, dense)).toBeLessThan(1e-10);
      expect(proj.rank).toBe(basis.length);
      expect(proj.defect).toBeLessThan(1e-10);
    });
  }
});

describe('symmetry projector on the WebAssembly kernels', () => {
  for (const [K, d, shape] of [
    [3, 4, 'generic'],
    [12, 40, 'generic'],
    [12, 40, 'balanced'],
    [20, 20, 'balanced'],
  ] as const) {
    it(`should apply the same projector as on the JS kernels (${shape}, K=${K}, d=${d})`, () => {
      // Arrange
      const p = parseUfmProblem({ loss: 'ce', K, d, n: 1, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias: true });
      const n = 2 * K * d + K;
      const rng = createRng(K * 1000 + d);
      const u = rng.fillNormal(new Float64Array(n));
      if (shape === 'balanced')
        for (let r = 0; r < d; r++) for (let k = 0; k < K; k++) u[K * d + r * K + k] = u[k * d + r] as number;
      const pj = symmetryProjector(p, ce, u, 'js');
      // Act
      const pw = symmetryProjector(p, ce, u, 'wasm');
      // Assert: the same kept rank; P applied to random vectors agrees to rounding-level multiples (as above: 1e-10
      // leaves 10⁵ ulps for the two eigen-decompositions, whose eigenvectors may rotate within clusters but whose
      // projector may not); both are projectors within their certified defects.
      expect(pw.m).toBe(pj.m);
      expect(pw.rank).toBe(pj.rank);
      expect(pw.defect).toBeLessThan(1e-10);
      const v = new Float64Array(n),
        a = new Float64Array(n),
        b = new Float64Array(n);
      for (let t = 0; t < 3; t++) {
        rng.fillNormal(v);
        pj.project(v, a);
        pw.project(v, b);
        expect(maxAbsDiff(a, b)).toBeLessThan(1e-10 * Math.max(1, Math.hypot(...v)));
        expect(Math.hypot(...b)).toBeGreaterThan(1e-3);
      }
    });
  }
});

describe('second-order certificate with the projector above the tangent budget', () => {
  it('should certify a one-sample-per-class CE minimizer at d = 300 as a local min modulo its orbit (tangents would need 5·10⁷ entries)', async () => {
    // Arrange
    const { certifyUfmPoint } = await import('../../../../src/certified/ufm/secondOrder.ts');
    const { certifiedMinimizer, isCertified } = await import('../../../../src/certified/ufm/certified.ts');
    const p = parseUfmProblem({ loss: 'ce', K: 2, d: 300, n: 1, lambdaW: 1e-2, lambdaH: 1e-2, lambdaB: 0, bias: true });
    const cp = certifiedMinimizer(p, { seed: 1, loss: ce });
    if (!isCertified(cp)) throw new Error(cp.why);
    // Act
    const c = certifyUfmPoint(p, ce, cp.theta, 1);
    // Assert: rank S = 1 at the K = 2 ETF (w₂ = −w₁, h ∥ w), so 0 + 1·299 rotation tangents + the bias shift.
    expect(c.kind).toBe('local-min');
    expect(c.restricted?.tangentRank).toBe(300);
  });
});
