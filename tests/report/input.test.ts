import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/index.ts';
import { reportData } from '../../src/report/index.ts';

function claim(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    cite: 'c',
    statement: 's',
    kind: 'claim',
    outcome: 'pass',
    runs: 3,
    passed: 3,
    failed: 0,
    inconclusive: 0,
    worstMargin: 0.5,
    seconds: 0.1,
    ...extra,
  };
}

function hunt(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'h',
    cite: 'c',
    statement: 's',
    seed: 4,
    tried: 5,
    noHit: 4,
    inconclusive: 0,
    errors: 0,
    seconds: 1,
    hits: [{ index: 3, instance: {}, why: 'w' }],
    exitCode: 1,
    ...extra,
  };
}

describe('reportData', () => {
  it('should merge the shards of one hunt into one row with every hit in index order', () => {
    // Arrange
    const a = hunt({ hits: [{ index: 7, instance: {}, why: 'a' }] });
    const b = hunt({ hits: [{ index: 2, instance: {}, why: 'b' }] });
    // Act
    const d = reportData([
      { source: 'a.json', value: a },
      { source: 'b.json', value: b },
    ]);
    // Assert
    expect(d.hunts).toHaveLength(1);
    expect(d.hunts[0]).toMatchObject({ tried: 10, noHit: 8, shards: 2 });
    expect(d.hunts[0]?.hits.map((h) => h.index)).toEqual([2, 7]);
    expect(d.exitCode).toBe(1);
  });

  it('should merge a claim seen in two verify files, keeping the worse outcome and summing runs', () => {
    // Arrange
    const a = { claims: [claim('x')], seed: 1, seconds: 1, exitCode: 0 };
    const b = {
      claims: [claim('x', { outcome: 'fail', failed: 1, passed: 2, worstMargin: 3 })],
      seed: 2,
      seconds: 1,
      exitCode: 1,
    };
    // Act
    const d = reportData([
      { source: 'a', value: a },
      { source: 'b', value: b },
    ]);
    // Assert
    expect(d.claims).toHaveLength(1);
    expect(d.claims[0]).toMatchObject({ outcome: 'fail', runs: 6, failed: 1, worstMargin: 3 });
    expect(d.seeds).toEqual([1, 2]);
  });

  it('should read margins written as numbers, null (named in nonFinite or not) or the string "Infinity"', () => {
    // Arrange
    const v = {
      claims: [
        claim('a', { worstMargin: 'Infinity' }),
        claim('b', { worstMargin: null }),
        claim('c', { worstMargin: 2 }),
        claim('d', { worstMargin: null, nonFinite: { worstMargin: 'Infinity' } }),
      ],
      seed: 1,
      seconds: 1,
      exitCode: 0,
    };
    // Act
    const d = reportData([{ source: 'v', value: v }]);
    // Assert
    expect(d.claims.map((c) => c.worstMargin)).toEqual([Infinity, NaN, 2, Infinity]);
  });

  it('should keep per-class coverage when the result carries it', () => {
    // Arrange
    const coverage = [
      { class: 'below', runs: 4, passed: 4, failed: 0, inconclusive: 0 },
      { class: 'above', runs: 3, passed: 2, failed: 0, inconclusive: 1 },
    ];
    // Act
    const d = reportData([
      { source: 'v', value: { claims: [claim('a', { coverage })], seed: 1, seconds: 1, exitCode: 0 } },
    ]);
    // Assert
    expect(d.claims[0]?.coverage).toEqual(coverage);
  });

  it('should name the file and the field of a malformed result', () => {
    // Arrange
    const bad = { claims: [claim('a', { runs: -1 })], seed: 1, seconds: 1 };
    // Act
    const act = (): unknown => reportData([{ source: 'r.json', value: bad }]);
    // Assert
    expect(act).toThrow(UsageError);
    expect(act).toThrow(/r\.json\.claims\[0\]\.runs/);
  });

  it('should reject a JSON object that is neither a verify nor a hunt result', () => {
    // Arrange / Act
    const act = (): unknown => reportData([{ source: 'x.json', value: { hello: 1 } }]);
    // Assert
    expect(act).toThrow(/x\.json.*neither/);
  });
});
