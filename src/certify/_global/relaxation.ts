/**
 * Accelerated proximal gradient (FISTA with backtracking and function-value restart) on the collapsed convex
 * relaxation of the plain UFM (private to src/certify; the model and its reduction are derived in ../global.ts).
 *
 * Variables X (K×K, column k = √n_k·z̄_k) and b (K, when the bias is learned); class-k logits a_k = X_k/√n_k + b.
 *
 *     minimise  F(X, b) + μ‖X‖_*,   F = Σ_k ω_k ℓ(a_k; k) + (λ_b/2)‖b‖²,   ω_k = n_k/N.
 *
 * Gradients: ∇_{X_k} F = (√n_k/N)∇ℓ(a_k; k), ∇_b F = Σ_k ω_k ∇ℓ(a_k; k) + λ_b b.
 * Smoothness: with c ≥ ‖∇²ℓ‖₂ (c = ½ for CE — diag(p) − ppᵀ ≤ ½I —, 1 for MSE) and ‖u + v‖² ≤ 2‖u‖² + 2‖v‖²,
 *     ∇²F[Δ, Δ] ≤ c Σ_k ω_k‖ΔX_k/√n_k + Δb‖² + λ_b‖Δb‖² ≤ (2c/N)‖ΔX‖² + (2c + λ_b)‖Δb‖²
 * (c/N and no b-block without a bias), so the block metric M = diag(α I, β I), α = 2c/N, β = 2c + λ_b majorises F.
 * The prox of μ‖·‖_* in the metric L·M is singular-value soft-thresholding of X at τ = μ/(Lα) (the metric is a
 * multiple of I on the X block) and the identity on b. L ∈ (0, 1] is found by backtracking (sufficient decrease
 * F(x⁺) ≤ F(y) + ⟨∇F(y), x⁺ − y⟩ + (L/2)‖x⁺ − y‖²_M), tried at 0.3·L each iteration, doubled on failure and capped
 * at 1 (where the inequality holds by the bound above, so a rounding-level failure at L = 1 is accepted).
 * Momentum t_{k+1} = (1 + √(1 + 4t_k²))/2 (Beck & Teboulle 2009), reset when the objective increases
 * (O'Donoghue & Candès 2015, "Adaptive restart for accelerated gradient schemes").
 *
 * The prox uses a one-sided Jacobi SVD of the K×K matrix (jacobiSvd.ts), not the Gram route: singular values are
 * accurate to O(ε)·σ (relative), soft-thresholding is 1-Lipschitz in them, so the prox is accurate to O(ε‖X‖₂).
 */
import type { ColumnKernels } from '../../losses/index.ts';
import type { BiasMode } from '../../models/index.ts';
import type { ConjugateKind, DualBoundDetail } from './dualBound.ts';
import { dualBoundFromGradient } from './dualBound.ts';
import { svtInto, svtWork } from './jacobiSvd.ts';

// TYPES //

export interface RelaxationSetup {
  readonly kind: ConjugateKind;
  readonly kernels: ColumnKernels;
  readonly K: number;
  readonly counts: readonly number[];
  readonly mu: number;
  readonly bias: BiasMode;
  readonly lambdaB: number;
  readonly tol: number;
  readonly maxIter: number;
}

export interface RelaxationOutput {
  readonly status: 'converged' | 'max-iter' | 'non-finite';
  /** K×K row-major, column k = √n_k z̄_k at the returned iterate (the one with the smallest self-gap). */
  readonly X: Float64Array;
  readonly b: Float64Array;
  /** Singular values of X after the shrinkage that produced it (descending; exact zeros below τ) = those of the full Z. */
  readonly s: Float64Array;
  /** Relaxation objective at the returned iterate. */
  readonly primal: number;
  /** Dual bound built from the returned iterate's own gradient (primal − dual.bound is its self-gap). */
  readonly dual: DualBoundDetail;
  /** The best dual bound over all evaluated iterates (≥ dual.bound; also a valid lower bound on P). */
  readonly bestDual: DualBoundDetail;
  readonly iterations: number;
}

