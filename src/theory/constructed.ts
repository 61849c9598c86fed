/**
 * Builders of constructed critical points of the plain UFM (THEORY.md §6; issue 4 item 3), returning θ in the
 * layout of `ufmObjective(problem, loss)` together with what §6 predicts there:
 * (a) the origin with its critical bias b₀ (§6.1) — every loss, bias mode and count vector;
 * (b) the MSE rank-r partial orthogonal frames, bias-free and with a free bias U ⊥ 1 (§6.2, §6.3);
 * (c) a lower-dimensional critical point embedded in R^d (§6.4);
 * (d) class merging (§6.5): the fixed-point set of the class permutations inside groups, its expansion map and
 *     the restricted objective, whose critical points are critical for the full problem.
 *
 * Pure and deterministic (random frames only from a caller's Rng). Invalid input throws a RangeError whose message
 * starts with the field name.
 */
import type { Mat, Rng } from '../core/index.ts';
import { matOf, zeros } from '../core/index.ts';
import { helmertBasis } from '../geometry/index.ts';
import { symEig } from '../linalg/index.ts';
import type { LogitLoss } from '../losses/index.ts';
import type { LinOp, Objective, UfmProblem } from '../models/index.ts';
import { balancedN, ufmLayout, ufmObjective } from '../models/index.ts';
import {
  ORIGIN_CITE,
  PARTIAL_FRAME_BIAS_CITE,
  PARTIAL_FRAME_CITE,
  originLambdaMinWH,
  partialOrthogonalFrame,
  partialOrthogonalFrameFreeBias,
} from './saddles.ts';

// TYPES //

/** A constructed point with the predictions THEORY.md §6 makes there. */
export interface ConstructedPoint {
  readonly cite: string;
  /** The problem θ belongs to (for (c), the embedding problem). */
  readonly problem: UfmProblem;
  /** θ in the layout of `ufmObjective(problem, loss)`. */
  readonly theta: Float64Array;
  /** Predicted f(θ), or undefined where §6 gives none. */
  readonly value: number | undefined;
  /** Predicted λ_min(∇²f(θ)), or undefined where §6 gives none. */
  readonly lambdaMin: number | undefined;
}

/** The origin (§6.1) with the spectral data behind its λ_min. */
export interface OriginPoint extends ConstructedPoint {
  readonly value: number;
  readonly lambdaMin: number;
  /** The critical bias b₀ (length K), or undefined bias-free. */
  readonly b0: Float64Array | undefined;
  /** ‖∂f/∂b‖ at the returned b₀ (0 bias-free; rounding-level for closed forms; Newton's residual otherwise). */
  readonly biasResidual: number;
  /** σ₀ = ‖G₀‖₂, G₀ = ∂g/∂Z at the origin. */
  readonly sigma: number;
  /** λ_min of the (W, H) block: q(σ₀) = (λ_W+λ_H)/2 − √(((λ_W−λ_H)/2)² + σ₀²). */
  readonly lambdaMinWH: number;
  /** λ_min of the b block Σ_k (n_k/N)∇²ℓ(b₀; k) + λ_b I (undefined bias-free). */
  readonly lambdaMinB: number | undefined;
}

/** A partial orthogonal frame (§6.2/§6.3) as a UFM point. */
export interface PartialFrameConstructed extends ConstructedPoint {
  readonly value: number;
  /** r = rank of W (columns of U). */
  readonly r: number;
  /** Global minimiser iff r = K (bias-free) or r = K−1 (free bias); then lambdaMin is undefined. */
  readonly global: boolean;
  /** K×r and d×r orthonormal frames used. */
  readonly U: Mat;
  readonly R: Mat;
}

/** An embedded point (§6.4). */
export interface EmbeddedPoint extends ConstructedPoint {
  /** Index of the first added feature coordinate: a = e_{d′} is a common null vector of W and Hᵀ (§1.2). */
  readonly nullCoordinate: number;
}

