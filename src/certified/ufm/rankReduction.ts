/**
 * Rank reduction d → d′ = K for the minimizer certificates at the papers' sizes (issue 12 item 4): solve and certify
 * the UFM with feature dimension d′ = K, then lift the certificate exactly to the instance's d > K — the d − d′
 * extra feature directions contribute identical decoupled 2K×2K Hessian blocks whose curvature modulo the rotations
 * is a small Lanczos run, not one over 2Kd parameters.
 *
 * Setting: one sample per class (N = K, the equivalent n = 1 problem of collapsedProblem.ts), any loss, any bias mode.
 * The lift of θ′ = (W′ K×d′, H′ d′×N, b) is θ = ([W′ 0], [H′; 0], b) (zero columns of W, zero rows of H).
 *
 * 1. Gradient. ∇_W f = G Hᵀ + λ_W W and ∇_H f = Wᵀ G + λ_H H with G = ∇_Z L(WH + b1ᵀ) (THEORY.md §0.2); Z is the same
 *    at θ and θ′, so ∇f(θ) is ∇f′(θ′) padded with exact zeros (the extra columns/rows are sums of products with 0):
 *    ε is unchanged, and so is the rounding bound (the computed sums are the same sums).
 * 2. Hessian splits exactly. Write a direction of the d problem as a d′ part (ΔW₁, ΔH₁, Δb) plus, for each extra
 *    coordinate p > d′, (x e_pᵀ, e_p yᵀ) with x ∈ R^K, y ∈ R^N. By THEORY.md §0.2,
 *    ∇²f[Δ, Δ′] = L″(Z)[ΔZ, ΔZ′] + ⟨G, ΔW ΔH′ + ΔW′ ΔH⟩ + λ_W⟨ΔW, ΔW′⟩ + λ_H⟨ΔH, ΔH′⟩ + λ_b⟨Δb, Δb′⟩.
 *    For an extra-coordinate direction ΔZ = x(e_pᵀH) + (W e_p)yᵀ = 0 (row p of H and column p of W vanish), and
 *    ΔW₁ e_p = 0, e_pᵀ ΔH₁ = 0, e_pᵀ e_q = 0 (p ≠ q): every cross term vanishes, at every lifted θ (critical or not).
 *    Each extra coordinate carries the same block
 *        B = [[λ_W I_K, G], [Gᵀ, λ_H I_N]]        (quadratic form λ_W‖x‖² + λ_H‖y‖² + 2xᵀGy),
 *    whose eigenvalues are (λ_W+λ_H)/2 ± √(((λ_W−λ_H)/2)² + σ_i(G)²) — THEORY.md §1.2 item 4's q(σ) is the smallest.
 * 3. Tangents split the same way. For A ∈ so(d) with blocks A₁₁ (d′×d′), A₁₂ = −A₂₁ᵀ, A₂₂, the orbit tangent at θ is
 *    (W Aᵀ, A H) = ([W′A₁₁ᵀ, −W′A₁₂], [A₁₁H′; −A₁₂ᵀH′]): the d′ problem's own tangents, and in extra coordinate p the
 *    vectors −(W′a, H′ᵀa), a = A₁₂e_p ∈ R^{d′}; A₂₂ moves nothing. So T(θ) = T′(θ′) ⊕ ⊕_p range(M), M = [W′; H′ᵀ]
 *    (2K×d′), the bias shift staying in the d′ part, and
 *        μ(θ) = min(μ′(θ′), μ_B),   μ_B = λ_min(B on range(M)^⊥),
 *    μ′ the d′ problem's curvature modulo symmetry (curvature.ts). At a critical point B M a = (∇_W f a, ∇_H fᵀ a) = 0,
 *    so range(M) is B's kernel there — the rotations into the extra coordinates — and μ_B ≥ 0 iff the other singular
 *    values of G satisfy σ² ≤ λ_Wλ_H: the convex KKT test of THEORY.md §1.2 item 1 (a non-global critical point of the
 *    d′ problem that is a local minimum there is a saddle of the d problem through B: tests/unit/certified/ufm/
 *    rankReduction.test.ts's attack).
 * 4. Everything else is d-free: ‖W‖, ‖H‖, ‖b‖, ‖G‖ and max_j‖h_j‖ (the rounding and Hessian-Lipschitz bounds of
 *    tolerance.ts), the KKT test and the duality gap (functions of Z and the norms). The distance bound δ = 2ε/μ(θ) and
 *    the Newton–Kantorovich check are redone with the lifted μ.
 * Global minimizers of the d′ problem lift to global minimizers of the d problem (§0.3: f* depends on d only through
 * the constraint rank Z ≤ d, and rank Z ≤ K = d′); certification does not rely on it — the KKT test decides.
 *
 * μ_B is computed like curvature.ts's μ: Lanczos on P⊥BP⊥ + c·P with P the projector onto range(M) applied on the fly
 * (from the eigenpairs of S = MᵀM, d′×d′, eigenvalues below 1e-9·λ_max dropped as the numerical null space, the
 * convention of symmetryProjector.ts), minus the residual, the rounding of B's products and the projector's defect.
 * Cost: one d′×d′ eigendecomposition and O(K²) per Lanczos step, against O(K²d) per HVP of the d problem.
 */
