import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import { certifyRankRFrame, collapsedExtended, extendedCurvature } from '../../../src/certified/index.ts';
import { extendedObjective } from '../../../src/models/index.ts';
import type { ExtendedProblem } from '../../../src/models/index.ts';
import { extendedFramePoint, predictExtended } from '../../../src/theory/index.ts';

// The rank-r frame certificate (src/certified/extended/rankRFrame.ts module doc; Tirer & Bruna eq. (23); THEORY.md
// §2.4 "landscape remark"): every field recomputed here from the frame the theory constructs and the doc's formulas.

const U = 2 ** -53;
// K = 3, d = 4, n = 2 below the threshold (ν ≈ 0.30 < 2^{−4/3} ≈ 0.397), r = 1 (the fixture of issue5Extended.test.ts)
const P: ExtendedProblem = { K: 3, d: 4, counts: [2, 2, 2], lambdaW2: 0.1, lambdaW1: 0.12, lambdaH1: 0.09 };
const R = 1;
const SEED = 5;

function frob(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s);
}

describe('certifyRankRFrame', () => {
  const c = certifyRankRFrame(P, R, SEED);
  const fr = extendedFramePoint(P, R, { rng: createRng(SEED) });

  it('should measure the frame drawn from the seed: f(θ) within τ_v of (r/K)ψ(σ) + (1 − r/K)/2, ‖∇f‖ ≤ τ_g', () => {
    // Arrange: the same frame, evaluated here with the full objective
    const obj = extendedObjective(P);
    const theta = new Float64Array(obj.dim);
    theta.set(fr.W2.data, 0);
    theta.set(fr.W1.data, 3 * 4);
    theta.set(fr.H1.data, 3 * 4 + 4 * 4);
    const g = new Float64Array(obj.dim);
    const value = obj.valueAndGrad(theta, g);
    // Assert
    expect(c.p).toBe(P);
    expect(c.value).toBe(value);
    expect(c.gradNorm).toBe(frob(g));
    expect(c.predictedValue).toBe(fr.value);
    expect(Math.abs(c.value - c.predictedValue)).toBeLessThanOrEqual(c.valueTol);
    expect(c.gradNorm).toBeLessThanOrEqual(c.gradTol);
    // a rank-1 frame of K = 3 is spurious: its value exceeds f* = ψ(σ*) by far more than rounding
    expect(c.fStar).toBe(predictExtended(P).fStar);
    expect(c.value).toBeGreaterThan(c.fStar + 1e-3);
  });

  it('should derive τ_g and τ_v from the module-doc formulas (Higham Thm 3.5 and (3.4)), at r = 1 and r = 2', () => {
    // Arrange: the r = 1 fixture, and K = 4, d = 5, n = 1, r = 2 above the threshold (issue5Extended.test.ts)
    const p2: ExtendedProblem = { K: 4, d: 5, counts: [1, 1, 1, 1], lambdaW2: 0.11, lambdaW1: 0.1, lambdaH1: 0.1 };
    const cases = [
      { p: P, r: R, seed: SEED, n: 2 },
      { p: p2, r: 2, seed: 9, n: 1 },
    ];
    for (const { p, r, seed, n } of cases) {
      const cert = certifyRankRFrame(p, r, seed);
      const f = extendedFramePoint(p, r, { rng: createRng(seed) });
      const { K, d } = p;
      const N = n * K;
      // A = W₁H₁ (d×N) by hand
      const A = new Float64Array(d * N);
      for (let i = 0; i < d; i++)
        for (let j = 0; j < N; j++) {
          let s = 0;
          for (let m = 0; m < d; m++) s += (f.W1.data[i * d + m] as number) * (f.H1.data[m * N + j] as number);
          A[i * N + j] = s;
        }
      const nW2 = frob(f.W2.data),
        nW1 = frob(f.W1.data),
        nH1 = frob(f.H1.data),
        nA = frob(A);
      const gAbs = (nW2 * nA + Math.sqrt(N)) / N;
      const tolG =
        (2 * d + N + K + 3 * r + 20) *
        U *
        (gAbs * nA + nW2 * gAbs * nH1 + nW1 * nW2 * gAbs + p.lambdaW2 * nW2 + p.lambdaW1 * nW1 + p.lambdaH1 * nH1);
      const thetaSq = nW2 ** 2 + nW1 ** 2 + nH1 ** 2;
      const maxLambda = Math.max(p.lambdaW2, p.lambdaW1, p.lambdaH1);
      const tolV = (K * N + K * d + d * d + d * N) * U * (Math.abs(cert.value) + thetaSq * maxLambda + 1);
      // Assert: the same sums in another order
      expect(Math.abs(cert.gradTol - tolG)).toBeLessThanOrEqual(1e-12 * tolG);
      expect(Math.abs(cert.valueTol - tolV)).toBeLessThanOrEqual(1e-12 * tolV);
      expect(cert.gradNorm).toBeLessThanOrEqual(cert.gradTol);
    }
  });

  it('should certify the curvature on the reduction modulo symmetries and the frame family, with τ_H = 4·dim·u·|λ_max|', () => {
    // Arrange: the reduced point of the frame is U = √n·H̄₁
    const red = collapsedExtended(P);
    const theta = new Float64Array(red.obj.dim + 4 * 3);
    theta.set(fr.W2.data, 0);
    theta.set(fr.W1.data, 12);
    theta.set(fr.H1.data, 28);
    const expected = extendedCurvature(red, red.fromFull(theta), SEED, true);
    // Assert
    expect(c.curvature).toEqual(expected);
    // At the rank-1 frame W₂ = a·u rᵀ, W₁ = b·r rᵀ, H̄₁ = c·r uᵀ the rotations of r's complement fix the point:
    // each O(d) action keeps d(d−1)/2 − (d−1)(d−2)/2 = 3 tangents, and the family adds r(K − r) = 2 (the K-side
    // rotation of u's complement fixes the frame too): 3 + 3 + 2.
    expect(c.curvature.deflated).toBe(8);
    expect(c.hvpTol).toBe(4 * red.obj.dim * U * Math.abs(expected.lambdaMax));
    // the claim: a strict local minimum modulo the family
    expect(c.curvature.converged).toBe(true);
    expect(c.curvature.muCollapsed - c.curvature.residual).toBeGreaterThan(c.hvpTol);
  });

  it('should report σ, the certificate and f* in its evidence', () => {
    expect(c.evidence).toEqual({
      sigma: fr.sigma,
      gradNorm: c.gradNorm,
      gradTol: c.gradTol,
      mu: c.curvature.muCollapsed,
      lanczosResidual: c.curvature.residual,
      hvpTol: c.hvpTol,
      deflated: c.curvature.deflated,
      fStar: c.fStar,
      lambdaH1: 0.09,
    });
  });
});
