/**
 * The extended (two-weight-layer) UFM of Tirer & Bruna 2022, eq. (23), bias-free (THEORY.md §2.4):
 *
 *     f(W₂, W₁, H₁) = (1/(2N))‖W₂ a(W₁H₁) − Y‖² + (λ_{W2}/2)‖W₂‖² + (λ_{W1}/2)‖W₁‖² + (λ_{H1}/2)‖H₁‖²,
 *
 * with a = identity (the linear model, eq. (23)) or a = ReLU entrywise (eq. (24), §2.5; see reluExtended.ts).
 * Shapes: W₂ K×d, W₁ d×d, H₁ d×N (columns class-major, THEORY.md §0), all row-major.
 * Parameter vector: θ = [W₂ | W₁ | H₁] (see {@link extendedLayout}).
 *
 * Derivatives. Write P = W₁H₁ (pre-activation), A = a(P), D = a′(P) (all ones for the linear model),
 * Z = W₂A, G = (Z − Y)/N, M = W₂ᵀG and Q = D∘M. Then
 *
 *     ∂f/∂W₂ = G Aᵀ + λ_{W2} W₂,   ∂f/∂W₁ = Q H₁ᵀ + λ_{W1} W₁,   ∂f/∂H₁ = W₁ᵀ Q + λ_{H1} H₁.
 *
 * Hessian-vector product in direction (U₂, U₁, V): ΔP = U₁H₁ + W₁V, ΔA = D∘ΔP, ΔZ = U₂A + W₂ΔA, ΔG = ΔZ/N,
 * ΔM = U₂ᵀG + W₂ᵀΔG, ΔQ = D∘ΔM (a″ = 0 for both activations, away from kinks), and
 *
 *     ∇²f[U₂,U₁,V] = ( ΔG Aᵀ + G ΔAᵀ + λ_{W2}U₂ ,  ΔQ H₁ᵀ + Q Vᵀ + λ_{W1}U₁ ,  U₁ᵀQ + W₁ᵀΔQ + λ_{H1}V ).
 *
 * The terms G ΔAᵀ, Q Vᵀ and U₁ᵀQ are the second-order cross terms between factors (they vanish at Y-fitting
 * points only); the rest is the Gauss–Newton part.
 *
 * @see THEORY.md §2.4, §2.5
 */
import { classDims, isObj, nonNegative } from './parse.ts';
import { UsageError } from '../core/index.ts';
import type { Mat } from '../core/index.ts';
import type { LinOp, Objective } from './objective.ts';
import { labelsOf, sampleCount } from './problem.ts';
import { gemmNN, gemmNT, gemmTN } from '../linalg/index.ts';

// TYPES //

/** An extended-UFM instance (THEORY.md §2.4). Bias-free; Y is the class-major one-hot matrix. */
export interface ExtendedProblem {
  /** Number of classes, K ≥ 2. */
  readonly K: number;
  /** Feature (and hidden) dimension, d ≥ 1 (the theory needs d ≥ K). */
  readonly d: number;
  /** Per-class sample counts (balanced in the theory: all equal to n). N = Σ n_k. */
  readonly counts: readonly number[];
  readonly lambdaW2: number;
  readonly lambdaW1: number;
  readonly lambdaH1: number;
}

/** Offsets of the three blocks of θ = [W₂ (K×d) | W₁ (d×d) | H₁ (d×N)]. */
export interface ExtendedLayout {
  readonly K: number;
  readonly d: number;
  readonly N: number;
  readonly offW2: number;
  readonly offW1: number;
  readonly offH1: number;
  readonly dim: number;
}

/** Activation between W₁H₁ and W₂ (THEORY.md §2.4 linear, §2.5 ReLU). */
export type ExtendedActivation = 'linear' | 'relu';

// PARSING //

/**
 * Validates an extended problem (from JSON or flags). Accepts `n` (balanced) or `counts`.
 * @param u - `{K, d, n | counts, lambdaW2, lambdaW1, lambdaH1}`
 * @param where - prefix of the field names in error messages
 * @returns the typed problem
 * @throws UsageError naming the field: not an object; K not an integer ≥ 2; d not an integer ≥ 1; counts not K
 *   integers ≥ 1 (or n not an integer ≥ 1); a λ negative or non-finite
 * @example
 * parseExtendedProblem({ K: 3, d: 3, n: 2, lambdaW2: 1e-3, lambdaW1: 1e-3, lambdaH1: 1e-3 }).counts; // => [ 2, 2, 2 ]
 */
