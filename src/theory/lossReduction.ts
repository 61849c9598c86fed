/**
 * Any loss on the logits: the symmetric reduction of THEORY.md §10 (Zhou et al. 2022, "Are All Losses Created
 * Equal", arXiv 2210.02192; Guo et al. 2024, arXiv 2402.03979), solved to machine precision.
 *
 * By §0.3 the plain UFM equals min (1/K)Σ_k ℓ(z̄_k + b, k) + γ‖Z̄‖_* + (λ_b/2)‖b‖² over Z̄ = W H̄ (K×K), rank Z̄ ≤ d,
 * γ = √(nλ_Wλ_H). Under (C) convexity and (E) permutation equivariance a minimizer has Z̄ = αI + β11ᵀ, b = β′1.
 * Write p = α (eigenvalue on 1^⊥, multiplicity K−1), q = α + Kβ (eigenvalue on 1), s = β′ and u = e₁ − (1/K)1: the
 * logits of class 1 are z = p·u + (q/K + s)·1, ‖Z̄‖_* = (K−1)|p| + |q|, and
 *
 *   F(p, q, s) = ℓ(p u + (q/K + s) 1, 1) + γ((K−1)|p| + |q|) + (λ_b K/2) s²,          (§10, ≤ 3 parameters)
 *
 * with s ≡ 0 for a bias-free model, q ≡ 0 for an unregularized bias (q/K and s enter the loss only through their
 * sum, and q adds norm), and the rank constraint p·q = 0 when d = K−1. Under (S) shift invariance as well, q and s do
 * not change the loss and only add norm, leaving the 1-D problem
 *
 *   f* = min_{a ≥ 0} g(a),   g(a) = ℓ(a u, 1) + γ(K−1) a,                              (§10, 1-D)
 *
 * whose zero solution takes over exactly when g′(0⁺) ≥ 0, i.e. γ ≥ γ₀ := −∇ℓ(0, 1)·u/(K−1) (κ₀ = Kγ₀; CE: κ₀ = 1).
 *
 * Solvers. 1-D convex: bracket the root of g′ and run Newton safeguarded by bisection until the bracket is a few
 * ulps wide (g″ = uᵀ∇²ℓ u from the loss's own HVP). ≤ 3 parameters: the nonsmooth |p|, |q| are handled by active
 * sets — for every sign pattern (each of p, q zero, positive or negative) the smooth problem with |x| → sign·x is
 * solved by damped Newton, and the smallest TRUE objective over all candidates is kept. This is exact for a convex F:
 * the minimizer lies on the face of its own pattern, where the linearised objective agrees with F and is minimized
 * there (a convex function's local minimum is global); every other candidate's true value is an upper bound.
 * Without (C) (focal loss) g is not convex: its global minimum over a ≥ 0 is found by a grid scan on [0, A] (A beyond
 * which γ(K−1)a exceeds ℓ(0) − inf ℓ) with every local minimum refined by safeguarded Newton — the symmetric
 * candidate of §10, whose optimality is a hunt target, not a theorem.
 *
 * Norms (balanced factorisation, §0.3): W Wᵀ = √(nλ_H/λ_W)·|Z̄|, H̄ᵀH̄ = √(λ_W/(nλ_H))·|Z̄| with |Z̄| = |p|(I − J) +
 * |q|J; self-duality H̄ = c Wᵀ, c = √(λ_W/(nλ_H)), when Z̄ ⪰ 0 (p, q ≥ 0).
 */
import type { Mat } from '../core/index.ts';
import { matOf, zeros } from '../core/index.ts';
import type { LogitLoss, LossTraits } from '../losses/index.ts';
import { checkK, checkN, checkNonNegative, checkPositive } from './zhu2021.ts';

export const LOSS_REDUCTION_CITE =
  'THEORY.md §10 (symmetric reduction); Zhou et al. 2022 (arXiv 2210.02192); Guo et al. 2024 (arXiv 2402.03979)';

