/**
 * Exact-derivative tests for the ReLU extended UFM (THEORY.md §2.5), away from kinks and at one.
 *
 * Away from kinks f is a polynomial of degree 6 on each sign region of P = W₁H₁, so the exact 7-point stencil of
 * extended.test.ts applies as long as no pre-activation changes sign on the stencil segment [−3h, 3h]. Along the
 * line, P(t) = P + t P₁ + t² P₂ with P₁ = U₁H₁ + W₁V and P₂ = U₁V, so |P_ij| > 3h|P₁_ij| + 9h²|P₂_ij| for all ij
 * guarantees it; h is halved until that holds (h stays a power of two so dyadic arithmetic stays exact).
 */
import { describe, it, expect } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import type { Rng } from '../../../src/core/index.ts';
import { extendedLayout, extendedObjective, packExtended } from '../../../src/models/extended.ts';
import type { ExtendedProblem } from '../../../src/models/extended.ts';
import { reluExtendedObjective, reluKinks } from '../../../src/models/reluExtended.ts';
import type { Objective } from '../../../src/models/objective.ts';

const CENTRAL = [-1, 9, -45, 0, 45, -9, 1] as const; // offsets −3..3, /(60h): exact for degree ≤ 6
const FORWARD = [-147, 360, -450, 400, -225, 72, -10] as const; // offsets 0..6, /(60h): exact for degree ≤ 6

function dyadic(rng: Rng, len: number, maxAbs: number): Float64Array {
  const x = new Float64Array(len);
  for (let i = 0; i < len; i++) x[i] = (rng.int(2 * maxAbs + 1) - maxAbs) / 4;
  return x;
}

function along(theta: Float64Array, v: Float64Array, t: number): Float64Array {
  const x = new Float64Array(theta.length);
  for (let i = 0; i < x.length; i++) x[i] = (theta[i] as number) + t * (v[i] as number);
  return x;
}

function dotPlain(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** A·B for row-major blocks of flat arrays. */
function mm(
  m: number,
  k: number,
  n: number,
  A: Float64Array,
  offA: number,
  B: Float64Array,
  offB: number,
): Float64Array {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += (A[offA + i * k + q] as number) * (B[offB + q * n + j] as number);
      C[i * n + j] = s;
    }
  return C;
}

/**
 * Largest h ∈ {1/4, 1/8, 1/16} such that no pre-activation changes sign on [−3h, 3h]; 0 if there is none (θ on or
 * near a kink). Smaller h adds significand bits: at h = 1/16 the worst case of f's intermediates here is ≈ 53 bits
 * (entries k/64 ⇒ Z numerators ≤ 2^23 over 2^18, squared sums ≤ 2^50 over 2^36); typical draws use far fewer. A
 * rounding can only make an exact equality fail (deterministically at this seed), never pass falsely.
 */
function safeStep(p: ExtendedProblem, theta: Float64Array, v: Float64Array): number {
  const L = extendedLayout(p);
  const { d, N, offW1, offH1 } = L;
  const P0 = mm(d, d, N, theta, offW1, theta, offH1);
  const P1a = mm(d, d, N, v, offW1, theta, offH1);
  const P1b = mm(d, d, N, theta, offW1, v, offH1);
  const P2 = mm(d, d, N, v, offW1, v, offH1);
  for (let h = 1 / 4; h >= 1 / 16; h /= 2) {
    // smaller h would need more than 53 bits in the dyadic arithmetic
    let ok = true;
    for (let i = 0; i < P0.length && ok; i++) {
      const bound = 3 * h * Math.abs((P1a[i] as number) + (P1b[i] as number)) + 9 * h * h * Math.abs(P2[i] as number);
      ok = Math.abs(P0[i] as number) > bound;
    }
    if (ok) return h;
  }
  return 0;
}

function stencil(
  f: Objective,
  theta: Float64Array,
  v: Float64Array,
  h: number,
  coeffs: readonly number[],
  first: number,
  grad: boolean,
): Float64Array {
  const acc = new Float64Array(grad ? f.dim : 1);
  const g = new Float64Array(f.dim);
  coeffs.forEach((c, i) => {
    if (c === 0) return;
    const x = along(theta, v, (first + i) * h);
    if (grad) {
      f.valueAndGrad(x, g);
      for (let j = 0; j < acc.length; j++) acc[j] = (acc[j] as number) + c * (g[j] as number);
    } else {
      acc[0] = (acc[0] as number) + c * f.value(x);
    }
  });
  return acc;
}

const P: ExtendedProblem = { K: 3, d: 4, counts: [2, 1, 1], lambdaW2: 1 / 8, lambdaW1: 1 / 4, lambdaH1: 1 / 16 };

