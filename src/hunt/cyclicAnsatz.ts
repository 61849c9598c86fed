/**
 * The "most symmetric configuration" of the CE-UFM with d < K−1 (THEORY.md §7.1): the best **cyclic, self-dual**
 * configuration — the ansatz the hunt `ce.d-below-k-minus-1.symmetric-is-global` compares multistart values with.
 *
 * **The family.** The classes are permuted cyclically (k → k+1) by a rotation R ∈ O(d) of order K acting on the
 * features: w_{k+1} = R w_k, h̄_{k+1} = R h̄_k, with h̄_k ∝ w_k (self-duality) and b = 0 (b ∝ 1 is equivalent for
 * CE, which is shift-invariant). Then Z̄ = W H̄ is a symmetric PSD circulant K×K matrix:
 *
 *     Z̄ = Σ_{f ∈ S} a_f P_f,   a_f ≥ 0,
 *
 * where P_f is the orthogonal projector onto the real frequency-f eigenspace of the cyclic shift: for a pair
 * frequency 1 ≤ f < K/2, P_f[j,k] = (2/K) cos(2πf(j−k)/K) (rank 2, a regular K-gon or star polygon); for K even and
 * f = K/2, P_f[j,k] = (1/K)(−1)^{j−k} (rank 1, the alternating ±1 code). Frequency 0 is excluded: Wᵀ1 = 0 at every
 * CE critical point (THEORY.md §0.2). S must fit in d: Σ_{f∈S} rank P_f ≤ d.
 *   - d = 2: a pair frequency — **the regular K-gon** (f = 1; a star polygon with gcd(f, K) = 1 has the same value);
 *     for K even also {K/2} (2 merged antipodal groups; never better, it is in the enumeration for completeness).
 *   - d = 1, K even: {K/2} — the alternating code w_k = (−1)^k a (two antipodal groups of K/2 merged classes).
 *   - d = 3, K even: a pair plus K/2 — the zigzag / antiprism (K = 6 at equal weights is the regular octahedron).
 *   - K odd with d odd: the odd dimension cannot carry a cyclic orbit with Σ_k w_k = 0, so the family lives in d−1
 *     dimensions and is then a strict saddle (THEORY.md §6.4); the hunts therefore draw odd d only for even K.
 *
 * **Its value.** With balanced n, γ = √(nλ_Wλ_H) and the balanced factorisation (THEORY.md §0.3) every class has
 * the same loss, and
 *
 *     F(a) = lse(z(a)) − z_0(a) + γ Σ_f rank(P_f)·a_f,     z(a) = Σ_f a_f P_f[·, 0]   (column 0 of Z̄),
 *
 * a convex function of a ≥ 0 (log-sum-exp of a linear map plus a linear term). It is minimised for every maximal S
 * by projected Newton; the ansatz value is the minimum over S. Symmetric criticality (Palais): the optimum over
 * the fixed-point set of the dihedral symmetry (cyclic shift with R, reflection k → −k with a reflection of R^d) is
 * a critical point of the full objective; `realizeCyclicAnsatz` builds it so the gradient can be checked.
 *
 * **Certified suboptimality of the computed a.** F convex, a feasible ⇒ F* ≥ F(a) + ∇F(a)ᵀ(a* − a). Coordinates
 * with a_f = 0 and ∂_f F ≥ 0 only help (a*_f ≥ 0); for the others |a*_f − a_f| ≤ max(a_f, F(a)/(γ·rank_f)) because
 * F(a*) ≤ F(a) and F ≥ γ Σ rank_f a_f (the loss term is ≥ 0). Hence
 *
 *     F(a) − F* ≤ Σ_{free f} |∂_f F(a)| · max(a_f, F(a)/(γ·rank_f)) =: `suboptimality`,
 *
 * reported and added to the hunt's tolerance, so a hit never comes from an under-optimised ansatz.
 *
 * @see THEORY.md §7.1, §0.3, §6.4, §6.5 (fixed-point sets of symmetry subgroups)
 */