/** The instance (balanced plain UFM, §0.1). */
export interface LossReductionInstance {
  readonly K: number;
  readonly d: number;
  readonly n: number;
  readonly lambdaW: number;
  readonly lambdaH: number;
  /** ≥ 0; ignored when bias is false. @defaultValue 0 */
  readonly lambdaB?: number;
  /** @defaultValue true */
  readonly bias?: boolean;
}

/** Which reduction was solved. */
export type ReductionKind =
  '1-D (C)(E)(S)' | '3-parameter (C)(E)' | '1-D candidate (E)(S), not convex' | 'not applicable';

/** What the theory says about the bias. */
export type LossBiasPrediction =
  | { readonly kind: 'absent' }
  | { readonly kind: 'zero' }
  | { readonly kind: 'span-one' }
  | { readonly kind: 'value'; readonly value: number };

/** One statement of §10 and whether it applies to this loss. */
export interface ReductionStatement {
  readonly statement: string;
  readonly applies: boolean;
  readonly why: string;
}

export interface LossReductionPrediction {
  readonly cite: string;
  readonly lossId: string;
  readonly traits: LossTraits;
  readonly kind: ReductionKind;
  /** True when the prediction is a theorem of §10 (global minimizer); false for a mere candidate. */
  readonly global: boolean;
  readonly K: number;
  readonly d: number;
  readonly n: number;
  readonly gamma: number;
  readonly kappa: number;
  /** α = a*: the eigenvalue of W H̄ on 1^⊥ (the ETF margin scale). */
  readonly alpha: number;
  /** β: W H̄ = αI + β11ᵀ. */
  readonly beta: number;
  /** β′: b = β′1 (0 when bias-free or for (S) losses). */
  readonly betaPrime: number;
  /** q = α + Kβ, the eigenvalue of W H̄ on 1. */
  readonly q: number;
  readonly fStar: number;
  /** ‖w_k‖². */
  readonly wNormSq: number;
  /** ‖h̄_k‖². */
  readonly hbarNormSq: number;
  /** c = √(λ_W/(nλ_H)): H̄ = c Wᵀ when Z̄ ⪰ 0. */
  readonly selfDuality: number;
  /** True when Z̄ ⪰ 0, so that H̄ = c Wᵀ holds. */
  readonly selfDual: boolean;
  readonly gramW: Mat;
  readonly gramHbar: Mat;
  readonly WHbar: Mat;
  readonly bias: LossBiasPrediction;
  /** The zero solution W = H = 0 takes over at γ ≥ γ₀ (κ ≥ κ₀ = Kγ₀); `zero` says whether this instance is there. */
  readonly threshold: { readonly gamma0: number; readonly kappa0: number; readonly zero: boolean };
  readonly statements: readonly ReductionStatement[];
}

const U = 2 ** -53;