export function parseExtendedProblem(u: unknown, where = 'problem'): ExtendedProblem {
  if (!isObj(u)) throw new UsageError(where, 'must be an object');
  const f = (k: string): string => `${where}.${k}`;
  return {
    ...classDims(u, where),
    lambdaW2: nonNegative(u['lambdaW2'], f('lambdaW2')),
    lambdaW1: nonNegative(u['lambdaW1'], f('lambdaW1')),
    lambdaH1: nonNegative(u['lambdaH1'], f('lambdaH1')),
  };
}

// LAYOUT //

/** The block offsets of θ for `p`. */
export function extendedLayout(p: ExtendedProblem): ExtendedLayout {
  const { K, d } = p;
  const N = sampleCount(p);
  return { K, d, N, offW2: 0, offW1: K * d, offH1: K * d + d * d, dim: K * d + d * d + d * N };
}

/**
 * Packs (W₂, W₁, H₁) into a fresh θ.
 * @throws RangeError if a shape does not match the problem
 */
export function packExtended(p: ExtendedProblem, W2: Mat, W1: Mat, H1: Mat): Float64Array {
  const L = extendedLayout(p);
  const ok =
    W2.rows === L.K && W2.cols === L.d && W1.rows === L.d && W1.cols === L.d && H1.rows === L.d && H1.cols === L.N;
  if (!ok) throw new RangeError(`shapes must be W2 ${L.K}×${L.d}, W1 ${L.d}×${L.d}, H1 ${L.d}×${L.N}`);
  const theta = new Float64Array(L.dim);
  theta.set(W2.data, L.offW2);
  theta.set(W1.data, L.offW1);
  theta.set(H1.data, L.offH1);
  return theta;
}

/** Views (no copy) of the three blocks of θ. */
export function unpackExtended(p: ExtendedProblem, theta: Float64Array): { W2: Mat; W1: Mat; H1: Mat } {
  const L = extendedLayout(p);
  return {
    W2: { rows: L.K, cols: L.d, data: theta.subarray(L.offW2, L.offW1) },
    W1: { rows: L.d, cols: L.d, data: theta.subarray(L.offW1, L.offH1) },
    H1: { rows: L.d, cols: L.N, data: theta.subarray(L.offH1, L.dim) },
  };
}

// KERNELS (row-major; C ← op(A)·op(B) (+ C if acc), offsets instead of views so nothing is allocated per call) //

/** C (m×n) ← A·B (+ C), A m×k at offA, B k×n at offB. */
function mmNN(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  offA: number,
  B: Float64Array,
  offB: number,
  C: Float64Array,
  offC: number,
  acc: boolean,
): void {
  gemmNN(m, n, k, 1, A, k, B, n, acc ? 1 : 0, C, n, offA, offB, offC);
}

/** C (m×n) ← Aᵀ·B (+ C), A stored k×m at offA, B k×n at offB. */
function mmTN(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  offA: number,
  B: Float64Array,
  offB: number,
  C: Float64Array,
  offC: number,
  acc: boolean,
): void {
  gemmTN(m, n, k, 1, A, m, B, n, acc ? 1 : 0, C, n, offA, offB, offC);
}

/** C (m×n) ← A·Bᵀ (+ C), A m×k at offA, B stored n×k at offB. */
function mmNT(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  offA: number,
  B: Float64Array,
  offB: number,
  C: Float64Array,
  offC: number,
  acc: boolean,
): void {
  gemmNT(m, n, k, 1, A, k, B, k, acc ? 1 : 0, C, n, offA, offB, offC);
}

/** Writes out ← W₁H₁ (d×N), the pre-activations, from θ. */
export function preActivations(L: ExtendedLayout, theta: Float64Array, out: Float64Array): void {
  mmNN(L.d, L.N, L.d, theta, L.offW1, theta, L.offH1, out, 0, false);
}

/** Σ x_i² over x[off, off+len). */
function sumSq(x: Float64Array, off: number, len: number): number {
  let s = 0;
  for (let i = off; i < off + len; i++) {
    const v = x[i] as number;
    s += v * v;
  }
  return s;
}

