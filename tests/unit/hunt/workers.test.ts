import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runHunt } from '../../../src/hunt/index.ts';
import { runHuntPool } from '../../../src/hunt/pool.ts';
import { HUNT_WORKER_ENTRY } from '../../../src/cli/huntSources.ts';
import { filesUnder, runCli } from '../cli/harness.ts';
import { sumConjecture } from './fakes.ts';

const FAKES = join(import.meta.dirname, 'fakes.ts');
const ROOT = resolve(import.meta.dirname, '../../..');

let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-hunt-workers-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** The JSON report without the fields that may differ between thread counts (and with --out's directory blanked). */
function comparable(stdout: string): Record<string, unknown> {
  const { seconds: _s, workers: _w, findings, ...rest } = JSON.parse(stdout) as Record<string, unknown>;
  return { ...rest, findings: JSON.parse(JSON.stringify(findings).replace(/"w[13]\//g, '"')) as unknown };
}

describe('hunt on worker threads', () => {
  it('should give the single-threaded result for a run budget: same tried, hits, counts, distribution and fixtures', async () => {
    // Arrange
    const args = ['hunt', 'fake.sum.below-22', '--conjecture', FAKES, '--budget', '240', '--seed', '9', '--json'];
    // Act
    const one = await runCli([...args, '--out', 'w1'], [], cwd);
    const three = await runCli([...args, '--out', 'w3', '--workers', '2'], [], cwd);
    // Assert
    expect(one.code).toBe(1);
    expect(three.code).toBe(1);
    expect(three.stderr).toBe('');
    expect(JSON.parse(three.stdout)).toMatchObject({ workers: 2, tried: 240 });
    const a = comparable(one.stdout);
    const b = comparable(three.stdout);
    const fixtures = (x: Record<string, unknown>): unknown =>
      (x['hits'] as { fixture: string }[]).map((h) => h.fixture.replace(/^w[13]\//, ''));
    expect(fixtures(b)).toEqual(fixtures(a));
    expect({ ...b, hits: null, rerun: null }).toEqual({ ...a, hits: null, rerun: null });
    expect((b['hits'] as object[]).map((h) => ({ ...h, fixture: null, replay: null }))).toEqual(
      (a['hits'] as object[]).map((h) => ({ ...h, fixture: null, replay: null })),
    );
    const names = filesUnder(join(cwd, 'w1'));
    expect(filesUnder(join(cwd, 'w3'))).toEqual(names);
    for (const n of names.filter((x) => x.endsWith('.json'))) {
      const strip = (s: string): string => s.replace(/w[13]\//g, '');
      expect(strip(readFileSync(join(cwd, 'w3', n), 'utf8'))).toBe(strip(readFileSync(join(cwd, 'w1', n), 'utf8')));
    }
  });

  it('should split a shard over workers exactly as the in-thread engine does', async () => {
    // Arrange
    const options = { seed: 4, shard: { index: 1, count: 3 }, budget: { kind: 'runs' as const, runs: 150 } };
    // Act
    const reference = runHunt(sumConjecture, options);
    const pooled = await runHuntPool({
      ...options,
      conjecture: sumConjecture,
      source: { kind: 'module', file: FAKES },
      workers: 2,
      workerEntry: HUNT_WORKER_ENTRY,
    });
    // Assert
    expect({ ...pooled, seconds: 0, workers: 1 }).toEqual({ ...reference, seconds: 0 });
    expect(pooled.tried).toBe(50);
  });

  it('should fail loudly when a worker thread cannot find its conjecture', async () => {
    // Arrange: the registry does not hold the fake, so the worker thread's lookup fails
    const options = { seed: 4, shard: { index: 0, count: 1 }, budget: { kind: 'runs' as const, runs: 400 } };
    // Act / Assert
    await expect(
      runHuntPool({
        ...options,
        conjecture: sumConjecture,
        source: { kind: 'registry' },
        workers: 2,
        workerEntry: HUNT_WORKER_ENTRY,
      }),
    ).rejects.toThrow(/hunt worker 1: Error: conjecture 'fake\.sum\.below-22' not found in the registry/);
  });

  it('should run a time budget on every worker until the time is up', async () => {
    // Arrange / Act
    const r = await runCli(
      ['hunt', 'fake.never.hits', '--conjecture', FAKES, '--budget', '0.3s', '--seed', '1', '--workers', '2', '--json'],
      [],
      cwd,
    );
    // Assert
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { tried: number; budget: string };
    expect(j.budget).toBe('0.3s');
    expect(j.tried).toBeGreaterThanOrEqual(2);
  });

  it('should work from bin/ufmcheck.js (a real process, tsx registered by the bin, workers by their boot file)', async () => {
    // Arrange
    const run = promisify(execFile);
    const bin = join(ROOT, 'bin/ufmcheck.js');
    // Act
    const r = await run(
      process.execPath,
      [
        bin,
        'hunt',
        'fake.sum.below-22',
        '--conjecture',
        FAKES,
        '--budget',
        '60',
        '--seed',
        '9',
        '--workers',
        '2',
        '--json',
        '--out',
        join(cwd, 'out'),
      ],
      { cwd },
    ).catch((e: { code: number; stdout: string; stderr: string }) => e);
    // Assert: exit 1 (hits) is an error for execFile; its stdout is the JSON report
    const ref = runHunt(sumConjecture, { seed: 9, budget: { kind: 'runs', runs: 60 } });
    const j = JSON.parse(r.stdout) as { tried: number; hits: { index: number }[]; workers: number };
    expect([j.tried, j.workers]).toEqual([60, 2]);
    expect(j.hits.map((h) => h.index)).toEqual(ref.hits.map((h) => h.index));
    expect('code' in r ? r.code : 0).toBe(ref.hits.length > 0 ? 1 : 0);
  });
});