/** ℓ(z, 1) on one column with its gradient and Hessian along u and 1 (N = 1, so no 1/N). */
class Column {
  readonly K: number;
  private readonly z: Mat;
  private readonly g: Mat;
  private readonly v: Mat;
  private readonly hv: Mat;
  private readonly y = Int32Array.of(0);
  constructor(
    private readonly loss: LogitLoss,
    K: number,
  ) {
    this.K = K;
    this.z = matOf(K, 1, new Float64Array(K));
    this.g = matOf(K, 1, new Float64Array(K));
    this.v = matOf(K, 1, new Float64Array(K));
    this.hv = matOf(K, 1, new Float64Array(K));
  }
  /** Sets z = p u + m 1 with u = e₁ − (1/K)1; z₁ = p(K−1)/K + m, z_k = −p/K + m. */
  private set(p: number, m: number): void {
    const K = this.K;
    for (let k = 0; k < K; k++) this.z.data[k] = m - p / K;
    this.z.data[0] = m + (p * (K - 1)) / K;
  }
  value(p: number, m: number): number {
    this.set(p, m);
    return this.loss.value(this.z, this.y);
  }
  /** [ℓ, ℓ_p, ℓ_m, ℓ_pp, ℓ_pm, ℓ_mm] at z = p u + m 1. */
  derivs(p: number, m: number, out: Float64Array): Float64Array {
    const K = this.K;
    this.set(p, m);
    out[0] = this.loss.valueAndGrad(this.z, this.y, this.g);
    let gu = 0,
      g1 = 0;
    for (let k = 0; k < K; k++) {
      const gk = this.g.data[k] as number;
      g1 += gk;
      gu += gk * (k === 0 ? 1 - 1 / K : -1 / K);
    }
    out[1] = gu;
    out[2] = g1;
    // H u and H 1
    for (let k = 0; k < K; k++) this.v.data[k] = k === 0 ? 1 - 1 / K : -1 / K;
    this.loss.hvp(this.z, this.y, this.v, this.hv);
    let uHu = 0,
      oneHu = 0;
    for (let k = 0; k < K; k++) {
      const h = this.hv.data[k] as number;
      uHu += h * (this.v.data[k] as number);
      oneHu += h;
    }
    this.v.data.fill(1);
    this.loss.hvp(this.z, this.y, this.v, this.hv);
    let oneH1 = 0;
    for (let k = 0; k < K; k++) oneH1 += this.hv.data[k] as number;
    out[3] = uHu;
    out[4] = oneHu;
    out[5] = oneH1;
    return out;
  }
}

function validate(inst: LossReductionInstance): { lambdaB: number; bias: boolean; gamma: number } {
  checkK(inst.K);
  checkN(inst.n);
  checkPositive(inst.lambdaW, 'lambdaW');
  checkPositive(inst.lambdaH, 'lambdaH');
  const lambdaB = inst.lambdaB ?? 0;
  checkNonNegative(lambdaB, 'lambdaB');
  if (!Number.isInteger(inst.d) || inst.d < inst.K - 1)
    throw new RangeError(`d must be an integer ≥ K−1 = ${inst.K - 1} (THEORY.md §10 needs d ≥ K−1); got ${inst.d}`);
  return { lambdaB, bias: inst.bias ?? true, gamma: Math.sqrt(inst.n * inst.lambdaW * inst.lambdaH) };
}

/**
 * Root of a nondecreasing h on [lo, hi] with h(lo) < 0 < h(hi), by Newton safeguarded with bisection, to a bracket a
 * few ulps wide (or h = 0 exactly). `hd` returns [h, h′].
 */
function safeguardedRoot(hd: (x: number) => readonly [number, number], lo: number, hi: number): number {
  let x = 0.5 * (lo + hi);
  for (let it = 0; it < 400; it++) {
    const [h, dh] = hd(x);
    if (h === 0) return x;
    if (h < 0) lo = x;
    else hi = x;
    if (hi - lo <= 4 * U * Math.max(Math.abs(lo), Math.abs(hi), Number.MIN_VALUE)) return h < 0 ? hi : lo;
    const xn = dh > 0 ? x - h / dh : Number.NaN;
    x = xn > lo && xn < hi ? xn : 0.5 * (lo + hi);
  }
  return x;
}

/** The 1-D problem g(a) = ℓ(a u) + γ(K−1)a over a ≥ 0 (convex case): returns a*. */
function solve1dConvex(col: Column, K: number, gamma: number, gp0: number): number {
  if (gp0 >= 0) return 0;
  const buf = new Float64Array(6);
  const hd = (a: number): readonly [number, number] => {
    col.derivs(a, 0, buf);
    return [(buf[1] as number) + gamma * (K - 1), buf[3] as number];
  };
  let hi = 1;
  while (hd(hi)[0] < 0) {
    hi *= 2;
    if (hi > 1e300) throw new RangeError('gamma: the reduced problem has no minimizer (g decreases without bound)');
  }
  return safeguardedRoot(hd, 0, hi);
}

