/**
 * Solving and certifying the linear extended UFM (Tirer & Bruna eq. (23); THEORY.md §2.4) for the properties of
 * issue 5 item 1: the exact class-mean reduction in the full metric, a seeded multistart designed for a landscape
 * that is NOT benign, and the curvature modulo the model's symmetries (the certificate every tolerance comes from).
 *
 * Reduction. For λ_{H1} > 0 and fixed (W₂, W₁), f is a strictly convex quadratic in each column h_j whose data
 * depend on j only through its label, so every critical point has H₁ = H̄₁ ⊗ 1ᵀ (NC1 at every critical point, not
 * only at minimizers). On that subspace f equals the n = 1 problem with λ'_{H1} = nλ_{H1} in the variable H̄₁; with
 * u_k = √n·h̄_k (models/scaled.ts) the subspace is embedded isometrically, so ‖∇f̃(u)‖ = ‖∇f(expand(u))‖ and the
 * Hessian of f̃ is the full Hessian restricted to the collapsed subspace. The full Hessian at a collapsed point
 * splits exactly into that block and the within-class block (directions δh_{k,i} with Σ_i δh_{k,i} = 0): the cross
 * terms Q Vᵀ, ΔG Aᵀ and ΔQ H₁ᵀ all sum a class-constant factor against a zero-sum one. The within-class block is
 * (1/N)(W₂W₁)ᵀ(W₂W₁) + λ_{H1} I ⪰ λ_{H1} I. Hence μ_full ≥ min(μ_collapsed, λ_{H1}).
 *
 * Symmetries. f(W₂Aᵀ, A W₁ Bᵀ, B H₁) = f(W₂, W₁, H₁) for orthogonal A, B ∈ O(d) (the weight decays and the product
 * are invariant). Their tangents at θ, for skew S and T, are (−W₂S, S W₁, 0) and (0, −W₁T, T H₁); on the reduced
 * layout T acts on u as on H̄₁. These are zero modes of the Hessian at any critical point and are deflated.
 * Rank-r frames (r < K) have one more continuous family of critical points with constant value: the K-side
 * rotations (Q W₂, W₁, H̄₁ Qᵀ), Q ∈ O(K) (W₂W₁H̄₁ = σ Q P_r Qᵀ keeps its spectrum, the decays are invariant); its
 * r(K − r) new tangents (E W₂, 0, H̄₁ Eᵀ), E skew K×K, are deflated as well when `family` is set.
 *
 * Multistart (THEORY.md §2.4: "a GD/L-BFGS test on the extended model must use multistart and compare the best
 * value to f*"). Random N(0, 1) starts land on rank-deficient frames most of the time near the threshold (measured:
 * K = 4, d = 4, ν = 0.37, λ-ratios 10:1 — 0 of 32 starts reached rank 4), so the starts are of two kinds:
 *   - start 0, 'near-origin': N(0, s²) with s = 0.1·min λ; it converges to the origin, always a strict local
 *     minimum (Hessian diag(λ's): the loss term is cubic in the factors). It is the global one for ν ≥ 2^{−4/3}.
 *   - starts j ≥ 1, 'continuation': a N(0, 1) start solved with every λ scaled by t₀ (so ν₀ = t₀ν ≤ 0.05, where
 *     random starts nearly always reach full rank), then tracked to t = 1 in geometric steps of ratio ≤ 2, each
 *     stage warm-started by L-BFGS to ‖∇f‖ ≤ 1e-6. The full-rank frame branch σ(ν) is continuous on
 *     [0, (3/4)4^{−1/3}) ⊃ [0, 2^{−4/3}], so the tracked point stays on the global branch below the threshold.
 * Every start ends with L-BFGS and a trust-region Newton polish with the second-order test (so the point is an
 * approximate second-order critical point), and the full gradient is recomputed at the expanded point.
 */
import { createRng } from '../../core/index.ts';
import { nrm2, orthonormalize, restrictedExtremes } from '../../linalg/index.ts';
import { extendedObjective } from '../../models/index.ts';
import type { ExtendedProblem } from '../../models/index.ts';
import { scaledObjective } from '../../models/index.ts';
import type { ScaledObjective } from '../../models/index.ts';
import { lbfgs, trustRegion } from '../../solvers/index.ts';
import type { SolveStatus } from '../../solvers/index.ts';
import type { CurvatureCertificate } from '../curvature.ts';

