/**
 * Rank reduction d → d′ = K (src/certified/ufm/rankReduction.ts) against the unreduced dense computation on small
 * instances: the lifted Hessian splits exactly into the d′ block and d − d′ copies of B = [[λ_W I, G], [Gᵀ, λ_H I]];
 * the lifted certificate's μ equals the dense λ_min of the d problem's Hessian off the dense orbit tangents; and a
 * local minimizer of a smaller problem that is a saddle of the larger one (every d′ certificate passes) is rejected
 * through B.
 */
import { describe, expect, it } from 'vitest';
import { createRng, matOf } from '../../../../src/core/index.ts';
import { certifiedMinimizer, isCertified } from '../../../../src/certified/ufm/certified.ts';
import { restrictedCurvature, symmetryBasis } from '../../../../src/certified/ufm/curvature.ts';
import { extraBlockCurvature, liftPoint } from '../../../../src/certified/ufm/rankReduction.ts';
import { solveUfm } from '../../../../src/certified/ufm/solve.ts';
import { symEigPacked } from '../../../../src/linalg/index.ts';
import { ce, mse } from '../../../../src/losses/index.ts';
import type { LogitLoss } from '../../../../src/losses/index.ts';
import { labelsOf, parseUfmProblem, ufmLayout, ufmObjective } from '../../../../src/models/index.ts';
import type { UfmProblem } from '../../../../src/models/index.ts';

/** Dense Hessian of the full objective at θ (column j = ∇²f e_j). */
function denseHessian(p: UfmProblem, loss: LogitLoss, theta: Float64Array): Float64Array {
  const f = ufmObjective(p, loss);
  const n = f.dim,
    H = new Float64Array(n * n),
    e = new Float64Array(n),
    col = new Float64Array(n);
  const hv = f.hessianAt(theta);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    hv.apply(e, col);
    for (let i = 0; i < n; i++) H[i * n + j] = col[i] as number;
  }
  return H;
}

/** G = ∇_Z L (K×N) at θ. */
function lossGrad(p: UfmProblem, loss: LogitLoss, theta: Float64Array): Float64Array {
  const L = ufmLayout(p);
  const Z = new Float64Array(L.K * L.N);
  for (let k = 0; k < L.K; k++) {
    for (let j = 0; j < L.N; j++) {
      let s = L.hasBias ? (theta[L.offB + k] as number) : 0;
      for (let r = 0; r < L.d; r++)
        s += (theta[L.offW + k * L.d + r] as number) * (theta[L.offH + r * L.N + j] as number);
      Z[k * L.N + j] = s;
    }
  }
  const G = new Float64Array(L.K * L.N);
  loss.valueAndGrad(matOf(L.K, L.N, Z), labelsOf(p), matOf(L.K, L.N, G));
  return G;
}

/** λ_min of the dense symmetric H (n×n) on the orthogonal complement of the orthonormal vectors T. */
function restrictedMin(n: number, H: Float64Array, T: readonly Float64Array[]): number {
  // P⊥HP⊥ + c·P with c above every eigenvalue of H, so the deflated directions cannot be the minimum.
  let c = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.abs(H[i * n + j] as number);
    c = Math.max(c, s);
  }
  c = 2 * c + 1;
  const Pp = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Pp[i * n + i] = 1;
  for (const t of T)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) Pp[i * n + j] = (Pp[i * n + j] as number) - (t[i] as number) * (t[j] as number);
  const A = new Float64Array(n * n),
    M = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const a = Pp[i * n + k] as number;
      if (a !== 0) for (let j = 0; j < n; j++) M[i * n + j] = (M[i * n + j] as number) + a * (H[k * n + j] as number);
    }
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const a = M[i * n + k] as number;
      if (a !== 0) for (let j = 0; j < n; j++) A[i * n + j] = (A[i * n + j] as number) + a * (Pp[k * n + j] as number);
    }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      A[i * n + j] = (A[i * n + j] as number) + c * ((i === j ? 1 : 0) - (Pp[i * n + j] as number));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const s = 0.5 * ((A[i * n + j] as number) + (A[j * n + i] as number));
      A[i * n + j] = s;
      A[j * n + i] = s;
    }
  return symEigPacked(n, A).values[0] as number;
}