import { gammaOf } from '../theory/index.ts';

/** One real frequency component of the cyclic family. */
export interface CyclicFrequency {
  /** 1 ≤ f ≤ K/2. */
  readonly f: number;
  /** 2 for a pair frequency f < K/2, 1 for f = K/2. */
  readonly rank: number;
}

/** The best cyclic configuration for one frequency set. */
export interface CyclicAnsatzFit {
  readonly frequencies: readonly CyclicFrequency[];
  /** Optimal weights a_f ≥ 0 (eigenvalues of Z̄). */
  readonly weights: readonly number[];
  /** F(a): the UFM value of the realised configuration (every bias mode; b = 0). */
  readonly value: number;
  /** Certified bound on F(a) − min F over this family (module comment). */
  readonly suboptimality: number;
  /** Projected-Newton iterations. */
  readonly iterations: number;
}

/** The ansatz: the best fit over all frequency sets that fit in d. */
export interface CyclicAnsatz {
  readonly K: number;
  readonly d: number;
  /** The best fit (the ansatz). */
  readonly best: CyclicAnsatzFit;
  /** Every maximal frequency set tried, in enumeration order. */
  readonly fits: readonly CyclicAnsatzFit[];
}

/** Inputs of the ansatz (balanced classes). */
export interface CyclicAnsatzInstance {
  readonly K: number;
  readonly d: number;
  readonly n: number;
  readonly lambdaW: number;
  readonly lambdaH: number;
}

const MAX_NEWTON = 200;

/** The maximal frequency sets S with Σ rank ≤ d (pairs 1 ≤ f < K/2, and f = K/2 when K is even). */
export function cyclicFrequencySets(K: number, d: number): CyclicFrequency[][] {
  const all: CyclicFrequency[] = [];
  for (let f = 1; 2 * f < K; f++) all.push({ f, rank: 2 });
  if (K % 2 === 0) all.push({ f: K / 2, rank: 1 });
  if (all.length > 20) throw new RangeError(`K: at most 41 classes for the frequency enumeration; got ${K}`);
  const fits: CyclicFrequency[][] = [];
  for (let mask = 1; mask < 1 << all.length; mask++) {
    const s = all.filter((_, i) => (mask >> i) & 1);
    if (s.reduce((r, x) => r + x.rank, 0) <= d) fits.push(s);
  }
  // Keep only maximal sets: a subset's optimum is the boundary a_f = 0 of a superset's family.
  return fits.filter((s) => !fits.some((t) => t.length > s.length && s.every((x) => t.some((y) => y.f === x.f))));
}

/** Column 0 of P_f: P_f[j, 0] for j = 0..K−1. */
function projectorColumn(K: number, fr: CyclicFrequency): Float64Array {
  const c = new Float64Array(K);
  for (let j = 0; j < K; j++)
    c[j] = fr.rank === 2 ? (2 / K) * Math.cos((2 * Math.PI * fr.f * j) / K) : (j % 2 === 0 ? 1 : -1) / K;
  return c;
}