// VARIABLES //

/** The dual bound (a K×K EVD) is evaluated every DUAL_EVERY accepted iterates. */
const DUAL_EVERY = 5;
/** Once the self-gap is within NEAR·tol the dual is evaluated at every iteration. */
const NEAR = 100;
/** Factor by which the backtracking constant is tentatively decreased at each iteration. */
const L_DECREASE = 0.3;

// FUNCTIONS //

/**
 * Runs FISTA on the collapsed relaxation until the self-gap P(x) − D(Γ(x)) of an iterate x is ≤ tol (absolute),
 * or maxIter. The dual bound (a K×K EVD) is evaluated every DUAL_EVERY accepted iterates (every one near the end);
 * the iterate with the smallest self-gap is returned, and the best bound over all evaluations is kept too.
 */
export function solveCollapsedRelaxation(S: RelaxationSetup): RelaxationOutput {
  const { kind, kernels, K, counts, mu, bias, lambdaB, tol, maxIter } = S;
  const hasB = bias !== 'none';
  const lb = bias === 'decay' ? lambdaB : 0;
  let N = 0;
  for (const c of counts) N += c;
  const omega = Float64Array.from(counts, (c) => c / N);
  const sq = Float64Array.from(counts, (c) => Math.sqrt(c));
  const labels = Int32Array.from({ length: K }, (_, k) => k);
  const weights = Float64Array.from(counts);
  const c = kind === 'ce' ? 0.5 : 1;
  const alpha = (hasB ? 2 * c : c) / N;
  const beta = 2 * c + lb;
  const KK = K * K;

  const A = new Float64Array(KK);
  const Ug = new Float64Array(KK);
  // F and gradient at (X, b); writes gX, gb and the raw per-class gradients into Ug; returns F.
  const evalF = (
    X: Float64Array,
    b: Float64Array,
    gX: Float64Array | undefined,
    gb: Float64Array | undefined,
  ): number => {
    for (let a = 0; a < K; a++) {
      const ba = hasB ? (b[a] as number) : 0;
      for (let k = 0; k < K; k++) A[a * K + k] = (X[a * K + k] as number) / (sq[k] as number) + ba;
    }
    let f = 0;
    for (let k = 0; k < K; k++) f += (omega[k] as number) * kernels.grad(K, A, K, k, k, Ug, K, k);
    let nb = 0;
    for (let a = 0; a < K; a++) nb += (b[a] as number) ** 2;
    f += 0.5 * lb * nb;
    if (gX !== undefined) {
      for (let a = 0; a < K; a++)
        for (let k = 0; k < K; k++) gX[a * K + k] = ((sq[k] as number) / N) * (Ug[a * K + k] as number);
    }
    if (gb !== undefined && hasB) {
      for (let a = 0; a < K; a++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += (omega[k] as number) * (Ug[a * K + k] as number);
        gb[a] = s + lb * (b[a] as number);
      }
    }
    return f;
  };
  const dualAt = (): DualBoundDetail =>
    dualBoundFromGradient(kind, { K, m: K, U: Ug, y: labels, w: weights }, mu, bias, lambdaB);

  // Iterates.
  let X = new Float64Array(KK),
    b = new Float64Array(K);
  let Xy = new Float64Array(KK),
    by = new Float64Array(K);
  let Xn = new Float64Array(KK),
    bn = new Float64Array(K);
  const gXy = new Float64Array(KK),
    gby = new Float64Array(K);
  let sX = new Float64Array(K),
    sN = new Float64Array(K);
  const T = new Float64Array(KK);

  const work = svtWork(K);
  // prox step from (Xy, by) with metric L·M into (Xn, bn); returns ‖Xn‖_* and writes singular values into sN.
  const proxStep = (L: number): number => {
    const la = L * alpha;
    for (let i = 0; i < KK; i++) T[i] = (Xy[i] as number) - (gXy[i] as number) / la;
    const nuc = svtInto(K, T, mu / la, Xn, sN, work);
    if (hasB) for (let a = 0; a < K; a++) bn[a] = (by[a] as number) - (gby[a] as number) / (L * beta);
    return nuc;
  };

  const F0 = evalF(X, b, undefined, undefined);
  let P = F0; // ‖0‖_* = 0
  let bestDual = dualAt();
  // The returned iterate is the one with the smallest self-gap P(x) − D(∇L(x)): it certifies itself (its own
  // dual point, rebuilt by globalLowerBound from the realised UFM point, gives the same bound).
  let selfGap = P - bestDual.bound;
  let best = { X: X.slice(), b: b.slice(), s: sX.slice(), P, dual: bestDual, selfGap };
  let tk = 1;
  let L = 1;
  Xy.set(X);
  by.set(b);
  let it = 0;
  let status: RelaxationOutput['status'] = selfGap <= tol ? 'converged' : 'max-iter';
  /** Accepted iterates since the last dual evaluation. */
  let sinceEval = 0;
  // Dual bound at the current iterate X (its raw gradients land in Ug); keeps the best self-gap iterate.
  const evaluate = (): void => {
    evalF(X, b, undefined, undefined);
    const dual = dualAt();
    if (dual.bound > bestDual.bound) bestDual = dual;
    selfGap = P - dual.bound;
    if (selfGap < best.selfGap) best = { X: X.slice(), b: b.slice(), s: sX.slice(), P, dual, selfGap };
    if (selfGap <= tol) status = 'converged';
    sinceEval = 0;
  };
  while (status === 'max-iter' && it < maxIter) {
    it++;
    const Fy = evalF(Xy, by, gXy, gby);
    let Ltry = Math.max(L_DECREASE * L, 1e-12);
    let nuc = 0,
      Fn = 0;
    for (;;) {
      nuc = proxStep(Ltry);
      Fn = evalF(Xn, bn, undefined, undefined);
      let lin = 0,
        qX = 0,
        qb = 0;
      for (let i = 0; i < KK; i++) {
        const dlt = (Xn[i] as number) - (Xy[i] as number);
        lin += (gXy[i] as number) * dlt;
        qX += dlt * dlt;
      }
      if (hasB) {
        for (let a = 0; a < K; a++) {
          const dlt = (bn[a] as number) - (by[a] as number);
          lin += (gby[a] as number) * dlt;
          qb += dlt * dlt;
        }
      }
      if (Fn <= Fy + lin + 0.5 * Ltry * (alpha * qX + beta * qb) || Ltry >= 1) break;
      Ltry = Math.min(1, 2 * Ltry);
    }
    L = Ltry;
    const Pn = Fn + mu * nuc;
    if (!Number.isFinite(Pn)) {
      status = 'non-finite';
      break;
    }
    if (Pn > P && tk > 1) {
      // Restart: drop the momentum and take the next step from the current iterate.
      tk = 1;
      Xy.set(X);
      by.set(b);
      continue;
    }
    const tn = 0.5 * (1 + Math.sqrt(1 + 4 * tk * tk));
    const mom = (tk - 1) / tn;
    for (let i = 0; i < KK; i++) Xy[i] = (Xn[i] as number) + mom * ((Xn[i] as number) - (X[i] as number));
    if (hasB) for (let a = 0; a < K; a++) by[a] = (bn[a] as number) + mom * ((bn[a] as number) - (b[a] as number));
    [X, Xn] = [Xn, X];
    [b, bn] = [bn, b];
    [sX, sN] = [sN, sX];
    tk = tn;
    P = Pn;
    sinceEval++;
    if (sinceEval >= DUAL_EVERY || it === 1 || it === maxIter || selfGap <= NEAR * tol) evaluate();
  }
  // The loop can end on a restart step: make sure the last accepted iterate was evaluated.
  if (status !== 'non-finite' && sinceEval > 0) evaluate();
  return { status, X: best.X, b: best.b, s: best.s, primal: best.P, dual: best.dual, bestDual, iterations: it };
}