/** The class-merging reduction (§6.5). */
export interface ClassMerging {
  readonly cite: string;
  readonly problem: UfmProblem;
  /** The groups (each sorted ascending; together a partition of 0..K−1). */
  readonly groups: readonly (readonly number[])[];
  /** Common per-class count n_g of each group. */
  readonly groupCounts: readonly number[];
  /** Length of θ_r = [W_r (G×d) | H_r (d×Σ_g n_g) | b_r (G, with a bias)]. */
  readonly dim: number;
  /**
   * σ_lb = max over groups with ≥ 2 classes of √n_g/N (0 if every group is a singleton): ‖G‖₂ ≥ σ_lb at EVERY point
   * of the fixed-point set (see {@link classMerging}).
   */
  readonly sigmaLowerBound: number;
  /**
   * q(σ_lb): at a merged critical point with a common null vector of W and Hᵀ (d > rank W),
   * λ_min(∇²f) ≤ q(‖G‖₂) ≤ q(σ_lb) (q decreases in σ); negative iff σ_lb > √(λ_Wλ_H).
   */
  readonly lambdaMinUpper: number;
  /** θ_r ↦ θ: class k of group g gets w_g, b_g, and its sample i gets h_{g,i}. Linear (the map J). */
  expand(thetaR: Float64Array): Float64Array;
  /** θ ↦ θ_r by averaging over each group: (JᵀJ)⁻¹Jᵀθ, the orthogonal projection onto the fixed-point set. */
  restrict(theta: Float64Array): Float64Array;
  /** Jᵀ v (sums over each group), e.g. the reduced gradient from a full one. */
  pullBack(v: Float64Array): Float64Array;
  /** The restriction f∘J over θ_r, with gradient Jᵀ∇f(Jθ_r) and Hessian Jᵀ∇²f(Jθ_r)J. */
  objective(loss: LogitLoss): Objective;
}

// VARIABLES //

export const EMBEDDED_CITE = 'THEORY.md §6.4 (embedded lower-dimensional critical points)';
export const CLASS_MERGING_CITE = 'THEORY.md §6.5 (class-merging critical points; symmetric criticality)';

// FUNCTIONS //

