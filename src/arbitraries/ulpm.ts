/**
 * Arbitraries for ULPM instances (Ji et al. 2022; THEORY.md §3): (K, d, n) from `dims` with d ≥ K − 1 (the
 * min-norm NC solution needs it; built by `chain`), balanced classes, and a seed (data, STYLE.md §4.3) for the
 * Lanczos start or the gradient-descent initialisation. Shrinks toward K = 2, d = K − 1, n = 1.
 */
import fc from 'fast-check';
import type { ClaimClass, Json } from '../claim/index.ts';
import { UsageError } from '../core/index.ts';
import { parseUlpmProblem } from '../models/index.ts';
import type { UlpmProblem } from '../models/index.ts';
import { dims } from './dims.ts';

export interface UlpmInstance {
  readonly [k: string]: Json;
  readonly problem: { readonly [k: string]: Json; readonly K: number; readonly d: number; readonly n: number };
  readonly seed: number;
}

export interface UlpmConstraints {
  /** @defaultValue 2 */
  readonly minK?: number;
  /** @defaultValue 4 */
  readonly maxK?: number;
  /** 'K-1': d ≥ K − 1; 'K': d ≥ K. @defaultValue 'K-1' */
  readonly regime?: 'K-1' | 'K';
  /** Largest d − (smallest admissible d). @defaultValue 2 */
  readonly maxExtraD?: number;
  /** @defaultValue 1 */
  readonly minN?: number;
  /** @defaultValue 3 */
  readonly maxN?: number;
}

/** Draws (K, d ≥ K − 1, n, seed). */
export function ulpmInstance(c: UlpmConstraints = {}): fc.Arbitrary<UlpmInstance> {
  return fc.record({
    problem: dims({
      regime: c.regime ?? 'K-1',
      minK: c.minK ?? 2,
      maxK: c.maxK ?? 4,
      maxExtraD: c.maxExtraD ?? 2,
      minN: c.minN ?? 1,
      maxN: c.maxN ?? 3,
    }).map(({ K, d, n }) => ({ K, d, n })),
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
  });
}

/** A coverage class of ULPM instances: drawn by `arbitrary`, member iff `contains` (computed from (K, d, n)). */
export function ulpmClass(
  name: string,
  arbitrary: fc.Arbitrary<UlpmInstance>,
  contains: (K: number, d: number, n: number) => boolean,
): ClaimClass<UlpmInstance> {
  return { name, arbitrary, contains: (i: UlpmInstance): boolean => contains(i.problem.K, i.problem.d, i.problem.n) };
}

/** Validates a fixture's instance (balanced `n`, d ≥ K − 1); errors name the field. */
export function parseUlpmInstance(u: unknown): UlpmInstance {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) throw new UsageError('instance', 'must be an object');
  const o = u as Record<string, unknown>;
  const pr = o['problem'];
  if (typeof pr === 'object' && pr !== null && (pr as Record<string, unknown>)['counts'] !== undefined)
    throw new UsageError('instance.problem.counts', 'ULPM instances are balanced: give n, not counts');
  const p = parseUlpmProblem(pr, 'instance.problem');
  if (p.d < p.K - 1) throw new UsageError('instance.problem.d', `must be ≥ K − 1 = ${p.K - 1}; got ${p.d}`);
  const seed = o['seed'];
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32)
    throw new UsageError('instance.seed', `must be an integer in [0, 2^32); got ${JSON.stringify(seed)}`);
  return { problem: { K: p.K, d: p.d, n: p.counts[0] as number }, seed };
}

export function ulpmProblemOf(inst: UlpmInstance): UlpmProblem {
  return { K: inst.problem.K, d: inst.problem.d, counts: new Array<number>(inst.problem.K).fill(inst.problem.n) };
}