/** F, its gradient and Hessian at a (columns A[i] = P_{f_i}[·, 0], c_i = γ·rank_i). */
function evaluate(
  A: readonly Float64Array[],
  c: readonly number[],
  a: readonly number[],
  K: number,
): { F: number; g: number[]; Hs: number[][] } {
  const p = A.length;
  const z = new Float64Array(K);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < K; j++) z[j] = (z[j] as number) + (a[i] as number) * ((A[i] as Float64Array)[j] as number);
  let m = -Infinity;
  for (let j = 0; j < K; j++) m = Math.max(m, z[j] as number);
  let s = 0;
  const q = new Float64Array(K);
  for (let j = 0; j < K; j++) {
    q[j] = Math.exp((z[j] as number) - m);
    s += q[j] as number;
  }
  for (let j = 0; j < K; j++) q[j] = (q[j] as number) / s;
  let F = m + Math.log(s) - (z[0] as number);
  for (let i = 0; i < p; i++) F += (c[i] as number) * (a[i] as number);
  const g: number[] = [];
  const Hs: number[][] = [];
  for (let i = 0; i < p; i++) {
    const Ai = A[i] as Float64Array;
    let gi = (c[i] as number) - (Ai[0] as number);
    let qa = 0;
    for (let j = 0; j < K; j++) {
      gi += (q[j] as number) * (Ai[j] as number);
      qa += (q[j] as number) * (Ai[j] as number);
    }
    g.push(gi);
    const row: number[] = [];
    for (let k = 0; k < p; k++) {
      const Ak = A[k] as Float64Array;
      let qab = 0,
        qb = 0;
      for (let j = 0; j < K; j++) {
        qab += (q[j] as number) * (Ai[j] as number) * (Ak[j] as number);
        qb += (q[j] as number) * (Ak[j] as number);
      }
      row.push(qab - qa * qb);
    }
    Hs.push(row);
  }
  return { F, g, Hs };
}

/** Solves the small symmetric system M x = r on the index set `free` (Cholesky; p ≤ 3). */
function solveFree(M: number[][], r: number[], free: number[]): number[] | undefined {
  const m = free.length;
  const L: number[][] = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = (M[free[i] as number] as number[])[free[j] as number] as number;
      for (let k = 0; k < j; k++) s -= ((L[i] as number[])[k] as number) * ((L[j] as number[])[k] as number);
      if (i === j) {
        if (!(s > 0)) return undefined;
        (L[i] as number[])[i] = Math.sqrt(s);
      } else (L[i] as number[])[j] = s / ((L[j] as number[])[j] as number);
    }
  }
  const y = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i++) {
    let s = r[free[i] as number] as number;
    for (let k = 0; k < i; k++) s -= ((L[i] as number[])[k] as number) * (y[k] as number);
    y[i] = s / ((L[i] as number[])[i] as number);
  }
  const x = new Array<number>(m).fill(0);
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < m; k++) s -= ((L[k] as number[])[i] as number) * (x[k] as number);
    x[i] = s / ((L[i] as number[])[i] as number);
  }
  return x;
}

/**
 * Minimises F over a ≥ 0 for one frequency set by projected Newton with Armijo backtracking (F is convex and the
 * variables are at most ⌊d/2⌋ + 1).
 */
export function fitCyclicAnsatz(K: number, gamma: number, frequencies: readonly CyclicFrequency[]): CyclicAnsatzFit {
  const A = frequencies.map((fr) => projectorColumn(K, fr));
  const c = frequencies.map((fr) => gamma * fr.rank);
  const p = A.length;
  let a = new Array<number>(p).fill(0);
  let cur = evaluate(A, c, a, K);
  let it = 0;
  for (; it < MAX_NEWTON; it++) {
    const free: number[] = [];
    for (let i = 0; i < p; i++) if ((a[i] as number) > 0 || (cur.g[i] as number) < 0) free.push(i);
    const pg = free.reduce((s, i) => Math.max(s, Math.abs(cur.g[i] as number)), 0);
    if (free.length === 0 || pg <= 1e-15 * (1 + Math.abs(cur.F))) break;
    const neg = cur.g.map((x) => -x);
    let dir = solveFree(cur.Hs, neg, free);
    if (dir === undefined) dir = free.map((i) => neg[i] as number);
    const step = new Array<number>(p).fill(0);
    free.forEach((i, k) => {
      step[i] = dir[k] as number;
    });
    let t = 1;
    let next = a,
      nextEval = cur;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      const trial = a.map((x, i) => Math.max(0, x + t * (step[i] as number)));
      const e = evaluate(A, c, trial, K);
      let decrease = 0;
      for (let i = 0; i < p; i++) decrease += (cur.g[i] as number) * ((trial[i] as number) - (a[i] as number));
      if (e.F <= cur.F + 1e-4 * decrease || e.F < cur.F) {
        next = trial;
        nextEval = e;
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!accepted) break;
    const moved = next.some((x, i) => x !== a[i]);
    a = next;
    cur = nextEval;
    if (!moved) break;
  }
  let sub = 0;
  for (let i = 0; i < p; i++) {
    const gi = cur.g[i] as number;
    if ((a[i] as number) === 0 && gi >= 0) continue;
    sub += Math.abs(gi) * Math.max(a[i] as number, cur.F / (c[i] as number));
  }
  return { frequencies, weights: a, value: cur.F, suboptimality: sub, iterations: it };
}