/** The 1-D problem without convexity: global minimum of g over a ≥ 0 by a scan and Newton refinement. */
function solve1dScan(col: Column, K: number, gamma: number): number {
  const g = (a: number): number => col.value(a, 0) + gamma * (K - 1) * a;
  const l0 = col.value(0, 0);
  // inf ℓ along the ray, estimated far out; beyond A the penalty alone exceeds g(0) − inf ℓ.
  const lInf = Math.min(0, l0, col.value(1e3, 0), col.value(1e6, 0));
  const A = Math.max(1e-8, (l0 - lInf) / (gamma * (K - 1)));
  const M = 4000;
  const buf = new Float64Array(6);
  const hd = (a: number): readonly [number, number] => {
    col.derivs(a, 0, buf);
    return [(buf[1] as number) + gamma * (K - 1), buf[3] as number];
  };
  let best = 0,
    fBest = g(0);
  let prev = hd(0)[0];
  for (let i = 1; i <= M; i++) {
    const a0 = (A * (i - 1)) / M,
      a1 = (A * i) / M;
    const cur = hd(a1)[0];
    if (prev < 0 && cur >= 0) {
      const a = cur === 0 ? a1 : safeguardedRoot(hd, a0, a1);
      const fa = g(a);
      if (fa < fBest) {
        best = a;
        fBest = fa;
      }
    }
    prev = cur;
  }
  const fA = g(A);
  if (fA < fBest) best = A;
  return best;
}

/** Variables of the ≤ 3-parameter problem. */
interface Vars {
  p: number;
  q: number;
  s: number;
}

/** Which variables are free and their assumed signs (0 = held at zero). */
interface Pattern {
  readonly sp: -1 | 0 | 1;
  readonly sq: -1 | 0 | 1;
  readonly s: boolean;
}

/**
 * Solves the ≤ 3-parameter convex problem F(p, q, s) of §10 by active sets (see the file comment).
 */
function solve3(col: Column, K: number, gamma: number, lambdaB: number, bias: boolean, rank: boolean): Vars {
  const qFree = !bias || lambdaB > 0;
  const sFree = bias;
  const F = (v: Vars): number =>
    col.value(v.p, v.q / K + v.s) + gamma * ((K - 1) * Math.abs(v.p) + Math.abs(v.q)) + 0.5 * lambdaB * K * v.s * v.s;
  const signs: readonly (-1 | 0 | 1)[] = [0, 1, -1];
  const patterns: Pattern[] = [];
  for (const sp of signs)
    for (const sq of qFree ? signs : [0 as const]) {
      if (rank && sp !== 0 && sq !== 0) continue;
      patterns.push({ sp, sq, s: sFree });
    }
  let best: Vars = { p: 0, q: 0, s: 0 };
  let fBest = Number.POSITIVE_INFINITY;
  const buf = new Float64Array(6);
  for (const pat of patterns) {
    const v = newtonPattern(col, K, gamma, lambdaB, pat, buf);
    const f = F(v);
    if (f < fBest) {
      fBest = f;
      best = v;
    }
  }
  return best;
}