// STATE AT A POINT //

/** Everything the gradient and the HVP need at θ: P = W₁H₁, A = a(P), D = a′(P) mask, G, Q = D∘(W₂ᵀG). */
interface PointState {
  readonly P: Float64Array;
  readonly A: Float64Array;
  readonly D: Uint8Array;
  readonly G: Float64Array;
  readonly Q: Float64Array;
}

function allocState(L: ExtendedLayout, relu: boolean): PointState {
  const P = new Float64Array(L.d * L.N);
  return {
    P,
    A: relu ? new Float64Array(L.d * L.N) : P,
    D: new Uint8Array(relu ? L.d * L.N : 0),
    G: new Float64Array(L.K * L.N),
    Q: new Float64Array(L.d * L.N),
  };
}

/**
 * Writes P, A, D and G = (Z − Y)/N into `s` and returns f(θ). With `withQ`, also Q = D∘(W₂ᵀG).
 * ReLU kink convention: a′(0) = 0 (D_ij = 1 iff P_ij > 0).
 */
function evalState(
  L: ExtendedLayout,
  p: ExtendedProblem,
  y: Int32Array,
  relu: boolean,
  theta: Float64Array,
  s: PointState,
  withQ: boolean,
): number {
  const { K, d, N, offW2, offW1, offH1 } = L;
  mmNN(d, N, d, theta, offW1, theta, offH1, s.P, 0, false);
  if (relu) {
    const { P, A, D } = s;
    for (let i = 0; i < d * N; i++) {
      const v = P[i] as number;
      if (v > 0) {
        A[i] = v;
        D[i] = 1;
      } else {
        A[i] = 0;
        D[i] = 0;
      }
    }
  }
  const G = s.G;
  mmNN(K, N, d, theta, offW2, s.A, 0, G, 0, false);
  let loss = 0;
  const invN = 1 / N;
  for (let k = 0; k < K; k++) {
    const row = k * N;
    for (let j = 0; j < N; j++) {
      const r = (G[row + j] as number) - (y[j] === k ? 1 : 0);
      loss += r * r;
      G[row + j] = r * invN;
    }
  }
  if (withQ) {
    mmTN(d, N, K, theta, offW2, G, 0, s.Q, 0, false);
    if (relu) {
      const { Q, D } = s;
      for (let i = 0; i < d * N; i++) if (D[i] === 0) Q[i] = 0;
    }
  }
  return (
    0.5 * loss * invN +
    0.5 * p.lambdaW2 * sumSq(theta, offW2, K * d) +
    0.5 * p.lambdaW1 * sumSq(theta, offW1, d * d) +
    0.5 * p.lambdaH1 * sumSq(theta, offH1, d * N)
  );
}

// OBJECTIVE //

/**
 * Builds the extended-UFM objective with activation `act` (shared engine of the linear and ReLU models).
 * Cost per value+gradient: ≈ 2(2d² + 3Kd)N flops; per HVP apply ≈ twice that. Allocation happens once here and once
 * per `hessianAt`; `value`, `valueAndGrad` and `apply` allocate nothing.
 * Not re-entrant: one objective must not be evaluated concurrently (JS is single-threaded, so this only matters
 * for nested calls).
 * @see THEORY.md §2.4 (linear), §2.5 (ReLU)
 */
