/**
 * Attacks on the curvature modulo symmetry μ (curvature.ts) and the distance bound δ = 2ε/μ (tolerance.ts), issue 9
 * item 4. μ must be a LOWER bound on the true curvature (an overestimate shrinks δ below the true distance) and δ
 * must bound the distance to the solution set without being loose by orders of magnitude (δ × 10⁴ passes every
 * soundness check, so only a tightness check can see it).
 *
 * 1. Tiny curvature of known sign: at the origin (THEORY.md §6.1, exactly critical, collapsed, no symmetry tangents
 *    since W = H = 0) λ_min of the (W, H) block is q(σ₀) = (λ_W+λ_H)/2 − √(((λ_W−λ_H)/2)² + σ₀²), σ₀ = 1/(K√n). The
 *    λ's are chosen so that q = ∓1e-6 and the bias block (λ_b for CE, 1 + λ_b for MSE) is far above.
 * 2. Known distance: a certified minimizer moved by s along the softest direction v of the Hessian modulo symmetry
 *    (dense eigendecomposition of the class-mean reduction in the full metric, tangents deflated). The solution set is
 *    one O(d) orbit (× the unique b*), so dist = min_Q ‖θ − Q·θ*‖, Q from the SVD of WᵀW* + H H*ᵀ (orthogonal
 *    Procrustes). To first order ε = μ·s and dist = s, so δ = 2ε/μ ≈ 2·dist: δ must lie in
 *    [dist, 3·dist]. A random direction (stiffer) must still give δ ≥ dist.
 */
import { describe, expect, it } from 'vitest';
import { matOf } from '../../../../src/core/index.ts';
import { createRng } from '../../../../src/core/index.ts';
import { certifiedMinimizer, isCertified } from '../../../../src/certified/ufm/certified.ts';
import { restrictedCurvature, symmetryBasis } from '../../../../src/certified/ufm/curvature.ts';
import { scaledCollapsed } from '../../../../src/certified/ufm/solve.ts';
import { distanceBound } from '../../../../src/certified/ufm/tolerance.ts';
import { denseHessian } from '../../../../src/certify/index.ts';
import { ce, mse } from '../../../../src/losses/index.ts';
import type { LogitLoss } from '../../../../src/losses/index.ts';
import { dot, nrm2, svd, symEig } from '../../../../src/linalg/index.ts';
import { parseUfmProblem, ufmLayout, ufmObjective } from '../../../../src/models/index.ts';
import type { UfmProblem } from '../../../../src/models/index.ts';
import { originLambdaMinWH, originPoint } from '../../../../src/theory/index.ts';

const lossOf = (id: string): LogitLoss => (id === 'ce' ? ce : mse);

/** λ_W = t·√r, λ_H = t/√r with q(σ₀) = target (bisection on t; q increases with t). */
function lambdasFor(K: number, n: number, ratio: number, target: number): { lambdaW: number; lambdaH: number } {
  const q = (t: number): number => originLambdaMinWH(K, n, t * Math.sqrt(ratio), t / Math.sqrt(ratio));
  let lo = 0,
    hi = 1;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (q(mid) < target) lo = mid;
    else hi = mid;
  }
  return { lambdaW: hi * Math.sqrt(ratio), lambdaH: hi / Math.sqrt(ratio) };
}

function gradNorm(p: UfmProblem, loss: LogitLoss, theta: Float64Array): number {
  const f = ufmObjective(p, loss);
  const g = new Float64Array(f.dim);
  f.valueAndGrad(theta, g);
  return nrm2(g);
}

/**
 * Distance from θ to the O(d) orbit of θ* (with b fixed at b*), by orthogonal Procrustes: the best Q maximises
 * ⟨Q, WᵀW* + H H*ᵀ⟩, i.e. Q = UVᵀ from its SVD; the distance is then evaluated as ‖θ − Q·θ*‖ directly (the closed
 * form ‖θ‖² + ‖θ*‖² − 2‖M‖_* cancels catastrophically at distances of 1e-6).
 */