/** Damped Newton on the smooth objective of one sign pattern; free variables in the order (p, q, s). */
function newtonPattern(col: Column, K: number, gamma: number, lambdaB: number, pat: Pattern, buf: Float64Array): Vars {
  const free: ('p' | 'q' | 's')[] = [];
  if (pat.sp !== 0) free.push('p');
  if (pat.sq !== 0) free.push('q');
  if (pat.s) free.push('s');
  const v: Vars = { p: pat.sp, q: pat.sq, s: 0 };
  const smooth = (x: Vars): number =>
    col.value(x.p, x.q / K + x.s) + gamma * ((K - 1) * pat.sp * x.p + pat.sq * x.q) + 0.5 * lambdaB * K * x.s * x.s;
  if (free.length === 0) return v;
  const n = free.length;
  const gr = new Float64Array(n),
    H = new Float64Array(n * n),
    step = new Float64Array(n);
  /** Writes the smooth gradient into gr and Hessian into H at x; returns max |∂|. */
  const gradHess = (x: Vars): number => {
    col.derivs(x.p, x.q / K + x.s, buf);
    const [, lp, lm, lpp, lpm, lmm] = buf as unknown as [number, number, number, number, number, number];
    // ∂/∂p = ℓ_p + γ(K−1)σ_p, ∂/∂q = ℓ_m/K + γσ_q, ∂/∂s = ℓ_m + λ_b K s
    const gOf = { p: lp + gamma * (K - 1) * pat.sp, q: lm / K + gamma * pat.sq, s: lm + lambdaB * K * x.s };
    const dm = { p: 0, q: 1 / K, s: 1 };
    let gn = 0;
    free.forEach((a, i) => {
      gr[i] = gOf[a];
      gn = Math.max(gn, Math.abs(gOf[a]));
      free.forEach((b, j) => {
        let h: number;
        if (a === 'p' && b === 'p') h = lpp;
        else if (a === 'p') h = lpm * dm[b];
        else if (b === 'p') h = lpm * dm[a];
        else h = lmm * dm[a] * dm[b] + (a === 's' && b === 's' ? lambdaB * K : 0);
        H[i * n + j] = h;
      });
    });
    return gn;
  };
  let f = smooth(v);
  let gn = gradHess(v);
  for (let it = 0; it < 200 && gn > 0; it++) {
    if (!solveSmall(n, H, gr, step)) break;
    let dec = 0;
    for (let i = 0; i < n; i++) dec += (gr[i] as number) * (step[i] as number);
    const trial = (t: number): Vars => {
      const x: Vars = { ...v };
      free.forEach((a, i) => {
        x[a] = v[a] - t * (step[i] as number);
      });
      return x;
    };
    // Full Newton step first. Near the minimizer f cannot decrease representably, so the step is also accepted when f
    // stays within rounding and the gradient shrinks: the root of the gradient is what fixes x to machine precision
    // (a function-value test alone stalls at ~√u in x).
    let x = trial(1);
    let fx = smooth(x);
    const gOld = gn;
    const grOld = Float64Array.from(gr),
      HOld = Float64Array.from(H);
    let gx = Number.isFinite(fx) ? gradHess(x) : Number.POSITIVE_INFINITY;
    let ok = fx <= f - 1e-4 * dec || (fx <= f + 64 * U * (Math.abs(f) + 1) && gx < gOld);
    if (!ok) {
      gr.set(grOld);
      H.set(HOld);
      for (let t = 0.5, ls = 0; ls < 60 && !ok; ls++, t *= 0.5) {
        x = trial(t);
        fx = smooth(x);
        if (fx <= f - 1e-4 * t * dec) {
          ok = true;
          gx = gradHess(x);
        }
      }
    }
    if (!ok) break;
    let moved = false;
    free.forEach((a) => {
      if (x[a] !== v[a]) moved = true;
      v[a] = x[a];
    });
    f = fx;
    gn = gx;
    if (!moved) break;
    if (!free.every((a) => Number.isFinite(v[a]) && Math.abs(v[a]) < 1e12)) break;
  }
  return v;
}

