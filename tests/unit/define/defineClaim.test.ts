/**
 * defineClaim and nearMisses (src/define): a claim written as prepare + verdicts becomes a Claim whose check is the
 * worst verdict with the evidence merged; its near-miss controls perturb one predicted quantity, keep only that
 * quantity's comparisons, and report the claim's own resolving power.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json, Verdict } from '../../../src/claim/index.ts';
import { inconclusive, judge, judgeRecord, runClaim, withResolution } from '../../../src/claim/index.ts';
import { defineClaim, missed, nearMisses } from '../../../src/define/index.ts';
import type { Miss } from '../../../src/define/index.ts';

/** Toy theorem: for x ∈ [1, 10], x² = predicted square, and 2x = predicted double ("value" and "norm"). */
type X = { readonly x: number } & { readonly [k: string]: Json };

function parseX(u: unknown): X {
  const x = (u as { x?: unknown }).x;
  if (typeof x !== 'number') throw new TypeError('x');
  return { x };
}

function verdicts(sq: number, inst: X, miss: Miss): Verdict[] {
  const value = missed(inst.x * inst.x, miss, 'value');
  const norm = missed(2 * inst.x, miss, 'norm');
  return [
    withResolution(judge(sq, value, 1e-12 * value, 'x² vs prediction'), 'value', Math.abs(value)),
    withResolution(judge(2 * inst.x, norm, 1e-12 * norm, '2x vs prediction'), 'norm', Math.abs(norm)),
  ];
}

const arbitrary = fc.integer({ min: 1, max: 10 }).map((x): X => ({ x }));

const toy = defineClaim<X, number>({
  id: 'toy.square',
  cite: 'arithmetic',
  statement: 'x² and 2x are what they are',
  arbitrary,
  parseInstance: parseX,
  defaultRuns: 5,
  prepare: (inst) => (inst.x === 7 ? inconclusive('7 is not certified') : inst.x * inst.x),
  verdicts,
  evidence: (sq, inst) => ({ square: sq, x: inst.x }),
});

describe('defineClaim', () => {
  it('should derive a claim whose check is the worst verdict with the evidence in its details', () => {
    // Act
    const v = toy.check({ x: 3 });
    // Assert
    expect(v.status).toBe('pass');
    expect(v.details).toMatchObject({ square: 9, x: 3 });
    expect(toy.kind).toBe('claim');
    expect(judgeRecord(runClaim(toy, { seed: 1, runs: 5 }))).toBe('pass');
  });

  it('should stop at the verdict prepare returns when it cannot certify', () => {
    expect(toy.check({ x: 7 }).why).toBe('7 is not certified');
  });

  it('should draw from the union of the classes when no arbitrary is given, and refuse neither', () => {
    // Arrange
    const classes = [{ name: 'small', arbitrary: fc.constant<X>({ x: 2 }), contains: (i: X) => i.x === 2 }];
    // Act
    const c = defineClaim<X, number>({
      id: 'toy.c',
      cite: '',
      statement: '',
      classes,
      parseInstance: parseX,
      defaultRuns: 1,
      prepare: (i) => i.x * i.x,
      verdicts,
    });
    // Assert
    expect(fc.sample(c.arbitrary, { seed: 1, numRuns: 3 })).toEqual([{ x: 2 }, { x: 2 }, { x: 2 }]);
    expect(() =>
      defineClaim<X, number>({
        id: 'toy.none',
        cite: '',
        statement: '',
        parseInstance: parseX,
        defaultRuns: 1,
        verdicts,
      }),
    ).toThrow(/toy\.none/);
  });
});

describe('nearMisses', () => {
  it('should state one control per quantity that perturbs only that prediction and is refuted', () => {
    // Act
    const [value, norm] = nearMisses(toy, { value: 1e-6, norm: -1e-4 });
    // Assert
    expect(value?.id).toBe('toy.square.near-miss-value');
    expect(value?.controls).toBe('toy.square');
    expect(value?.statement).toBe('FALSE on purpose: toy.square with its predicted value multiplied by (1 + 1e-6)');
    expect(norm?.statement).toBe('FALSE on purpose: toy.square with its predicted norm multiplied by (1 − 1e-4)');
    expect(value?.check({ x: 3 }).status).toBe('fail');
    expect(norm?.check({ x: 3 }).status).toBe('fail');
    expect(value !== undefined && judgeRecord(runClaim(value, { seed: 1, runs: 5 }))).toBe('refuted');
  });

  it("should report the claim's own resolving power, not the perturbed one", () => {
    // Act
    const v = nearMisses(toy, { value: 1e-6 })[0]?.check({ x: 3 });
    // Assert: (tolerance + |error|)/|x²| of the unperturbed comparison
    expect(v?.resolution).toEqual({ value: 1e-12 });
  });

  it("should be inconclusive on an instance with no comparison of the quantity, and pass on prepare's verdict", () => {
    // Arrange
    const [gram] = nearMisses(toy, { gram: 1e-4 });
    // Act + Assert
    expect(gram?.check({ x: 3 }).status).toBe('inconclusive');
    expect(gram?.check({ x: 3 }).why).toMatch(/no non-zero predicted gram/);
    expect(gram?.check({ x: 7 }).why).toBe('7 is not certified');
  });
});