// REDUCTION //

/** The scaled collapsed extended objective (layout [W₂ K×d | W₁ d×d | U d×K], U = √n·H̄₁) and its maps. */
export interface CollapsedExtended {
  readonly problem: ExtendedProblem;
  readonly n: number;
  readonly obj: ScaledObjective;
  /** The full θ = [W₂ | W₁ | H₁] with H₁ = (U/√n) ⊗ 1ᵀ. */
  toFull(u: Float64Array): Float64Array;
  /** u from a full θ (class means of H₁ times √n). */
  fromFull(theta: Float64Array): Float64Array;
}

/** The balanced n of a problem (the reduction needs equal counts). @throws RangeError if unbalanced */
export function balancedCount(p: ExtendedProblem): number {
  const n = p.counts[0];
  if (n === undefined || !p.counts.every((c) => c === n))
    throw new RangeError('the extended reduction needs balanced counts');
  return n;
}

/** Builds the reduction of `p` (balanced). */
export function collapsedExtended(p: ExtendedProblem): CollapsedExtended {
  const { K, d } = p;
  const n = balancedCount(p);
  const pc: ExtendedProblem = {
    K,
    d,
    counts: new Array<number>(K).fill(1),
    lambdaW2: p.lambdaW2,
    lambdaW1: p.lambdaW1,
    lambdaH1: n * p.lambdaH1,
  };
  const base = extendedObjective(pc);
  const offH = K * d + d * d;
  const s = new Float64Array(base.dim).fill(1);
  for (let i = offH; i < base.dim; i++) s[i] = 1 / Math.sqrt(n);
  const obj = scaledObjective(base, s);
  const N = n * K;
  const rn = Math.sqrt(n);
  return {
    problem: p,
    n,
    obj,
    toFull(u: Float64Array): Float64Array {
      const theta = new Float64Array(offH + d * N);
      theta.set(u.subarray(0, offH));
      for (let i = 0; i < d; i++)
        for (let k = 0; k < K; k++)
          theta.fill((u[offH + i * K + k] as number) / rn, offH + i * N + k * n, offH + i * N + (k + 1) * n);
      return theta;
    },
    fromFull(theta: Float64Array): Float64Array {
      const u = new Float64Array(obj.dim);
      u.set(theta.subarray(0, offH));
      for (let i = 0; i < d; i++) {
        for (let k = 0; k < K; k++) {
          let m = 0;
          for (let j = 0; j < n; j++) m += theta[offH + i * N + k * n + j] as number;
          u[offH + i * K + k] = (m / n) * rn;
        }
      }
      return u;
    },
  };
}

// MULTISTART //

export type StartKind = 'near-origin' | 'continuation';

/** One multistart run, on the full objective at the expanded point. */
export interface ExtendedRun {
  readonly start: number;
  readonly kind: StartKind;
  readonly status: SolveStatus;
  readonly value: number;
  /** ‖∇f‖ of the FULL objective at `theta`. */
  readonly gradNorm: number;
  /** Full θ = [W₂ | W₁ | H₁]. */
  readonly theta: Float64Array;
  /** Reduced point (for the curvature certificate). */
  readonly u: Float64Array;
  readonly iterations: number;
}

export interface MultistartOptions {
  readonly starts: number;
  readonly seed: number;
  /** Target full gradient norm. @defaultValue 1e-11 */
  readonly tol?: number;
}

/** ν = K(nλ_{W2}λ_{W1}λ_{H1})^{1/3}. */
function nuOf(p: ExtendedProblem, n: number): number {
  return p.K * Math.cbrt(n * p.lambdaW2 * p.lambdaW1 * p.lambdaH1);
}

/**
 * ν at which continuation begins. Measured (160 continuation starts, K = 3…5, ν ∈ [0.05, 0.39], λ-ratios ±0.5
 * decades): starting at ν₀ = 0.2 left 31 of them on rank-deficient frames, 0.1 left 7, 0.05 left 2; with ν₀ = 0.05,
 * stage ratio 2 and stage tolerance 1e-6, 0 of 200.
 */