/** Solves the n×n (n ≤ 3) system H x = g by Gaussian elimination with partial pivoting (regularised if singular). */
function solveSmall(n: number, H: Float64Array, g: Float64Array, x: Float64Array): boolean {
  const A = Float64Array.from(H);
  const b = Float64Array.from(g);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(A[i * n + i] as number));
  for (let i = 0; i < n; i++) A[i * n + i] = (A[i * n + i] as number) + 1e-14 * (scale + 1e-300);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c] as number) > Math.abs(A[piv * n + c] as number)) piv = r;
    if (!(Math.abs(A[piv * n + c] as number) > 0)) return false;
    if (piv !== c) {
      for (let j = 0; j < n; j++) {
        const t = A[c * n + j] as number;
        A[c * n + j] = A[piv * n + j] as number;
        A[piv * n + j] = t;
      }
      const t = b[c] as number;
      b[c] = b[piv] as number;
      b[piv] = t;
    }
    for (let r = c + 1; r < n; r++) {
      const m = (A[r * n + c] as number) / (A[c * n + c] as number);
      for (let j = c; j < n; j++) A[r * n + j] = (A[r * n + j] as number) - m * (A[c * n + j] as number);
      b[r] = (b[r] as number) - m * (b[c] as number);
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r] as number;
    for (let j = r + 1; j < n; j++) s -= (A[r * n + j] as number) * (x[j] as number);
    x[r] = s / (A[r * n + r] as number);
  }
  for (let i = 0; i < n; i++) if (!Number.isFinite(x[i] as number)) return false;
  return true;
}

/** p(I − J) + qJ as a K×K matrix. */
function spectralForm(K: number, p: number, q: number): Mat {
  const M = zeros(K, K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) M.data[i * K + j] = (i === j ? p : 0) + (q - p) / K;
  return M;
}

/**
 * Solves the §10 reduction for a loss on one instance.
 *
 * @param loss - the loss (its kernels are evaluated on single columns)
 * @param traits - the traits to rely on (detected, see losses/traitCheck.ts; for built-ins the declared ones)
 * @param inst - (K, d ≥ K−1, n, λ_W, λ_H, λ_b, bias)
 * @returns f*, a*, β, β′, norms, Grams, self-duality, bias, threshold and which §10 statements apply
 * @throws RangeError naming K, n, lambdaW, lambdaH, lambdaB or d
 * @example
 * predictLossReduction(labelSmoothing(0.1), ls.traits, { K: 4, d: 4, n: 3, lambdaW: 5e-3, lambdaH: 1e-2, lambdaB: 1e-2 }).fStar;
 * // => 0.472904212965… (THEORY.md §10 table)
 */
