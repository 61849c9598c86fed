/**
 * Global-optimality certificates for the plain UFM through its convex relaxation (THEORY.md §0.3; issue 6 item 2).
 *
 * **Relaxation.** Let μ = √(λ_Wλ_H), L(A) = (1/N)Σ_j ℓ(A_j; y_j) and Z = WH. For every (W, H, b) and every d,
 * (λ_W/2)‖W‖² + (λ_H/2)‖H‖² ≥ μ‖W‖_F‖H‖_F ≥ μ‖WH‖_* (AM–GM, then ‖WH‖_* ≤ ‖W‖_F‖H‖_F), hence
 *
 *     f(W, H, b) ≥ L(WH + b1ᵀ) + μ‖WH‖_* + (λ_b/2)‖b‖² ≥ P := inf_{Z, b} L(Z + b1ᵀ) + μ‖Z‖_* + (λ_b/2)‖b‖²,
 *
 * with b ≡ 0 in the bias-free model. Equality f* = P holds when d ≥ rank of an optimal Z (factor Z = UΣVᵀ as
 * W = (λ_H/λ_W)^{1/4}UΣ^{1/2}, H = (λ_W/λ_H)^{1/4}Σ^{1/2}Vᵀ); for d below that rank, f* ≥ P and the difference
 * is what a d < K−1 optimum pays for its rank constraint.
 *
 * **Weak duality (the certificate).** L is convex and closed, so L(A) = sup_Γ ⟨Γ, A⟩ − L*(Γ) (Fenchel). For any
 * Γ ∈ R^{K×N} and any (Z, b):
 *
 *     L(Z + b1ᵀ) + μ‖Z‖_* + (λ_b/2)‖b‖² ≥ −L*(Γ) + [⟨Γ, Z⟩ + μ‖Z‖_*] + [bᵀ(Γ1) + (λ_b/2)‖b‖²].
 *
 * inf_Z [⟨Γ, Z⟩ + μ‖Z‖_*] = 0 if ‖Γ‖₂ ≤ μ (|⟨Γ, Z⟩| ≤ ‖Γ‖₂‖Z‖_*), else −∞ (Z = −s·u vᵀ on the top singular pair).
 * inf_b [bᵀΓ1 + (λ_b/2)‖b‖²] = −‖Γ1‖²/(2λ_b) for λ_b > 0 (at b = −Γ1/λ_b); 0 when the bias is absent; 0 if Γ1 = 0
 * and −∞ otherwise when the bias is free (λ_b = 0). So every Γ with ‖Γ‖₂ ≤ μ (and Γ1 = 0 for a free bias) gives
 *
 *     P ≥ D(Γ) := −L*(Γ) − [‖Γ1‖²/(2λ_b) if λ_b > 0],     L*(Γ) = (1/N) Σ_j ℓ*(NΓ_j; y_j),
 *
 * (L* separates over columns: sup_A Σ_j [⟨Γ_j, A_j⟩ − ℓ(A_j)/N] = (1/N) Σ_j sup_a [⟨NΓ_j, a⟩ − ℓ(a)]).
 * Conjugates: CE, ℓ(z) = lse(z) − z_y: ℓ*(u) = lse*(u + e_y) = Σ_k q_k log q_k with q = u + e_y in the probability
 * simplex (else +∞). MSE, ℓ(z) = ½‖z − e_y‖²: ℓ*(u) = sup_z ⟨u, z⟩ − ½‖z − e_y‖² = ½‖u‖² + u_y (at z = u + e_y).
 *
 * **Dual point from a gradient, and the sign.** Fenchel–Young is tight at Γ = ∇L(A): L(A) = ⟨∇L(A), A⟩ − L*(∇L(A)).
 * The relaxation's KKT condition is −∇L(A*) ∈ μ ∂‖Z*‖_*, i.e. ‖∇L(A*)‖₂ ≤ μ and ⟨∇L(A*), Z*⟩ = −μ‖Z*‖_*, and then
 * D(∇L(A*)) = P exactly: the dual point is Γ = **+**t·∇L(A₀) in this convention (the sup form above; writing the
 * bound as −L*(−Γ′) instead gives Γ′ = −t∇L). Here A₀ = WH + b1ᵀ at the point, ∇L(A₀)_j = ∇ℓ(A₀_j; y_j)/N = G of
 * THEORY.md §0.2, and t = min(1, μ/‖G‖₂). For CE, N·tG_j + e_y = t p_j + (1 − t)e_y is a convex combination of two
 * points of the simplex, so the conjugate stays finite. Bias handling:
 * - absent: nothing; λ_b > 0: the −‖Γ1‖²/(2λ_b) term (Γ1 = t∇_bL, which at a critical point equals −tλ_b b);
 * - free (λ_b = 0): Γ1 = t·G1 = t·∂f/∂b vanishes only at a point where the bias gradient does. Elsewhere G is
 *   projected first, G ← G − (G1/N)1ᵀ (subtract the mean column; column sums stay 0 for CE, so q still sums to 1);
 *   for CE, if that pushes an entry of some q below 0, G is mixed with the interior point G⁰_j = (π − e_{y_j})/N
 *   (π = class frequencies, G⁰1 = 0, q⁰ = π > 0) with the least weight that restores q ≥ 0. Both steps keep Γ1 = 0
 *   exactly in exact arithmetic and cost O(‖∂f/∂b‖) in tightness; `biasGradNorm` and `mix` report them.
 * The spectral norm is computed from the K×K Gram Σ_j w_j G_j G_jᵀ and inflated by a rounding bound (see
 * _global/dualBound.ts) so that ‖Γ‖₂ ≤ μ holds for the exact matrix; at an exact optimum (‖G‖₂ = μ when Z* ≠ 0) the
 * inflation makes t = 1 − δ with δ ≈ K(64 + N/64)ε/2 and costs δ·|dD/dt| ≈ δ·μ‖Z*‖_* in the gap.
 *
 * **Collapse (used by the solver).** With Π the orthogonal projector onto class-constant row vectors
 * (Π = blockdiag(11ᵀ/n_k), so 1ᵀΠ = 1ᵀ and ‖Π‖₂ = 1): L((Z + b1ᵀ)Π) ≤ L(Z + b1ᵀ) by Jensen within each class (ℓ
 * convex), ‖ZΠ‖_* ≤ ‖Z‖_*‖Π‖₂ = ‖Z‖_*, and the bias term is unchanged. So replacing Z by ZΠ never increases the
 * objective: an optimal Z can be taken collapsed, Z = Z̄Eᵀ (E the N×K class indicator). As E = QD^{1/2} with Q
 * orthonormal columns and D = diag(n_k), ‖Z̄Eᵀ‖_* = ‖Z̄D^{1/2}‖_*, and the relaxation is exactly the K×K problem
 * over X = Z̄D^{1/2}: min Σ_k (n_k/N) ℓ(X_k/√n_k + b; k) + μ‖X‖_* + (λ_b/2)‖b‖² (_global/relaxation.ts). (Only
 * existence of a collapsed optimum is used; this is all the lower bound needs. For MSE, L is strictly convex in A, so
 * Jensen is strict unless the columns of a class coincide: every optimum is collapsed. For CE, ℓ is strictly convex
 * only modulo span(1), so optima whose within-class columns differ along 1 are not excluded by this argument.) A collapsed dual point Γ = Γ̄Eᵀ has
 * ‖Γ‖₂ = ‖Γ̄D^{1/2}‖₂, Γ1 = Γ̄ n and L*(Γ) = (1/N)Σ_k n_k ℓ*(NΓ̄_k; k): its bound is the full problem's D(Γ) exactly,
 * so the solver's certificate is a lower bound on the full, uncollapsed relaxation and on every f* (every d).
 *
 * Supported losses: 'ce' and 'mse' (identified by id; a plug-in has no conjugate here and gets supported: false).
 *
 * @see THEORY.md §0.3, §1.2 item 1, §7.1 (d < K−1), §7.2 (imbalanced counts)
 */
