/**
 * What `defineClaim` and `nearMisses` hand through (src/define, issue 9 items 1–3): the fields of the derived Claim
 * (kind, controls, classes only when declared, parsing, runs), a definition without `prepare` judging the instance
 * itself, and the near-miss controls' defaults (NEAR_MISS quantities, runs, the far-from-threshold classes they draw
 * from, the caller's arbitrary), the inconclusive comparison that stops them and the evidence they carry.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClaimClass, Json, Verdict } from '../../../src/claim/index.ts';
import { inconclusive, judge, withResolution } from '../../../src/claim/index.ts';
import { defineClaim, isVerdict, missed, nearMisses, withEvidence } from '../../../src/define/index.ts';
import type { Miss } from '../../../src/define/index.ts';

type X = { readonly x: number } & { readonly [k: string]: Json };

function parseX(u: unknown): X {
  const x = (u as { x?: unknown }).x;
  if (typeof x !== 'number') throw new TypeError('x must be a number');
  return { x };
}

/** x ∈ [1, 10]: "x² = x·x" (quantity value); x = 5 cannot be certified (an inconclusive comparison). */
function verdicts(inst: X, miss: Miss): Verdict[] {
  if (inst.x === 5) return [inconclusive('5 is uncertified')];
  const value = missed(inst.x * inst.x, miss, 'value');
  return [withResolution(judge(inst.x * inst.x, value, 1e-12 * value, 'x²'), 'value', value)];
}

function cls(name: string, lo: number, hi: number, nearThreshold = false): ClaimClass<X> {
  return {
    name,
    arbitrary: fc.integer({ min: lo, max: hi }).map((x): X => ({ x })),
    contains: (i) => i.x >= lo && i.x <= hi,
    ...(nearThreshold ? { nearThreshold: true } : {}),
  };
}

function drawn(c: { readonly arbitrary: fc.Arbitrary<X> }): number[] {
  return fc.sample(c.arbitrary, { seed: 7, numRuns: 200 }).map((i) => i.x);
}

describe('defineClaim fields', () => {
  it('should pass kind, controls, runs and parsing through, and judge the instance itself without prepare', () => {
    // Act
    const c = defineClaim<X>({
      id: 'toy.ctl',
      cite: 'arith',
      statement: 'FALSE on purpose: s',
      kind: 'control',
      controls: 'toy.claim',
      arbitrary: fc.constant<X>({ x: 3 }),
      parseInstance: parseX,
      defaultRuns: 7,
      verdicts: (inst, _i, miss) => verdicts(inst, miss),
    });
    // Assert
    expect(c).toMatchObject({ id: 'toy.ctl', cite: 'arith', kind: 'control', controls: 'toy.claim', defaultRuns: 7 });
    expect('classes' in c).toBe(false);
    expect(c.parseInstance({ x: 4 })).toEqual({ x: 4 });
    expect(() => c.parseInstance({})).toThrow('x must be a number');
    expect(c.check({ x: 3 }).status).toBe('pass');
    expect(c.check({ x: 5 }).why).toBe('5 is uncertified');
    expect('details' in c.check({ x: 3 })).toBe(false);
  });

  it('should omit controls for a claim and keep declared classes', () => {
    const classes = [cls('a', 1, 10)];
    const c = defineClaim<X>({
      id: 'toy.c',
      cite: '',
      statement: '',
      classes,
      parseInstance: parseX,
      defaultRuns: 1,
      verdicts: (inst, _i, miss) => verdicts(inst, miss),
    });
    expect(c.kind).toBe('claim');
    expect('controls' in c).toBe(false);
    expect(c.classes).toBe(classes);
  });
});