export function predictLossReduction(
  loss: LogitLoss,
  traits: LossTraits,
  inst: LossReductionInstance,
): LossReductionPrediction {
  const { lambdaB, bias, gamma } = validate(inst);
  const { K, d, n, lambdaW, lambdaH } = inst;
  const col = new Column(loss, K);
  const { convexInZ: C, permutationEquivariant: E, shiftInvariant: S } = traits;
  const statements: ReductionStatement[] = [];
  const add = (statement: string, applies: boolean, why: string): void => {
    statements.push({ statement, applies, why });
  };
  const buf = new Float64Array(6);
  let p = 0,
    q = 0,
    s = 0;
  let kind: ReductionKind;
  let gamma0: number;
  if (!E) {
    kind = 'not applicable';
    gamma0 = Number.NaN;
  } else if (S) {
    col.derivs(0, 0, buf);
    gamma0 = -(buf[1] as number) / (K - 1);
    const gp0 = (buf[1] as number) + gamma * (K - 1);
    p = C ? solve1dConvex(col, K, gamma, gp0) : solve1dScan(col, K, gamma);
    q = 0;
    kind = C ? '1-D (C)(E)(S)' : '1-D candidate (E)(S), not convex';
  } else {
    const rank = d < K;
    const sol = solve3(col, K, gamma, lambdaB, bias, rank);
    ({ p, q, s } = sol);
    // Zero solution: p = q = 0 and s = s₀ optimal for the bias alone; it is optimal iff the subgradient conditions
    // |ℓ_p| ≤ γ(K−1) and (q free) |ℓ_m/K| ≤ γ hold at z = s₀1, i.e. γ ≥ γ₀.
    const s0 = bias ? newtonPattern(col, K, 0, lambdaB, { sp: 0, sq: 0, s: true }, buf).s : 0;
    col.derivs(0, s0, buf);
    const qFree = !bias || lambdaB > 0;
    gamma0 = Math.max(Math.abs(buf[1] as number) / (K - 1), qFree ? Math.abs(buf[2] as number) / K : 0);
    kind = C ? '3-parameter (C)(E)' : 'not applicable';
    if (!C) {
      p = 0;
      q = 0;
      s = 0;
    }
  }
  const applicable = kind !== 'not applicable';
  const global = applicable && C;
  // Threshold: zero solution iff γ ≥ γ₀ (only a theorem under (C)).
  const zero = applicable && p === 0 && q === 0;
  const fStar = !applicable
    ? Number.NaN
    : col.value(p, q / K + s) + gamma * ((K - 1) * Math.abs(p) + Math.abs(q)) + (bias ? 0.5 * lambdaB * K * s * s : 0);
  const r = Math.sqrt((n * lambdaH) / lambdaW);
  const c = Math.sqrt(lambdaW / (n * lambdaH));
  const ap = Math.abs(p),
    aq = Math.abs(q);
  const wNormSq = r * ((ap * (K - 1)) / K + aq / K);
  const beta = (q - p) / K;
  const biasPred: LossBiasPrediction = !bias
    ? { kind: 'absent' }
    : S
      ? lambdaB > 0
        ? { kind: 'zero' }
        : { kind: 'span-one' }
      : { kind: 'value', value: s };
  add(
    '(C)+(E): a global minimizer of the symmetric form Z̄ = αI + β11ᵀ, b = β′1 exists',
    C && E,
    C && E ? 'convex and permutation-equivariant' : `needs ${C ? '' : '(C) '}${E ? '' : '(E)'}`.trim(),
  );
  add(
    '(C)+(E)+(S): Z̄ = a*(I − 11ᵀ/K), f* = min_a g(a) (1-D)',
    C && E && S,
    C && E && S
      ? 'all three traits hold'
      : `needs ${[C ? '' : '(C)', E ? '' : '(E)', S ? '' : '(S)'].filter((x) => x !== '').join(' ')}`,
  );
  add(
    'without (S): the ≤ 3-parameter problem in (α, β, β′)',
    C && E && !S,
    !S
      ? C && E
        ? 'convex, equivariant, not shift-invariant'
        : 'needs (C) and (E)'
      : 'shift-invariant: the 1-D form applies',
  );
  add(
    'rank constraint α(α + Kβ) = 0 for d = K−1',
    C && E && !S && d < K,
    d < K ? 'd = K−1' : 'd ≥ K: no rank constraint',
  );
  add(
    'zero solution exactly when g′(0⁺) ≥ 0 (γ ≥ γ₀)',
    C && E,
    C && E ? 'convex: the subgradient condition at 0 is necessary and sufficient' : 'not a theorem without (C) and (E)',
  );
  add(
    'the minimizer is unique, so EVERY global minimizer is the predicted one',
    false,
    "not checked by §10: needs the convex problem's minimizer to be unique (true for CE and LS with λ > 0; a hunt target for plug-ins)",
  );
  add(
    'without (C): the symmetric point is only a candidate (hunt target)',
    E && S && !C,
    !C ? 'not convex in z' : 'convex',
  );
  add(
    'without (E): minimizers are generally not a simplex ETF (minority-collapse-like hunt)',
    !E,
    E ? 'equivariant' : 'not permutation-equivariant',
  );
  return {
    cite: LOSS_REDUCTION_CITE,
    lossId: loss.id,
    traits,
    kind,
    global,
    K,
    d,
    n,
    gamma,
    kappa: K * gamma,
    alpha: p,
    beta,
    betaPrime: bias ? s : 0,
    q,
    fStar,
    wNormSq,
    hbarNormSq: c * ((ap * (K - 1)) / K + aq / K),
    selfDuality: c,
    selfDual: p >= 0 && q >= 0,
    gramW: spectralForm(K, r * ap, r * aq),
    gramHbar: spectralForm(K, c * ap, c * aq),
    WHbar: spectralForm(K, p, q),
    bias: biasPred,
    threshold: { gamma0, kappa0: K * gamma0, zero },
    statements,
  };
}
