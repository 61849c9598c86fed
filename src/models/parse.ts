/**
 * Field validators shared by the problem parsers of every model (problem.ts, extended.ts, ulpm.ts,
 * fixedFeatures.ts). Each throws a UsageError naming the field, so the CLI can exit 64 with one clear line.
 */
import { describeValue, UsageError } from '../core/index.ts';
import { SIZE_LIMITS } from './memory.ts';

export function isObj(u: unknown): u is Record<string, unknown> {
  return typeof u === 'object' && u !== null && !Array.isArray(u);
}

export function intAtLeast(u: unknown, field: string, min: number): number {
  if (typeof u !== 'number' || !Number.isInteger(u) || u < min) {
    throw new UsageError(field, `must be an integer ≥ ${min}; got ${describeValue(u)}`);
  }
  return u;
}

export function nonNegative(u: unknown, field: string): number {
  if (typeof u !== 'number' || !Number.isFinite(u) || u < 0) {
    throw new UsageError(field, `must be a finite number ≥ 0; got ${describeValue(u)}`);
  }
  return u;
}

export function positive(u: unknown, field: string): number {
  if (typeof u !== 'number' || !Number.isFinite(u) || u <= 0) {
    throw new UsageError(field, `must be a finite number > 0; got ${describeValue(u)}`);
  }
  return u;
}

/**
 * The class structure every model shares: K ≥ 2, d ≥ dMin, and either `counts` (K integers ≥ 1) or a balanced `n`.
 * @param where - prefix of the field names ('problem' → 'problem.K')
 */
export function classDims(
  u: Record<string, unknown>,
  where: string,
  dMin = 1,
): { K: number; d: number; counts: number[] } {
  const f = (k: string): string => `${where}.${k}`;
  // Sizes are bounded before anything sized by them is allocated (issue 12 item 2; memory.ts).
  const K = intInRange(u['K'], f('K'), 2, SIZE_LIMITS.K);
  const d = intInRange(u['d'], f('d'), dMin, SIZE_LIMITS.d);
  let counts: number[];
  if (u['counts'] !== undefined) {
    const c = u['counts'];
    if (!Array.isArray(c) || c.length !== K)
      throw new UsageError(f('counts'), `must be an array of K = ${K} integers; got ${describeValue(c)}`);
    counts = c.map((x: unknown, i: number) => intInRange(x, `${f('counts')}[${i}]`, 1, SIZE_LIMITS.n));
  } else {
    counts = new Array<number>(K).fill(intInRange(u['n'], f('n'), 1, SIZE_LIMITS.n));
  }
  return { K, d, counts };
}

/** An integer in [min, max]; the error names non-finite numbers as such. */
export function intInRange(u: unknown, field: string, min: number, max: number): number {
  if (typeof u !== 'number' || !Number.isInteger(u) || u < min || u > max) {
    throw new UsageError(field, `must be an integer in [${min}, ${max}]; got ${describeValue(u)}`);
  }
  return u;
}
