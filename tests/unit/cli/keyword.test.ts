/** The -k keyword expressions of `verify` (issue 10 item 7), like pytest -k. */
import { describe, expect, it } from 'vitest';
import { compileKeyword } from '../../../src/cli/keyword.ts';
import { UsageError } from '../../../src/claim/index.ts';

const ids = [
  'ce.global-min.simplex-etf',
  'ce.landscape.no-spurious-minima',
  'mse.landscape.no-spurious-minima',
  'saddle.origin.curvature',
];
const pick = (expr: string): string[] => ids.filter(compileKeyword(expr));

describe('compileKeyword', () => {
  it('should match case-insensitive substrings combined with and, or, not and parentheses', () => {
    expect(pick('ce and not landscape')).toEqual(['ce.global-min.simplex-etf']);
    expect(pick('LANDSCAPE')).toEqual(['ce.landscape.no-spurious-minima', 'mse.landscape.no-spurious-minima']);
    expect(pick('origin or simplex')).toEqual(['ce.global-min.simplex-etf', 'saddle.origin.curvature']);
    expect(pick('not (ce or saddle)')).toEqual(['mse.landscape.no-spurious-minima']);
    expect(pick('not not origin')).toEqual(['saddle.origin.curvature']);
  });

  it('should bind and tighter than or', () => {
    expect(pick('saddle or ce and landscape')).toEqual(['ce.landscape.no-spurious-minima', 'saddle.origin.curvature']);
  });

  it('should treat * and ? as a glob over the whole id', () => {
    expect(pick('*.landscape.*')).toEqual(['ce.landscape.no-spurious-minima', 'mse.landscape.no-spurious-minima']);
    expect(pick('?se.*')).toEqual(['mse.landscape.no-spurious-minima']);
    expect(pick('ce.*')).toEqual(['ce.global-min.simplex-etf', 'ce.landscape.no-spurious-minima']);
  });

  it('should reject empty and malformed expressions with a usage error naming -k', () => {
    for (const bad of ['', '  ', 'and', 'ce and', '(ce', 'ce)', 'not', 'ce ce']) {
      expect(() => compileKeyword(bad), bad).toThrow(UsageError);
      expect(() => compileKeyword(bad), bad).toThrow(/^-k: /);
    }
  });
});
