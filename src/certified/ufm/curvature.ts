/**
 * Curvature modulo the symmetries of the plain UFM — the certificate every structural tolerance derives from.
 *
 * f is invariant under W → WQᵀ, H → QH (Q ∈ O(d), THEORY.md §0) and, for a shift-invariant loss (CE) with a free
 * bias (λ_b = 0), under b → b + c1. Minimizers are therefore never isolated: the Hessian has exact zeros along the
 * orbit's tangents T = {(W Aᵀ, A H, 0): A skew} ⊕ span{(0, 0, 1)}. The quantity that controls how far a point with
 * gradient norm ε can be from the solution set is
 *
 *     μ = λ_min(∇²f restricted to T^⊥),
 *
 * computed here by Lanczos on P⊥ ∇²f P⊥ + c·P_T (c above λ_max, so the deflated directions cannot be the minimum).
 * P_T is applied on the fly by solving the d×d Lyapunov system (A S + S A)/2 = Skew(XᵀW + Y Uᵀ), S = WᵀW + UUᵀ, in
 * the eigenbasis of S's range (symmetryProjector.ts: O(K·d·m) per application, m = rank S ≤ 2K), not from the
 * d(d−1)/2 dense tangents `symmetryBasis` builds (kept for tests: d = 512 needed ~10 GB that way).
 *
 * We compute μ on the collapsed objective in the full metric (u_k = √n_k h̄_k, models/scaled.ts), which costs
 * nothing in n. At a collapsed point the full Hessian splits exactly into that block and the within-class block
 * (directions δh_{k,i} with Σ_i δh_{k,i} = 0): the cross terms vanish because G is constant within a class, and
 * the within-class block is (1/N) Wᵀ∇²ℓ_k W + λ_H I ⪰ λ_H I for convex ℓ. Hence
 *
 *     μ_full ≥ min(μ_collapsed, λ_H),
 *
 * a rigorous lower bound used by the tolerances (tolerance.ts). When θ is exactly collapsed (every h_{k,i} equal to
 * h̄_k, as the 'auto' solver returns it) the within-class block does not enter at all: the solution set lies in the
 * collapsed subspace C, the gradient at a collapsed θ lies in C too (G is class-constant), and the distance from θ
 * to the solution set is at most the distance inside C, which the collapsed block alone controls — so μ = μ_collapsed
 * there (a factor 2 for MSE at small λ, where μ_collapsed ≈ 2λ_H).
 *
 * Lanczos returns a Rayleigh quotient λ̂ ≥ λ_min; with its explicit residual r some eigenvalue lies in [λ̂ − r, λ̂ + r]
 * (the one Lanczos converges to from a random start is the smallest with probability one), and rounding of the
 * Hessian-vector products moves eigenvalues by ≤ c·dim·u·‖∇²f‖. The certified curvature is therefore
 * μ_collapsed = λ̂ − r − 8·dim·u·|λ_max|, never the Rayleigh quotient itself (which would overestimate μ).
 * μ ≤ 0 means the point is not a nondegenerate minimizer modulo symmetry (a saddle, or a degenerate point):
 * structural claims are then inconclusive.
 */
import { createRng } from '../../core/index.ts';
import { orthonormalize, restrictedExtremesProjected } from '../../linalg/index.ts';
import type { LogitLoss } from '../../losses/index.ts';
import type { UfmProblem } from '../../models/index.ts';
import { scaledCollapsed } from './solve.ts';
import { symmetryProjector } from './symmetryProjector.ts';

export interface RestrictedCurvature {
  /** Certified lower bound λ̂ − r − rounding on λ_min of the Hessian on the complement of the symmetry tangents (collapsed block, full metric). */
  readonly muCollapsed: number;
  /** The Lanczos Rayleigh quotient λ̂ itself (an upper bound on that λ_min). */
  readonly rayleigh: number;
  /** muCollapsed when θ is exactly collapsed, else min(muCollapsed, λ_H): a lower bound on the full problem's curvature modulo symmetry. */
  readonly mu: number;
  /** θ has every feature equal to its class mean (bitwise). */
  readonly collapsed: boolean;
  /** Largest Hessian eigenvalue seen (collapsed block). */
  readonly lambdaMax: number;
  /** Lanczos residual of the μ Ritz pair. */
  readonly residual: number;
  readonly converged: boolean;
  /** Number of symmetry directions deflated. */
  readonly deflated: number;
}