function orbitDistance(p: UfmProblem, theta: Float64Array, star: Float64Array): number {
  const L = ufmLayout(p);
  const { K, d, N } = L;
  const A = L.unpack(theta),
    B = L.unpack(star);
  const M = new Float64Array(d * d);
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < d; c++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += (A.W.data[k * d + r] as number) * (B.W.data[k * d + c] as number);
      for (let j = 0; j < N; j++) s += (A.H.data[r * N + j] as number) * (B.H.data[c * N + j] as number);
      M[r * d + c] = s;
    }
  }
  const { U, V } = svd(matOf(d, d, M));
  const Q = new Float64Array(d * d); // Q = U Vᵀ
  for (let r = 0; r < d; r++)
    for (let c = 0; c < d; c++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += (U.data[r * d + i] as number) * (V.data[c * d + i] as number);
      Q[r * d + c] = s;
    }
  let d2 = 0;
  for (let k = 0; k < K; k++) {
    for (let r = 0; r < d; r++) {
      // (W* Qᵀ)[k, r] = Σ_c W*[k, c] Q[r, c]
      let s = 0;
      for (let c = 0; c < d; c++) s += (B.W.data[k * d + c] as number) * (Q[r * d + c] as number);
      d2 += ((A.W.data[k * d + r] as number) - s) ** 2;
    }
  }
  for (let r = 0; r < d; r++) {
    for (let j = 0; j < N; j++) {
      // (Q H*)[r, j]
      let s = 0;
      for (let c = 0; c < d; c++) s += (Q[r * d + c] as number) * (B.H.data[c * N + j] as number);
      d2 += ((A.H.data[r * N + j] as number) - s) ** 2;
    }
  }
  if (L.hasBias) for (let k = 0; k < K; k++) d2 += ((A.b[k] as number) - (B.b[k] as number)) ** 2;
  return Math.sqrt(d2);
}

/** Unit vectors in the collapsed scaled coordinates: the softest direction modulo symmetry, and a random one ⊥ tangents. */
function directions(
  p: UfmProblem,
  loss: LogitLoss,
  u: Float64Array,
  seed: number,
): { soft: Float64Array; softValue: number; random: Float64Array } {
  const red = scaledCollapsed(p, loss);
  const basis = symmetryBasis(p, loss, u);
  const n = u.length;
  const project = (v: Float64Array): Float64Array => {
    const w = v.slice();
    for (let pass = 0; pass < 2; pass++)
      for (const e of basis) {
        const c = dot(e, w);
        for (let i = 0; i < n; i++) w[i] = (w[i] as number) - c * (e[i] as number);
      }
    return w;
  };
  const Hd = denseHessian(red.obj, u).H;
  // M = P H P + c (I − P): the tangent directions sit at c, far above the spectrum.
  const P = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const e = new Float64Array(n);
    e[j] = 1;
    P.set(project(e), j * n);
  } // column j of P (P symmetric)
  const c = 1e3;
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let a = 0; a < n; a++)
        for (let b = 0; b < n; b++)
          s += (P[a * n + i] as number) * (Hd[a * n + b] as number) * (P[b * n + j] as number);
      M[i * n + j] = s + c * ((i === j ? 1 : 0) - (P[i * n + j] as number));
    }
  }
  const eig = symEig(matOf(n, n, M));
  const soft = Float64Array.from({ length: n }, (_, i) => eig.vectors.data[i * n] as number);
  const rng = createRng(seed);
  const random = project(Float64Array.from({ length: n }, () => rng.normal()));
  const rn = nrm2(random);
  for (let i = 0; i < n; i++) random[i] = (random[i] as number) / rn;
  return { soft, softValue: eig.values[0] as number, random };
}

