import { describe, expect, it } from 'vitest';
import { UsageError, type Finding } from '../../../src/claim/index.ts';
import {
  formatSpace,
  groupHits,
  narrowConjecture,
  parseBiasChoice,
  parseIntRange,
  runHunt,
  type GroupableHit,
  type HitAnalysis,
} from '../../../src/hunt/index.ts';
import fc from 'fast-check';
import { fakeSignature, MECHANISM_SUM, mechanismConjecture, sumConjecture, type FakeInstance } from './fakes.ts';

const finding: Finding = { status: 'hit', evidence: null, why: 'x' };

function hit(
  index: number,
  signature: string,
  instance: { problem: { K: number; d: number }; seed: number },
  flags: string[] = [],
): GroupableHit {
  const analysis: HitAnalysis = {
    signature,
    description: `K=${instance.problem.K} d=${instance.problem.d}`,
    point: null,
    metrics: null,
    flags,
  };
  return { index, instance, finding, analysis };
}

const inst = (K: number, d: number, seed = 0): { problem: { K: number; d: number }; seed: number } => ({
  problem: { K, d },
  seed,
});
const hooks = {
  problemKey: (i: unknown): string => JSON.stringify((i as { problem: unknown }).problem),
  witnessSize: (i: unknown): number[] => {
    const p = (i as { problem: { K: number; d: number } }).problem;
    return [p.K, p.d];
  },
};

describe('groupHits', () => {
  it('should group hits by signature, most hits first, and deduplicate problems that differ only in the solver seed', () => {
    // Arrange: 'A' has 3 raw hits on 2 problems (two of them the same problem under another seed), 'B' has 1
    const hits = [
      hit(7, 'A', inst(6, 2, 11)),
      hit(2, 'B', inst(4, 1)),
      hit(3, 'A', inst(6, 2, 99)),
      hit(9, 'A', inst(5, 2, 5), ['f1']),
    ];
    // Act
    const f = groupHits(hits, hooks);
    // Assert
    expect(f.rawHits).toBe(4);
    expect(f.distinctWitnesses).toBe(3);
    expect(f.groups.map((g) => [g.signature, g.hits, g.witnesses.length])).toEqual([
      ['A', 3, 2],
      ['B', 1, 1],
    ]);
    const a = f.groups[0];
    expect(a?.witnesses.map((w) => [w.key, w.count, w.indices])).toEqual([
      ['{"K":5,"d":2}', 1, [9]],
      ['{"K":6,"d":2}', 2, [3, 7]],
    ]);
    expect(a?.smallest.hit.index).toBe(9); // K = 5 is smaller than K = 6
    expect(a?.witnesses[1]?.hit.index).toBe(3); // the representative of a duplicate is its lowest index
    expect(a?.flags).toEqual(['f1']);
  });

  it('should not depend on the order of the hits', () => {
    // Arrange
    const hits = [
      hit(1, 'A', inst(6, 2)),
      hit(2, 'B', inst(4, 1)),
      hit(3, 'A', inst(5, 2)),
      hit(4, 'B', inst(4, 1, 3)),
    ];
    // Act / Assert
    expect(groupHits([...hits].reverse(), hooks)).toEqual(groupHits(hits, hooks));
  });

  it('should key by the whole instance when the conjecture gives no problemKey (another seed: another witness)', () => {
    // Arrange / Act
    const f = groupHits([hit(1, 'A', inst(6, 2, 1)), hit(2, 'A', inst(6, 2, 2)), hit(3, 'A', inst(6, 2, 1))]);
    // Assert
    expect(f.groups[0]?.witnesses.map((w) => w.count)).toEqual([2, 1]);
  });
});

