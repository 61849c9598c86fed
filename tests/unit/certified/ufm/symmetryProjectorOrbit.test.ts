/**
 * The symmetry projector (symmetryProjector.ts) against the geometry of the O(d) orbit (THEORY.md §0; the
 * curvature-modulo-symmetry certificate discounts exactly these directions): at u = (W, U, b) in the scaled
 * collapsed layout (u_k = √n_k h̄_k, so unequal class counts only rescale U's columns) it keeps every orbit tangent
 * L(A) = (W Aᵀ, A U, 0), A skew; it annihilates the radial direction (W, U, 0), orthogonal to the orbit because
 * ⟨(W, U), L(A)⟩ = ⟨S, A⟩ = 0 for S = WᵀW + UUᵀ symmetric; its trace is the orbit's dimension
 * m(m−1)/2 + m(d−m) (m = rank S) plus the CE bias shift; and it does not depend on the frame: at the rotated point
 * (W Rᵀ, R U) it is the rotated projector. Cases at d = K − 1 (a simplex ETF) and d ≥ K, with and without the bias.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/core/index.ts';
import { symmetryProjector } from '../../../../src/certified/ufm/symmetryProjector.ts';
import { ce, mse } from '../../../../src/losses/index.ts';
import type { LogitLoss } from '../../../../src/losses/index.ts';
import { parseUfmProblem } from '../../../../src/models/index.ts';
import type { UfmProblem } from '../../../../src/models/index.ts';

/** A random d×d orthogonal matrix (row-major), Gram–Schmidt on Gaussian rows. */
function randomRotation(d: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const R = Float64Array.from({ length: d * d }, () => rng.normal());
  for (let i = 0; i < d; i++) {
    for (let pass = 0; pass < 2; pass++)
      for (let j = 0; j < i; j++) {
        let c = 0;
        for (let r = 0; r < d; r++) c += (R[i * d + r] as number) * (R[j * d + r] as number);
        for (let r = 0; r < d; r++) R[i * d + r] = (R[i * d + r] as number) - c * (R[j * d + r] as number);
      }
    let nrm = 0;
    for (let r = 0; r < d; r++) nrm += (R[i * d + r] as number) ** 2;
    nrm = Math.sqrt(nrm);
    for (let r = 0; r < d; r++) R[i * d + r] = (R[i * d + r] as number) / nrm;
  }
  return R;
}

/** (W, U, b) → (W Rᵀ, R U, b) on the layout [W K×d | U d×K | b]. */
function rotate(K: number, d: number, R: Float64Array, v: Float64Array): Float64Array {
  const out = v.slice();
  for (let k = 0; k < K; k++)
    for (let a = 0; a < d; a++) {
      let s = 0,
        t = 0;
      for (let r = 0; r < d; r++) {
        s += (v[k * d + r] as number) * (R[a * d + r] as number);
        t += (R[a * d + r] as number) * (v[K * d + r * K + k] as number);
      }
      out[k * d + a] = s;
      out[K * d + a * K + k] = t;
    }
  return out;
}

/** L(A) = (W Aᵀ, A U, 0) for a skew A built from a seeded Gaussian matrix. */
function orbitTangent(K: number, d: number, u: Float64Array, seed: number): Float64Array {
  const rng = createRng(seed);
  const G = Float64Array.from({ length: d * d }, () => rng.normal());
  const A = (i: number, j: number) => (G[i * d + j] as number) - (G[j * d + i] as number);
  const t = new Float64Array(u.length);
  for (let k = 0; k < K; k++)
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let r = 0; r < d; r++) s += (u[k * d + r] as number) * A(a, r);
      t[k * d + a] = s;
    }
  for (let a = 0; a < d; a++)
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let r = 0; r < d; r++) s += A(a, r) * (u[K * d + r * K + k] as number);
      t[K * d + a * K + k] = s;
    }
  return t;
}

const norm = (v: Float64Array) => Math.hypot(...v);

type Case = { K: number; d: number; loss: 'ce' | 'mse'; bias: boolean; counts: number[]; shape: 'etf' | 'generic' };
const CASES: readonly Case[] = [
  { K: 4, d: 3, loss: 'ce', bias: true, counts: [1, 2, 3, 5], shape: 'etf' },
  { K: 4, d: 3, loss: 'mse', bias: false, counts: [2, 2, 2, 2], shape: 'etf' },
  { K: 3, d: 5, loss: 'ce', bias: false, counts: [1, 4, 9], shape: 'generic' },
  { K: 3, d: 8, loss: 'ce', bias: true, counts: [3, 1, 2], shape: 'generic' },
];

/** The case's problem (n = 2 per class, λ_W = λ_H = 0.01, no bias decay) and its loss. */
function problemOf(c: Case): { p: UfmProblem; loss: LogitLoss } {
  const p = parseUfmProblem({
    loss: c.loss,
    K: c.K,
    d: c.d,
    n: 2,
    lambdaW: 0.01,
    lambdaH: 0.01,
    lambdaB: 0,
    bias: c.bias,
  });
  return { p, loss: c.loss === 'ce' ? ce : mse };
}