const NU_START = 0.05;
/** Ratio of consecutive λ-scales along the continuation. */
const STEP_RATIO = 2;

/**
 * Runs the seeded multistart described in the module doc. Deterministic in (p, options).
 * @returns every run (full-objective values and gradient norms), in start order
 */
export function extendedMultistart(p: ExtendedProblem, o: MultistartOptions): ExtendedRun[] {
  const tol = o.tol ?? 1e-11;
  const red = collapsedExtended(p);
  const full = extendedObjective(p);
  const g = new Float64Array(full.dim);
  const root = createRng(o.seed);
  const nu = nuOf(p, red.n);
  const runs: ExtendedRun[] = [];
  for (let j = 0; j < o.starts; j++) {
    const rng = root.fork(j + 1);
    const kind: StartKind = j === 0 ? 'near-origin' : 'continuation';
    let u: Float64Array;
    let iterations = 0;
    if (kind === 'near-origin') {
      u = rng.fillNormal(new Float64Array(red.obj.dim), 0.1 * Math.min(p.lambdaW2, p.lambdaW1, p.lambdaH1));
    } else {
      u = rng.fillNormal(new Float64Array(red.obj.dim), 1);
      const t0 = Math.min(1, NU_START / nu);
      const stages = t0 < 1 ? Math.ceil(Math.log(1 / t0) / Math.log(STEP_RATIO)) : 0;
      for (let s = 0; s < stages; s++) {
        const t = t0 * Math.pow(1 / t0, s / stages);
        const ps: ExtendedProblem = {
          ...p,
          lambdaW2: t * p.lambdaW2,
          lambdaW1: t * p.lambdaW1,
          lambdaH1: t * p.lambdaH1,
        };
        const r = lbfgs(collapsedExtended(ps).obj, u, { tol: 1e-6, maxIter: 2000, log: false });
        iterations += r.iterations;
        u = r.theta;
      }
    }
    const r1 = lbfgs(red.obj, u, { tol, maxIter: 5000, log: false });
    const r2 = trustRegion(red.obj, r1.theta, { tol, maxIter: 200, secondOrder: true, seed: o.seed + j, log: false });
    iterations += r1.iterations + r2.iterations;
    const theta = red.toFull(r2.theta);
    const value = full.valueAndGrad(theta, g);
    const gradNorm = nrm2(g);
    const status: SolveStatus =
      !Number.isFinite(value) || !Number.isFinite(gradNorm)
        ? 'non-finite'
        : gradNorm <= tol
          ? 'converged'
          : r2.status === 'converged'
            ? 'max-iter'
            : r2.status;
    runs.push({ start: j, kind, status, value, gradNorm, theta, u: r2.theta, iterations });
  }
  return runs;
}

/** The converged run with the lowest value (undefined when none converged). */
export function bestRun(runs: readonly ExtendedRun[]): ExtendedRun | undefined {
  let best: ExtendedRun | undefined;
  for (const r of runs) if (r.status === 'converged' && (best === undefined || r.value < best.value)) best = r;
  return best;
}

// CURVATURE MODULO SYMMETRY //

/**
 * Orthonormal basis (two-pass modified Gram–Schmidt) of the symmetry tangents at u on the reduced layout:
 * d-side rotations A (W₂ → W₂Aᵀ, W₁ → A W₁) and B (W₁ → W₁Bᵀ, U → B U), and with `family` the K-side rotations
 * (W₂ → Q W₂, U → U Qᵀ). Tangents whose component outside the span is below 1e-9 of their norm are dropped.
 */