import { createRng } from '../../core/index.ts';
import { gemmKernels, restrictedExtremesProjected, symEigPacked } from '../../linalg/index.ts';
import type { GemmEngine, GemmKernels } from '../../linalg/index.ts';
import type { LogitLoss } from '../../losses/index.ts';
import { labelsOf, ufmLayout } from '../../models/index.ts';
import type { UfmProblem } from '../../models/index.ts';
import { matOf } from '../../core/index.ts';

/** d·K from which certifiedMinimizer certifies the d′ = K problem and lifts it (the paper sizes: 5120 and up; ci ≤ 180, thorough ≤ 2100). */
export const RANK_REDUCTION_MIN_ENTRIES = 1 << 12;

/** Relative eigenvalue floor of S = MᵀM below which a direction is the numerical null space (as symmetryProjector.ts). */
const NULL_REL = 1e-9;

/** Which problems the reduction applies to (module doc): one sample per class, d > K. */
export function rankReducible(problem: UfmProblem): boolean {
  return problem.counts.every((c) => c === 1) && problem.d > problem.K;
}

/** The d′ = K problem of a reducible one. */
export function rankReducedProblem(problem: UfmProblem): UfmProblem {
  return { ...problem, d: problem.K };
}

/** θ = ([W′ 0], [H′; 0], b) in the d problem's layout from θ′ in the d′ problem's (module doc). */
export function liftPoint(problem: UfmProblem, reduced: UfmProblem, thetaR: Float64Array): Float64Array {
  const L = ufmLayout(problem),
    R = ufmLayout(reduced);
  const { K, d, N } = L,
    dr = R.d;
  const theta = new Float64Array(L.dim);
  for (let k = 0; k < K; k++) theta.set(thetaR.subarray(R.offW + k * dr, R.offW + (k + 1) * dr), L.offW + k * d);
  theta.set(thetaR.subarray(R.offH, R.offH + dr * N), L.offH);
  if (L.hasBias) theta.set(thetaR.subarray(R.offB, R.offB + K), L.offB);
  return theta;
}

/** The certified curvature of the extra-coordinate block B modulo range(M) (module doc, items 2–3). */
export interface ExtraBlockCurvature {
  /** Certified lower bound λ̂ − r − rounding − projector slack on μ_B. */
  readonly mu: number;
  /** The Lanczos Rayleigh quotient λ̂ (an upper bound on μ_B). */
  readonly rayleigh: number;
  readonly residual: number;
  readonly converged: boolean;
  readonly lambdaMax: number;
  /** dim range(M) kept (rotations into one extra coordinate). */
  readonly rank: number;
  /** Bound on ‖P − P′‖₂ for the exact orthogonal projector P′ onto the span of the kept tangents. */
  readonly defect: number;
}

/**
 * μ_B at θ′ of the d′ problem (one sample per class). B acts on (x, y) ∈ R^K × R^N as (λ_W x + G y, Gᵀx + λ_H y).
 * @param seed - seeds the Lanczos start vectors
 * @param engine - kernels of the products (src/linalg/gemmAuto.ts): 'auto' puts the K×N×d and d×d×K ones on
 *   WebAssembly SIMD
 */