describe('reluExtendedObjective', () => {
  it('should return the exact gradient and HVP away from kinks (dyadic points, exact stencil)', () => {
    // Arrange
    const f = reluExtendedObjective(P);
    const rng = createRng(99);
    const g = new Float64Array(f.dim),
      hv = new Float64Array(f.dim);
    let checked = 0;
    for (let trial = 0; trial < 400 && checked < 6; trial++) {
      const theta = dyadic(rng, f.dim, 4);
      const v = dyadic(rng, f.dim, 2);
      const h = safeStep(P, theta, v);
      if (h === 0) continue; // on or too near a kink: not a smooth-piece test point
      checked++;
      // Act
      f.valueAndGrad(theta, g);
      f.hessianAt(theta).apply(v, hv);
      const fdValue = stencil(f, theta, v, h, CENTRAL, -3, false)[0] as number;
      const fdGrad = stencil(f, theta, v, h, CENTRAL, -3, true);
      // Assert: exact equalities (dyadic arithmetic, polynomial of degree ≤ 6 on one piece)
      expect(fdValue).toBe(60 * h * dotPlain(g, v));
      for (let i = 0; i < f.dim; i++) expect(fdGrad[i]).toBe(60 * h * (hv[i] as number));
    }
    expect(checked).toBe(6);
  });

  it('should agree with the linear model (value, gradient, HVP) where every pre-activation is positive', () => {
    // Arrange: W1, H1 with positive entries ⇒ W1H1 > 0 entrywise, ReLU = identity near θ
    const rng = createRng(4);
    const L = extendedLayout(P);
    const theta = rng.fillNormal(new Float64Array(L.dim));
    for (let i = L.offW1; i < L.dim; i++) theta[i] = Math.abs(theta[i] as number) + 0.1;
    const v = rng.fillNormal(new Float64Array(L.dim));
    const lin = extendedObjective(P),
      relu = reluExtendedObjective(P);
    const gl = new Float64Array(L.dim),
      gr = new Float64Array(L.dim),
      hl = new Float64Array(L.dim),
      hr = new Float64Array(L.dim);
    // Act
    const fl = lin.valueAndGrad(theta, gl),
      fr = relu.valueAndGrad(theta, gr);
    lin.hessianAt(theta).apply(v, hl);
    relu.hessianAt(theta).apply(v, hr);
    // Assert: the same floating-point operations on the same operands ⇒ bitwise equal
    expect(fr).toBe(fl);
    expect(Array.from(gr)).toEqual(Array.from(gl));
    expect(Array.from(hr)).toEqual(Array.from(hl));
    expect(reluKinks(P, theta).count).toBe(0);
  });

  it('should use the one-sided convention σ′(0) = 0 at an exact kink', () => {
    // Arrange: K = d = 2, N = 2; W1 = I, H1 = [[1, 0], [1, 1]] ⇒ P = H1 has one exact zero, P[0,1].
    const p: ExtendedProblem = { K: 2, d: 2, counts: [1, 1], lambdaW2: 1 / 8, lambdaW1: 1 / 8, lambdaH1: 1 / 8 };
    const theta = packExtended(
      p,
      { rows: 2, cols: 2, data: Float64Array.of(1, 1 / 2, -1 / 2, 1) },
      { rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 1) },
      { rows: 2, cols: 2, data: Float64Array.of(1, 0, 1, 1) },
    );
    const L = extendedLayout(p);
    const idx = L.offH1 + 1; // H1[0,1]
    const v = new Float64Array(L.dim);
    v[idx] = 1; // +v keeps P[0,1] > 0 (active side); −v makes it negative (inactive side)
    const f = reluExtendedObjective(p);
    const g = new Float64Array(L.dim);
    const h = 1 / 8;
    // Act
    f.valueAndGrad(theta, g);
    const rightActive = (stencil(f, theta, v, h, FORWARD, 0, false)[0] as number) / (60 * h);
    const vNeg = v.map((x) => -x);
    const rightInactive = (stencil(f, theta, vNeg, h, FORWARD, 0, false)[0] as number) / (60 * h);
    // Assert: ∂f/∂H1[0,1] reported = −(derivative along −v) = the inactive piece's partial (here λ_H·0 = 0),
    // which differs from the active side's partial: f is not differentiable there.
    expect((g[idx] as number) + rightInactive).toBe(0);
    expect(g[idx]).toEqual(0);
    expect(rightActive).not.toBe(0);
    expect(reluKinks(p, theta)).toEqual({ count: 1, minAbs: 0, maxAbs: 1 });
  });

  it('should report every pre-activation of the origin as a kink', () => {
    // Arrange
    const L = extendedLayout(P);
    // Act
    const k = reluKinks(P, new Float64Array(L.dim));
    // Assert
    expect(k).toEqual({ count: L.d * L.N, minAbs: 0, maxAbs: 0 });
  });

  it('should count near-kinks within the tolerance', () => {
    // Arrange: W1 = I, H1 entries 1e-9 and 1 ⇒ one near-kink
    const p: ExtendedProblem = { K: 2, d: 2, counts: [1, 1], lambdaW2: 0, lambdaW1: 0, lambdaH1: 0 };
    const theta = packExtended(
      p,
      { rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 1) },
      { rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 1) },
      { rows: 2, cols: 2, data: Float64Array.of(1e-9, 1, 1, 1) },
    );
    // Act / Assert
    expect(reluKinks(p, theta).count).toBe(0);
    expect(reluKinks(p, theta, 1e-8).count).toBe(1);
    expect(reluKinks(p, theta).minAbs).toBe(1e-9);
  });
});