export function extendedSymmetryBasis(K: number, d: number, u: Float64Array, family: boolean): Float64Array[] {
  const offW1 = K * d,
    offU = K * d + d * d,
    dim = u.length;
  const cands: Float64Array[] = [];
  const w2 = (k: number, i: number): number => u[k * d + i] as number;
  const w1 = (i: number, j: number): number => u[offW1 + i * d + j] as number;
  const uu = (i: number, k: number): number => u[offU + i * K + k] as number;
  for (let p = 0; p < d; p++) {
    for (let q = p + 1; q < d; q++) {
      // S = e_p e_qᵀ − e_q e_pᵀ.  A-tangent: δW₂ = −W₂S, δW₁ = S W₁.
      const ta = new Float64Array(dim);
      for (let k = 0; k < K; k++) {
        ta[k * d + q] = -w2(k, p);
        ta[k * d + p] = w2(k, q);
      }
      for (let j = 0; j < d; j++) {
        ta[offW1 + p * d + j] = w1(q, j);
        ta[offW1 + q * d + j] = -w1(p, j);
      }
      cands.push(ta);
      // B-tangent: δW₁ = −W₁S, δU = S U.
      const tb = new Float64Array(dim);
      for (let i = 0; i < d; i++) {
        tb[offW1 + i * d + q] = -w1(i, p);
        tb[offW1 + i * d + p] = w1(i, q);
      }
      for (let k = 0; k < K; k++) {
        tb[offU + p * K + k] = uu(q, k);
        tb[offU + q * K + k] = -uu(p, k);
      }
      cands.push(tb);
    }
  }
  if (family) {
    for (let a = 0; a < K; a++) {
      for (let b = a + 1; b < K; b++) {
        // E = e_a e_bᵀ − e_b e_aᵀ: δW₂ = E W₂, δU = U Eᵀ = −U E.
        const t = new Float64Array(dim);
        for (let i = 0; i < d; i++) {
          t[a * d + i] = w2(b, i);
          t[b * d + i] = -w2(a, i);
        }
        for (let i = 0; i < d; i++) {
          t[offU + i * K + b] = -uu(i, a);
          t[offU + i * K + a] = uu(i, b);
        }
        cands.push(t);
      }
    }
  }
  return orthonormalize(cands);
}

/**
 * Curvature modulo symmetry at the reduced point u (curvature.ts's method for three factors): Lanczos on P H P,
 * P the projector onto the complement of the tangents, with the deflated subspace shifted above the spectrum so
 * the smallest Ritz value belongs to the complement. In the shared {@link CurvatureCertificate} shape: muCollapsed is the
 * Lanczos Rayleigh quotient λ̂ (uncorrected; the rank-r frame claims subtract the residual where they compare), and
 * mu = min(λ̂ − r − τ, λ_{H1}) with r the explicit residual ‖Hx − λ̂x‖ and τ = 8·dim·u·|λ_max| the rounding of the
 * Hessian-vector products ({@link hvpRounding}): an eigenvalue of the computed operator lies within r of λ̂ (Weyl),
 * and the computed operator's eigenvalues are within τ of the exact Hessian's, so λ̂ − r − τ is the lower bound the
 * distance and value tolerances need (the plain UFM's term, ufm/curvature.ts; THEORY.md §1.2 item 2 — never the
 * Rayleigh quotient itself, which bounds λ_min from above).
 * @param family - also deflate the K-side rotations (rank-r frames, r < K)
 * @param seed - seeds the Lanczos start vectors
 */
/**
 * τ = 8·dim·u·|λ_max|: how far rounding in the Hessian-vector products can move the eigenvalues Lanczos sees, for
 * a product computed as sums of ≤ dim terms (the plain UFM's allowance, ufm/curvature.ts, used alike for the
 * three-factor model: the same products, one more factor).
 */
export function hvpRounding(dim: number, lambdaMax: number): number {
  return 8 * dim * 2 ** -53 * Math.abs(lambdaMax);
}

export function extendedCurvature(
  red: CollapsedExtended,
  u: Float64Array,
  seed: number,
  family = false,
): CurvatureCertificate {
  const { K, d } = red.problem;
  const basis = extendedSymmetryBasis(K, d, u, family);
  const H = red.obj.hessianAt(u);
  const r = restrictedExtremes(H, basis, createRng(seed), 1e-11);
  return {
    muCollapsed: r.lambdaMin,
    mu: Math.min(r.lambdaMin - r.residualMin - hvpRounding(u.length, r.lambdaMax), red.problem.lambdaH1),
    lambdaMax: r.lambdaMax,
    residual: r.residualMin,
    converged: r.converged,
    deflated: basis.length,
  };
}
