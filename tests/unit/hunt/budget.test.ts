import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/claim/index.ts';
import { formatBudget, parseBudget, parseShard } from '../../../src/hunt/index.ts';

function usage(f: () => unknown): UsageError {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('expected a UsageError');
}

describe('parseBudget', () => {
  it('should read runs and times', () => {
    // Arrange / Act / Assert
    expect(parseBudget('500', '--budget')).toEqual({ kind: 'runs', runs: 500 });
    expect(parseBudget('45s', '--budget')).toEqual({ kind: 'time', ms: 45_000 });
    expect(parseBudget('10m', '--budget')).toEqual({ kind: 'time', ms: 600_000 });
    expect(parseBudget('1.5h', '--budget')).toEqual({ kind: 'time', ms: 5_400_000 });
    expect(parseBudget('0.25s', '--budget')).toEqual({ kind: 'time', ms: 250 });
  });

  it('should reject anything else with a usage error naming --budget', () => {
    for (const bad of ['', '0', '-3', '1.5', '10x', '45 s', 's', '0s', '8d', '200h', '1e3', 'Infinity', '500runs']) {
      // Act
      const e = usage(() => parseBudget(bad, '--budget'));
      // Assert
      expect(e.field).toBe('--budget');
      expect(e.message).toContain(`'${bad}'`);
    }
  });

  it('should print a budget back as typed', () => {
    expect(['500', '45s', '10m', '2h', '0.25s'].map((s) => formatBudget(parseBudget(s, '--budget')))).toEqual([
      '500',
      '45s',
      '10m',
      '2h',
      '0.25s',
    ]);
  });
});

describe('parseShard', () => {
  it('should read 0-based i/n', () => {
    expect(parseShard('0/1', '--shard')).toEqual({ index: 0, count: 1 });
    expect(parseShard('3/4', '--shard')).toEqual({ index: 3, count: 4 });
  });

  it('should reject i >= n, n = 0 and malformed values naming --shard', () => {
    for (const bad of ['1/1', '4/4', '0/0', '1', '1/', '/2', '-1/2', 'a/b', '1/2/3']) {
      const e = usage(() => parseShard(bad, '--shard'));
      expect(e.field).toBe('--shard');
    }
  });
});
