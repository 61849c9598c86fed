/**
 * The hunt store (issue 13 item 2): no lost or duplicated record under 2 writer processes × 2 threads; a re-run
 * skips what was tried and reports the stored hits; --resume continues the stored hunt; corrupt and partial records
 * are skipped with a warning. Also the index sets the records are made of, and the shard taken from the environment.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  compressIndices,
  huntStoreKeyDir,
  indexSet,
  rangeIndices,
  readHuntStore,
  type IndexRange,
} from '../../../src/hunt/index.ts';
import { resolveShard } from '../../../src/cli/huntShardEnv.ts';
import { runCli } from '../cli/harness.ts';

const FAKES = join(import.meta.dirname, 'fakes.ts');
const WRITERS = join(import.meta.dirname, 'storeWriters.mjs');

let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-hunt-store-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

interface HuntOut {
  readonly tried: number;
  readonly hits: { index: number }[];
  readonly seed: number;
  readonly exitCode: number;
  readonly store: {
    skipped: number;
    recordsRead: number;
    recordsWritten: number;
    previousHits: { index: number }[];
    warnings: string[];
    resumed: boolean;
  };
}

function hunt(args: readonly string[]): ReturnType<typeof runCli> {
  return runCli(
    [
      'hunt',
      'fake.sum.below-22',
      '--conjecture',
      FAKES,
      '--json',
      '--out',
      join(cwd, 'hits'),
      '--store',
      join(cwd, 'store'),
      ...args,
    ],
    [],
    cwd,
  );
}

describe('hunt store under concurrent writers', () => {
  it('should keep every record exactly once when 2 processes × 2 threads append at the same time', async () => {
    // Arrange / Act: 2 processes started together, each with 2 threads appending 100 records of 3 indices
    const store = join(cwd, 'store');
    const codes = await Promise.all(
      [0, 1].map(
        (w) =>
          new Promise<number | null>((res) => {
            spawn(process.execPath, [WRITERS, store, String(w)], { stdio: 'inherit' }).on('close', res);
          }),
      ),
    );
    // Assert: 400 records, whose 1200 indices are 0 … 1199 each once (none lost, none duplicated)
    expect(codes).toEqual([0, 0]);
    const key = { id: 'fake.sum.below-22', seed: 7, space: {} };
    const contents = readHuntStore(store, key);
    expect(contents.warnings).toEqual([]);
    expect(contents.records).toBe(400);
    const all: number[] = [];
    const dir = join(huntStoreKeyDir(store, key), 'tried');
    for (const f of readdirSync(dir)) {
      const rec = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { body: { ranges: IndexRange[] } };
      for (const r of rec.body.ranges) all.push(...rangeIndices(r));
    }
    expect(all.length).toBe(1200);
    expect([...new Set(all)].sort((a, b) => a - b)).toEqual(Array.from({ length: 1200 }, (_, i) => i));
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});

describe('hunt --store', () => {
  it('should skip what an earlier run tried, report its hits, and continue to a larger budget', async () => {
    // Arrange: a first run of 120 instances (seed 1 hits at index 8)
    const first = JSON.parse((await hunt(['--seed', '1', '--budget', '120'])).stdout) as HuntOut;
    // Act: the same hunt again, then to 200
    const again = await hunt(['--seed', '1', '--budget', '120']);
    const more = JSON.parse((await hunt(['--seed', '1', '--budget', '200'])).stdout) as HuntOut;
    // Assert
    expect(first.tried).toBe(120);
    expect(first.hits.length).toBeGreaterThan(0);
    const second = JSON.parse(again.stdout) as HuntOut;
    expect(second.tried).toBe(0);
    expect(second.store).toMatchObject({ skipped: 120, recordsWritten: 0 });
    expect(second.store.previousHits.map((h) => h.index)).toEqual(first.hits.map((h) => h.index));
    expect(again.code).toBe(1); // the stored hits still refute the conjecture
    expect(more.tried).toBe(80);
    expect(more.store.skipped).toBe(120);
    expect(more.hits.every((h) => h.index >= 120)).toBe(true);
  });

  it('should continue the stored hunt with --resume (its seed), and refuse --resume without --store', async () => {
    await hunt(['--seed', '4242', '--budget', '30']);
    const resumed = await hunt(['--resume', '--budget', '50']);
    const out = JSON.parse(resumed.stdout) as HuntOut;
    expect(out.seed).toBe(4242);
    expect(out).toMatchObject({ tried: 20, store: { skipped: 30, resumed: true } });
    const bad = await runCli(['hunt', 'fake.sum.below-22', '--conjecture', FAKES, '--resume'], [], cwd);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/^ufmcheck: error: --resume: needs --store DIR/);
  });

  it('should skip a corrupt and a partial record with a warning and try their indices again', async () => {
    // Arrange: a run of 40, then one record corrupted, one stray temporary file of a killed writer
    await hunt(['--seed', '5', '--budget', '40']);
    const dir = join(huntStoreKeyDir(join(cwd, 'store'), { id: 'fake.sum.below-22', seed: 5, space: {} }), 'tried');
    const [rec] = readdirSync(dir);
    writeFileSync(
      join(dir, rec ?? ''),
      readFileSync(join(dir, rec ?? ''), 'utf8').replace('"ranges":[[0', '"ranges":[[1'),
    );
    writeFileSync(join(dir, 'x.json.123.1.tmp'), '{"schema":"ufmcheck/hunt-store@1","sha');
    // Act
    const r = await hunt(['--seed', '5', '--budget', '40']);
    // Assert
    expect(r.code).not.toBe(70);
    expect(r.stderr).toMatch(/warning: store record .*: skipped: checksum mismatch/);
    expect(r.stderr).toMatch(/warning: store record .*\.tmp: skipped: partial record/);
    const out = JSON.parse(r.stdout) as HuntOut;
    expect(out.tried).toBe(40); // the only record was corrupt: everything is tried again
    expect(out.store.warnings.length).toBe(2);
  });
});

describe('index sets', () => {
  it('should compress indices into progressions and test membership exactly', () => {
    expect(compressIndices([6, 0, 2, 4, 7, 2])).toEqual([
      [0, 7, 2],
      [7, 8, 1],
    ]);
    const s = indexSet([
      [0, 100, 3],
      [50, 60, 1],
      [1000, 1001, 1],
    ]);
    for (let i = 0; i < 1100; i++) expect(s.has(i)).toBe((i < 100 && i % 3 === 0) || (i >= 50 && i < 60) || i === 1000);
  });
});

describe('the shard from the environment', () => {
  it('should take --shard first, then the count with UFMCHECK_SHARD_INDEX or JOB_COMPLETION_INDEX', () => {
    expect(resolveShard('1/3', undefined, { JOB_COMPLETION_INDEX: '2', UFMCHECK_SHARD_COUNT: '4' }).shard).toEqual({
      index: 1,
      count: 3,
    });
    expect(resolveShard(undefined, '4', { JOB_COMPLETION_INDEX: '2' })).toEqual({
      shard: { index: 2, count: 4 },
      source: 'env',
    });
    expect(
      resolveShard(undefined, undefined, {
        UFMCHECK_SHARD_COUNT: '4',
        UFMCHECK_SHARD_INDEX: '3',
        JOB_COMPLETION_INDEX: '1',
      }).shard,
    ).toEqual({ index: 3, count: 4 });
    expect(resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: '2' })).toEqual({
      shard: { index: 0, count: 1 },
      source: 'none',
    });
  });

  it('should hunt the shard the environment names, and refuse a sharded hunt whose seed comes from the clock', async () => {
    // Arrange / Act
    const fromEnv = await runCli(
      ['hunt', 'fake.never.hits', '--conjecture', FAKES, '--budget', '10', '--json', '--out', join(cwd, 'h')],
      [],
      cwd,
      { env: { UFMCHECK_SEED: '9', UFMCHECK_SHARD_COUNT: '2', JOB_COMPLETION_INDEX: '1' } },
    );
    const clock = await runCli(
      ['hunt', 'fake.never.hits', '--conjecture', FAKES, '--budget', '10', '--shard', '0/2', '--out', join(cwd, 'h')],
      [],
      cwd,
    );
    // Assert
    expect(fromEnv.code).toBe(0);
    expect(JSON.parse(fromEnv.stdout)).toMatchObject({ seed: 9, tried: 5, shard: { index: 1, count: 2 } });
    expect(clock.code).toBe(64);
    expect(clock.stderr).toMatch(
      /^ufmcheck: error: --seed: a sharded hunt \(shard 0\/2\) needs the seed every shard shares/,
    );
    expect(clock.stdout).toBe('');
  });

  it('should reject an incomplete or out-of-range contract, naming the variable', () => {
    expect(() => resolveShard(undefined, '4', {})).toThrow(/--shard-count: gives 4 shards but no shard index/);
    expect(() => resolveShard(undefined, undefined, { UFMCHECK_SHARD_INDEX: '1' })).toThrow(
      /UFMCHECK_SHARD_INDEX: is set/,
    );
    expect(() => resolveShard(undefined, '4', { JOB_COMPLETION_INDEX: '4' })).toThrow(
      /JOB_COMPLETION_INDEX: is 4, but there are only 4 shards/,
    );
    expect(() => resolveShard(undefined, '2', { JOB_COMPLETION_INDEX: 'x' })).toThrow(
      /JOB_COMPLETION_INDEX: must be a shard index/,
    );
    expect(() => resolveShard('0/2', '2', {})).toThrow(/--shard-count: give either/);
  });
});