describe('isVerdict and withEvidence', () => {
  it('should recognise verdicts only', () => {
    expect(isVerdict(judge(1, 1, 1, 'w'))).toBe(true);
    expect(isVerdict(null)).toBe(false);
    expect(isVerdict(3)).toBe(false);
    expect(isVerdict({ status: 'pass', why: 'w' })).toBe(false);
    expect(isVerdict({ status: 'pass', margin: 0 })).toBe(false);
    expect(isVerdict({ margin: 0, why: 'w' })).toBe(false);
  });

  it('should merge evidence over existing details, and hand back the verdict without evidence', () => {
    const v = judge(1, 1, 1, 'w', { a: 1, b: 2 });
    expect(withEvidence(v, undefined)).toBe(v);
    expect(withEvidence(v, { b: 3, c: 4 }).details).toEqual({ a: 1, b: 3, c: 4 });
    expect(withEvidence(judge(1, 1, 1, 'w'), { c: 4 }).details).toEqual({ c: 4 });
  });
});

describe('nearMisses defaults and draws', () => {
  const base = {
    cite: 'arith',
    statement: 's',
    parseInstance: parseX,
    defaultRuns: 4,
    verdicts: (inst: X, _i: X, miss: Miss) => verdicts(inst, miss),
    evidence: (inst: X) => ({ seen: inst.x }),
  };

  it('should default to the NEAR_MISS quantities with the claim runs, cite and parsing', () => {
    // Arrange
    const c = defineClaim<X>({ ...base, id: 'toy.sq', arbitrary: fc.constant<X>({ x: 2 }) });
    // Act
    const ctl = nearMisses(c);
    // Assert
    expect(ctl.map((k) => k.id)).toEqual(['toy.sq.near-miss-value', 'toy.sq.near-miss-gram', 'toy.sq.near-miss-norm']);
    expect(ctl[0]).toMatchObject({
      kind: 'control',
      controls: 'toy.sq',
      defaultRuns: 4,
      cite: 'near-miss control of toy.sq (arith)',
    });
    expect(ctl[0]?.parseInstance({ x: 9 })).toEqual({ x: 9 });
    expect(nearMisses(c, { value: 1e-6 }, { defaultRuns: 11 })[0]?.defaultRuns).toBe(11);
  });

  it('should draw from the classes that are not near a threshold, else from the claim arbitrary, else the given one', () => {
    // Arrange
    const mixed = defineClaim<X>({ ...base, id: 'toy.m', classes: [cls('far', 1, 3), cls('near', 8, 10, true)] });
    const allNear = defineClaim<X>({ ...base, id: 'toy.n', classes: [cls('near', 8, 10, true)] });
    // Act
    const fromMixed = drawn(nearMisses(mixed, { value: 1e-6 })[0]!);
    const fromNear = drawn(nearMisses(allNear, { value: 1e-6 })[0]!);
    const given = drawn(nearMisses(mixed, { value: 1e-6 }, { arbitrary: fc.constant<X>({ x: 6 }) })[0]!);
    // Assert
    expect(fromMixed.every((x) => x >= 1 && x <= 3)).toBe(true);
    expect(fromNear.every((x) => x >= 8 && x <= 10)).toBe(true);
    expect(new Set(given)).toEqual(new Set([6]));
  });

  it("should stop at the comparisons' own inconclusive verdict, with the evidence, and carry evidence on a refutation", () => {
    // Arrange
    const c = defineClaim<X>({ ...base, id: 'toy.e', arbitrary: fc.constant<X>({ x: 2 }) });
    const [value] = nearMisses(c, { value: 1e-6 });
    // Act
    const stopped = value?.check({ x: 5 });
    const refuted = value?.check({ x: 3 });
    // Assert
    expect(stopped?.status).toBe('inconclusive');
    expect(stopped?.why).toBe('5 is uncertified');
    expect(stopped?.details).toEqual({ seen: 5 });
    expect(refuted?.status).toBe('fail');
    expect(refuted?.details).toEqual({ seen: 3 });
    expect(value?.statement).toBe('FALSE on purpose: toy.e with its predicted value multiplied by (1 + 1e-6)');
  });
});
