/**
 * Instances inside the 1e-3 gap at a threshold, for the threshold near-miss controls (issue 9 item 2: "the
 * threshold moved by 1e-3 relative", e.g. "the zero solution starts at κ = 1.001", must be refuted on instances
 * with κ ∈ (1, 1.001)). Two thresholds of the plain UFM:
 *   - κ = K√(nλ_Wλ_H) = 1 (Zhu et al. 2021 Thm 3.1; Tirer & Bruna 2022 Thms 3.1–3.2; THEORY.md §1.1, §2.1–2.3):
 *     `gap-below` draws κ ∈ (0.999, 1), `gap-above` κ ∈ (1, 1.001);
 *   - the §2.3 switch λ_b = κ/(1−κ) (THEORY.md §2.3): ρ := λ_b(1−κ)/κ ∈ (0.999, 1) or (1, 1.001).
 * Parametrisation: the distance to the threshold is 1e-4·(9 − j), j ∈ [0, 8] (shrinking moves j to 0, the gap's
 * far end, where the certificates are strongest: their curvature μ vanishes linearly at the threshold), and the λ's
 * are rounded to 7 significant digits, which moves κ (and ρ) by < 1e-6 relative — far inside the 1e-4 margin to
 * either end of the gap, so every instance lies in its gap (checked by {@link gapOf} in the tests).
 */
import fc from 'fast-check';
import { dims } from './dims.ts';
import type { DimRegime } from './dims.ts';
import type { BiasMode, UfmInstance } from './instance.ts';
import { problemOf } from './instance.ts';
import { kappaOfPair, lambdaB as lambdaBArb, roundSig } from './lambdas.ts';
import type { LambdaPair } from './lambdas.ts';

/** Which side of the threshold the gap lies on. */
export type Gap = 'gap-below' | 'gap-above';

/** Relative width of the gap (issue 9 item 3: 1e-3 on thresholds). */
export const GAP_REL = 1e-3;

const DIGITS = 7;

/** 1 ∓ 1e-4·(9 − j): inside (1 − 1e-3, 1) or (1, 1 + 1e-3). */
function gapPoint(gap: Gap, j: number): number {
  return 1 + (gap === 'gap-above' ? 1 : -1) * 1e-4 * (9 - j);
}

/** (λ_W, λ_H) with κ in the gap; ratio λ_W/λ_H log-uniform in [0.1, 10], shrinking to 1. */
export function gapLambdaPair(K: number, n: number, gap: Gap): fc.Arbitrary<LambdaPair> {
  return fc.record({ j: fc.integer({ min: 0, max: 8 }), r: fc.integer({ min: -10, max: 10 }) }).map(({ j, r }) => {
    const p = (gapPoint(gap, j) / K) ** 2 / n;
    const ratio = 10 ** (r / 10);
    return { lambdaW: roundSig(Math.sqrt(p * ratio), DIGITS), lambdaH: roundSig(Math.sqrt(p / ratio), DIGITS) };
  });
}

/** The gap an instance's κ lies in, if any. */
export function gapOf(kappa: number): Gap | undefined {
  if (kappa > 1 - GAP_REL && kappa < 1) return 'gap-below';
  if (kappa > 1 && kappa < 1 + GAP_REL) return 'gap-above';
  return undefined;
}

export interface GapInstanceConstraints {
  readonly loss: string;
  readonly gap: Gap;
  readonly regime: DimRegime;
  readonly bias: BiasMode;
  /** @defaultValue 8 */
  readonly maxK?: number;
  /** @defaultValue 8 */
  readonly maxN?: number;
  /** @defaultValue 2 */
  readonly maxExtraD?: number;
}

/** A balanced plain-UFM instance with κ in the gap (λ_b, for mode 'decay', log-uniform on [1e-5, 1e-1]). */
export function gapInstance(c: GapInstanceConstraints): fc.Arbitrary<UfmInstance> {
  return dims({ regime: c.regime, maxK: c.maxK ?? 8, maxN: c.maxN ?? 8, maxExtraD: c.maxExtraD ?? 2 }).chain(
    ({ K, d, n }) =>
      fc
        .record({
          l: gapLambdaPair(K, n, c.gap),
          lb: c.bias === 'decay' ? lambdaBArb() : fc.constant(0),
          seed: fc.integer({ min: 0, max: 0x7fffffff }),
        })
        .map(({ l, lb, seed }): UfmInstance => ({
          problem: {
            loss: c.loss,
            K,
            d,
            n,
            lambdaW: l.lambdaW,
            lambdaH: l.lambdaH,
            lambdaB: lb,
            bias: c.bias !== 'none',
          },
          seed,
        })),
  );
}

/** κ of a balanced instance. */
export function kappaOfGapInstance(inst: UfmInstance): number {
  const p = problemOf(inst);
  return kappaOfPair(p.K, p.counts[0] as number, p);
}

/**
 * ρ = λ_b(1−κ)/κ, the position of λ_b relative to the §2.3 switch κ/(1−κ) (ρ < 1: Case A, ρ > 1: Case B); NaN
 * when κ ≥ 1 (no switch: always Case A).
 */
export function switchRatio(kappa: number, lambdaB: number): number {
  return kappa < 1 ? (lambdaB * (1 - kappa)) / kappa : Number.NaN;
}

/**
 * λ_b = ρ·κ/(1−κ) for a given position ρ, rounded to `digits` significant digits (κ from the already-rounded λ's,
 * so ρ is exact up to that rounding: < 5·10^(−digits) relative).
 */
export function lambdaBAtRatio(kappa: number, rho: number, digits: number): number {
  return roundSig((rho * kappa) / (1 - kappa), digits);
}

/** ρ in the switch gap: 1 ∓ 1e-4·(9 − j), shrinking to j = 0 (the gap's far end). */
export function switchGapRatio(gap: Gap): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: 8 }).map((j) => gapPoint(gap, j));
}

/** λ_b rounded to 7 significant digits (the gap controls' precision). */
export const GAP_DIGITS = DIGITS;
