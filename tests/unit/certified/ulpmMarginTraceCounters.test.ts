/**
 * The ULPM margin trace's counters and rounding allowances (src/certified/ulpm/marginTrace.ts; Ji et al. 2022,
 * Lyu & Li 2020; THEORY.md §3.2), each recomputed in this test from its definition:
 *
 * - a STATIONARY run (step η = 0 from a start that is already separated): every step has the same γ, γ̃ and τ, so
 *   the first separated step is 0, no raw drop, the worst drop is −(τ + τ)/γ_max at the first compared step, and the
 *   bound ratios are the closed forms of the module doc, evaluated here by hand;
 * - a never-separated stationary run: nothing after separation is recorded;
 * - a real GD run (η = 3, large enough that the raw margin dips): the first separated step, the raw-drop count and
 *   the checkpoint gaps against an independent GD loop.
 */
import { describe, expect, it } from 'vitest';
import { ulpmMarginTrace } from '../../../src/certified/index.ts';
import { createRng } from '../../../src/core/index.ts';
import { parseUlpmProblem, ulpmObjective } from '../../../src/models/index.ts';
import type { UlpmProblem } from '../../../src/models/index.ts';
import { ulpmMaxNormalisedMargin } from '../../../src/theory/index.ts';

const U = 2 ** -53;

/** The point's per-sample CE losses summed (N·L), γ, ‖·‖²/2, from the logits directly (class-major samples). */
function figures(p: UlpmProblem, theta: Float64Array): { NL: number; gamma: number; hns: number } {
  const { K, d } = p;
  const N = p.counts.reduce((a, b) => a + b, 0);
  let NL = 0,
    margin = Infinity,
    s = 0,
    j = 0;
  for (const x of theta) s += x * x;
  for (let k = 0; k < K; k++)
    for (let i = 0; i < (p.counts[k] as number); i++, j++) {
      const z = new Float64Array(K);
      for (let r = 0; r < K; r++)
        for (let a = 0; a < d; a++)
          z[r] = (z[r] as number) + (theta[r * d + a] as number) * (theta[K * d + a * N + j] as number);
      let sum = 0;
      for (let r = 0; r < K; r++)
        if (r !== k) {
          const q = (z[k] as number) - (z[r] as number);
          margin = Math.min(margin, q);
          sum += Math.exp(-q);
        }
      NL += Math.log1p(sum);
    }
  return { NL, gamma: margin / (s / 2), hns: s / 2 };
}

/** Relative difference. */
function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

// Closed forms below and the trace evaluate the same expressions in different orders: they agree to a few ulps
// (≤ 1e-13 relative here), while changing any term of an allowance moves these figures by ≥ 1 % on this instance.
const REL = 1e-9;

describe('ulpmMarginTrace on a stationary separated start (η = 0; K = 3, d = 6, n = 1)', () => {
  // K = 3, d = 6, n = 1, seed 72: the N(0, 1) start already has N·L < log 2 (checked below). γ_max = 1/2 ≠ 1, so
  // a γ_max multiplied instead of divided shows.
  const p = parseUlpmProblem({ K: 3, d: 6, n: 1 });
  const seed = 72;
  const steps = 10;
  const theta = createRng(seed).fillNormal(new Float64Array(ulpmObjective(p).dim), 1);
  const { NL, gamma, hns } = figures(p, theta);
  const gmax = ulpmMaxNormalisedMargin(3, 1);
  const dim = theta.length;
  // Module doc: τ = ε(1 + N·L)/‖·‖²/2 + (dim + 2)u|γ̃|, ε = (K + 6)u + 4d·u·‖·‖²/2; τ_raw = 4d·u + (dim + 2)u|γ|.
  const sm = Math.log(1 / Math.expm1(NL)) / hns;
  const tau = (((3 + 6) * U + 4 * 6 * U * hns) * (1 + NL)) / hns + (dim + 2) * U * Math.abs(sm);
  const tauRaw = 4 * 6 * U + (dim + 2) * U * Math.abs(gamma);

  it('should start separated (the premise of this instance)', () => {
    expect(NL).toBeLessThan(Math.LN2);
    expect(NL).toBeGreaterThan(0);
  });

  it('should record separation at step 0 and count no raw drop of a constant margin', () => {
    const tr = ulpmMarginTrace(p, seed, steps, 0);
    expect(tr.separatedAt).toBe(0);
    expect(tr.rawDrops).toBe(0);
    expect(tr.gmax).toBe(gmax);
  });

  it('should report the worst drop −2τ/γ_max at the first compared step', () => {
    const tr = ulpmMarginTrace(p, seed, steps, 0);
    expect(tr.worstDropAt).toBe(1);
    expect(rel(tr.worstDrop, -(2 * tau) / gmax)).toBeLessThan(REL);
  });

  it('should report the bound ratios (γ − γ_max)/(τ_raw + 4uγ_max) and (γ̃ − γ)/(τ + τ_raw)', () => {
    const tr = ulpmMarginTrace(p, seed, steps, 0);
    expect(gamma).toBeLessThan(gmax);
    expect(sm).toBeLessThan(gamma);
    expect(rel(tr.boundExcess, (gamma - gmax) / (tauRaw + 4 * U * gmax))).toBeLessThan(REL);
    expect(rel(tr.smoothedAboveRaw, (sm - gamma) / (tau + tauRaw))).toBeLessThan(REL);
  });

  it('should record the gap 1 − γ/γ_max and gap·ln t at t = round(T/100), round(T/10), T', () => {
    const tr = ulpmMarginTrace(p, seed, steps, 0);
    const gap = 1 - gamma / gmax;
    expect(tr.gapAt.map((g) => g.t)).toEqual([0, 1, 10]);
    for (const g of tr.gapAt) expect(rel(g.gap, gap)).toBeLessThan(REL);
    expect(tr.gapAt[0]?.gapLogT).toBe(gap > 0 ? -Infinity : Infinity);
    expect(tr.gapAt[1]?.gapLogT).toBe(0);
    expect(rel(tr.gapAt[2]?.gapLogT as number, gap * Math.log(10))).toBeLessThan(REL);
  });
});

