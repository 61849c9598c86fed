/**
 * Coverage classes of the MSE regularised-bias closed form (THEORY.md §2.3; issue 9 items 1–2). The theorem has
 * two thresholds: κ = 1 (zero regime) and, below it, the switch between Case A (λ_b ≤ κ/(1−κ)) and Case B
 * (λ_b > κ/(1−κ)). λ_b is therefore drawn RELATIVE to the switch, as ρ = λ_b(1−κ)/κ, so every class lands on its
 * branch by construction:
 *   - `A/<dims>`: κ ≤ 0.9, ρ ∈ [0.01, 0.9];          `B/<dims>`: κ ≤ 0.9, ρ ∈ [1.15, 20];
 *   - `switch-near-A/<dims>`: κ ≤ 0.9, ρ ∈ [0.952, 0.998]; `switch-near-B/<dims>`: κ ≤ 0.9, ρ ∈ [1.002, 1.048]
 *     (log-uniform in |ρ − 1|, λ_b to 4 significant digits: ρ stays in [0.95, 0.999] / [1.001, 1.05]);
 *   - `near-below/<dims>`, `near-above/<dims>`: κ ∈ [0.95, 0.999] / [1.001, 1.05] with λ_b log-uniform on
 *     [1e-3, 10] (then ρ ≤ 10·0.05/0.95 < 0.53: Case A, far from the switch);
 *   - `above/d>=K`: κ ≥ 1.15, λ_b log-uniform on [1e-3, 10] (always Case A, zero W, H).
 * <dims> is `d=K` or `d>K` (Case B needs d ≥ K; d = K is the tight end). Membership is computed from the
 * instance (κ from its λ's, ρ from its λ_b).
 */
import fc from 'fast-check';
import type { ClaimClass } from '../claim/index.ts';
import { dims } from './dims.ts';
import type { UfmInstance } from './instance.ts';
import { problemOf } from './instance.ts';
import { lambdaPair, round2, roundSig } from './lambdas.ts';
import type { ThresholdSide } from './lambdas.ts';
import { lambdaBAtRatio, switchRatio } from './thresholdGap.ts';
import { inDimClass, kappaOfInstance, sideOf } from './ufmClasses.ts';

/** The ρ-stratum of an instance below the threshold (undefined on the switch itself or when κ ≥ 1). */
export type SwitchSide = 'A' | 'switch-near-A' | 'switch-near-B' | 'B';

/** ρ-intervals [near end, far end] as drawn (before rounding) and the membership boundaries. */
const RHO: Readonly<Record<SwitchSide, readonly [number, number]>> = {
  A: [0.9, 0.01],
  'switch-near-A': [0.998, 0.952],
  'switch-near-B': [1.002, 1.048],
  B: [1.15, 20],
};

/** The switch side of ρ (boundaries 0.95, 0.999, 1.001, 1.05). */
export function switchSideOf(rho: number): SwitchSide | undefined {
  if (!Number.isFinite(rho)) return undefined;
  if (rho < 0.95) return 'A';
  if (rho <= 0.999) return 'switch-near-A';
  if (rho < 1.001) return undefined;
  if (rho <= 1.05) return 'switch-near-B';
  return 'B';
}

const GRID = 20;

/** ρ on [r0, r1]: near the switch log-uniform in |ρ − 1| (as lambdas.ts nearKappa), else log-uniform in ρ. */
function rhoArb(s: SwitchSide): fc.Arbitrary<number> {
  const [r0, r1] = RHO[s];
  const near = s === 'switch-near-A' || s === 'switch-near-B';
  return fc.integer({ min: 0, max: GRID }).map((u) => {
    const t = u / GRID;
    if (!near) return r0 * (r1 / r0) ** t;
    const d0 = Math.abs(r0 - 1),
      d1 = Math.abs(r1 - 1);
    return 1 + Math.sign(r0 - 1) * d0 * (d1 / d0) ** t;
  });
}

/** λ_b log-uniform on [1e-3, 10] (tenth-decade grid, two digits), shrinking toward 1e-3. */
const lambdaBWide = fc.integer({ min: -30, max: 10 }).map((k) => round2(10 ** (k / 10)));

type RegDim = 'd=K' | 'd>K' | 'd>=K';

function regDims(dim: RegDim): fc.Arbitrary<{ K: number; d: number; n: number }> {
  if (dim === 'd=K') return dims({ regime: 'K', maxExtraD: 0 });
  return dims({ regime: dim === 'd>K' ? 'K+1' : 'K' });
}

function instanceArb(dim: RegDim, side: ThresholdSide, rho: SwitchSide | undefined): fc.Arbitrary<UfmInstance> {
  return regDims(dim).chain(({ K, d, n }) =>
    fc
      .record({
        l: lambdaPair(K, n, side, { kappaAboveMin: 1.15 }),
        rho: rho === undefined ? fc.constant(Number.NaN) : rhoArb(rho),
        lbWide: lambdaBWide,
        seed: fc.integer({ min: 0, max: 0x7fffffff }),
      })
      .map(({ l, rho: r, lbWide, seed }): UfmInstance => {
        const kappa = K * Math.sqrt(n * l.lambdaW * l.lambdaH);
        const near = rho === 'switch-near-A' || rho === 'switch-near-B';
        const lb =
          rho === undefined ? lbWide : near ? lambdaBAtRatio(kappa, r, 4) : roundSig((r * kappa) / (1 - kappa), 2);
        return {
          problem: { loss: 'mse', K, d, n, lambdaW: l.lambdaW, lambdaH: l.lambdaH, lambdaB: lb, bias: true },
          seed,
        };
      }),
  );
}

function regClass(
  name: string,
  dim: RegDim,
  side: ThresholdSide,
  rho: SwitchSide | undefined,
  nearThreshold: boolean,
): ClaimClass<UfmInstance> {
  return {
    name,
    arbitrary: instanceArb(dim, side, rho),
    ...(nearThreshold ? { nearThreshold: true } : {}),
    contains(inst: UfmInstance): boolean {
      const p = problemOf(inst);
      if (p.loss !== 'mse' || !p.bias || !(p.lambdaB > 0) || !inDimClass(p.K, p.d, dim)) return false;
      if (sideOf(inst) !== side) return false;
      if (side !== 'below') return rho === undefined;
      return switchSideOf(switchRatio(kappaOfInstance(inst), p.lambdaB)) === rho;
    },
  };
}

/** The 13 classes of mse.reg-bias.closed-form (module doc). */
export function regBiasClasses(): ClaimClass<UfmInstance>[] {
  const out: ClaimClass<UfmInstance>[] = [];
  for (const dim of ['d=K', 'd>K'] as const) {
    out.push(regClass(`A/${dim}`, dim, 'below', 'A', false), regClass(`B/${dim}`, dim, 'below', 'B', false));
  }
  out.push(regClass('above/d>=K', 'd>=K', 'above', undefined, false));
  for (const dim of ['d=K', 'd>K'] as const) {
    out.push(
      regClass(`switch-near-A/${dim}`, dim, 'below', 'switch-near-A', true),
      regClass(`switch-near-B/${dim}`, dim, 'below', 'switch-near-B', true),
      regClass(`near-below/${dim}`, dim, 'near-below', undefined, true),
      regClass(`near-above/${dim}`, dim, 'near-above', undefined, true),
    );
  }
  return out;
}
