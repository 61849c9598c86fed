/**
 * The spectral forms of tolerance.ts's bounds (used on the rank-reduced paper route): `spectralUpperBound` never
 * undercuts ‖A‖₂ (dense eigenvalues of AᵀA) and is within 2× at a simplex ETF; the Hessian-Lipschitz bound with the
 * spectral norms still bounds the observed change of the Hessian along random directions (the quantity the
 * Newton–Kantorovich check needs) and is never looser than the Frobenius form; the gradient rounding bound likewise.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/core/index.ts';
import { pointNorms } from '../../../../src/certified/ufm/certified.ts';
import {
  gradientRoundingBound,
  hessianLipschitzBound,
  spectralUpperBound,
} from '../../../../src/certified/ufm/tolerance.ts';
import { symEigPacked } from '../../../../src/linalg/index.ts';
import { ce, mse } from '../../../../src/losses/index.ts';
import { parseUfmProblem, ufmObjective } from '../../../../src/models/index.ts';

/** ‖A‖₂ from the dense eigenvalues of AᵀA (A rows×cols row-major). */
function spectral(A: Float64Array, rows: number, cols: number): number {
  const G = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++)
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += (A[r * cols + i] as number) * (A[r * cols + j] as number);
      G[i * cols + j] = s;
    }
  return Math.sqrt(Math.max(0, symEigPacked(cols, G).values[cols - 1] as number));
}