describe('ulpmMarginTrace on a stationary start that never separates (η = 0)', () => {
  it('should record no separation and nothing measured after it', () => {
    // Arrange: K = 3, d = 2, n = 2, seed 5 needs 14 GD steps to separate (ulpm property tests), so its start has N·L ≥ log 2
    const p = parseUlpmProblem({ K: 3, d: 2, n: 2 });
    const theta = createRng(5).fillNormal(new Float64Array(ulpmObjective(p).dim), 1);
    expect(figures(p, theta).NL).toBeGreaterThanOrEqual(Math.LN2);
    // Act
    const tr = ulpmMarginTrace(p, 5, 20, 0);
    // Assert
    expect(tr).toMatchObject({
      separatedAt: -1,
      worstDrop: -Infinity,
      worstDropAt: -1,
      boundExcess: -Infinity,
      smoothedAboveRaw: -Infinity,
      rawDrops: 0,
    });
    expect(tr.gapAt.map((g) => g.t)).toEqual([0, 2, 20]);
  });
});

describe('ulpmMarginTrace on a GD run whose raw margin dips (K = 3, d = 4, n = 1, seed 13, η = 3)', () => {
  const p = parseUlpmProblem({ K: 3, d: 4, n: 1 });
  const seed = 13,
    eta = 3,
    steps = 100;
  const obj = ulpmObjective(p);
  // Independent GD loop: θ_{t+1} = θ_t − η∇L(θ_t) from the same seeded N(0, 1) start.
  const theta = createRng(seed).fillNormal(new Float64Array(obj.dim), 1);
  const g = new Float64Array(obj.dim);
  const path: { NL: number; gamma: number }[] = [];
  for (let t = 0; t <= steps; t++) {
    obj.valueAndGrad(theta, g);
    const f = figures(p, theta);
    path.push({ NL: f.NL, gamma: f.gamma });
    for (let i = 0; i < theta.length; i++) theta[i] = (theta[i] as number) - eta * (g[i] as number);
  }
  const t0 = path.findIndex((s) => s.NL < Math.LN2);
  let drops = 0;
  for (let t = t0 + 1; t <= steps; t++) if ((path[t]?.gamma as number) < (path[t - 1]?.gamma as number)) drops++;

  it('should separate at the first step with N·L < log 2', () => {
    const tr = ulpmMarginTrace(p, seed, steps, eta);
    expect(t0).toBeGreaterThan(0);
    expect(tr.separatedAt).toBe(t0);
    // the same run stopped one step before separation has not separated
    expect(ulpmMarginTrace(p, seed, t0 - 1, eta).separatedAt).toBe(-1);
  });

  it('should count exactly the steps after separation where γ decreased', () => {
    const tr = ulpmMarginTrace(p, seed, steps, eta);
    expect(drops).toBeGreaterThan(0);
    expect(tr.rawDrops).toBe(drops);
  });

  it('should record the checkpoint gaps of the GD path', () => {
    const tr = ulpmMarginTrace(p, seed, steps, eta);
    const gmax = ulpmMaxNormalisedMargin(3, 1);
    expect(tr.gapAt.map((c) => c.t)).toEqual([1, 10, 100]);
    for (const c of tr.gapAt) expect(rel(c.gap, 1 - (path[c.t]?.gamma as number) / gmax)).toBeLessThan(REL);
  });
});
