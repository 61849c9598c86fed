/**
 * Coverage classes (issue 9 item 1): helpers to build a claim's stratified generator and to derive each class's
 * own fast-check seed from the run's seed, so that every class is drawn independently and reproducibly.
 */
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import type { Claim, ClaimClass, Json } from './claim.ts';

/** Default minimum number of certified runs (pass or fail verdicts) each coverage class needs in one run. */
export const DEFAULT_MIN_PER_CLASS = 3;

/**
 * The union of the classes' arbitraries (what `Claim.arbitrary` is for a claim with classes: hunts, samples and
 * `--loss` variants still draw from one generator).
 *
 * @param classes - at least one class
 * @returns `fc.oneof` over the classes' arbitraries
 * @throws {RangeError} when `classes` is empty
 */
export function classUnion<I extends Json>(classes: readonly ClaimClass<I>[]): Arbitrary<I> {
  if (classes.length === 0) throw new RangeError('classUnion: at least one class is needed');
  return fc.oneof(...classes.map((c) => c.arbitrary));
}

/**
 * The fast-check seed of batch `batch` of class number `index` of a run with seed `seed`: a 32-bit integer hash
 * (Wellons' lowbias32 finaliser — shifts 16, 15, 16, multipliers 0x7feb352d, 0x846ca68b — over a combination of the three), so classes and top-up batches draw independent streams
 * and `verify --seed S` reproduces all of them.
 *
 * @example
 * classSeed(42, 0, 0) === classSeed(42, 0, 0); // => true
 */
export function classSeed(seed: number, index: number, batch: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(batch + 1, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The names of the classes an instance belongs to (normally exactly one; none for an instance outside every
 * class, e.g. a hand-written fixture).
 */
export function classesOf<I extends Json>(claim: Claim<I>, instance: I): string[] {
  return (claim.classes ?? []).filter((c) => c.contains(instance)).map((c) => c.name);
}

/**
 * Problems of a claim's class declaration: duplicate or empty names, a class whose samples fall outside it or
 * inside another class. Samples `samples` instances per class with a fixed seed (a registry check, not a run).
 *
 * @returns one message per problem (empty when sound)
 */
export function classProblems<I extends Json>(claim: Claim<I>, samples = 20): string[] {
  const classes = claim.classes;
  if (classes === undefined) return [];
  const problems: string[] = [];
  const names = new Set<string>();
  if (classes.length === 0) problems.push(`${claim.id}: 'classes' is empty`);
  for (const [i, c] of classes.entries()) {
    if (c.name.trim() === '') problems.push(`${claim.id}: class ${i} has an empty name`);
    if (names.has(c.name)) problems.push(`${claim.id}: duplicate class '${c.name}'`);
    names.add(c.name);
    for (const inst of fc.sample(c.arbitrary, { seed: 1000 + i, numRuns: samples })) {
      const owners = classesOf(claim, inst);
      if (owners.length !== 1 || owners[0] !== c.name) {
        problems.push(
          `${claim.id}: an instance drawn for class '${c.name}' belongs to [${owners.join(', ')}]: ${JSON.stringify(inst)}`,
        );
        break;
      }
    }
  }
  return problems;
}
