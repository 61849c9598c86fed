/**
 * The collapsed relaxation's solver (src/certify/_global/relaxation.ts) follows the algorithm its module documents,
 * iterate for iterate: FISTA (Beck & Teboulle 2009) on F(X, b) + μ‖X‖_*, F = Σ_k ω_k ℓ(X_k/√n_k + b; k) +
 * (λ_b/2)‖b‖², in the block metric M = diag(αI, βI) with α = 2c/N (c/N without a bias), β = 2c + λ_b, c = ½ for CE
 * and 1 for MSE; backtracking from 0.3·L (floor 1e-12), doubled on failure of
 * F(x⁺) ≤ F(y) + ⟨∇F(y), x⁺ − y⟩ + (L/2)‖x⁺ − y‖²_M and capped at 1; momentum t⁺ = (1 + √(1 + 4t²))/2 with
 * y = x⁺ + ((t − 1)/t⁺)(x⁺ − x); restart (t = 1, y = x) when the objective increases at t > 1 (O'Donoghue & Candès
 * 2015); the dual bound evaluated at iterate 1, every 5 accepted iterates, at maxIter, at every iterate once the
 * self-gap is within 100·tol, and at the last accepted iterate; the iterate of smallest self-gap returned, with the
 * best bound over all evaluations.
 *
 * The reference below is written from that description with its own loss formulas (softmax / squared error, not the
 * library's kernels) and a plain loop; the singular-value shrinkage (jacobiSvd.ts) and the dual bound
 * (dualBound.ts) are shared, as both are tested on their own (jacobiSvdBranches.test.ts, globalBranches.test.ts).
 * The step sizes, the backtracking decisions, the momentum, the restarts and the evaluation schedule all show in
 * the iterates, the iteration count and the status, which must agree. Tolerance: the two computations differ only
 * in summation order (≈ 1e-16 relative per operation, a few hundred operations per iterate; the proximal step is
 * non-expansive, the momentum step adds at most a factor 1 + (t − 1)/t⁺ < 2 per iterate but the differences do not
 * compound that way in practice): ≤ 7e-15 relative was seen over the first 20 iterates of every case below, so 1e-9
 * leaves a wide margin while a changed constant, step or momentum moves the iterates by O(1e-3) or more.
 * Beyond ≈ 25 iterates a backtracking or restart test can sit within rounding of its threshold (F(x⁺) and the model
 * agree to 1e-16 near the optimum) and the two computations may decide it differently, so the caps stop at 20 and
 * the tolerances of the stopping runs (1e-3, 1e-6) are reached within 29 iterates.
 */
import { describe, expect, it } from 'vitest';
import type { ConjugateKind, DualBoundDetail } from '../../../src/certify/_global/dualBound.ts';
import { dualBoundFromGradient } from '../../../src/certify/_global/dualBound.ts';
import { svtInto, svtWork } from '../../../src/certify/_global/jacobiSvd.ts';
import type { RelaxationOutput, RelaxationSetup } from '../../../src/certify/_global/relaxation.ts';
import { solveCollapsedRelaxation } from '../../../src/certify/_global/relaxation.ts';
import type { ColumnKernels } from '../../../src/losses/index.ts';
import { ce, columnKernelsOf, mse } from '../../../src/losses/index.ts';
import type { BiasMode } from '../../../src/models/index.ts';

interface Case {
  readonly kind: ConjugateKind;
  readonly counts: readonly number[];
  readonly mu: number;
  readonly bias: BiasMode;
  readonly lambdaB: number;
  /** When set, the loss (value and gradient) is NaN at logits a with max_i |a_i| > poison. */
  readonly poison?: number;
}

interface Point {
  X: Float64Array;
  b: Float64Array;
}