describe('shrinking within a mechanism', () => {
  it('should shrink every hit to a witness of the mechanism it was drawn with, never across', () => {
    // Arrange: K + d ≥ 14 hits; the unconstrained shrinker's favourite (smallest d) is the 'thin' mechanism
    // Act
    const r = runHunt(mechanismConjecture, { seed: 3, budget: { kind: 'runs', runs: 300 } });
    // Assert
    const wide = r.hits.filter((h) => h.drawnSignature === 'wide');
    expect(wide.length).toBeGreaterThan(0);
    for (const h of r.hits) {
      expect(h.analysis.signature).toBe(h.drawnSignature);
      expect(h.analysis.signature).toBe(fakeSignature((h.instance as unknown as FakeInstance).problem.d));
      expect(
        (h.instance as unknown as FakeInstance).problem.K + (h.instance as unknown as FakeInstance).problem.d,
      ).toBeGreaterThanOrEqual(MECHANISM_SUM);
    }
    // Within 'wide' the shrinker still reaches the boundary d = 3 for the drawn K's (it did shrink, within the group).
    expect(wide.some((h) => (h.instance as unknown as FakeInstance).problem.d === 3)).toBe(true);
    expect(r.findings.groups.map((g) => g.signature).sort()).toEqual(['thin', 'wide']);
    expect(r.findings.rawHits).toBe(r.hits.length);
  });

  it('should classify every hit of a conjecture without hooks as one group, unclassified', () => {
    // Arrange / Act
    const r = runHunt(sumConjecture, { seed: 1, budget: { kind: 'runs', runs: 100 } });
    // Assert
    expect(r.hits.length).toBeGreaterThan(0);
    expect(r.findings.groups.map((g) => g.signature)).toEqual(['unclassified']);
    expect(r.hits.every((h) => h.analysis.point === null && h.analysis.description === h.finding.why)).toBe(true);
  });
});

describe('narrowing the search space', () => {
  it('should parse ranges and single values, and reject malformed or empty ones naming the flag', () => {
    expect(parseIntRange('4..8', '--K', 2, 64)).toEqual({ lo: 4, hi: 8 });
    expect(parseIntRange('3', '--d', 1, 64)).toEqual({ lo: 3, hi: 3 });
    for (const bad of ['8..4', 'x', '4-8', '', '1..', '0..3', '2..100']) {
      expect(() => parseIntRange(bad, '--K', 1, 64)).toThrow(UsageError);
      try {
        parseIntRange(bad, '--K', 1, 64);
      } catch (e) {
        expect((e as UsageError).field).toBe('--K');
      }
    }
    expect(parseBiasChoice('on')).toBe('on');
    expect(() => parseBiasChoice('yes')).toThrow(/must be on, off or both/);
    expect(formatSpace({ K: { lo: 4, hi: 8 }, d: { lo: 2, hi: 2 }, bias: 'off' })).toBe('--K 4..8 --d 2 --bias off');
  });

  it('should draw only from the narrowed space, keep the id, and refuse a conjecture that cannot narrow', () => {
    // Arrange / Act
    const c = narrowConjecture(mechanismConjecture, { K: { lo: 5, hi: 6 }, d: { lo: 3, hi: 4 } });
    const sample = fc.sample(c.arbitrary, { seed: 1, numRuns: 200 });
    // Assert
    expect(c.id).toBe(mechanismConjecture.id);
    expect(sample.every((i) => i.problem.K >= 5 && i.problem.K <= 6 && i.problem.d >= 3 && i.problem.d <= 4)).toBe(
      true,
    );
    expect(narrowConjecture(mechanismConjecture, {})).toBe(mechanismConjecture);
    expect(narrowConjecture(sumConjecture, { bias: 'both' })).toBe(sumConjecture);
    expect(() => narrowConjecture(sumConjecture, { d: { lo: 2, hi: 3 } })).toThrow(
      /^--d: conjecture 'fake\.sum\.below-22' does not support narrowing/,
    );
    expect(() => narrowConjecture(mechanismConjecture, { bias: 'on' })).toThrow(/^--bias: /);
  });
});
