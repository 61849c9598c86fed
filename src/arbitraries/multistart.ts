/**
 * Instances of the multistart claims and conjectures (no spurious minima; THEORY.md §1.2, §4, §10): a plain-UFM
 * instance plus the number M of seeded starts, drawn with it (so shrinking also reduces M).
 */
import fc from 'fast-check';
import { UsageError } from '../core/index.ts';
import { parseUfmInstance } from './instance.ts';
import type { UfmInstance } from './instance.ts';

export interface MultistartInstance extends UfmInstance {
  /** Number of random starts M. */
  readonly starts: number;
}

/** `arbitrary`'s instances with M ∈ [min, max] starts drawn alongside. */
export function withStarts(
  arbitrary: fc.Arbitrary<UfmInstance>,
  min: number,
  max: number,
): fc.Arbitrary<MultistartInstance> {
  return fc
    .tuple(arbitrary, fc.integer({ min, max }))
    .map(([inst, starts]): MultistartInstance => ({ ...inst, starts }));
}

/**
 * Validates a stored multistart instance.
 * @throws {UsageError} field `instance.starts` unless an integer in [1, 64] (or the UFM instance's own field)
 */
export function parseMultistartInstance(u: unknown): MultistartInstance {
  const inst = parseUfmInstance(u);
  const starts = (u as Record<string, unknown>)['starts'];
  if (typeof starts !== 'number' || !Number.isInteger(starts) || starts < 1 || starts > 64) {
    throw new UsageError('instance.starts', `must be an integer in [1, 64]; got ${JSON.stringify(starts)}`);
  }
  return { ...inst, starts };
}