/** ℓ(a; k) and ∇ℓ(a; k) written from their definitions (THEORY.md §0.1): CE = lse(a) − a_k, MSE = ½‖a − e_k‖². */
function lossGrad(kind: ConjugateKind, a: readonly number[], k: number, g: number[], poison = Infinity): number {
  if (a.some((ai) => Math.abs(ai) > poison)) {
    g.fill(NaN);
    return NaN;
  }
  if (kind === 'mse') {
    let v = 0;
    a.forEach((ai, i) => {
      const r = ai - (i === k ? 1 : 0);
      g[i] = r;
      v += 0.5 * r * r;
    });
    return v;
  }
  const m = Math.max(...a);
  const e = a.map((ai) => Math.exp(ai - m));
  const s = e.reduce((x, y) => x + y, 0);
  e.forEach((ei, i) => (g[i] = ei / s - (i === k ? 1 : 0)));
  return m + Math.log(s) - (a[k] as number);
}

/** The reference solver of the module comment; returns the same fields as solveCollapsedRelaxation. */
function reference(C: Case, tol: number, maxIter: number): RelaxationOutput {
  const { kind, counts, mu, bias, lambdaB } = C;
  const K = counts.length;
  const N = counts.reduce((x, y) => x + y, 0);
  const hasB = bias !== 'none';
  const lb = bias === 'decay' ? lambdaB : 0;
  const c = kind === 'ce' ? 0.5 : 1;
  const alpha = (hasB ? 2 * c : c) / N;
  const beta = 2 * c + lb;
  const rawGrads = new Float64Array(K * K);
  // F at p, its gradient (gX, gb) and the raw per-class loss gradients (column k of rawGrads).
  const F = (p: Point): { f: number; gX: Float64Array; gb: Float64Array } => {
    const gX = new Float64Array(K * K);
    const gb = new Float64Array(K);
    let f = 0;
    const g = new Array<number>(K).fill(0);
    for (let k = 0; k < K; k++) {
      const nk = counts[k] as number;
      const a = Array.from({ length: K }, (_, i) => (p.X[i * K + k] as number) / Math.sqrt(nk) + (p.b[i] as number));
      f += (nk / N) * lossGrad(kind, a, k, g, C.poison);
      for (let i = 0; i < K; i++) {
        rawGrads[i * K + k] = g[i] as number;
        gX[i * K + k] = (Math.sqrt(nk) / N) * (g[i] as number);
        gb[i] = (gb[i] as number) + (nk / N) * (g[i] as number);
      }
    }
    for (let i = 0; i < K; i++) {
      f += 0.5 * lb * (p.b[i] as number) ** 2;
      gb[i] = hasB ? (gb[i] as number) + lb * (p.b[i] as number) : 0;
    }
    return { f, gX, gb };
  };
  const dualOf = (p: Point): DualBoundDetail => {
    F(p);
    return dualBoundFromGradient(
      kind,
      { K, m: K, U: rawGrads.slice(), y: Int32Array.from({ length: K }, (_, k) => k), w: Float64Array.from(counts) },
      mu,
      bias,
      lambdaB,
    );
  };
  const work = svtWork(K);
  const prox = (
    y: Point,
    gX: Float64Array,
    gb: Float64Array,
    L: number,
  ): { p: Point; nuc: number; s: Float64Array } => {
    const T = y.X.map((v, i) => v - (gX[i] as number) / (L * alpha));
    const X = new Float64Array(K * K);
    const s = new Float64Array(K);
    const nuc = svtInto(K, T, mu / (L * alpha), X, s, work);
    const b = hasB ? y.b.map((v, i) => v - (gb[i] as number) / (L * beta)) : new Float64Array(K);
    return { p: { X, b }, nuc, s };
  };

  let x: Point = { X: new Float64Array(K * K), b: new Float64Array(K) };
  let sx: Float64Array = new Float64Array(K);
  let P = F(x).f;
  let bestDual = dualOf(x);
  let lastGap = P - bestDual.bound;
  let best = { X: x.X, b: x.b, s: sx, P, dual: bestDual, gap: lastGap };
  let status: RelaxationOutput['status'] = lastGap <= tol ? 'converged' : 'max-iter';
  let y: Point = { X: x.X.slice(), b: x.b.slice() };
  let t = 1;
  let L = 1;
  let it = 0;
  let pending = 0;
  const evaluate = (): void => {
    const d = dualOf(x);
    if (d.bound > bestDual.bound) bestDual = d;
    lastGap = P - d.bound;
    if (lastGap < best.gap) best = { X: x.X, b: x.b, s: sx, P, dual: d, gap: lastGap };
    if (lastGap <= tol) status = 'converged';
    pending = 0;
  };
  while (status === 'max-iter' && it < maxIter) {
    it++;
    const Fy = F(y);
    let Lt = Math.max(0.3 * L, 1e-12);
    let step = prox(y, Fy.gX, Fy.gb, Lt);
    let Fn = F(step.p).f;
    for (;;) {
      let model = Fy.f;
      for (let i = 0; i < K * K; i++) {
        const dl = (step.p.X[i] as number) - (y.X[i] as number);
        model += (Fy.gX[i] as number) * dl + 0.5 * Lt * alpha * dl * dl;
      }
      for (let i = 0; i < K; i++) {
        const dl = (step.p.b[i] as number) - (y.b[i] as number);
        model += (Fy.gb[i] as number) * dl + 0.5 * Lt * beta * dl * dl;
      }
      if (Fn <= model || Lt >= 1) break;
      Lt = Math.min(1, 2 * Lt);
      step = prox(y, Fy.gX, Fy.gb, Lt);
      Fn = F(step.p).f;
    }
    L = Lt;
    const Pn = Fn + mu * step.nuc;
    if (!Number.isFinite(Pn)) {
      status = 'non-finite';
      break;
    }
    if (Pn > P && t > 1) {
      t = 1;
      y = { X: x.X.slice(), b: x.b.slice() };
      continue;
    }
    const tn = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const mom = (t - 1) / tn;
    const xn = step.p;
    y = {
      X: xn.X.map((v, i) => v + mom * (v - (x.X[i] as number))),
      b: xn.b.map((v, i) => v + mom * (v - (x.b[i] as number))),
    };
    x = xn;
    sx = step.s;
    t = tn;
    P = Pn;
    pending++;
    if (pending >= 5 || it === 1 || it === maxIter || lastGap <= 100 * tol) evaluate();
  }
  if (status !== 'non-finite' && pending > 0) evaluate();
  return {
    status,
    X: best.X,
    b: best.b,
    s: best.s,
    primal: best.P,
    dual: best.dual,
    bestDual,
    iterations: it,
  };
}

