import { describe, expect, it } from 'vitest';
import { type Conjecture } from '../../../src/claim/index.ts';
import {
  huntPositions,
  instanceSeed,
  runHunt,
  shardIndex,
  shardIndices,
  tryInstance,
  type HuntBudget,
  type HuntTry,
  type Shard,
} from '../../../src/hunt/index.ts';
import {
  buggyConjecture,
  HIT_SUM,
  INCONCLUSIVE_BELOW,
  neverConjecture,
  sumConjecture,
  type FakeInstance,
} from './fakes.ts';

/** Wraps a conjecture so every probe call logs its instance (drawn instances and shrink candidates alike). */
function logged(c: Conjecture<FakeInstance>): { conjecture: Conjecture<FakeInstance>; calls: FakeInstance[] } {
  const calls: FakeInstance[] = [];
  return { calls, conjecture: { ...c, probe: (i) => (calls.push(i), c.probe(i)) } };
}

/**
 * The instance keys a hunt tries: `index:instance-json` of each drawn instance. Uses a conjecture that never hits,
 * so there is no shrinking and each probe call is the drawn instance of the index reported next by onTry.
 */
function keysOf(seed: number, budget: HuntBudget, shard?: Shard): string[] {
  const { conjecture, calls } = logged(neverConjecture);
  const keys: string[] = [];
  runHunt(conjecture, {
    seed,
    budget,
    ...(shard !== undefined ? { shard } : {}),
    onTry: (t) => {
      expect(calls).toHaveLength(1);
      keys.push(`${t.index}:${JSON.stringify(calls.pop())}`);
    },
  });
  return keys;
}

const runs = (n: number): HuntBudget => ({ kind: 'runs', runs: n });

describe('instanceSeed', () => {
  it('should be a fixed function of (seed, index) (pinned: changing it changes every published hunt)', () => {
    // Arrange / Act
    const pinned = [
      instanceSeed(0, 0),
      instanceSeed(1, 0),
      instanceSeed(0, 1),
      instanceSeed(42, 17),
      instanceSeed(0xffffffff, 2 ** 40 + 3),
    ];
    // Assert
    expect(pinned).toMatchInlineSnapshot(`
      [
        1143857884,
        1820465320,
        34959611,
        462898541,
        4049938272,
      ]
    `);
    for (const s of pinned) expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true);
  });

  it('should give distinct fast-check seeds to the first 2000 indices of a hunt and separate hunts by seed', () => {
    // Arrange / Act
    const a = new Set(Array.from({ length: 2000 }, (_, i) => instanceSeed(7, i)));
    const b = Array.from({ length: 2000 }, (_, i) => instanceSeed(8, i)).filter((s) => a.has(s));
    // Assert: 2000 of 2^32 values collide with probability ≈ 2000²/2^33 ≈ 5e-4; the result is deterministic anyway
    expect(a.size).toBe(2000);
    expect(b.length).toBeLessThanOrEqual(1);
  });
});

