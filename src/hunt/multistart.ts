/**
 * The evidence every plain-UFM hunt gathers (issue 6 item 1: "every hit is certified: a second-order certificate of
 * the point, and the best value found from many starts"; item 2: the convex lower bound):
 *
 * - {@link runStarts}: M seeded random starts of trust-region Newton-CG on the FULL objective with
 *   `secondOrder: true` (exact HVPs, negative-curvature escape), each to ‖∇f‖ ≤ 1e-10;
 * - {@link certifyCandidate}: the second-order certificate of a point (certifyUfmPoint, with the O(d) orbit and
 *   the CE free-bias shift discounted) and the curvature modulo symmetry μ (restrictedCurvature), with the derived
 *   value tolerance of src/certified/ufm/tolerance.ts;
 * - {@link relaxationEvidence}: the convex relaxation's certified lower bound (certify/global.ts), valid for every d.
 *
 * **Tolerances.** Two kinds of comparison occur in the hunts.
 * 1. *Achieved values* (f(θ₁) < f(θ₂)): both are values of the objective at actual points, so only rounding
 *    separates the computed from the exact values: {@link roundingAllowance} (Higham's bound for a sum of m terms,
 *    the same term as valueTolerance's).
 * 2. *The value of the critical point a computed θ approximates* (a spurious local minimum's value): with gradient
 *    norm ε and curvature modulo symmetry μ > 0, f(θ*) ≥ f(θ) − ε²/(2μ) − εδ, δ = 2ε/μ (tolerance.ts), plus rounding:
 *    {@link CandidateCertificate.valueTolerance}.
 */
import { createRng, matOf } from '../core/index.ts';
import type { Json } from '../claim/index.ts';
import { solveConvexRelaxation, globalLowerBound } from '../certify/index.ts';
import { certifyUfmPoint, restrictedCurvature, solveUfm, valueTolerance } from '../certified/index.ts';
import { singularValues } from '../linalg/index.ts';
import type { LogitLoss } from '../losses/index.ts';
import { randomInit, ufmLayout, ufmObjective } from '../models/index.ts';
import type { UfmProblem } from '../models/index.ts';
import { startSeed } from './instance.ts';

const U = 2 ** -53;

/** Gradient tolerance of every start (full objective). */
export const START_TOL = 1e-10;

/** One seeded start. */
export interface StartRecord {
  readonly start: number;
  readonly seed: number;
  readonly status: string;
  readonly value: number;
  readonly gradNorm: number;
  readonly iterations: number;
  readonly theta: Float64Array;
}

/** Options of {@link runStarts}. */
export interface StartOptions {
  readonly seed: number;
  readonly starts: number;
  /** @defaultValue 1 */
  readonly initScale?: number;
  /** Newton iteration cap per start. @defaultValue 400 */
  readonly maxIter?: number;
}

/**
 * Runs M seeded starts of second-order trust-region Newton on the full objective. Deterministic in the options.
 * @returns one record per start, in start order
 */
export function runStarts(problem: UfmProblem, loss: LogitLoss, o: StartOptions): StartRecord[] {
  const out: StartRecord[] = [];
  const L = ufmLayout(problem);
  // One objective for every start: it is stateless between calls, and building it instantiates its kernels.
  const objective = ufmObjective(problem, loss);
  for (let s = 0; s < o.starts; s++) {
    const seed = startSeed(o.seed, s);
    const init = randomInit(L, createRng(seed), o.initScale ?? 1);
    const r = solveUfm(problem, {
      seed,
      solver: 'newton',
      secondOrder: true,
      tol: START_TOL,
      loss,
      objective,
      init,
      maxIter: o.maxIter ?? 400,
    }).result;
    out.push({
      start: s,
      seed,
      status: r.status,
      value: r.value,
      gradNorm: r.gradNorm,
      iterations: r.iterations,
      theta: r.theta,
    });
  }
  return out;
}

/** The converged start of least value, or undefined when none converged. */
export function bestStart(records: readonly StartRecord[]): StartRecord | undefined {
  let best: StartRecord | undefined;
  for (const r of records)
    if (r.status === 'converged' && Number.isFinite(r.value) && (best === undefined || r.value < best.value)) best = r;
  return best;
}

/** Number of terms of the objective's sum (rounding bound): K·N + K·d + d·N + K. */
export function objectiveTerms(problem: UfmProblem): number {
  const L = ufmLayout(problem);
  return L.K * L.N + L.K * L.d + L.d * L.N + L.K;
}

function sumSq(theta: Float64Array): number {
  let s = 0;
  for (let i = 0; i < theta.length; i++) s += (theta[i] as number) ** 2;
  return s;
}

/** Rounding bound on a computed objective value at θ (Higham (3.4), as in tolerance.ts). */
export function roundingAllowance(problem: UfmProblem, value: number, theta: Float64Array): number {
  const maxLambda = Math.max(problem.lambdaW, problem.lambdaH, problem.lambdaB);
  return objectiveTerms(problem) * U * (Math.abs(value) + sumSq(theta) * maxLambda + 1);
}