import type { Mat } from '../core/index.ts';
import { matOf } from '../core/index.ts';
import { gemmNN, nuclearNorm, svd } from '../linalg/index.ts';
import type { ColumnKernels, LogitLoss } from '../losses/index.ts';
import { columnKernelsOf } from '../losses/index.ts';
import type { BiasMode, UfmProblem } from '../models/index.ts';
import { biasModeOf, labelsOf, ufmLayout, ufmObjective } from '../models/index.ts';
import type { ConjugateKind, DualBoundDetail } from './_global/dualBound.ts';
import { dualBoundFromGradient } from './_global/dualBound.ts';
import { solveCollapsedRelaxation } from './_global/relaxation.ts';

// TYPES //

/** The certificate of one UFM point. */
export interface GlobalLowerBound {
  /** false for losses without a conjugate here (then lowerBound = −∞, gap = +∞). */
  readonly supported: boolean;
  /** Why unsupported, or how the dual point was built (projection / mixing notes); '' when nothing to say. */
  readonly why: string;
  /** D(Γ) ≤ P ≤ f* for every d (a certified lower bound, up to rounding in its own evaluation). */
  readonly lowerBound: number;
  /** f(θ) of the UFM point. */
  readonly value: number;
  /** L(WH + b1ᵀ) + μ‖WH‖_* + (λ_b/2)‖b‖², between P and f(θ) (equal to f(θ) iff the factors are balanced). */
  readonly relaxedValue: number;
  /** value − lowerBound ≥ 0 (up to rounding): how far θ can be from global optimality. */
  readonly gap: number;
  /** t ∈ [0, 1]: Γ = t·(projected) ∇L(A₀). */
  readonly dualScale: number;
  /** ‖∇L(A₀)‖₂ = ‖G‖₂ at the point (G of THEORY.md §0.2). */
  readonly gradSpectralNorm: number;
  /** μ = √(λ_Wλ_H). */
  readonly mu: number;
  /** ‖G1‖ = ‖∂L/∂b‖ at the point (what the free-bias projection removes). */
  readonly biasGradNorm: number;
  /** Weight of the interior CE point mixed in after the projection (0 unless needed). */
  readonly mix: number;
}