export function extendedObjectiveWith(p: ExtendedProblem, act: ExtendedActivation): Objective {
  const L = extendedLayout(p);
  const relu = act === 'relu';
  const y = labelsOf(p);
  const work = allocState(L, relu);
  const { K, d, N, offW2, offW1, offH1, dim } = L;

  return {
    dim,
    value(theta: Float64Array): number {
      return evalState(L, p, y, relu, theta, work, false);
    },
    valueAndGrad(theta: Float64Array, g: Float64Array): number {
      const f = evalState(L, p, y, relu, theta, work, true);
      // ∂/∂W₂ = G Aᵀ + λ_{W2} W₂
      mmNT(K, d, N, work.G, 0, work.A, 0, g, offW2, false);
      // ∂/∂W₁ = Q H₁ᵀ + λ_{W1} W₁
      mmNT(d, d, N, work.Q, 0, theta, offH1, g, offW1, false);
      // ∂/∂H₁ = W₁ᵀ Q + λ_{H1} H₁
      mmTN(d, N, d, theta, offW1, work.Q, 0, g, offH1, false);
      addPenalty(p, L, theta, g);
      return f;
    },
    hessianAt(theta0: Float64Array): LinOp {
      const theta = Float64Array.from(theta0);
      const s = allocState(L, relu);
      evalState(L, p, y, relu, theta, s, true);
      const dP = new Float64Array(d * N);
      const dA = relu ? new Float64Array(d * N) : dP;
      const dG = new Float64Array(K * N);
      const dQ = new Float64Array(d * N);
      const invN = 1 / N;
      return {
        dim,
        apply(v: Float64Array, out: Float64Array): void {
          // ΔP = U₁H₁ + W₁V;  ΔA = D∘ΔP
          mmNN(d, N, d, v, offW1, theta, offH1, dP, 0, false);
          mmNN(d, N, d, theta, offW1, v, offH1, dP, 0, true);
          if (relu) for (let i = 0; i < d * N; i++) dA[i] = s.D[i] === 1 ? (dP[i] as number) : 0;
          // ΔG = (U₂A + W₂ΔA)/N
          mmNN(K, N, d, v, offW2, s.A, 0, dG, 0, false);
          mmNN(K, N, d, theta, offW2, dA, 0, dG, 0, true);
          for (let i = 0; i < K * N; i++) dG[i] = (dG[i] as number) * invN;
          // W₂ block: ΔG Aᵀ + G ΔAᵀ
          mmNT(K, d, N, dG, 0, s.A, 0, out, offW2, false);
          mmNT(K, d, N, s.G, 0, dA, 0, out, offW2, true);
          // ΔQ = D∘(U₂ᵀG + W₂ᵀΔG)
          mmTN(d, N, K, v, offW2, s.G, 0, dQ, 0, false);
          mmTN(d, N, K, theta, offW2, dG, 0, dQ, 0, true);
          if (relu) for (let i = 0; i < d * N; i++) if (s.D[i] === 0) dQ[i] = 0;
          // W₁ block: ΔQ H₁ᵀ + Q Vᵀ
          mmNT(d, d, N, dQ, 0, theta, offH1, out, offW1, false);
          mmNT(d, d, N, s.Q, 0, v, offH1, out, offW1, true);
          // H₁ block: U₁ᵀQ + W₁ᵀΔQ
          mmTN(d, N, d, v, offW1, s.Q, 0, out, offH1, false);
          mmTN(d, N, d, theta, offW1, dQ, 0, out, offH1, true);
          addPenalty(p, L, v, out);
        },
      };
    },
  };
}

/** Writes out += (λ_{W2}x_{W2}, λ_{W1}x_{W1}, λ_{H1}x_{H1}) blockwise. */
function addPenalty(p: ExtendedProblem, L: ExtendedLayout, x: Float64Array, out: Float64Array): void {
  const { offW1, offH1, dim } = L;
  const l2 = p.lambdaW2,
    l1 = p.lambdaW1,
    lh = p.lambdaH1;
  for (let i = 0; i < offW1; i++) out[i] = (out[i] as number) + l2 * (x[i] as number);
  for (let i = offW1; i < offH1; i++) out[i] = (out[i] as number) + l1 * (x[i] as number);
  for (let i = offH1; i < dim; i++) out[i] = (out[i] as number) + lh * (x[i] as number);
}

/**
 * The linear extended UFM (Tirer & Bruna eq. (23)) as an Objective over θ = [W₂ | W₁ | H₁], with exact gradient and
 * exact Hessian-vector products (including the cross terms between the three factors).
 * @param p - the problem (validate untrusted input with {@link parseExtendedProblem} first)
 * @returns the objective; its dimension is Kd + d² + dN
 * @see THEORY.md §2.4
 * @example
 * const f = extendedObjective({ K: 2, d: 2, counts: [1, 1], lambdaW2: 0, lambdaW1: 0, lambdaH1: 0 });
 * f.value(new Float64Array(f.dim)); // => 0.5
 */
export function extendedObjective(p: ExtendedProblem): Objective {
  return extendedObjectiveWith(p, 'linear');
}