export function extraBlockCurvature(
  reduced: UfmProblem,
  loss: LogitLoss,
  thetaR: Float64Array,
  seed: number,
  engine: GemmEngine = 'auto',
): ExtraBlockCurvature {
  const mm = gemmKernels(engine);
  const L = ufmLayout(reduced);
  const { K, N, d, offW, offH, offB, hasBias } = L;
  const { lambdaW, lambdaH } = reduced;
  // G = ∇_Z L at θ′ (K×N).
  const Z = new Float64Array(K * N);
  mm.nn(K, N, d, 1, thetaR.subarray(offW, offW + K * d), d, thetaR.subarray(offH, offH + d * N), N, 0, Z, N);
  if (hasBias)
    for (let k = 0; k < K; k++)
      for (let j = 0; j < N; j++) Z[k * N + j] = (Z[k * N + j] as number) + (thetaR[offB + k] as number);
  const G = new Float64Array(K * N);
  loss.valueAndGrad(matOf(K, N, Z), labelsOf(reduced), matOf(K, N, G));
  const n = K + N;
  const B = {
    dim: n,
    apply(v: Float64Array, out: Float64Array): void {
      // x-part: λ_W x + G y; y-part: Gᵀ x + λ_H y.
      for (let k = 0; k < K; k++) {
        let s = lambdaW * (v[k] as number);
        const row = k * N;
        for (let j = 0; j < N; j++) s += (G[row + j] as number) * (v[K + j] as number);
        out[k] = s;
      }
      for (let j = 0; j < N; j++) out[K + j] = lambdaH * (v[K + j] as number);
      for (let k = 0; k < K; k++) {
        const xk = v[k] as number,
          row = k * N;
        if (xk === 0) continue;
        for (let j = 0; j < N; j++) out[K + j] = (out[K + j] as number) + (G[row + j] as number) * xk;
      }
    },
  };
  const P = rangeProjector(K, N, d, thetaR, offW, offH, mm);
  const r = restrictedExtremesProjected(B, P.project, createRng(seed).fork(7), 1e-10);
  const lmax = Math.abs(r.lambdaMax);
  // As curvature.ts: Weyl slack of the projector's defect, and the rounding of B's products (≤ 8·dim·u·‖B‖).
  const projectionSlack = P.defect === 0 ? 0 : (2 + P.defect) * P.defect * lmax + r.shift * P.defect;
  const mu = r.lambdaMin - r.residualMin - 8 * n * 2 ** -53 * lmax - projectionSlack;
  return {
    mu,
    rayleigh: r.lambdaMin,
    residual: r.residualMin,
    converged: r.converged,
    lambdaMax: r.lambdaMax,
    rank: P.rank,
    defect: P.defect,
  };
}

/**
 * The projector onto range(M) ⊂ R^{K+N}, M = [W′; H′ᵀ]: with S = MᵀM = Σ λ_i q_i q_iᵀ (kept λ_i > 1e-9·λ_max),
 * Y = MQ and Ŷ = YΛ^{-1/2}, P = ŶŶᵀ. If E = ŶᵀŶ − I has ‖E‖_F = e < 1, the exact projector onto range(Ŷ) is
 * Ŷ(I+E)⁻¹Ŷᵀ and ‖P − P′‖ ≤ ‖Ŷ‖²‖I − (I+E)⁻¹‖ ≤ (1+e)·e/(1−e) = `defect` (Infinity when e ≥ 1).
 */
function rangeProjector(
  K: number,
  N: number,
  d: number,
  u: Float64Array,
  offW: number,
  offH: number,
  mm: GemmKernels,
): { project(v: Float64Array, out: Float64Array): void; rank: number; defect: number } {
  const W = u.subarray(offW, offW + K * d),
    H = u.subarray(offH, offH + d * N);
  const S = new Float64Array(d * d);
  mm.tn(d, d, K, 1, W, d, W, d, 0, S, d);
  mm.nt(d, d, N, 1, H, N, H, N, 1, S, d);
  const es = symEigPacked(d, S);
  const lmax = Math.max(0, es.values[d - 1] ?? 0);
  const keep: number[] = [];
  for (let i = d - 1; i >= 0; i--) if (lmax > 0 && (es.values[i] as number) > NULL_REL * lmax) keep.push(i);
  const m = keep.length;
  // Ŷ = [W; Hᵀ] Q Λ^{-1/2}: (K+N)×m row-major.
  const Qs = new Float64Array(d * m);
  for (let j = 0; j < m; j++) {
    const i = keep[j] as number,
      s = 1 / Math.sqrt(es.values[i] as number);
    for (let r = 0; r < d; r++) Qs[r * m + j] = (es.vectors[r * d + i] as number) * s;
  }
  const n = K + N;
  const Y = new Float64Array(n * m);
  mm.nn(K, m, d, 1, W, d, Qs, m, 0, Y, m);
  mm.tn(N, m, d, 1, H, N, Qs, m, 0, Y, m, 0, 0, K * m);
  const E = new Float64Array(m * m);
  mm.tn(m, m, n, 1, Y, m, Y, m, 0, E, m);
  let e2 = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) e2 += ((E[i * m + j] as number) - (i === j ? 1 : 0)) ** 2;
  const e = Math.sqrt(e2);
  const defect = m === 0 ? 0 : e < 1 ? ((1 + e) * e) / (1 - e) : Number.POSITIVE_INFINITY;
  const c = new Float64Array(m);
  return {
    rank: m,
    defect,
    project(v: Float64Array, out: Float64Array): void {
      // c = Ŷᵀv, out = Ŷc.
      mm.tn(m, 1, n, 1, Y, m, v, 1, 0, c, 1);
      mm.nn(n, 1, m, 1, Y, m, c, 1, 0, out, 1);
    },
  };
}