/**
 * The cyclic self-dual ansatz of the balanced CE-UFM (module comment): the best value over every maximal frequency
 * set that fits in d.
 * @param inst - K ≥ 3, 1 ≤ d, balanced n, λ_W, λ_H > 0
 * @returns the best fit and all fits
 * @throws RangeError when no nonzero cyclic configuration fits (d = 1 with K odd)
 * @example
 * cyclicAnsatz({ K: 4, d: 2, n: 1, lambdaW: 1e-3, lambdaH: 1e-3 }).best.frequencies; // => [{ f: 1, rank: 2 }] (the square)
 */
export function cyclicAnsatz(inst: CyclicAnsatzInstance): CyclicAnsatz {
  const { K, d } = inst;
  const gamma = gammaOf(K, inst.n, inst.lambdaW, inst.lambdaH);
  const sets = cyclicFrequencySets(K, d);
  if (sets.length === 0)
    throw new RangeError(`d: no nonzero cyclic configuration with Σ w_k = 0 fits in d = ${d} for K = ${K}`);
  const fits = sets.map((s) => fitCyclicAnsatz(K, gamma, s));
  let best = fits[0] as CyclicAnsatzFit;
  for (const f of fits) if (f.value < best.value) best = f;
  return { K, d, best, fits };
}

/**
 * Realises a fit as a UFM point θ in the layout [W (K×d) | H (d×N, class-major) | b (K, zeros)] of a balanced
 * problem: W = α V_S diag(√a), H̄ = α⁻¹ diag(√a) V_Sᵀ with α = (nλ_H/λ_W)^{1/4} and V_S the real Fourier vectors
 * (√(2/K) cos, √(2/K) sin for a pair, √(1/K)(−1)^k for K/2), padded with zero coordinates up to d.
 * Then W H̄ = Σ a_f P_f and (λ_W/2)‖W‖² + (λ_H/2)‖H‖² = γ Σ rank_f a_f, so f(θ) = F(a).
 * @param inst - the instance the fit was computed for
 * @param fit - a fit of {@link cyclicAnsatz}
 * @param hasBias - whether the layout carries b (set to 0)
 * @returns θ of length K·d + d·nK (+ K)
 */
export function realizeCyclicAnsatz(inst: CyclicAnsatzInstance, fit: CyclicAnsatzFit, hasBias: boolean): Float64Array {
  const { K, d, n } = inst;
  const N = n * K;
  const theta = new Float64Array(K * d + d * N + (hasBias ? K : 0));
  const alpha = Math.pow((n * inst.lambdaH) / inst.lambdaW, 0.25);
  let col = 0;
  fit.frequencies.forEach((fr, i) => {
    const s = Math.sqrt(fit.weights[i] as number);
    const vecs: ((k: number) => number)[] =
      fr.rank === 2
        ? [
            (k) => Math.sqrt(2 / K) * Math.cos((2 * Math.PI * fr.f * k) / K),
            (k) => Math.sqrt(2 / K) * Math.sin((2 * Math.PI * fr.f * k) / K),
          ]
        : [(k) => Math.sqrt(1 / K) * (k % 2 === 0 ? 1 : -1)];
    for (const v of vecs) {
      for (let k = 0; k < K; k++) {
        theta[k * d + col] = alpha * s * v(k);
        for (let i2 = 0; i2 < n; i2++) theta[K * d + col * N + k * n + i2] = (s * v(k)) / alpha;
      }
      col++;
    }
  });
  return theta;
}
