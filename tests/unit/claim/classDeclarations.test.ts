/**
 * Coverage-class helpers of src/claim/classes.ts (issue 9 item 1): the class-seed hash (its documented formula, so
 * that a seed quoted in a report keeps replaying the same class streams), class membership, and the problems a class
 * declaration is checked for (empty list, empty or duplicate names, samples outside their class).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classesOf,
  classProblems,
  classSeed,
  classUnion,
  DEFAULT_MIN_PER_CLASS,
  type Claim,
  type ClaimClass,
} from '../../../src/claim/index.ts';

type X = { readonly x: number };

/** An independent BigInt evaluation of the documented hash: (seed ⊕ (i+1)·0x9e3779b1 ⊕ (b+1)·0x85ebca77) mod 2³², then
 * the 32-bit finaliser h ⊕= h≫16; h·=0x7feb352d; h ⊕= h≫15; h·=0x846ca68b; h ⊕= h≫16 (all mod 2³²). */
function referenceSeed(seed: number, index: number, batch: number): number {
  const M = 0xffffffffn;
  const mul = (a: bigint, b: bigint): bigint => (a * b) & M;
  let h = (BigInt(seed) ^ mul(BigInt(index + 1), 0x9e3779b1n) ^ mul(BigInt(batch + 1), 0x85ebca77n)) & M;
  h = mul(h ^ (h >> 16n), 0x7feb352dn);
  h = mul(h ^ (h >> 15n), 0x846ca68bn);
  return Number(h ^ (h >> 16n));
}

function range(name: string, lo: number, hi: number): ClaimClass<X> {
  return {
    name,
    arbitrary: fc.integer({ min: lo, max: hi }).map((x) => ({ x })),
    contains: (i) => i.x >= lo && i.x <= hi,
  };
}

function claimWith(classes: readonly ClaimClass<X>[] | undefined): Claim<X> {
  return {
    id: 'fake.x.classes',
    cite: 'test',
    statement: 's',
    kind: 'claim',
    arbitrary: fc.constant({ x: 0 }),
    ...(classes !== undefined ? { classes } : {}),
    parseInstance: (u) => u as X,
    check: () => ({ status: 'pass', measured: 0, predicted: 0, tolerance: 1, margin: 0, why: '' }),
    defaultRuns: 1,
  };
}

describe('classSeed', () => {
  it('should equal the documented 32-bit hash for run seeds, classes and batches across the range', () => {
    for (const seed of [0, 1, 42, 0x7fffffff, 0xffffffff])
      for (const index of [0, 1, 5])
        for (const batch of [0, 1, 3]) expect(classSeed(seed, index, batch)).toBe(referenceSeed(seed, index, batch));
  });

  it('should give different streams to different classes and batches of one run', () => {
    const seeds = new Set<number>();
    for (let index = 0; index < 8; index++)
      for (let batch = 0; batch < 8; batch++) seeds.add(classSeed(42, index, batch));
    expect(seeds.size).toBe(64);
  });
});

describe('classUnion', () => {
  it('should refuse an empty class list, and draw from every class otherwise', () => {
    expect(() => classUnion([])).toThrow(new RangeError('classUnion: at least one class is needed'));
    const drawn = fc.sample(classUnion([range('low', 0, 9), range('high', 100, 109)]), { seed: 3, numRuns: 60 });
    expect(drawn.some((i) => i.x < 10) && drawn.some((i) => i.x >= 100)).toBe(true);
  });
});

describe('classesOf', () => {
  it('should name every class containing the instance, and none without classes', () => {
    const c = claimWith([range('low', 0, 9), range('mid', 5, 14), range('high', 100, 109)]);
    expect(classesOf(c, { x: 7 })).toEqual(['low', 'mid']);
    expect(classesOf(c, { x: 50 })).toEqual([]);
    expect(classesOf(claimWith(undefined), { x: 7 })).toEqual([]);
  });
});

describe('classProblems', () => {
  it('should accept a claim without classes and a sound declaration', () => {
    expect(DEFAULT_MIN_PER_CLASS).toBe(3);
    expect(classProblems(claimWith(undefined))).toEqual([]);
    expect(classProblems(claimWith([range('low', 0, 9), range('high', 10, 19)]))).toEqual([]);
  });

  it('should report an empty class list', () => {
    expect(classProblems(claimWith([]))).toEqual(["fake.x.classes: 'classes' is empty"]);
  });

  it('should report an empty name and a duplicate name', () => {
    // Arrange: '  ' is blank; 'low' twice (over disjoint ranges, so no sample leaks)
    const problems = classProblems(claimWith([range('  ', 0, 9), range('low', 10, 19), range('low', 20, 29)]));
    // Assert
    expect(problems).toContain('fake.x.classes: class 0 has an empty name');
    expect(problems).toContain("fake.x.classes: duplicate class 'low'");
    expect(problems.filter((p) => p.includes('duplicate'))).toHaveLength(1);
  });

  it('should report one leaking sample per class, naming the classes it belongs to', () => {
    // Arrange: 'wide' draws 0..19 but contains only 10..19; 'low' contains 0..9
    const wide: ClaimClass<X> = { ...range('wide', 10, 19), arbitrary: fc.constant({ x: 3 }) };
    // Act
    const problems = classProblems(claimWith([range('low', 0, 9), wide]));
    // Assert: reported once, not once per sample
    expect(problems).toEqual([`fake.x.classes: an instance drawn for class 'wide' belongs to [low]: {"x":3}`]);
  });

  it('should report a sample that belongs to two classes, even its own among them', () => {
    const problems = classProblems(claimWith([range('a', 0, 9), range('b', 5, 14)]), 200);
    expect(
      problems.some((p) => p.startsWith("fake.x.classes: an instance drawn for class 'a' belongs to [a, b]")),
    ).toBe(true);
  });

  it('should draw `samples` instances per class from a fixed seed', () => {
    // Arrange: a class that leaks only on x = 0, drawn from 0..1000: rarely hit by 1 sample, surely by 5000
    const rare: ClaimClass<X> = {
      name: 'pos',
      arbitrary: fc.integer({ min: 0, max: 1000 }).map((x) => ({ x })),
      contains: (i) => i.x > 0,
    };
    const few = classProblems(claimWith([rare]), 1);
    const many = classProblems(claimWith([rare]), 5000);
    // Assert: fixed seed ⇒ same answer twice; enough samples find the leak
    expect(classProblems(claimWith([rare]), 1)).toEqual(few);
    expect(many).toEqual([`fake.x.classes: an instance drawn for class 'pos' belongs to []: {"x":0}`]);
  });
});