describe('spectral bounds of tolerance.ts', () => {
  it('should never undercut ‖A‖₂ (random, tall, wide, rank one plus noise, zero)', () => {
    // Arrange
    const rng = createRng(17);
    const cases: { A: Float64Array; rows: number; cols: number }[] = [];
    for (const [rows, cols] of [
      [5, 9],
      [9, 5],
      [7, 7],
      [1, 6],
      [6, 1],
    ] as const)
      cases.push({ A: Float64Array.from({ length: rows * cols }, () => rng.normal()), rows, cols });
    const u = Float64Array.from({ length: 8 }, () => rng.normal()),
      v = Float64Array.from({ length: 6 }, () => rng.normal());
    cases.push({
      A: Float64Array.from(
        { length: 48 },
        (_, i) => 100 * (u[Math.floor(i / 6)] as number) * (v[i % 6] as number) + 1e-3 * rng.normal(),
      ),
      rows: 8,
      cols: 6,
    });
    cases.push({ A: new Float64Array(12), rows: 3, cols: 4 });
    for (const c of cases) {
      // Act
      const bound = spectralUpperBound(c.A, c.rows, c.cols);
      const exact = spectral(c.A, c.rows, c.cols);
      // Assert: an upper bound (the dense reference has its own rounding, far below 1e-12 relative here), never
      // above the Frobenius norm by more than rounding.
      expect(bound).toBeGreaterThanOrEqual(exact * (1 - 1e-12));
      expect(bound).toBeLessThanOrEqual(Math.hypot(...c.A) * (1 + 1e-12) + 1e-300);
    }
  });

  it('should give the same bound on the WebAssembly Gram in any panel split, strided or transposed, above ‖A‖₂', () => {
    // Arrange: 48×120 and 120×48 blocks inside wider arrays (ld > cols, off > 0): Grams of 48² × 120 multiply-adds,
    // above gemmAuto's threshold for the WebAssembly kernel
    const rng = createRng(23);
    const rows = 48,
      cols = 120,
      ld = 131,
      off = 7;
    const A = Float64Array.from({ length: off + rows * ld }, () => rng.normal());
    const At = new Float64Array(off + cols * 53);
    for (let i = 0; i < rows; i++) for (let r = 0; r < cols; r++) At[off + r * 53 + i] = A[off + i * ld + r] as number;
    const dense = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let r = 0; r < cols; r++) dense[i * cols + r] = A[off + i * ld + r] as number;
    // Act: one panel, panels of 5 rows (the last one partial), and the transposed storage (AᵀA side)
    const one = spectralUpperBound(A, rows, cols, ld, off);
    const split = spectralUpperBound(A, rows, cols, ld, off, 5 * rows);
    const tr = spectralUpperBound(At, cols, rows, 53, off, 7 * rows);
    const exact = spectral(dense, rows, cols);
    // Assert: the panels change nothing (each Gram entry is the same sum); the transposed storage bounds the same
    // norm within rounding; all above ‖A‖₂ and within the ∞-norm form's √m of it
    expect(split).toBe(one);
    expect(Math.abs(tr - one)).toBeLessThanOrEqual(1e-12 * one);
    expect(one).toBeGreaterThanOrEqual(exact);
    expect(one).toBeLessThanOrEqual(Math.sqrt(rows) * exact);
  });

  it('should be within 2× of ‖W‖₂ at a simplex ETF, where the Frobenius norm is √(K−1)× larger', () => {
    // Arrange: W = √ρ·(I − 11ᵀ/K)·√(K/(K−1)) embedded in d = K + 2 (rows of a simplex ETF).
    const K = 6,
      d = 8,
      rho = 3.7;
    const W = new Float64Array(K * d);
    const s = Math.sqrt((rho * K) / (K - 1));
    for (let k = 0; k < K; k++) for (let r = 0; r < K; r++) W[k * d + r] = s * ((k === r ? 1 : 0) - 1 / K);
    // Act
    const bound = spectralUpperBound(W, K, d);
    // Assert
    const exact = Math.sqrt((rho * K) / (K - 1));
    expect(bound).toBeGreaterThanOrEqual(exact);
    expect(bound).toBeLessThanOrEqual(Math.sqrt(2) * exact);
    expect(spectral(W, K, d)).toBeCloseTo(exact, 12);
  });

  for (const c of [
    { loss: 'ce', bias: true },
    { loss: 'ce', bias: false },
    { loss: 'mse', bias: true },
  ] as const) {
    it(`should bound the observed Hessian change along random directions with spectral norms, and not exceed the Frobenius bound (${c.loss}, bias ${c.bias})`, () => {
      // Arrange
      const loss = c.loss === 'ce' ? ce : mse;
      const p = parseUfmProblem({
        loss: c.loss,
        K: 4,
        d: 5,
        n: 2,
        lambdaW: 0.01,
        lambdaH: 0.02,
        lambdaB: 0,
        bias: c.bias,
      });
      const f = ufmObjective(p, loss);
      const rng = createRng(23);
      const theta = Float64Array.from({ length: f.dim }, () => 1.5 * rng.normal());
      const r = 0.05;
      // Act
      const spec = pointNorms(p, loss, theta, true),
        frob = pointNorms(p, loss, theta);
      const rhoSpec = hessianLipschitzBound(c.loss, spec, r) as number,
        rhoFrob = hessianLipschitzBound(c.loss, frob, r) as number;
      let observed = 0;
      const h0 = f.hessianAt(theta),
        hv0 = new Float64Array(f.dim),
        hv1 = new Float64Array(f.dim);
      for (let trial = 0; trial < 40; trial++) {
        const dir = Float64Array.from({ length: f.dim }, () => rng.normal());
        const v = Float64Array.from({ length: f.dim }, () => rng.normal());
        const nd = Math.hypot(...dir),
          nv = Math.hypot(...v);
        const t = r * rng.uniform();
        const th1 = theta.map((x, i) => x + (t / nd) * (dir[i] as number));
        h0.apply(
          v.map((x) => x / nv),
          hv0,
        );
        f.hessianAt(th1).apply(
          v.map((x) => x / nv),
          hv1,
        );
        let q = 0;
        for (let i = 0; i < f.dim; i++) q += ((hv1[i] as number) - (hv0[i] as number)) * ((v[i] as number) / nv);
        observed = Math.max(observed, Math.abs(q) / t);
      }
      // Assert
      expect(spec.specW).toBeLessThanOrEqual(frob.normW * (1 + 1e-12));
      expect(spec.specH).toBeLessThanOrEqual(frob.normH * (1 + 1e-12));
      expect(observed).toBeLessThanOrEqual(rhoSpec);
      expect(rhoSpec).toBeLessThanOrEqual(rhoFrob);
      expect(gradientRoundingBound(spec, 1e-3)).toBeLessThanOrEqual(gradientRoundingBound(frob, 1e-3));
    });
  }
});