/** The library's kernels, made NaN (value and gradient) at logits beyond ±poison. */
function poisoned(k: ColumnKernels, poison: number): ColumnKernels {
  return {
    value: (K, z, sZ, oZ, y) => k.value(K, z, sZ, oZ, y),
    hvp: (K, z, sZ, oZ, y, v, sV, oV, out, sO, oO) => k.hvp(K, z, sZ, oZ, y, v, sV, oV, out, sO, oO),
    grad: (K, z, sZ, oZ, y, g, sG, oG) => {
      for (let i = 0; i < K; i++) {
        if (Math.abs(z[i * sZ + oZ] as number) > poison) {
          for (let j = 0; j < K; j++) g[j * sG + oG] = NaN;
          return NaN;
        }
      }
      return k.grad(K, z, sZ, oZ, y, g, sG, oG);
    },
  };
}

function setupOf(C: Case, tol: number, maxIter: number): RelaxationSetup {
  const base = columnKernelsOf(C.kind === 'ce' ? ce : mse);
  if (base === undefined) throw new Error('no kernels');
  const kernels = C.poison === undefined ? base : poisoned(base, C.poison);
  return { ...C, kernels, K: C.counts.length, tol, maxIter };
}

const close = (a: number, b: number, scale: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, scale);

function expectSameRun(got: RelaxationOutput, want: RelaxationOutput, label: string): void {
  expect(got.status, label).toBe(want.status);
  expect(got.iterations, label).toBe(want.iterations);
  const scale = Math.max(...Array.from(want.X, Math.abs), ...Array.from(want.b, Math.abs), Math.abs(want.primal));
  expect(close(got.primal, want.primal, scale), `${label}: primal ${got.primal} vs ${want.primal}`).toBe(true);
  expect(close(got.dual.bound, want.dual.bound, scale), `${label}: dual ${got.dual.bound} vs ${want.dual.bound}`).toBe(
    true,
  );
  expect(
    close(got.bestDual.bound, want.bestDual.bound, scale),
    `${label}: bestDual ${got.bestDual.bound} vs ${want.bestDual.bound}`,
  ).toBe(true);
  want.s.forEach((v, i) => expect(close(got.s[i]!, v, scale), `${label}: s[${i}] ${got.s[i]} vs ${v}`).toBe(true));
  want.X.forEach((v, i) => expect(close(got.X[i]!, v, scale), `${label}: X[${i}] ${got.X[i]} vs ${v}`).toBe(true));
  want.b.forEach((v, i) => expect(close(got.b[i]!, v, scale), `${label}: b[${i}] ${got.b[i]} vs ${v}`).toBe(true));
}