/** A point with U's column k = √n_k h̄_k: an ETF (d = K − 1, H̄ ∝ Wᵀ) or a seeded Gaussian one. */
function pointOf(c: Case, seed: number): Float64Array {
  const { K, d } = c;
  const rng = createRng(seed);
  const u = Float64Array.from({ length: 2 * K * d + (c.bias ? K : 0) }, () => rng.normal());
  if (c.shape === 'etf') {
    // Rows of W: the K vertices of a regular simplex in R^(K−1) (centred standard basis in K coordinates,
    // expressed in an orthonormal basis of 1^⊥), h̄_k = 0.7·w_k.
    const R = randomRotation(K, seed + 1); // its rows 1..K−1 span 1^⊥ after removing the 1 direction below
    const basis: number[][] = [];
    for (let i = 0; i < d; i++) {
      const row = Array.from({ length: K }, (_, j) => R[(i + 1) * K + j] as number);
      const mean = row.reduce((a, b) => a + b, 0) / K;
      basis.push(row.map((x) => x - mean));
    }
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < i; j++) {
        const bj = basis[j] as number[];
        const c2 = (basis[i] as number[]).reduce((a, x, q) => a + x * (bj[q] as number), 0);
        basis[i] = (basis[i] as number[]).map((x, q) => x - c2 * (bj[q] as number));
      }
      const nn = Math.hypot(...(basis[i] as number[]));
      basis[i] = (basis[i] as number[]).map((x) => x / nn);
    }
    for (let k = 0; k < K; k++)
      for (let r = 0; r < d; r++) {
        const w = (basis[r] as number[])[k] as number;
        u[k * d + r] = w;
        u[K * d + r * K + k] = Math.sqrt(c.counts[k] as number) * 0.7 * w;
      }
  } else {
    for (let k = 0; k < K; k++)
      for (let r = 0; r < d; r++)
        u[K * d + r * K + k] = (u[K * d + r * K + k] as number) * Math.sqrt(c.counts[k] as number);
  }
  return u;
}

describe('symmetry projector and the O(d) orbit', () => {
  for (const c of CASES) {
    const label = `${c.shape}, ${c.loss}, K=${c.K}, d=${c.d}, bias ${c.bias}, counts ${c.counts.join('/')}`;
    it(`should keep the orbit tangents, annihilate the radial direction and have the orbit's dimension as trace (${label})`, () => {
      // Arrange
      const { p, loss } = problemOf(c);
      const u = pointOf(c, 100 + c.K * 10 + c.d);
      const n = u.length;
      const pr = symmetryProjector(p, loss, u);
      const out = new Float64Array(n);
      // Act + Assert: tangents kept. Tolerance: the certified defect plus rounding of applying P (entries O(1),
      // condition of S ≤ ~10³ here): 1e-10 relative, as symmetryProjector.test.ts.
      for (let s = 0; s < 3; s++) {
        const t = orbitTangent(c.K, c.d, u, 7 + s);
        pr.project(t, out);
        let diff = 0;
        for (let i = 0; i < n; i++) diff = Math.max(diff, Math.abs((out[i] as number) - (t[i] as number)));
        expect(diff).toBeLessThanOrEqual((1e-10 + pr.defect) * norm(t));
      }
      // radial direction (W, U, 0) annihilated
      const radial = u.slice();
      radial.fill(0, 2 * c.K * c.d);
      pr.project(radial, out);
      expect(norm(out)).toBeLessThanOrEqual((1e-10 + pr.defect) * norm(radial));
      // trace = dimension: m = K − 1 at the ETF (range W = range H̄ = the simplex's span), min(d, 2K) generic
      const m = c.shape === 'etf' ? c.K - 1 : Math.min(c.d, 2 * c.K);
      const shift = c.bias && c.loss === 'ce' ? 1 : 0;
      expect(pr.m).toBe(m);
      expect(pr.rank).toBe((m * (m - 1)) / 2 + m * (c.d - m) + shift);
      let trace = 0;
      const e = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        e.fill(0);
        e[j] = 1;
        pr.project(e, out);
        trace += out[j] as number;
      }
      expect(Math.abs(trace - pr.rank)).toBeLessThanOrEqual(1e-9);
    });

    it(`should be the rotated projector at the rotated point (W Rᵀ, R U) (${label})`, () => {
      // Arrange
      const { p, loss } = problemOf(c);
      const u = pointOf(c, 200 + c.K * 10 + c.d);
      const R = randomRotation(c.d, 31 + c.d);
      const n = u.length;
      const pu = symmetryProjector(p, loss, u);
      const pRu = symmetryProjector(p, loss, rotate(c.K, c.d, R, u));
      const rng = createRng(5);
      const a = new Float64Array(n),
        b = new Float64Array(n);
      for (let s = 0; s < 3; s++) {
        const v = rng.fillNormal(new Float64Array(n));
        // Act: P_{Ru}(R v) against R (P_u v)
        pRu.project(rotate(c.K, c.d, R, v), a);
        pu.project(v, b);
        const want = rotate(c.K, c.d, R, b);
        // Assert: the two eigenbases differ (rotated, and free within clusters of S's spectrum), the projectors
        // may not; 1e-10 relative as above.
        let diff = 0;
        for (let i = 0; i < n; i++) diff = Math.max(diff, Math.abs((a[i] as number) - (want[i] as number)));
        expect(diff).toBeLessThanOrEqual((1e-10 + pu.defect + pRu.defect) * norm(v));
      }
    });
  }
});