describe('curvature modulo symmetry under attack (curvature.ts)', () => {
  for (const c of [
    { loss: 'ce', bias: true, lambdaB: 0.05 },
    { loss: 'mse', bias: false, lambdaB: 0 },
    { loss: 'mse', bias: true, lambdaB: 0 },
  ] as const) {
    for (const ratio of [1, 3]) {
      it(`should report μ < 0 at the origin with λ_min = −1e-6 (${c.loss}, bias ${c.bias}, λ_W/λ_H = ${ratio})`, () => {
        // Arrange
        const K = 4,
          n = 3;
        const p = parseUfmProblem({
          loss: c.loss,
          K,
          d: 5,
          n,
          ...lambdasFor(K, n, ratio, -1e-6),
          lambdaB: c.lambdaB,
          bias: c.bias,
        });
        const o = originPoint(p, lossOf(c.loss));
        // Act
        const cv = restrictedCurvature(p, lossOf(c.loss), o.theta, 1);
        // Assert
        expect(o.lambdaMin).toBeCloseTo(-1e-6, 12);
        expect(cv.converged).toBe(true);
        expect(cv.mu).toBeLessThan(0);
        expect(Math.abs(cv.rayleigh - o.lambdaMin)).toBeLessThan(1e-9);
      });

      it(`should report 0 < μ ≤ λ_min = +1e-6 at the origin, neither overestimated nor lost (${c.loss}, bias ${c.bias}, λ_W/λ_H = ${ratio})`, () => {
        // Arrange
        const K = 4,
          n = 3;
        const p = parseUfmProblem({
          loss: c.loss,
          K,
          d: 5,
          n,
          ...lambdasFor(K, n, ratio, 1e-6),
          lambdaB: c.lambdaB,
          bias: c.bias,
        });
        const o = originPoint(p, lossOf(c.loss));
        // Act
        const cv = restrictedCurvature(p, lossOf(c.loss), o.theta, 2);
        // Assert: a certified lower bound (never above the truth), and within 1e-3 relative of it.
        expect(o.lambdaMin).toBeCloseTo(1e-6, 12);
        expect(cv.mu).toBeLessThanOrEqual(o.lambdaMin + 1e-15);
        expect(cv.mu).toBeGreaterThan(o.lambdaMin * (1 - 1e-3));
      });
    }
  }
});

describe('distance bound δ = 2ε/μ under attack (tolerance.ts)', () => {
  const CASES = [
    { loss: 'mse', K: 3, d: 4, n: 2, lambda: 1e-2, bias: false, lambdaB: 0 },
    { loss: 'mse', K: 4, d: 4, n: 3, lambda: 1e-4, bias: false, lambdaB: 0 },
    { loss: 'ce', K: 3, d: 3, n: 2, lambda: 1e-2, bias: true, lambdaB: 0.05 },
    { loss: 'ce', K: 4, d: 5, n: 2, lambda: 1e-3, bias: false, lambdaB: 0 },
  ] as const;
  for (const c of CASES) {
    const label = `${c.loss} K=${c.K} d=${c.d} n=${c.n} λ=${c.lambda} bias ${c.bias}`;
    const setup = (): { p: UfmProblem; loss: LogitLoss; star: Float64Array; u: Float64Array } => {
      const p = parseUfmProblem({
        loss: c.loss,
        K: c.K,
        d: c.d,
        n: c.n,
        lambdaW: c.lambda,
        lambdaH: c.lambda,
        lambdaB: c.lambdaB,
        bias: c.bias,
      });
      const loss = lossOf(c.loss);
      const cp = certifiedMinimizer(p, { seed: 11, loss });
      if (!isCertified(cp)) throw new Error(`${label}: not certified: ${cp.why}`);
      return { p, loss, star: cp.theta, u: scaledCollapsed(p, loss).fromFull(cp.theta) };
    };

    it(`should bound the true distance of a minimizer moved along its softest direction within a factor 3 (${label})`, () => {
      // Arrange
      const { p, loss, star, u } = setup();
      const { soft, softValue } = directions(p, loss, u, 1);
      const s = 1e-6;
      const theta = scaledCollapsed(p, loss).toFull(u.map((x, i) => x + s * (soft[i] as number)));
      const dist = orbitDistance(p, theta, star);
      // Act
      const mu = restrictedCurvature(p, loss, theta, 3).mu;
      const { delta } = distanceBound(gradNorm(p, loss, theta), mu);
      // Assert
      expect(softValue).toBeGreaterThan(0);
      expect(dist).toBeGreaterThan(0.99 * s);
      expect(dist).toBeLessThan(1.01 * s);
      expect(delta).toBeGreaterThanOrEqual(dist);
      expect(delta).toBeLessThanOrEqual(3 * dist);
    });

    it(`should still bound the true distance along a random direction ⊥ the orbit (${label})`, () => {
      // Arrange
      const { p, loss, star, u } = setup();
      const { random } = directions(p, loss, u, 7);
      const theta = scaledCollapsed(p, loss).toFull(u.map((x, i) => x + 1e-6 * (random[i] as number)));
      // Act
      const mu = restrictedCurvature(p, loss, theta, 4).mu;
      const { delta } = distanceBound(gradNorm(p, loss, theta), mu);
      // Assert
      expect(delta).toBeGreaterThanOrEqual(orbitDistance(p, theta, star));
    });
  }
});