// Imbalanced counts (so that a learned bias moves: ∇_b F(0) = Σ_k ω_k(1/K − e_k) ≠ 0 for CE), μ below the
// threshold (the optimum is not 0), every bias mode and both losses.
const CASES: readonly Case[] = [
  { kind: 'ce', counts: [1, 2, 4], mu: 0.02, bias: 'none', lambdaB: 0 },
  { kind: 'ce', counts: [1, 2, 4], mu: 0.02, bias: 'free', lambdaB: 0 },
  { kind: 'ce', counts: [3, 1, 2, 5], mu: 0.01, bias: 'decay', lambdaB: 0.05 },
  { kind: 'mse', counts: [1, 2, 4], mu: 0.02, bias: 'free', lambdaB: 0 },
  { kind: 'mse', counts: [3, 1, 2, 5], mu: 0.01, bias: 'decay', lambdaB: 0.3 },
  { kind: 'mse', counts: [2, 5, 1], mu: 0.05, bias: 'none', lambdaB: 0 },
];
const describeCase = (C: Case): string => `${C.kind} counts ${C.counts.join(',')} μ ${C.mu} bias ${C.bias}`;

describe('solveCollapsedRelaxation follows its documented FISTA', () => {
  for (const C of CASES) {
    it(`should take the reference's iterates at every iteration cap (${describeCase(C)})`, () => {
      for (const maxIter of [1, 2, 3, 4, 5, 6, 7, 9, 11, 14, 17, 20]) {
        // Arrange
        const want = reference(C, 0, maxIter);
        // Act
        const got = solveCollapsedRelaxation(setupOf(C, 0, maxIter));
        // Assert
        expectSameRun(got, want, `${describeCase(C)} maxIter ${maxIter}`);
      }
    });

    it(`should stop where the reference stops, at the same iterate (${describeCase(C)})`, () => {
      for (const tol of [1e-3, 1e-6]) {
        // Arrange
        const want = reference(C, tol, 5000);
        // Act
        const got = solveCollapsedRelaxation(setupOf(C, tol, 5000));
        // Assert
        expect(want.status).toBe('converged');
        expectSameRun(got, want, `${describeCase(C)} tol ${tol}`);
      }
    });
  }

  // A loss that turns NaN beyond ±poison: the first step that cannot avoid it even at L = 1 ends the run with
  // status 'non-finite' (at iterate 3 and 5 here, with accepted iterates after the last evaluation), and the
  // returned iterate is the best of those evaluated before.
  for (const C of [
    { kind: 'mse', counts: [1, 2, 4], mu: 0.02, bias: 'free', lambdaB: 0, poison: 0.9 },
    { kind: 'ce', counts: [1, 2, 4], mu: 0.02, bias: 'none', lambdaB: 0, poison: 2 },
  ] as const) {
    it(`should end 'non-finite' where the reference does, with its iterate (${describeCase(C)}, NaN beyond ±${C.poison})`, () => {
      // Arrange
      const want = reference(C, 0, 40);
      // Act
      const got = solveCollapsedRelaxation(setupOf(C, 0, 40));
      // Assert
      expect(want.status).toBe('non-finite');
      expect(want.iterations).toBeGreaterThanOrEqual(3);
      expectSameRun(got, want, `${describeCase(C)} poison ${C.poison}`);
    });
  }
});