describe('instance stream', () => {
  it('should draw instance i from (seed, i) alone, whatever was tried before and in whatever order', () => {
    // Arrange
    const one = logged(neverConjecture);
    const two = logged(neverConjecture);
    // Act
    for (const i of [5, 3, 9, 1000]) tryInstance(one.conjecture, 11, i);
    for (const i of [1000, 9, 5, 3]) tryInstance(two.conjecture, 11, i);
    // Assert
    const byIndex = (calls: FakeInstance[], order: number[]): Map<number, string> =>
      new Map(order.map((i, k) => [i, JSON.stringify(calls[k])]));
    expect(byIndex(two.calls, [1000, 9, 5, 3])).toEqual(byIndex(one.calls, [5, 3, 9, 1000]));
  });

  it('should repeat the same stream for the same seed and change it with the seed', () => {
    // Arrange / Act
    const a = keysOf(3, runs(50));
    const b = keysOf(3, runs(50));
    const c = keysOf(4, runs(50));
    // Assert
    expect(b).toEqual(a);
    expect(c.filter((k, i) => k === a[i]).length).toBeLessThan(5);
    expect(a.map((k) => Number(k.split(':')[0]))).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('shards and threads', () => {
  it('should let the shards of a run-budget hunt try exactly the instances of the unsharded hunt, none twice (TARGET)', () => {
    // Arrange
    const B = 301;
    const whole = keysOf(99, runs(B));
    for (const n of [2, 3, 7]) {
      // Act
      const parts = Array.from({ length: n }, (_, s) => keysOf(99, runs(B), { index: s, count: n }));
      const union = parts.flat();
      // Assert: same multiset of instance keys (index and instance), and no key twice
      expect(new Set(union).size).toBe(union.length);
      expect([...union].sort()).toEqual([...whole].sort());
      parts.forEach((p, s) => expect(p.every((k) => Number(k.split(':')[0]) % n === s)).toBe(true));
    }
  });

  it('should let threads sharing one position counter partition a shard, whoever takes which position', () => {
    // Arrange: three participants on one counter, each trying one instance per slice (a clock that jumps 10 ms per
    // reading ends every 5 ms slice after its first instance)
    const shard = { index: 2, count: 5 };
    let position = 0;
    const next = (): number => position++;
    const seen: number[][] = [[], [], []];
    const finished = [false, false, false];
    let t = 0;
    // Act: round-robin until all are finished (as threads would interleave)
    for (let round = 0; finished.includes(false) && round < 1000; round++) {
      const w = round % 3;
      if (finished[w]) continue;
      const r = huntPositions(neverConjecture, {
        seed: 1,
        shard,
        budget: runs(200),
        next,
        sliceMs: 5,
        atLeastOne: true,
        now: () => (t += 10),
        onTry: (x) => seen[w]?.push(x.index),
      });
      finished[w] = r.finished;
    }
    // Assert
    const all = seen.flat();
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort((a, b) => a - b)).toEqual(shardIndices(shard, 200));
    expect(seen.every((x) => x.length > 0)).toBe(true);
    expect(shardIndices(shard, 200)).toEqual(Array.from({ length: 40 }, (_, m) => shardIndex(shard, m)));
    expect(shardIndex({ index: 1, count: 3 }, 4)).toBe(13);
  });

  it('should keep time-budget shards disjoint (each takes its own residue class) and try at least one instance', () => {
    // Arrange: a fake clock that advances 10 ms per reading, so a 50 ms budget ends after a few instances
    const tried: number[][] = [[], []];
    for (const s of [0, 1]) {
      let t = 0;
      // Act
      huntPositions(neverConjecture, {
        seed: 5,
        shard: { index: s, count: 2 },
        budget: { kind: 'time', ms: 50 },
        now: () => (t += 10),
        onTry: (x) => tried[s]?.push(x.index),
      });
    }
    // Assert: each shard tried a prefix of its own indices
    expect(tried[0]).toEqual(shardIndices({ index: 0, count: 2 }, 2 * (tried[0]?.length ?? 0)));
    expect(tried[1]).toEqual(shardIndices({ index: 1, count: 2 }, 2 * (tried[1]?.length ?? 0)));
    expect(tried[0]?.length).toBeGreaterThanOrEqual(1);
    let t = 0;
    const once = huntPositions(neverConjecture, { seed: 5, budget: { kind: 'time', ms: 1 }, now: () => (t += 1000) });
    expect(once).toEqual({ tried: 1, finished: true });
    const none = huntPositions(neverConjecture, {
      seed: 5,
      budget: { kind: 'time', ms: 1 },
      now: () => (t += 1000),
      atLeastOne: false,
    });
    expect(none).toEqual({ tried: 0, finished: true });
  });
});

describe('runHunt', () => {
  it('should count every index once, and shrink each hit to a minimal counterexample with its evidence', () => {
    // Arrange
    const tries: HuntTry[] = [];
    // Act
    const r = runHunt(sumConjecture, { seed: 1, budget: runs(300), onTry: (t) => tries.push(t) });
    // Assert
    expect(r.tried).toBe(300);
    expect(r.hits.length + r.noHit + r.inconclusive + r.errors).toBe(300);
    expect(tries.map((t) => t.index)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(r.hits.length).toBeGreaterThan(0);
    expect(r.hits.length).toBe(tries.filter((t) => t.status === 'hit').length);
    for (const h of r.hits) {
      const i = h.instance as FakeInstance;
      const o = h.original as FakeInstance;
      // Shrinking keeps the hit (K + d ≥ 22) and reaches a local minimum: K + d = 22 exactly, λ_W at its shrink target 0.1.
      expect(i.problem.K + i.problem.d).toBe(HIT_SUM);
      expect(o.problem.K + o.problem.d).toBeGreaterThanOrEqual(HIT_SUM);
      expect(o.problem.lambdaW).toBeGreaterThanOrEqual(INCONCLUSIVE_BELOW);
      expect(h.finding).toEqual({
        status: 'hit',
        evidence: { sum: HIT_SUM, bound: HIT_SUM, ratio: Infinity },
        why: `K + d = ${HIT_SUM} ≥ ${HIT_SUM}`,
      });
      expect(h.fcSeed).toBe(instanceSeed(1, h.index));
      expect(h.path).toMatch(/^0(:\d+)*$/);
    }
    expect(r.hits.map((h) => h.index)).toEqual([...r.hits.map((h) => h.index)].sort((a, b) => a - b));
    const inconclusive = tries.filter((t) => (t.params['lambdaW'] as number) < INCONCLUSIVE_BELOW).length;
    expect(r.inconclusive).toBe(inconclusive);
  });

  it('should count a throwing or malformed probe as an error, never as a hit, with the message', () => {
    // Arrange / Act
    const r = runHunt(buggyConjecture, { seed: 2, budget: runs(60) });
    // Assert
    expect(r.hits).toEqual([]);
    expect(r.errors).toBeGreaterThan(0);
    expect(r.errors + r.noHit).toBe(60);
    const messages = r.errorSamples.map((e) => e.error).join('\n');
    expect(messages).toMatch(
      /probe threw: Error: odd K = \d+|probe returned an invalid finding: status must be one of hit, no-hit, inconclusive; got "yes"/,
    );
    expect(r.errorSamples.map((e) => e.index)).toEqual([...r.errorSamples.map((e) => e.index)].sort((a, b) => a - b));
  });
});