/** Options of {@link solveConvexRelaxation}. */
export interface ConvexRelaxationOptions {
  /**
   * Stop when the returned point's self-gap (primal − the bound from its own gradient) ≤ tol (absolute).
   * @defaultValue 1e-10
   */
  readonly tol?: number;
  /**
   * Iteration cap of the accelerated proximal gradient.
   * @defaultValue 50000
   */
  readonly maxIter?: number;
}

/** Result of {@link solveConvexRelaxation}. */
export interface ConvexRelaxationResult {
  /** converged: gap ≤ tol. unsupported: loss without a conjugate, or μ = 0. */
  readonly status: 'converged' | 'max-iter' | 'non-finite' | 'unsupported';
  readonly why: string;
  /** Collapsed optimal logits without the bias, K×K: column k = z̄_k, the full Z has column j = z̄_{y_j}. */
  readonly Zbar: Mat;
  /** Bias (length K; zeros in the bias-free model). */
  readonly b: Float64Array;
  /** Relaxation objective at (Z̄Eᵀ, b): an upper bound on P (up to rounding). */
  readonly primal: number;
  /** Certified lower bound on P (and on f* for every d). */
  readonly lowerBound: number;
  /** primal − lowerBound (lowerBound is the best dual bound over all evaluated iterates). */
  readonly gap: number;
  /**
   * primal − (the bound from the returned point's own gradient) ≥ gap: what {@link globalLowerBound} reports at
   * the realised UFM point. The solver stops when this is ≤ tol.
   */
  readonly selfGap: number;
  /** Non-zero singular values of the full Z (= those of Z̄D^{1/2}), descending, length K. */
  readonly singularValues: Float64Array;
  /** Number of singular values left non-zero by the final shrinkage: the rank a UFM needs (d ≥ rank ⇒ f* = P). */
  readonly rank: number;
  readonly iterations: number;
  readonly mu: number;
  /** The dual point's scale t and bias handling at the certificate. */
  readonly dualScale: number;
}

// FUNCTIONS //

function conjugateKind(loss: LogitLoss): ConjugateKind | undefined {
  return loss.id === 'ce' || loss.id === 'mse' ? loss.id : undefined;
}