/**
 * Orthonormal basis of the symmetry tangents at u (scaled collapsed layout [W K×d | U d×K | b]), by two passes of
 * modified Gram–Schmidt; tangents whose component outside the span is below 1e-9 of their norm are dropped.
 */
export function symmetryBasis(problem: UfmProblem, loss: LogitLoss, u: Float64Array): Float64Array[] {
  const { K, d } = problem;
  const offU = K * d,
    n = u.length;
  const cands: Float64Array[] = [];
  for (let p = 0; p < d; p++) {
    for (let q = p + 1; q < d; q++) {
      // A = e_p e_qᵀ − e_q e_pᵀ: (W Aᵀ)[:,p] = W[:,q], (W Aᵀ)[:,q] = −W[:,p]; (A U)[p,:] = U[q,:], (A U)[q,:] = −U[p,:].
      const t = new Float64Array(n);
      for (let k = 0; k < K; k++) {
        t[k * d + p] = u[k * d + q] as number;
        t[k * d + q] = -(u[k * d + p] as number);
      }
      for (let k = 0; k < K; k++) {
        t[offU + p * K + k] = u[offU + q * K + k] as number;
        t[offU + q * K + k] = -(u[offU + p * K + k] as number);
      }
      cands.push(t);
    }
  }
  if (problem.bias && problem.lambdaB === 0 && loss.traits.shiftInvariant) {
    const t = new Float64Array(n);
    for (let k = 0; k < K; k++) t[offU + d * K + k] = 1;
    cands.push(t);
  }
  return orthonormalize(cands);
}

/**
 * μ = curvature modulo symmetry at the full point θ (which should be collapsed, as every critical point is).
 * @param seed - seeds the Lanczos start vector
 */
export function restrictedCurvature(
  problem: UfmProblem,
  loss: LogitLoss,
  theta: Float64Array,
  seed: number,
): RestrictedCurvature {
  const red = scaledCollapsed(problem, loss);
  const u = red.fromFull(theta);
  const P = symmetryProjector(problem, loss, u);
  const H = red.obj.hessianAt(u);
  const r = restrictedExtremesProjected(H, P.project, createRng(seed), 1e-10);
  // P is an orthogonal projector P' up to ‖P − P'‖ ≤ δ_P (symmetryProjector.ts); the operator Lanczos saw,
  // (I−P)∇²f(I−P) + cP, is then within (2 + δ_P)·δ_P·‖∇²f‖ + c·δ_P of the exactly deflated one (Weyl).
  const lmax = Math.abs(r.lambdaMax);
  const projectionSlack = P.defect === 0 ? 0 : (2 + P.defect) * P.defect * lmax + r.shift * P.defect;
  const muC = r.lambdaMin - r.residualMin - 8 * u.length * 2 ** -53 * lmax - projectionSlack;
  const collapsed = isCollapsed(problem, theta);
  return {
    muCollapsed: muC,
    rayleigh: r.lambdaMin,
    mu: collapsed ? muC : Math.min(muC, problem.lambdaH),
    collapsed,
    lambdaMax: r.lambdaMax,
    residual: r.residualMin,
    converged: r.converged,
    deflated: P.rank,
  };
}

/** Every feature column h_{k,i} equals the first of its class, bitwise (θ in the full layout [W | H | b]). */
function isCollapsed(problem: UfmProblem, theta: Float64Array): boolean {
  const { K, d, counts } = problem;
  let N = 0;
  for (const c of counts) N += c;
  const offH = K * d;
  for (let r = 0; r < d; r++) {
    let j = 0;
    for (let k = 0; k < K; k++) {
      const c = counts[k] as number;
      const first = theta[offH + r * N + j] as number;
      for (let i = 1; i < c; i++) if (theta[offH + r * N + j + i] !== first) return false;
      j += c;
    }
  }
  return true;
}
