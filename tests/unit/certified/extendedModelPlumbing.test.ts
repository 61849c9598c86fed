/**
 * The extended / ReLU certified models' plumbing (src/certified/extended/model.ts; THEORY.md §2.4–§2.5): flag
 * parsing and defaults, the solve summary against Thm 4.1's f*, the certificate's branches, symmetries and
 * reduction only for balanced counts, and point-file field errors naming the field.
 */
import { describe, expect, it } from 'vitest';
import { extendedModel, reluModel } from '../../../src/certified/index.ts';
import { usageError } from './_usageError.ts';

const SMALL = { K: '3', d: '4', n: '2' };

describe('extended model flags', () => {
  it('should default each λ to 5e-3 and --tol to 1e-10', () => {
    const { problem, options } = extendedModel.fromFlags(SMALL);
    expect(problem).toMatchObject({ K: 3, d: 4, lambdaW2: 5e-3, lambdaW1: 5e-3, lambdaH1: 5e-3 });
    expect(Array.from(problem.counts)).toEqual([2, 2, 2]);
    expect(options).toEqual({ tol: 1e-10 });
  });

  it('should read each λ flag into its own field and --tol into the options', () => {
    const { problem, options } = extendedModel.fromFlags({
      ...SMALL,
      'lambda-w2': '1e-2',
      'lambda-w1': '2e-2',
      'lambda-h1': '3e-2',
      tol: '1e-6',
    });
    expect(problem).toMatchObject({ lambdaW2: 1e-2, lambdaW1: 2e-2, lambdaH1: 3e-2 });
    expect(options).toEqual({ tol: 1e-6 });
  });

  it('should read --counts into the class counts', () => {
    const { problem } = reluModel.fromFlags({ K: '3', d: '4', counts: '2,3,4' });
    expect(Array.from(problem.counts)).toEqual([2, 3, 4]);
  });

  it.each(['tol', 'lambda-w2', 'lambda-w1', 'lambda-h1'])('should reject --%s 0 naming the flag', (flag) => {
    const e = usageError(() => extendedModel.fromFlags({ ...SMALL, [flag]: '0' }));
    expect(e.field).toBe(`--${flag}`);
    expect(e.message).toBe(`--${flag}: must be > 0; got '0'`);
  });
});

describe('extended and relu model descriptions', () => {
  it('should list the three λ flags and their default in the help text', () => {
    const help = extendedModel.help ?? '';
    for (const f of ['extended', 'relu', '--lambda-w2', '--lambda-w1', '--lambda-h1', 'default 5e-3']) {
      expect(help).toContain(f);
    }
    expect(reluModel.help).toBeUndefined();
  });

  it('should run the extended.* and relu.* claims and cite eqs. (23) and (24)', () => {
    expect(extendedModel.claimPrefixes).toEqual(['extended.']);
    expect(reluModel.claimPrefixes).toEqual(['relu.']);
    expect(reluModel.id).toBe('relu');
    expect(extendedModel.summary).toContain('eq. (23)');
    expect(reluModel.summary).toContain('eq. (24)');
  });
});