describe('rank reduction d → d′ = K', () => {
  it('should split the lifted Hessian exactly into the d′ block and identical blocks [[λ_W I, G], [Gᵀ, λ_H I]] per extra coordinate', () => {
    // Arrange: a generic (non-critical) point of the d′ = 3 problem, lifted to d = 5.
    const big = parseUfmProblem({ loss: 'ce', K: 3, d: 5, n: 1, lambdaW: 0.03, lambdaH: 0.05, lambdaB: 0, bias: true });
    const red = { ...big, d: 3 };
    const rng = createRng(11);
    const Lr = ufmLayout(red),
      Lb = ufmLayout(big);
    const thetaR = Float64Array.from({ length: Lr.dim }, () => rng.normal());
    const theta = liftPoint(big, red, thetaR);
    // Act
    const Hb = denseHessian(big, ce, theta),
      Hr = denseHessian(red, ce, thetaR);
    const G = lossGrad(red, ce, thetaR);
    // Assert: index maps of the d′ coordinates and of each extra coordinate p.
    const K = 3,
      N = 3,
      n = Lb.dim;
    const mainIdx: number[] = [];
    for (let k = 0; k < K; k++) for (let r = 0; r < 3; r++) mainIdx.push(Lb.offW + k * 5 + r);
    for (let r = 0; r < 3; r++) for (let j = 0; j < N; j++) mainIdx.push(Lb.offH + r * N + j);
    for (let k = 0; k < K; k++) mainIdx.push(Lb.offB + k);
    const blockOf = new Int32Array(n).fill(-1);
    for (const i of mainIdx) blockOf[i] = 0;
    const extraIdx = (p: number): number[] => [
      ...Array.from({ length: K }, (_, k) => Lb.offW + k * 5 + p),
      ...Array.from({ length: N }, (_, j) => Lb.offH + p * N + j),
    ];
    for (const p of [3, 4]) for (const i of extraIdx(p)) blockOf[i] = p;
    let scale = 0;
    for (const x of Hb) scale = Math.max(scale, Math.abs(x));
    let cross = 0,
      mainErr = 0,
      blockErr = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        if (blockOf[i] !== blockOf[j]) cross = Math.max(cross, Math.abs(Hb[i * n + j] as number));
    for (let a = 0; a < mainIdx.length; a++)
      for (let b = 0; b < mainIdx.length; b++)
        mainErr = Math.max(
          mainErr,
          Math.abs(
            (Hb[(mainIdx[a] as number) * n + (mainIdx[b] as number)] as number) - (Hr[a * Lr.dim + b] as number),
          ),
        );
    for (const p of [3, 4]) {
      const idx = extraIdx(p);
      for (let a = 0; a < 2 * K; a++) {
        for (let b = 0; b < 2 * K; b++) {
          const want =
            a < K && b < K
              ? a === b
                ? 0.03
                : 0
              : a >= K && b >= K
                ? a === b
                  ? 0.05
                  : 0
                : a < K
                  ? (G[a * N + (b - K)] as number)
                  : (G[b * N + (a - K)] as number);
          blockErr = Math.max(blockErr, Math.abs((Hb[(idx[a] as number) * n + (idx[b] as number)] as number) - want));
        }
      }
    }
    // Exact splitting: the cross terms are sums of products with exact zeros; the blocks agree to rounding.
    expect(cross).toBe(0);
    expect(mainErr).toBeLessThanOrEqual(64 * 2 ** -53 * scale);
    expect(blockErr).toBeLessThanOrEqual(64 * 2 ** -53 * scale);
  });

  for (const c of [
    { loss: 'ce', K: 4, d: 9, bias: true, lambda: 0.125 },
    { loss: 'ce', K: 3, d: 7, bias: false, lambda: 0.05 },
    { loss: 'mse', K: 4, d: 8, bias: false, lambda: 0.05 },
  ] as const) {
    it(`should certify the dense curvature modulo symmetry of the unreduced problem (${c.loss}, K=${c.K}, d=${c.d}, bias ${c.bias})`, () => {
      // Arrange
      const loss = c.loss === 'ce' ? ce : mse;
      const p = parseUfmProblem({
        loss: c.loss,
        K: c.K,
        d: c.d,
        n: 1,
        lambdaW: c.lambda,
        lambdaH: c.lambda,
        lambdaB: 0,
        bias: c.bias,
      });
      // Act
      const on = certifiedMinimizer(p, { seed: 3, loss, rankReduction: 'on' });
      const off = certifiedMinimizer(p, { seed: 3, loss, rankReduction: 'off' });
      // Assert
      if (!isCertified(on) || !isCertified(off))
        throw new Error(`not certified: ${JSON.stringify([on, off].map((x) => (isCertified(x) ? 'ok' : x)))}`);
      expect(on.theta.length).toBe(ufmLayout(p).dim);
      const H = denseHessian(p, loss, on.theta);
      const dense = restrictedMin(on.theta.length, H, symmetryBasis(p, loss, on.theta));
      // The certified μ is a lower bound on the dense λ_min and within the Lanczos residual + rounding of it.
      expect(on.curvature.mu).toBeLessThanOrEqual(dense + 1e-12);
      expect(on.curvature.mu).toBeGreaterThanOrEqual(dense - 1e-9);
      // The extra block alone: B = the dense Hessian on the last coordinate's (x, y), off the orthonormalised columns of
      // M = [W′; H′ᵀ] (the rotations into that coordinate).
      const L = ufmLayout(p),
        K = c.K,
        n = on.theta.length,
        q = c.d - 1;
      const idx = [
        ...Array.from({ length: K }, (_, k) => L.offW + k * c.d + q),
        ...Array.from({ length: K }, (_, j) => L.offH + q * K + j),
      ];
      const B = new Float64Array(4 * K * K);
      for (let a = 0; a < 2 * K; a++)
        for (let b = 0; b < 2 * K; b++) B[a * 2 * K + b] = H[(idx[a] as number) * n + (idx[b] as number)] as number;
      const tangents: Float64Array[] = [];
      for (let r = 0; r < K; r++) {
        const t = Float64Array.from({ length: 2 * K }, (_, a) =>
          a < K ? (on.theta[L.offW + a * c.d + r] as number) : (on.theta[L.offH + r * K + (a - K)] as number),
        );
        const n0 = Math.hypot(...t);
        for (let pass = 0; pass < 2; pass++)
          for (const e of tangents) {
            let s = 0;
            for (let i = 0; i < 2 * K; i++) s += (e[i] as number) * (t[i] as number);
            for (let i = 0; i < 2 * K; i++) t[i] = (t[i] as number) - s * (e[i] as number);
          }
        const n1 = Math.hypot(...t);
        if (n1 > 1e-7 * n0) tangents.push(t.map((x) => x / n1));
      }
      const denseB = restrictedMin(2 * K, B, tangents);
      const rr = on.evidence['rankReduced'] as { muExtraBlock: number; rayleighExtraBlock: number };
      expect(rr.muExtraBlock).toBeLessThanOrEqual(denseB + 1e-12);
      expect(Math.abs(rr.rayleighExtraBlock - denseB)).toBeLessThanOrEqual(1e-9);
      // The same minimizer modulo symmetry as the unreduced certificate: value and μ.
      expect(Math.abs(on.value - off.value)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(on.curvature.mu - off.curvature.mu)).toBeLessThanOrEqual(1e-8);
    });
  }

  it('should compute the same extra-block curvature on the WebAssembly kernels as on the JS ones', () => {
    // Arrange: a CE minimizer of the d′ = K = 12 problem (products 12×12×12 and up: the forced 'wasm' engine packs
    // them, 'js' is gemm.ts)
    const red = parseUfmProblem({
      loss: 'ce',
      K: 12,
      d: 12,
      n: 1,
      lambdaW: 0.02,
      lambdaH: 0.02,
      lambdaB: 0,
      bias: true,
    });
    const thetaR = solveUfm(red, { seed: 3, loss: ce, tol: 1e-12 }).result.theta;
    const js = extraBlockCurvature(red, ce, thetaR, 9, 'js');
    // Act
    const w = extraBlockCurvature(red, ce, thetaR, 9, 'wasm');
    // Assert: same kept rank; the two Ritz values each lie within their residual of an eigenvalue of operators that
    // differ by rounding (G and the projector), so they agree within the residuals plus 1e-12·λ_max.
    expect(w.rank).toBe(js.rank);
    expect(w.converged && js.converged).toBe(true);
    expect(Math.abs(w.rayleigh - js.rayleigh)).toBeLessThanOrEqual(
      w.residual + js.residual + 1e-12 * Math.abs(js.lambdaMax),
    );
    expect(Math.abs(w.mu - js.mu)).toBeLessThanOrEqual(w.residual + js.residual + 1e-12 * Math.abs(js.lambdaMax));
    expect(w.mu).toBeGreaterThan(0);
  });

  it('should reject, through the extra block, a local minimizer of the d′ = 1 problem that is a saddle once d > 1', () => {
    // Arrange: CE, K = 3, d′ = 1 — the rank-1 constrained minimizer is a nondegenerate local minimum of the d′ problem
    // (μ′ > 0, ‖∇f‖ at the solver's floor) but not global: THEORY.md §1.2 and §6.4 (embedded critical points).
    const red = parseUfmProblem({
      loss: 'ce',
      K: 3,
      d: 1,
      n: 1,
      lambdaW: 0.05,
      lambdaH: 0.05,
      lambdaB: 0,
      bias: false,
    });
    const sol = solveUfm(red, { seed: 5, loss: ce, tol: 1e-12, secondOrder: true });
    const thetaR = sol.result.theta;
    const local = restrictedCurvature(red, ce, thetaR, 5);
    // Act
    const extra = extraBlockCurvature(red, ce, thetaR, 5);
    // Assert: every d′ certificate passes …
    expect(sol.result.status).toBe('converged');
    expect(local.converged && local.mu > 0).toBe(true);
    // … and the lifted curvature is negative, equal to the dense λ_min of B off range(M).
    const G = lossGrad(red, ce, thetaR);
    const K = 3,
      n = 6,
      B = new Float64Array(n * n);
    for (let i = 0; i < K; i++) {
      B[i * n + i] = 0.05;
      B[(K + i) * n + K + i] = 0.05;
      for (let j = 0; j < K; j++) {
        B[i * n + K + j] = G[i * K + j] as number;
        B[(K + j) * n + i] = G[i * K + j] as number;
      }
    }
    const m = Float64Array.from({ length: n }, (_, i) =>
      i < K ? (thetaR[i] as number) : (thetaR[K + (i - K)] as number),
    );
    const nm = Math.hypot(...m);
    const dense = restrictedMin(n, B, [m.map((x) => x / nm)]);
    expect(dense).toBeLessThan(0);
    expect(extra.mu).toBeLessThan(0);
    expect(Math.abs(extra.rayleigh - dense)).toBeLessThanOrEqual(1e-9);
  });
});
