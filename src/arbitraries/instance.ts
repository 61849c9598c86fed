/**
 * `ufmInstance`: a complete plain-UFM instance for a claim — the problem (as its JSON form, so fixtures store it
 * verbatim) plus the solver seed as data (STYLE.md §4.3: shrinking and replay reach the seed).
 */
import fc from 'fast-check';
import { parseUfmProblem, problemToJson } from '../models/index.ts';
import type { BiasMode, UfmProblem } from '../models/index.ts';
import { UsageError } from '../core/index.ts';
import { dims, classCounts } from './dims.ts';
import type { DimRegime } from './dims.ts';
import { lambdaPair, lambdaB } from './lambdas.ts';
import type { LambdaConstraints, ThresholdSide } from './lambdas.ts';

/** none: b ≡ 0; free: b learned with λ_b = 0; decay: b learned with λ_b > 0 (the problem's mode, src/models). */
export type { BiasMode } from '../models/index.ts';

export interface UfmInstanceConstraints {
  readonly loss: string;
  /** @defaultValue 'K-1' */
  readonly regime?: DimRegime;
  /** Bias modes to draw from. @defaultValue ['free', 'decay'] */
  readonly bias?: readonly BiasMode[];
  /** Threshold sides to draw from. @defaultValue ['below'] */
  readonly sides?: readonly ThresholdSide[];
  /** @defaultValue 12 */
  readonly maxK?: number;
  /** @defaultValue 2 */
  readonly minK?: number;
  /** @defaultValue 30 */
  readonly maxN?: number;
  /** @defaultValue 3 */
  readonly maxExtraD?: number;
  /** Draw per-class counts instead of a balanced n. @defaultValue false */
  readonly imbalanced?: boolean;
  /** Fixed λ_b for mode 'decay' (else drawn log-uniform on [1e-5, 1e-1]). */
  readonly lambdaB?: fc.Arbitrary<number>;
  /** Passed to `lambdaPair` (e.g. `kappaAboveMin`). */
  readonly lambdas?: LambdaConstraints;
}

/** The JSON instance every plain-UFM claim consumes. */
export interface UfmInstance {
  readonly [k: string]: import('../claim/index.ts').Json;
  readonly problem: { readonly [k: string]: import('../claim/index.ts').Json };
  readonly seed: number;
}

/** Draws a UFM instance satisfying the constraints (by construction, never by filtering). */
export function ufmInstance(c: UfmInstanceConstraints): fc.Arbitrary<UfmInstance> {
  const biasModes = c.bias ?? ['free', 'decay'];
  const sides = c.sides ?? ['below'];
  return fc
    .record({
      dims: dims({
        regime: c.regime ?? 'K-1',
        maxK: c.maxK ?? 12,
        minK: c.minK ?? 2,
        maxN: c.maxN ?? 30,
        maxExtraD: c.maxExtraD ?? 3,
      }),
      side: fc.constantFrom(...sides),
      bias: fc.constantFrom(...biasModes),
    })
    .chain(({ dims: { K, d, n }, side, bias }) =>
      fc
        .record({
          lambdas: lambdaPair(K, n, side, c.lambdas),
          lambdaB: bias === 'decay' ? (c.lambdaB ?? lambdaB()) : fc.constant(0),
          counts: c.imbalanced ? classCounts(K, { maxN: c.maxN ?? 30 }) : fc.constant(undefined),
          seed: fc.integer({ min: 0, max: 0x7fffffff }),
        })
        .map(({ lambdas, lambdaB: lb, counts, seed }): UfmInstance => ({
          problem: {
            loss: c.loss,
            K,
            d,
            ...(counts ? { counts } : { n }),
            lambdaW: lambdas.lambdaW,
            lambdaH: lambdas.lambdaH,
            lambdaB: lb,
            bias: bias !== 'none',
          },
          seed,
        })),
    );
}

/** Validates a fixture's instance; errors name the field (`instance.problem.K`, `instance.seed`). */
export function parseUfmInstance(u: unknown): UfmInstance {
  if (typeof u !== 'object' || u === null) throw new UsageError('instance', 'must be an object');
  const o = u as Record<string, unknown>;
  const problem = parseUfmProblem(o['problem'], 'instance.problem');
  const seed = o['seed'];
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new UsageError('instance.seed', `must be an integer in [0, 2^32); got ${JSON.stringify(seed)}`);
  }
  return { problem: problemToJson(problem) as UfmInstance['problem'], seed };
}

/** The typed problem of an instance (already validated by the arbitrary or by parseUfmInstance). */
export function problemOf(inst: UfmInstance): UfmProblem {
  return parseUfmProblem(inst.problem, 'instance.problem');
}
