/**
 * Arbitraries for the weight decays. The side of the threshold κ = K√(nλ_Wλ_H) < 1 (non-zero minimizer) or ≥ 1
 * (zero minimizer) is a generated choice (THEORY.md §1.1 item 5, §2.1), not a filter.
 *
 * Parametrisation: κ and the ratio r = λ_W/λ_H are drawn on integer grids (log-uniform), then
 * λ_W = √(p r), λ_H = √(p / r) with p = λ_Wλ_H = κ²/(K²n), and both are rounded to two significant digits.
 * Shrinking moves the grid indices to 0: κ → min(0.9, largest feasible κ) (below) or 1.1 (above), r → the middle of its feasible range
 * (r = 1 whenever that is feasible), so shrunk instances have equal, round λ's.
 *
 * Range: λ ∈ [1e-5, 1e-1] below the threshold. Above it, κ ≥ 1 with λ ≤ 0.1 needs K√n ≥ 10, which small
 * instances (K = 2, n = 1) cannot meet; there the upper end is raised to 1 — a documented widening.
 * Rounding moves κ by at most ~5%, so the margins 0.9 / 1.1 keep every instance on its drawn side.
 */
import fc from 'fast-check';

/**
 * Which side of κ = 1 to draw: `below` (κ ≤ 0.9 before rounding, non-zero minimizer), `above` (κ ≥ 1.1, zero
 * minimizer), and the near-threshold strata of issue 9 item 2, `near-below` (κ ∈ [0.952, 0.998]) and `near-above`
 * (κ ∈ [1.002, 1.048]), log-uniform in |κ − 1| (see nearKappa), drawn with λ's rounded to four significant digits so that κ stays inside
 * [0.95, 0.999] / [1.001, 1.05] (four-digit rounding moves each λ by < 5e-4 relative, κ by < 5e-4).
 */
export type ThresholdSide = 'below' | 'above' | 'near-below' | 'near-above';

/** The κ-interval of each near side (issue 9 item 2). */
export const NEAR_KAPPA: Readonly<Record<'near-below' | 'near-above', readonly [number, number]>> = {
  'near-below': [0.95, 0.999],
  'near-above': [1.001, 1.05],
};

export interface LambdaPair {
  readonly lambdaW: number;
  readonly lambdaH: number;
}

export interface LambdaConstraints {
  /** Smallest κ drawn below the threshold. @defaultValue 0.02 */
  readonly kappaMin?: number;
  /** Largest κ drawn above the threshold. @defaultValue 3 */
  readonly kappaMax?: number;
  /** Largest |log10(λ_W/λ_H)|. @defaultValue 1 */
  readonly maxLogRatio?: number;
  /** Smallest κ drawn above the threshold (before rounding). @defaultValue 1.1 */
  readonly kappaAboveMin?: number;
}

const GRID = 20;
const LOW = 1e-5;

/** Rounds to two significant digits (the "round λ" that shrinking moves toward). */
export function round2(x: number): number {
  return roundSig(x, 2);
}

/** Rounds to `digits` significant digits. */
export function roundSig(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const e = Math.floor(Math.log10(Math.abs(x)));
  const s = 10 ** (e - digits + 1);
  return Number((Math.round(x / s) * s).toPrecision(digits));
}

/** κ = K√(nλ_Wλ_H) (THEORY.md §0.3) of a λ pair, unchecked (src/theory `kappaOf` takes λ_W, λ_H and validates them). */
export function kappaOfPair(K: number, n: number, l: LambdaPair): number {
  return K * Math.sqrt(n * l.lambdaW * l.lambdaH);
}

/** Draws (λ_W, λ_H) for (K, n) on the given side of κ = 1. */
export function lambdaPair(
  K: number,
  n: number,
  side: ThresholdSide,
  c: LambdaConstraints = {},
): fc.Arbitrary<LambdaPair> {
  const near = side === 'near-below' || side === 'near-above';
  const high = side === 'below' ? 0.1 : 1;
  const kFeasMax = K * Math.sqrt(n) * high * 0.99; // κ reachable with both λ ≤ high
  const [k0, k1] =
    side === 'below'
      ? [Math.min(0.9, kFeasMax), Math.max(c.kappaMin ?? 0.02, K * Math.sqrt(n) * LOW * 1.01)]
      : side === 'above'
        ? [c.kappaAboveMin ?? 1.1, Math.min(c.kappaMax ?? 3, kFeasMax)]
        : // Near sides shrink toward the threshold itself (the end where errors concentrate).
          side === 'near-below'
          ? [0.998, 0.952]
          : [1.002, 1.048];
  const round = near ? (x: number): number => roundSig(x, 4) : round2;
  const maxLog = c.maxLogRatio ?? 1;
  return fc
    .record({ u: fc.integer({ min: 0, max: GRID }), j: fc.integer({ min: -GRID, max: GRID }) })
    .map(({ u, j }) => {
      const kappa = near ? nearKappa(k0, k1, u / GRID) : k0 * (k1 / k0) ** (u / GRID);
      const p = (kappa / K) ** 2 / n;
      // Feasible log10 r so that both λ's lie in [LOW, high]: r ∈ [max(p/high², LOW²/p), min(high²/p, p/LOW²)].
      const lo = Math.max(Math.log10(p / high ** 2), Math.log10(LOW ** 2 / p), -maxLog);
      const hi = Math.min(Math.log10(high ** 2 / p), Math.log10(p / LOW ** 2), maxLog);
      const mid = lo <= 0 && hi >= 0 ? 0 : (lo + hi) / 2;
      const logR = j >= 0 ? mid + (hi - mid) * (j / GRID) : mid + (mid - lo) * (j / GRID);
      const r = 10 ** logR;
      return { lambdaW: round(Math.sqrt(p * r)), lambdaH: round(Math.sqrt(p / r)) };
    });
}

/**
 * κ on a near side at grid fraction t ∈ [0, 1]: log-uniform in the DISTANCE |κ − 1| between |k0 − 1| (t = 0, the
 * shrink target) and |k1 − 1|, so that draws concentrate at the threshold: with [0.002, 0.048] a draw lies within
 * 1 % of κ = 1 with probability ≈ 0.5 and within 3 % with ≈ 0.85 (uniform in κ gave 0.19 and 0.62). A threshold
 * moved by a few per cent is then seen by a handful of near-side draws (issue 9 item 2, "done when").
 */
function nearKappa(k0: number, k1: number, t: number): number {
  const d0 = Math.abs(k0 - 1),
    d1 = Math.abs(k1 - 1);
  return 1 + Math.sign(k0 - 1) * d0 * (d1 / d0) ** t;
}

/** λ_b log-uniform on [1e-5, 1e-1] (grid of tenth-decades), shrinking toward 0.1. */
export function lambdaB(): fc.Arbitrary<number> {
  return fc.integer({ min: 10, max: 50 }).map((k) => round2(10 ** (-k / 10)));
}