function checkLambdas(p: UfmProblem): void {
  for (const [name, v] of [
    ['lambdaW', p.lambdaW],
    ['lambdaH', p.lambdaH],
    ['lambdaB', p.lambdaB],
  ] as const) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a finite number ≥ 0; got ${v}`);
  }
}

function checkLoss(p: UfmProblem, loss: LogitLoss): void {
  if (p.loss !== loss.id) throw new RangeError(`loss: problem.loss is '${p.loss}' but the loss given is '${loss.id}'`);
}

/** q(σ) = (λ_W+λ_H)/2 − √(((λ_W−λ_H)/2)² + σ²) (THEORY.md §1.2 item 4), allowing λ = 0. */
function qOf(sigma: number, lambdaW: number, lambdaH: number): number {
  return 0.5 * (lambdaW + lambdaH) - Math.hypot(0.5 * (lambdaW - lambdaH), sigma);
}

/** ℓ(b; k) and ∇ℓ(b; k) through the loss's own methods on a K×1 logit matrix (1/N = 1). */
function classTerms(loss: LogitLoss, b: Float64Array): { values: Float64Array; grads: Float64Array } {
  const K = b.length;
  const values = new Float64Array(K);
  const grads = new Float64Array(K * K); // row k = ∇ℓ(b; k)
  const z = matOf(K, 1, b.slice());
  const g = matOf(K, 1, new Float64Array(K));
  const lab = new Int32Array(1);
  for (let k = 0; k < K; k++) {
    lab[0] = k;
    values[k] = loss.valueAndGrad(z, lab, g);
    grads.set(g.data, k * K);
  }
  return { values, grads };
}

/** The K×K matrix Σ_k π_k ∇²ℓ(b; k) + λ I, from K² Hessian-vector products on K×1 columns. */
function biasHessian(loss: LogitLoss, b: Float64Array, pi: Float64Array, lambda: number): Float64Array {
  const K = b.length;
  const Hm = new Float64Array(K * K);
  const z = matOf(K, 1, b.slice());
  const v = matOf(K, 1, new Float64Array(K));
  const out = matOf(K, 1, new Float64Array(K));
  const lab = new Int32Array(1);
  for (let i = 0; i < K; i++) {
    v.data.fill(0);
    v.data[i] = 1;
    for (let k = 0; k < K; k++) {
      lab[0] = k;
      loss.hvp(z, lab, v, out);
      for (let a = 0; a < K; a++)
        Hm[a * K + i] = (Hm[a * K + i] as number) + (pi[k] as number) * (out.data[a] as number);
    }
    Hm[i * K + i] = (Hm[i * K + i] as number) + lambda;
  }
  return Hm;
}

/** φ(b) = Σ_k π_k ℓ(b; k) + (λ/2)‖b‖² and its gradient. */
function phi(loss: LogitLoss, b: Float64Array, pi: Float64Array, lambda: number, grad: Float64Array): number {
  const K = b.length;
  const { values, grads } = classTerms(loss, b);
  let f = 0;
  grad.fill(0);
  for (let k = 0; k < K; k++) {
    f += (pi[k] as number) * (values[k] as number);
    for (let a = 0; a < K; a++) grad[a] = (grad[a] as number) + (pi[k] as number) * (grads[k * K + a] as number);
  }
  for (let a = 0; a < K; a++) {
    f += 0.5 * lambda * (b[a] as number) ** 2;
    grad[a] = (grad[a] as number) + lambda * (b[a] as number);
  }
  return f;
}

function norm(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s);
}

/**
 * Minimises φ(b) (convex for a loss convex in z) by damped Newton: pseudo-inverse steps (eigenvalues below
 * 1e-14·max dropped: the flat span(1) of a shift-invariant loss with λ = 0) and Armijo backtracking; stops when the
 * gradient stops decreasing. Returns the best b found.
 */
function newtonBias(loss: LogitLoss, pi: Float64Array, lambda: number): Float64Array {
  const K = pi.length;
  let b: Float64Array = new Float64Array(K);
  const g = new Float64Array(K);
  const gT = new Float64Array(K);
  let f = phi(loss, b, pi, lambda, g);
  for (let it = 0; it < 100; it++) {
    const gn = norm(g);
    if (gn === 0) break;
    const { values, vectors } = symEig(matOf(K, K, biasHessian(loss, b, pi, lambda)));
    const top = Math.max(Math.abs(values[K - 1] as number), Number.MIN_VALUE);
    const step = new Float64Array(K);
    for (let e = 0; e < K; e++) {
      const lam = values[e] as number;
      if (!(lam > 1e-14 * top)) continue;
      let c = 0;
      for (let a = 0; a < K; a++) c += (vectors.data[a * K + e] as number) * (g[a] as number);
      for (let a = 0; a < K; a++) step[a] = (step[a] as number) - (c / lam) * (vectors.data[a * K + e] as number);
    }
    let s = 1;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      const bT = b.map((v, a) => v + s * (step[a] as number));
      const fT = phi(loss, bT, pi, lambda, gT);
      // Accept on sufficient decrease, or (near the rounding floor of f) on a smaller gradient.
      if (fT <= f + 1e-4 * s * dotArr(g, step) || (fT <= f + 4 * Number.EPSILON * Math.abs(f) && norm(gT) < gn)) {
        b = bT;
        f = fT;
        g.set(gT);
        accepted = true;
        break;
      }
      s *= 0.5;
    }
    if (!accepted) break;
  }
  return b;
}

function dotArr(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) * (y[i] as number);
  return s;
}

/**
 * The origin critical point W = 0, H = 0, b = b₀ (THEORY.md §6.1), for every loss, bias mode and count vector.
 *
 * At W = H = 0 the gradient blocks ∂f/∂W = GHᵀ + λ_W W and ∂f/∂H = WᵀG + λ_H H vanish for any b, so the origin is
 * critical iff ∂f/∂b = Σ_k π_k ∇ℓ(b₀; k) + λ_b b₀ = 0 (π_k = n_k/N), i.e. b₀ minimises φ(b) = Σ_k π_k ℓ(b; k) +
 * (λ_b/2)‖b‖². Closed forms: MSE b₀ = π/(1 + λ_b) (balanced: 1/(K(1+λ_b))·1, §6.1); CE with λ_b = 0
 * b₀ = log π − mean(log π) (softmax(b₀) = π; balanced: 0); otherwise (CE with λ_b > 0 and unequal counts, or a
 * plug-in loss) damped Newton on φ (biasResidual reports ‖∂f/∂b‖).
 *
 * Predictions. value = φ(b₀). The Hessian at the origin is block-diagonal: ΔZ = Δb1ᵀ, so the b block is
 * Σ_k π_k ∇²ℓ(b₀; k) + λ_b I, and on (ΔW, ΔH), coordinate by coordinate of R^d, it is [[λ_W I_K, G₀], [G₀ᵀ, λ_H I_N]]
 * with eigenvalues (λ_W+λ_H)/2 ± √(((λ_W−λ_H)/2)² + σ_i²) over the singular values σ_i of G₀ = (1/N)[∇ℓ(b₀; y_j)]_j,
 * plus λ_W and λ_H. So λ_min = min(q(σ₀), λ_min(b block)) with σ₀ = ‖G₀‖₂ = √λ_max(Σ_k n_k g_k g_kᵀ)/N — for
 * balanced CE/MSE exactly {@link originLambdaMin} (σ₀ = 1/(K√n)). λ_min < 0 iff σ₀ > √(λ_Wλ_H).
 *
 * @param problem - any plain-UFM problem
 * @param loss - its loss (`problem.loss === loss.id`)
 * @returns θ with b₀, the predicted value and λ_min, σ₀ and the block minima
 * @throws RangeError naming loss or a λ
 * @example
 * const o = originPoint({ loss: 'ce', K: 4, d: 5, counts: [3, 3, 3, 3], lambdaW: 1e-2, lambdaH: 2e-2, lambdaB: 0,
 *   bias: true }, ce);
 * o.lambdaMin; // => −0.12942414387…, o.value => Math.log(4)
 */
export function originPoint(problem: UfmProblem, loss: LogitLoss): OriginPoint {
  checkLoss(problem, loss);
  checkLambdas(problem);
  const layout = ufmLayout(problem);
  const { K, N, counts } = layout;
  const pi = Float64Array.from(counts, (c) => c / N);
  const lb = problem.bias ? problem.lambdaB : 0;
  let b0: Float64Array = new Float64Array(K);
  if (problem.bias) {
    if (loss.id === 'mse') {
      b0 = pi.map((p) => p / (1 + lb));
    } else if (loss.id === 'ce' && lb === 0) {
      let m = 0;
      for (const p of pi) m += Math.log(p) / K;
      b0 = pi.map((p) => Math.log(p) - m);
    } else {
      b0 = newtonBias(loss, pi, lb);
    }
  }
  const g = new Float64Array(K);
  const value = phi(loss, b0, pi, lb, g);
  const biasResidual = problem.bias ? norm(g) : 0;
  // σ₀² = λ_max(Σ_k n_k g_k g_kᵀ)/N².
  const { grads } = classTerms(loss, b0);
  const M = zeros(K, K);
  for (let k = 0; k < K; k++) {
    const c = counts[k] as number;
    for (let a = 0; a < K; a++) {
      for (let e = 0; e < K; e++)
        M.data[a * K + e] =
          (M.data[a * K + e] as number) + c * (grads[k * K + a] as number) * (grads[k * K + e] as number);
    }
  }
  const sigma = Math.sqrt(Math.max(0, symEig(M).values[K - 1] as number)) / N;
  const lambdaMinWH = qOf(sigma, problem.lambdaW, problem.lambdaH);
  const lambdaMinB = problem.bias
    ? (symEig(matOf(K, K, biasHessian(loss, b0, pi, lb))).values[0] as number)
    : undefined;
  const theta = new Float64Array(layout.dim);
  if (problem.bias) theta.set(b0, layout.offB);
  return {
    cite: ORIGIN_CITE,
    problem,
    theta,
    value,
    lambdaMin: lambdaMinB === undefined ? lambdaMinWH : Math.min(lambdaMinWH, lambdaMinB),
    b0: problem.bias ? b0 : undefined,
    biasResidual,
    sigma,
    lambdaMinWH,
    lambdaMinB,
  };
}

/** An m×r matrix with orthonormal columns from Gaussian columns by two passes of Gram–Schmidt, optionally ⊥ 1. */
function randomFrame(m: number, r: number, rng: Rng, perpOne: boolean): Mat {
  const basis: Float64Array[] = [];
  if (perpOne) basis.push(new Float64Array(m).fill(1 / Math.sqrt(m)));
  const cols: Float64Array[] = [];
  while (cols.length < r) {
    const v = rng.fillNormal(new Float64Array(m));
    const n0 = norm(v);
    for (let pass = 0; pass < 2; pass++) {
      for (const q of [...basis, ...cols]) {
        const c = dotArr(q, v);
        for (let i = 0; i < m; i++) v[i] = (v[i] as number) - c * (q[i] as number);
      }
    }
    const nv = norm(v);
    if (!(nv > 1e-8 * n0)) continue; // (probability 0) a dependent draw: redraw
    cols.push(v.map((x) => x / nv));
  }
  const X = zeros(m, r);
  cols.forEach((c, j) => {
    for (let i = 0; i < m; i++) X.data[i * r + j] = c[i] as number;
  });
  return X;
}

/** Columns e_0..e_{r−1} of I_m. */
function coordinateFrame(m: number, r: number): Mat {
  const X = zeros(m, r);
  for (let j = 0; j < r; j++) X.data[j * r + j] = 1;
  return X;
}

/**
 * The MSE rank-r partial orthogonal frame of THEORY.md §6.2 (bias-free) or §6.3 (free bias, λ_b = 0, U ⊥ 1) as a
 * UFM point: W = √(sα) U Rᵀ, H̄ = √(s/α) R Uᵀ, H = H̄ ⊗ 1ᵀ (b = (1/K)1 with the bias), s = 1 − κ, α = √(nλ_H/λ_W).
 * Deterministic frames by default — U = first r columns of I_K (bias-free) or of the Helmert basis of 1^⊥
 * (free bias), R = first r columns of I_d — or Haar-like random ones from `rng` (Gaussian + Gram–Schmidt).
 * Predicted value: {@link partialFrameValue}; predicted λ_min for a non-global frame (r < K bias-free, r < K−1
 * with the bias): the origin's (W, H)-block value q(1/(K√n)) = {@link originLambdaMinWH} (§6.2; for §6.3 the same
 * value is predicted — the Hessian's b block there is I + (coupling) and does not go below it, checked numerically
 * in the tests).
 * @param problem - MSE, balanced counts, bias-free or free bias (λ_b = 0), κ < 1
 * @param r - rank, 0 ≤ r ≤ K (bias-free) or ≤ K−1 (free bias), and r ≤ d
 * @param rng - optional source of random U, R
 * @throws RangeError naming loss, counts, lambdaB, kappa, r or d
 */
export function partialFramePoint(problem: UfmProblem, r: number, rng?: Rng): PartialFrameConstructed {
  if (problem.loss !== 'mse')
    throw new RangeError(`loss must be 'mse' for a partial orthogonal frame; got '${problem.loss}'`);
  const n = balancedN(problem);
  if (n === undefined) throw new RangeError('counts must be balanced (all equal) for §6.2/§6.3');
  if (problem.bias && problem.lambdaB !== 0)
    throw new RangeError(`lambdaB must be 0 (§6.3 is the unregularised bias); got ${problem.lambdaB}`);
  const { K, d, lambdaW, lambdaH } = problem;
  const freeBias = problem.bias;
  const rmax = freeBias ? K - 1 : K;
  if (!Number.isInteger(r) || r < 0 || r > rmax) throw new RangeError(`r must be an integer in [0, ${rmax}]; got ${r}`);
  if (r > d) throw new RangeError(`d must be ≥ r = ${r}; got ${d}`);
  let U: Mat, R: Mat;
  if (rng !== undefined) {
    U = randomFrame(K, r, rng, freeBias);
    R = randomFrame(d, r, rng, false);
  } else {
    if (freeBias) {
      const Phi = helmertBasis(K); // (K−1)×K orthonormal rows ⊥ 1
      U = zeros(K, r);
      for (let k = 0; k < K; k++) for (let j = 0; j < r; j++) U.data[k * r + j] = Phi.data[j * K + k] as number;
    } else {
      U = coordinateFrame(K, r);
    }
    R = coordinateFrame(d, r);
  }
  const inst = { K, n, lambdaW, lambdaH };
  const pt = freeBias ? partialOrthogonalFrameFreeBias(inst, U, R) : partialOrthogonalFrame(inst, U, R);
  const layout = ufmLayout(problem);
  const theta = layout.pack({ W: pt.W, H: pt.H, b: pt.b ?? new Float64Array(K) });
  return {
    cite: freeBias ? PARTIAL_FRAME_BIAS_CITE : PARTIAL_FRAME_CITE,
    problem,
    theta,
    value: pt.value,
    lambdaMin: pt.global ? undefined : originLambdaMinWH(K, n, lambdaW, lambdaH),
    r,
    global: pt.global,
    U,
    R,
  };
}

/**
 * Embeds a critical point θ′ of the d′-dimensional problem into R^d, d > d′ (THEORY.md §6.4): W = [W′, 0],
 * H = [H′; 0], same b. The d-gradient is [∇_{W′}f′, 0; ∇_{H′}f′, 0; ∇_b f′] exactly (the added blocks are
 * G·0ᵀ + λ_W·0 and 0ᵀG + λ_H·0), so ‖∇f(θ)‖ = ‖∇f′(θ′)‖ and θ is critical to the d′ solve's tolerance. The
 * coordinate d′ is a common null vector of W and Hᵀ, so when ‖G‖₂ > √(λ_Wλ_H) (θ′ not a global minimiser of the
 * relaxation — e.g. every CE critical point with d′ < K−1) λ_min(∇²f(θ)) ≤ q(‖G‖₂) < 0 (§1.2); §6 gives no closed
 * form for λ_min (value and lambdaMin are undefined; the value is f′(θ′)).
 * @param problemLow - the d′ problem θ′ belongs to
 * @param thetaLow - θ′ in its layout
 * @param d - target dimension > d′
 * @throws RangeError naming d or theta
 */
export function embedPoint(problemLow: UfmProblem, thetaLow: Float64Array, d: number): EmbeddedPoint {
  const dl = problemLow.d;
  if (!Number.isInteger(d) || d <= dl) throw new RangeError(`d must be an integer > d′ = ${dl}; got ${d}`);
  const low = ufmLayout(problemLow);
  if (thetaLow.length !== low.dim) throw new RangeError(`theta must have length ${low.dim}; got ${thetaLow.length}`);
  const problem: UfmProblem = { ...problemLow, d };
  const high = ufmLayout(problem);
  const { K, N } = low;
  const theta = new Float64Array(high.dim);
  for (let k = 0; k < K; k++)
    for (let r = 0; r < dl; r++) theta[high.offW + k * d + r] = thetaLow[low.offW + k * dl + r] as number;
  for (let r = 0; r < dl; r++)
    theta.set(thetaLow.subarray(low.offH + r * N, low.offH + (r + 1) * N), high.offH + r * N);
  if (low.hasBias) theta.set(thetaLow.subarray(low.offB, low.offB + K), high.offB);
  return { cite: EMBEDDED_CITE, problem, theta, value: undefined, lambdaMin: undefined, nullCoordinate: dl };
}

/**
 * Escape data of §1.2 at any UFM point: σ = ‖G‖₂ (G = ∂g/∂Z at Z = WH + b1ᵀ), μ = √(λ_Wλ_H) and q(σ). At a
 * critical point with a common null vector of W and Hᵀ (d > rank W), λ_min(∇²f) ≤ q(σ), and q(σ) < 0 iff σ > μ.
 * Cost O(KdN + K²N).
 * @throws RangeError on a loss mismatch or wrongly sized θ
 */
export function escapeBound(
  problem: UfmProblem,
  loss: LogitLoss,
  theta: Float64Array,
): { sigma: number; mu: number; q: number; sigma2: number } {
  checkLoss(problem, loss);
  const layout = ufmLayout(problem);
  const { K, d, N } = layout;
  const { W, H, b } = layout.unpack(theta);
  const Z = zeros(K, N);
  for (let a = 0; a < K; a++) {
    for (let j = 0; j < N; j++) {
      let s = b[a] as number;
      for (let r = 0; r < d; r++) s += (W.data[a * d + r] as number) * (H.data[r * N + j] as number);
      Z.data[a * N + j] = s;
    }
  }
  const G = zeros(K, N);
  const y = new Int32Array(N);
  let j = 0;
  layout.counts.forEach((c, k) => {
    for (let i = 0; i < c; i++) y[j++] = k;
  });
  loss.valueAndGrad(Z, y, G);
  const M = zeros(K, K);
  for (let a = 0; a < K; a++) {
    for (let e = 0; e <= a; e++) {
      let s = 0;
      for (let t = 0; t < N; t++) s += (G.data[a * N + t] as number) * (G.data[e * N + t] as number);
      M.data[a * K + e] = s;
      M.data[e * K + a] = s;
    }
  }
  const ev = symEig(M).values;
  const sigma = Math.sqrt(Math.max(0, ev[K - 1] as number));
  // The second singular value: in the null directions the Hessian has the eigenvalues q(σ_i) for every singular
  // value σ_i of G, so q(σ₂) − q(σ) is the width of the cluster λ_min sits in (used by the strict-saddle claims).
  const sigma2 = K >= 2 ? Math.sqrt(Math.max(0, ev[K - 2] as number)) : 0;
  const mu = Math.sqrt(problem.lambdaW * problem.lambdaH);
  return { sigma, mu, q: qOf(sigma, problem.lambdaW, problem.lambdaH), sigma2 };
}

/**
 * The class-merging reduction of THEORY.md §6.5. For a partition of the classes into groups with equal counts
 * inside each group, the permutations of classes within a group (acting on rows of W, entries of b and, sample
 * index by sample index, on the columns of H) leave f invariant — ℓ is permutation-equivariant and the per-class
 * counts match, which is why equal counts within a group are required (with unequal counts the permutation is not
 * a symmetry and the construction fails: ∂f/∂w_k then carries n_k). Merging changes nothing else: every class
 * keeps its own n_k samples. The fixed-point set {w_k = w_g, b_k = b_g, h_{k,i} = h_{g,i} for k ∈ g} is the range
 * of the linear map J = {@link ClassMerging.expand}; by the principle of symmetric criticality (Palais 1979) the
 * gradient of f at a fixed point lies in range J, so ∇f(Jθ_r) = J(JᵀJ)⁻¹∇(f∘J)(θ_r) and
 *
 *     ‖∇f(Jθ_r)‖² = Σ_blocks ‖∇_r(block of group g)‖²/|g|  ≤ ‖∇(f∘J)(θ_r)‖²:
 *
 * a critical point of the restricted objective is critical for f, with a full gradient norm no larger than the
 * reduced one. No closed-form value or λ_min (§6.5 is "not numerically exercised" in THEORY.md), but a bound on
 * the curvature [D here]: for two classes c ≠ c′ of one group g, take u = (e_c − e_{c′})/√2 and v = (1_c − 1_{c′})/√(2n_g)
 * (1_c = indicator of the samples of class c). At a fixed point the logits of c and c′ are equal in every column,
 * so ∇ℓ(z; y)ᵀu = −1/√2 for y = c, +1/√2 for y = c′ (for CE p_c = p_{c′}; for MSE z_c = z_{c′}), 0 otherwise, and
 * uᵀGv = −(1/N)(n_g/(2√n_g) + n_g/(2√n_g)) = −√n_g/N. Hence ‖G‖₂ ≥ √n_g/N — the origin's value 1/(K√n) when the
 * counts are balanced — and λ_min ≤ q(√n_g/N) wherever a null vector exists (§1.2).
 * @param problem - the full problem
 * @param groups - a partition of 0..K−1 into non-empty groups, equal counts within each group
 * @throws RangeError naming groups or counts
 */
export function classMerging(problem: UfmProblem, groups: readonly (readonly number[])[]): ClassMerging {
  const full = ufmLayout(problem);
  const { K, d, N, counts, hasBias } = full;
  const seen = new Int32Array(K).fill(-1);
  const sorted = groups.map((g) => [...g].sort((a, b) => a - b));
  sorted.forEach((g, gi) => {
    if (g.length === 0) throw new RangeError(`groups[${gi}] must be non-empty`);
    for (const k of g) {
      if (!Number.isInteger(k) || k < 0 || k >= K)
        throw new RangeError(`groups[${gi}] has ${k}, not a class in 0..${K - 1}`);
      if (seen[k] !== -1) throw new RangeError(`groups: class ${k} appears twice`);
      seen[k] = gi;
    }
  });
  for (let k = 0; k < K; k++)
    if (seen[k] === -1) throw new RangeError(`groups must cover every class; ${k} is missing`);
  const G = sorted.length;
  const groupCounts = sorted.map((g, gi) => {
    const c = counts[g[0] as number] as number;
    for (const k of g) {
      if (counts[k] !== c)
        throw new RangeError(
          `counts must be equal within groups[${gi}] (class ${k} has ${counts[k]}, class ${g[0]} has ${c})`,
        );
    }
    return c;
  });
  // Column offsets: of class k in H, of group g in H_r.
  const offK: number[] = [];
  let o = 0;
  for (const c of counts) {
    offK.push(o);
    o += c;
  }
  const offG: number[] = [];
  let Nr = 0;
  for (const c of groupCounts) {
    offG.push(Nr);
    Nr += c;
  }
  const offHr = G * d;
  const offBr = offHr + d * Nr;
  const dim = offBr + (hasBias ? G : 0);
  const gOf = Int32Array.from(seen);
  let sigmaLowerBound = 0;
  sorted.forEach((g, gi) => {
    if (g.length >= 2) sigmaLowerBound = Math.max(sigmaLowerBound, Math.sqrt(groupCounts[gi] as number) / N);
  });
  const lambdaMinUpper = qOf(sigmaLowerBound, problem.lambdaW, problem.lambdaH);

  const expand = (thetaR: Float64Array): Float64Array => {
    if (thetaR.length !== dim) throw new RangeError(`theta must have length ${dim}; got ${thetaR.length}`);
    const theta = new Float64Array(full.dim);
    for (let k = 0; k < K; k++) {
      const g = gOf[k] as number;
      theta.set(thetaR.subarray(g * d, (g + 1) * d), full.offW + k * d);
      const c = counts[k] as number;
      for (let r = 0; r < d; r++) {
        theta.set(
          thetaR.subarray(offHr + r * Nr + (offG[g] as number), offHr + r * Nr + (offG[g] as number) + c),
          full.offH + r * N + (offK[k] as number),
        );
      }
      if (hasBias) theta[full.offB + k] = thetaR[offBr + g] as number;
    }
    return theta;
  };
  const pullBack = (v: Float64Array): Float64Array => {
    if (v.length !== full.dim) throw new RangeError(`theta must have length ${full.dim}; got ${v.length}`);
    const out = new Float64Array(dim);
    for (let k = 0; k < K; k++) {
      const g = gOf[k] as number;
      for (let r = 0; r < d; r++) out[g * d + r] = (out[g * d + r] as number) + (v[full.offW + k * d + r] as number);
      const c = counts[k] as number;
      for (let r = 0; r < d; r++) {
        const src = full.offH + r * N + (offK[k] as number);
        const dst = offHr + r * Nr + (offG[g] as number);
        for (let i = 0; i < c; i++) out[dst + i] = (out[dst + i] as number) + (v[src + i] as number);
      }
      if (hasBias) out[offBr + g] = (out[offBr + g] as number) + (v[full.offB + k] as number);
    }
    return out;
  };
  const restrict = (theta: Float64Array): Float64Array => {
    const s = pullBack(theta);
    for (let g = 0; g < G; g++) {
      const m = (sorted[g] as number[]).length;
      for (let r = 0; r < d; r++) s[g * d + r] = (s[g * d + r] as number) / m;
      for (let r = 0; r < d; r++) {
        const dst = offHr + r * Nr + (offG[g] as number);
        for (let i = 0; i < (groupCounts[g] as number); i++) s[dst + i] = (s[dst + i] as number) / m;
      }
      if (hasBias) s[offBr + g] = (s[offBr + g] as number) / m;
    }
    return s;
  };
  const objective = (loss: LogitLoss): Objective => {
    checkLoss(problem, loss);
    if (!loss.traits.permutationEquivariant) {
      throw new RangeError(`loss '${loss.id}' is not permutation-equivariant: class merging is not a symmetry of f`);
    }
    const f = ufmObjective(problem, loss);
    const gFull = new Float64Array(full.dim);
    return {
      dim,
      value: (thetaR: Float64Array): number => f.value(expand(thetaR)),
      valueAndGrad: (thetaR: Float64Array, g: Float64Array): number => {
        const v = f.valueAndGrad(expand(thetaR), gFull);
        g.set(pullBack(gFull));
        return v;
      },
      hessianAt: (thetaR: Float64Array): LinOp => {
        const op = f.hessianAt(expand(thetaR));
        const tmp = new Float64Array(full.dim);
        return {
          dim,
          apply: (v: Float64Array, out: Float64Array): void => {
            op.apply(expand(v), tmp);
            out.set(pullBack(tmp));
          },
        };
      },
    };
  };
  return {
    cite: CLASS_MERGING_CITE,
    problem,
    groups: sorted,
    groupCounts,
    dim,
    sigmaLowerBound,
    lambdaMinUpper,
    expand,
    restrict,
    pullBack,
    objective,
  };
}