function checkPair(problem: UfmProblem, loss: LogitLoss): void {
  if (problem.loss !== loss.id)
    throw new RangeError(`problem.loss is '${problem.loss}' but the loss given is '${loss.id}'`);
  for (const [name, v] of [
    ['lambdaW', problem.lambdaW],
    ['lambdaH', problem.lambdaH],
    ['lambdaB', problem.lambdaB],
  ] as const) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a finite number ≥ 0; got ${v}`);
  }
}

function kernelsFor(kind: ConjugateKind, loss: LogitLoss): ColumnKernels {
  const k = columnKernelsOf(loss);
  if (k === undefined) throw new RangeError(`loss '${kind}' has no column kernels`);
  return k;
}

function notes(d: DualBoundDetail, bias: BiasMode): string {
  const out: string[] = [];
  if (bias === 'free' && d.biasGradNorm > 0)
    out.push(`free bias: projected G1 (‖G1‖ = ${d.biasGradNorm.toExponential(3)}) to 0`);
  if (d.mix > 0) out.push(`mixed ${d.mix.toExponential(3)} of the interior CE point to keep q ≥ 0`);
  return out.join('; ');
}

/**
 * Certified lower bound on the global minimum of the plain UFM, and the gap of the point θ (see the module
 * comment): lowerBound = D(Γ) with Γ = t·∇L(WH + b1ᵀ) (projected for a free bias), value = f(θ),
 * gap = value − lowerBound. Valid for every d, counts and bias mode; tight (gap → 0) at global minimisers when
 * d ≥ rank of the relaxation's optimum. Cost O(KdN + K²N) plus a thin SVD of the N×K matrix (WH)ᵀ.
 * @param problem - the UFM problem (any counts; `problem.loss` must equal `loss.id`)
 * @param loss - the loss; only 'ce' and 'mse' are supported
 * @param theta - point in the layout of `ufmObjective(problem, loss)`
 * @returns the certificate; `supported: false` (lowerBound −∞) for other losses
 * @throws RangeError on a loss-id mismatch, invalid λ, or a wrongly sized θ
 * @example
 * const c = globalLowerBound(problem, ce, realizedGlobalMin);
 * c.gap; // => ~1e-15 (global), c.lowerBound <= fStar
 */
export function globalLowerBound(problem: UfmProblem, loss: LogitLoss, theta: Float64Array): GlobalLowerBound {
  checkPair(problem, loss);
  const obj = ufmObjective(problem, loss);
  const value = obj.value(theta);
  const mu = Math.sqrt(problem.lambdaW * problem.lambdaH);
  const kind = conjugateKind(loss);
  if (kind === undefined) {
    return {
      supported: false,
      why: `loss '${loss.id}' has no conjugate implemented (only 'ce' and 'mse')`,
      lowerBound: -Infinity,
      value,
      relaxedValue: NaN,
      gap: Infinity,
      dualScale: NaN,
      gradSpectralNorm: NaN,
      mu,
      biasGradNorm: NaN,
      mix: 0,
    };
  }
  const kern = kernelsFor(kind, loss);
  const layout = ufmLayout(problem);
  const { K, d, N } = layout;
  const { W, H, b } = layout.unpack(theta);
  const Z = new Float64Array(K * N);
  gemmNN(K, N, d, 1, W.data, d, H.data, N, 0, Z, N);
  const A = Z.slice();
  if (layout.hasBias)
    for (let a = 0; a < K; a++) for (let j = 0; j < N; j++) A[a * N + j] = (A[a * N + j] as number) + (b[a] as number);
  const y = labelsOf(problem);
  const U = new Float64Array(K * N);
  let lossSum = 0;
  for (let j = 0; j < N; j++) lossSum += kern.grad(K, A, N, j, y[j] as number, U, N, j);
  const bias = biasModeOf(problem);
  const dual = dualBoundFromGradient(
    kind,
    { K, m: N, U, y, w: new Float64Array(N).fill(1) },
    mu,
    bias,
    problem.lambdaB,
  );
  let nb = 0;
  if (layout.hasBias) for (let a = 0; a < K; a++) nb += (b[a] as number) ** 2;
  const relaxedValue =
    lossSum / N + mu * nuclearNorm(matOf(K, N, Z)) + 0.5 * (bias === 'decay' ? problem.lambdaB : 0) * nb;
  return {
    supported: true,
    why: notes(dual, bias),
    lowerBound: dual.bound,
    value,
    relaxedValue,
    gap: value - dual.bound,
    dualScale: dual.t,
    gradSpectralNorm: dual.gradSpectralNorm,
    mu,
    biasGradNorm: dual.biasGradNorm,
    mix: dual.mix,
  };
}

/** Whether the gap of {@link globalLowerBound} can be read as a certificate of NON-optimality (see {@link rankCaveat}). */
export interface RankCaveat {
  /**
   * true when d is below the rank of the relaxation's optimum (or that rank could not be established and d is below
   * the largest possible one): then f* > P ≥ f_lb in general, and a positive gap says nothing against the point.
   */
  readonly relaxationIgnoresRank: boolean;
  /** Rank of the relaxation's optimum (singular values left by the final shrinkage), or undefined if not solved. */
  readonly relaxationRank: number | undefined;
  /** The largest rank an optimal Z can have: K−1 for a shift-invariant loss (CE: 1ᵀZ = 0 at the optimum), else K. */
  readonly maxRank: number;
  /** One line for the user ('' when the gap is a certificate both ways). */
  readonly note: string;
}

/**
 * The relaxation min L(Z + b1ᵀ) + μ‖Z‖_* + (λ_b/2)‖b‖² (module doc) has no constraint rank Z ≤ d, so when d is below
 * the rank r of its optimum, f*(d) > P in general — for CE at d < K−1 the audit saw a 69 % gap at the true global
 * minimizer (issue 9). f_lb ≤ f* still holds (the bound is valid for every d), but gap > 0 is then NOT evidence
 * that the point is sub-optimal. The rank is that of the relaxation's collapsed optimum ({@link solveConvexRelaxation},
 * solved only when d < maxRank; a solve that does not converge counts as r = maxRank, the cautious side).
 * @returns relaxationIgnoresRank = d < r, with a one-line note (THEORY.md §0.3, §7.1)
 * @throws RangeError as solveConvexRelaxation
 */
export function rankCaveat(problem: UfmProblem, loss: LogitLoss): RankCaveat {
  const maxRank = loss.traits.shiftInvariant ? problem.K - 1 : problem.K;
  if (problem.d >= maxRank) return { relaxationIgnoresRank: false, relaxationRank: undefined, maxRank, note: '' };
  const r = solveConvexRelaxation(problem, loss);
  const solved = r.status === 'converged';
  const rank = solved ? r.rank : maxRank;
  if (problem.d >= rank) return { relaxationIgnoresRank: false, relaxationRank: rank, maxRank, note: '' };
  return {
    relaxationIgnoresRank: true,
    relaxationRank: solved ? rank : undefined,
    maxRank,
    note: `the convex relaxation ignores rank Z ≤ d (d = ${problem.d} < ${solved ? `rank ${rank} of its optimum` : `the possible rank ${maxRank}; relaxation ${r.status}`}): f_lb ≤ f* still holds, but the gap is not a certificate of non-optimality here`,
  };
}

/**
 * Solves the convex relaxation P = min_{Z,b} L(Z + b1ᵀ) + μ‖Z‖_* + (λ_b/2)‖b‖² of the plain UFM in its exact
 * collapsed K×K form (module comment) by accelerated proximal gradient with singular-value shrinkage
 * (_global/relaxation.ts), stopping when the returned point certifies itself: primal − D(Γ from its own gradient)
 * = selfGap ≤ tol. lowerBound is the best dual bound over the evaluated iterates (gap ≤ selfGap).
 * primal ≥ P ≥ lowerBound; f* ≥ lowerBound for every d; f* = P when d ≥ `rank`.
 * @param problem - the UFM problem (any counts and bias mode; d is irrelevant to P)
 * @param loss - 'ce' or 'mse'
 * @param options - tol (absolute gap, default 1e-10), maxIter (default 50000)
 * @returns the collapsed solution with its certificate; status 'unsupported' (lowerBound −∞) for other losses or μ = 0
 * @throws RangeError on a loss-id mismatch, invalid λ or options
 * @example
 * const r = solveConvexRelaxation({ loss: 'ce', K: 4, d: 3, counts: [3, 3, 3, 3], lambdaW: 1e-2, lambdaH: 2e-2,
 *   lambdaB: 0, bias: true }, ce);
 * r.status; // => 'converged', r.gap <= 1e-10, r.primal ≈ predictCeGlobalMin(...).fStar
 */
export function solveConvexRelaxation(
  problem: UfmProblem,
  loss: LogitLoss,
  options: ConvexRelaxationOptions = {},
): ConvexRelaxationResult {
  checkPair(problem, loss);
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 50000;
  if (!(tol >= 0)) throw new RangeError(`tol must be ≥ 0; got ${tol}`);
  if (!Number.isInteger(maxIter) || maxIter < 0) throw new RangeError(`maxIter must be an integer ≥ 0; got ${maxIter}`);
  const K = problem.K;
  const mu = Math.sqrt(problem.lambdaW * problem.lambdaH);
  const kind = conjugateKind(loss);
  const unsupported = (why: string): ConvexRelaxationResult => ({
    status: 'unsupported',
    why,
    Zbar: matOf(K, K, new Float64Array(K * K)),
    b: new Float64Array(K),
    primal: NaN,
    lowerBound: -Infinity,
    gap: Infinity,
    selfGap: Infinity,
    singularValues: new Float64Array(K),
    rank: 0,
    iterations: 0,
    mu,
    dualScale: NaN,
  });
  if (kind === undefined) return unsupported(`loss '${loss.id}' has no conjugate implemented (only 'ce' and 'mse')`);
  if (!(mu > 0)) return unsupported('μ = √(λ_Wλ_H) = 0: the relaxation has no minimiser (CE) or no nuclear-norm term');
  ufmLayout(problem); // validates K, d and the counts (RangeError naming the field)
  const bias = biasModeOf(problem);
  const out = solveCollapsedRelaxation({
    kind,
    kernels: kernelsFor(kind, loss),
    K,
    counts: problem.counts,
    mu,
    bias,
    lambdaB: problem.lambdaB,
    tol,
    maxIter,
  });
  const Zbar = matOf(K, K, new Float64Array(K * K));
  for (let a = 0; a < K; a++) {
    for (let k = 0; k < K; k++)
      Zbar.data[a * K + k] = (out.X[a * K + k] as number) / Math.sqrt(problem.counts[k] as number);
  }
  let rank = 0;
  for (const s of out.s) if (s > 0) rank++;
  return {
    status: out.status,
    why: notes(out.dual, bias),
    Zbar,
    b: bias === 'none' ? new Float64Array(K) : out.b,
    primal: out.primal,
    lowerBound: out.bestDual.bound,
    gap: out.primal - out.bestDual.bound,
    selfGap: out.primal - out.dual.bound,
    singularValues: out.s,
    rank,
    iterations: out.iterations,
    mu,
    dualScale: out.dual.t,
  };
}

/**
 * A UFM point that attains the relaxation's primal value: with X = Z̄D^{1/2} = UΣVᵀ (rank r = result.rank),
 * W = (λ_H/λ_W)^{1/4} U_r Σ_r^{1/2} (padded with zero columns to d) and, for every sample of class k,
 * h = (λ_W/λ_H)^{1/4} Σ_r^{1/2} V_rᵀ e_k/√n_k. Then WH = Z̄Eᵀ and (λ_W/2)‖W‖² + (λ_H/2)‖H‖² = μ tr Σ_r = μ‖Z‖_*,
 * so f(θ) = primal (up to rounding and the dropped singular values, which the final shrinkage set to exactly 0):
 * together with the certificate this is a certified near-global minimiser of the UFM whenever d ≥ rank.
 * @param problem - the problem solved (its d must be ≥ result.rank)
 * @param result - a supported result of {@link solveConvexRelaxation} for this problem
 * @returns θ in the layout of ufmObjective(problem, loss)
 * @throws RangeError naming d (d < rank) or status (unsupported result)
 */
export function realizeRelaxation(problem: UfmProblem, result: ConvexRelaxationResult): Float64Array {
  if (result.status === 'unsupported') throw new RangeError('status: an unsupported result has no solution to realise');
  const layout = ufmLayout(problem);
  const { K, d, N, counts } = layout;
  const r = result.rank;
  if (d < r) throw new RangeError(`d must be ≥ rank ${r} of the relaxation's optimum to realise it; got ${d}`);
  const X = matOf(K, K, new Float64Array(K * K));
  for (let a = 0; a < K; a++) {
    for (let k = 0; k < K; k++)
      X.data[a * K + k] = (result.Zbar.data[a * K + k] as number) * Math.sqrt(counts[k] as number);
  }
  const dec = svd(X);
  const cw = Math.pow(problem.lambdaH / problem.lambdaW, 0.25);
  const ch = 1 / cw;
  const theta = new Float64Array(layout.dim);
  const { W, H, b } = layout.unpack(theta);
  for (let i = 0; i < r; i++) {
    const si = Math.sqrt(dec.s[i] as number);
    for (let a = 0; a < K; a++) W.data[a * d + i] = cw * si * (dec.U.data[a * K + i] as number);
    let j = 0;
    for (let k = 0; k < K; k++) {
      const c = counts[k] as number;
      const v = (ch * si * (dec.V.data[k * K + i] as number)) / Math.sqrt(c);
      for (let t = 0; t < c; t++) H.data[i * N + j + t] = v;
      j += c;
    }
  }
  if (layout.hasBias) b.set(result.b);
  return theta;
}