/** The second-order evidence of one point. */
export interface CandidateCertificate {
  /** certifyUfmPoint's kind ('local-min' with the restricted test: positive definite modulo the symmetry orbit). */
  readonly kind: string;
  readonly why: string;
  readonly value: number;
  readonly gradNorm: number;
  /** λ_min of the full Hessian (Lanczos; ≈ 0 from the symmetry zero modes). */
  readonly lambdaMin: number;
  /** λ_min on the complement of the symmetry tangents, and its residual (NaN when not computed). */
  readonly restrictedLambdaMin: number;
  readonly restrictedResidual: number;
  /** The certificate's curvature tolerance √(ρε) + τ‖H‖. */
  readonly curvatureTolerance: number;
  /** μ = curvature modulo symmetry (collapsed block, min with λ_H), and whether its Lanczos converged. */
  readonly mu: number;
  readonly muConverged: boolean;
  /** δ = 2ε/μ (Infinity unless μ > 0). */
  readonly delta: number;
  /** Bound on |f(θ) − f(θ*)| for the critical point θ* within δ (Infinity unless μ > 0), rounding included. */
  readonly valueTolerance: number;
  /** True iff kind is 'local-min' with a positive restricted λ_min and μ > 0 converged: a strict local minimum
   * modulo the symmetry orbit. */
  readonly strictLocalMin: boolean;
  /** True iff the point is second-order critical (local-min or degenerate: no negative curvature beyond tolerance). */
  readonly secondOrderCritical: boolean;
}

/**
 * Second-order certificate of θ (certifyUfmPoint with gradTol 1e-8, seeded Lanczos) and curvature modulo
 * symmetry (restrictedCurvature), with the derived value tolerance.
 */
export function certifyCandidate(
  problem: UfmProblem,
  loss: LogitLoss,
  theta: Float64Array,
  seed: number,
): CandidateCertificate {
  const c = certifyUfmPoint(problem, loss, theta, seed);
  const curv = restrictedCurvature(problem, loss, theta, seed);
  const mu = curv.converged ? curv.mu : NaN;
  const delta = mu > 0 ? (2 * c.gradNorm) / mu : Infinity;
  const maxLambda = Math.max(problem.lambdaW, problem.lambdaH, problem.lambdaB);
  const vt =
    mu > 0 ? valueTolerance(c.value, c.gradNorm, mu, objectiveTerms(problem), sumSq(theta), maxLambda) : Infinity;
  const rl = c.restricted?.lambdaMin ?? NaN;
  const rr = c.restricted?.residual ?? NaN;
  return {
    kind: c.kind,
    why: c.why,
    value: c.value,
    gradNorm: c.gradNorm,
    lambdaMin: c.lambdaMin,
    restrictedLambdaMin: rl,
    restrictedResidual: rr,
    curvatureTolerance: c.tolerance,
    mu,
    muConverged: curv.converged,
    delta,
    valueTolerance: vt,
    strictLocalMin: c.kind === 'local-min' && rl - rr > c.tolerance && mu > 0,
    secondOrderCritical: c.kind === 'local-min' || c.kind === 'degenerate',
  };
}

/** The certificate as JSON evidence. */
export function certificateJson(c: CandidateCertificate): Json {
  return {
    kind: c.kind,
    why: c.why,
    value: c.value,
    gradNorm: c.gradNorm,
    lambdaMin: c.lambdaMin,
    restrictedLambdaMin: c.restrictedLambdaMin,
    restrictedResidual: c.restrictedResidual,
    curvatureTolerance: c.curvatureTolerance,
    mu: c.mu,
    delta: c.delta,
    valueTolerance: c.valueTolerance,
  };
}

/** The convex lower bound (THEORY.md §0.3; certify/global.ts). */
export interface RelaxationEvidence {
  readonly status: string;
  /** Certified lower bound on f* for every d. */
  readonly lowerBound: number;
  /** The relaxation's value P (= f* when d ≥ rank). */
  readonly primal: number;
  /** Rank of the relaxation's optimum. */
  readonly rank: number;
  /** The point's own duality certificate: f(θ) − D(Γ(θ)) (globalLowerBound at θ). */
  readonly pointGap: number;
}

/** Solves the relaxation (gap ≤ 1e-10) and evaluates the point's own dual bound. */
export function relaxationEvidence(problem: UfmProblem, loss: LogitLoss, theta: Float64Array): RelaxationEvidence {
  const r = solveConvexRelaxation(problem, loss, { tol: 1e-10 });
  const g = globalLowerBound(problem, loss, theta);
  return { status: r.status, lowerBound: r.lowerBound, primal: r.primal, rank: r.rank, pointGap: g.gap };
}

/** The relaxation evidence as JSON. */
export function relaxationJson(r: RelaxationEvidence): Json {
  return { status: r.status, lowerBound: r.lowerBound, primal: r.primal, rank: r.rank, pointGap: r.pointGap };
}

/** Singular values of W (K×d) at θ, descending. */
export function classifierSingularValues(problem: UfmProblem, theta: Float64Array): Float64Array {
  const L = ufmLayout(problem);
  return singularValues(matOf(L.K, L.d, theta.slice(L.offW, L.offW + L.K * L.d)));
}

/** A start's summary as JSON (without θ). */
export function startJson(r: StartRecord): Json {
  return {
    start: r.start,
    seed: r.seed,
    status: r.status,
    value: r.value,
    gradNorm: r.gradNorm,
    iterations: r.iterations,
  };
}

/** Spread of the converged values (max − min), NaN when none converged. */
export function valueSpread(records: readonly StartRecord[]): number {
  const v = records.filter((r) => r.status === 'converged').map((r) => r.value);
  return v.length === 0 ? NaN : Math.max(...v) - Math.min(...v);
}
