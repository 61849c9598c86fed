/**
 * Fixed-step gradient descent on the ULPM (Ji et al. 2022; THEORY.md §3.2) from a seeded N(0, 1) start, recording
 * the normalised margin γ = min margin / ((‖W‖² + ‖H‖²)/2) and the SMOOTHED normalised margin of Lyu & Li (2020)
 * γ̃ = log(1/(e^{N·L} − 1)) / ((‖W‖² + ‖H‖²)/2) after separation (the first step t₀ with N·L < log 2).
 *
 * Rounding τ_t: a per-sample loss near 0 is log1p(Σ e^{−q}), relative error ≤ (K + 6)u plus the logits' own error
 * (≤ 2d·u·(‖W‖² + ‖H‖²)/2 absolute, which moves ℓ by that much relative), so N·L has relative error ε_t; the
 * numerator's absolute error is ≤ ε_t·(1 + N·L) (x eˣ/(eˣ − 1) ≤ 1 + x), divided by the normalisation, plus
 * (dim + 2)·u·|γ̃| for the norm. The record holds the worst monotonicity violation γ̃(t+1) ≥ γ̃(t) − (τ_t + τ_{t+1}),
 * the bounds γ̃ ≤ γ ≤ γ_max = 1/((K−1)√n) in units of their rounding, and the margin gap at t = T/100, T/10, T.
 */
import { createRng } from '../../core/index.ts';
import { ulpmObjective } from '../../models/index.ts';
import type { UlpmProblem } from '../../models/index.ts';
import { ulpmMargin, ulpmMaxNormalisedMargin } from '../../theory/index.ts';

const U = 2 ** -53;
/** Step and horizon of the gradient descent. */
export const ULPM_GD_STEP = 1;
export const ULPM_GD_STEPS = 2000;

/** The GD trajectory's margin record. */
export interface MarginTrace {
  /** First step with N·L < log 2 (−1 if none). */
  readonly separatedAt: number;
  /** Largest violation of γ̃(t+1) ≥ γ̃(t) − (τ_t + τ_{t+1}) (≤ 0 when monotone), in units of γ_max, and where. */
  readonly worstDrop: number;
  readonly worstDropAt: number;
  /** Largest (γ − γ_max) / tolerance and largest (γ̃ − γ)/tolerance after separation (≤ 1 when the bounds hold). */
  readonly boundExcess: number;
  readonly smoothedAboveRaw: number;
  /** Number of steps where the raw γ decreased (reported, not asserted). */
  readonly rawDrops: number;
  readonly gapAt: readonly { t: number; gap: number; gapLogT: number }[];
  readonly gmax: number;
}

/** Runs T steps of fixed-step GD on the balanced ULPM `p` (n per class) from the seeded start and records the margins. */
export function ulpmMarginTrace(p: UlpmProblem, seed: number, steps = ULPM_GD_STEPS, eta = ULPM_GD_STEP): MarginTrace {
  const { K, d } = p;
  const n = p.counts[0] as number,
    N = n * K;
  const obj = ulpmObjective(p);
  const theta = createRng(seed).fillNormal(new Float64Array(obj.dim), 1);
  const g = new Float64Array(obj.dim);
  const gmax = ulpmMaxNormalisedMargin(K, n);
  const checkpoints = new Set([Math.round(steps / 100), Math.round(steps / 10), steps]);
  let separatedAt = -1,
    prevSm = Number.NaN,
    prevTau = 0,
    worstDrop = Number.NEGATIVE_INFINITY,
    worstDropAt = -1;
  let boundExcess = Number.NEGATIVE_INFINITY,
    smoothedAboveRaw = Number.NEGATIVE_INFINITY,
    rawDrops = 0,
    prevRaw = Number.NaN;
  const gapAt: { t: number; gap: number; gapLogT: number }[] = [];
  for (let t = 0; t <= steps; t++) {
    const L = obj.valueAndGrad(theta, g);
    const m = ulpmMargin(
      { rows: K, cols: d, data: theta.subarray(0, K * d) },
      { rows: d, cols: N, data: theta.subarray(K * d) },
      p.counts,
    );
    const NL = N * L;
    if (separatedAt < 0 && NL < Math.LN2) separatedAt = t;
    if (separatedAt >= 0) {
      const num = Math.log(1 / Math.expm1(NL));
      const sm = num / m.halfNormSq;
      const epsRel = (K + 6) * U + 4 * d * U * m.halfNormSq;
      const tau = (epsRel * (1 + NL)) / m.halfNormSq + (obj.dim + 2) * U * Math.abs(sm);
      const tauRaw = (4 * d * U * m.halfNormSq) / m.halfNormSq + (obj.dim + 2) * U * Math.abs(m.normalised);
      if (t > separatedAt) {
        const drop = (prevSm - sm - (tau + prevTau)) / gmax;
        if (drop > worstDrop) {
          worstDrop = drop;
          worstDropAt = t;
        }
        if (m.normalised < prevRaw) rawDrops++;
      }
      boundExcess = Math.max(boundExcess, (m.normalised - gmax) / (tauRaw + 4 * U * gmax));
      smoothedAboveRaw = Math.max(smoothedAboveRaw, (sm - m.normalised) / (tau + tauRaw));
      prevSm = sm;
      prevTau = tau;
      prevRaw = m.normalised;
    }
    if (checkpoints.has(t)) {
      const gap = 1 - m.normalised / gmax;
      gapAt.push({ t, gap, gapLogT: gap * Math.log(t) });
    }
    if (t < steps) for (let i = 0; i < theta.length; i++) theta[i] = (theta[i] as number) - eta * (g[i] as number);
  }
  return { separatedAt, worstDrop, worstDropAt, boundExcess, smoothedAboveRaw, rawDrops, gapAt, gmax };
}
