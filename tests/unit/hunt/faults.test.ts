/**
 * `hunt` under faults (issue 12 item 1): a fixture that cannot be written stops the hunt with exit 73 after the
 * summary of what was found; SIGINT / SIGTERM stop it with a partial summary (text and --json) and exit 130 / 143,
 * in-process and in a real process with worker threads; --workers beyond the cores is clamped with a note.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { huntStoreKeyDir, readHuntStore } from '../../../src/hunt/index.ts';
import { runCli } from '../cli/harness.ts';
import { RAISE_EVERY } from './signalFakes.ts';

const FAKES = join(import.meta.dirname, 'fakes.ts');
const SIGNAL_FAKES = join(import.meta.dirname, 'signalFakes.ts');
const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'ufmcheck.js');
/** mkdir fails under /proc even for root: an output directory that can never be created. */
const UNWRITABLE = '/proc/ufmcheck-cannot-create/out';

let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-hunt-faults-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

interface HuntOut {
  readonly tried: number;
  readonly hits: { index: number; fixture: string | null; replay?: string }[];
  readonly exitCode: number;
  readonly interrupted?: string;
  readonly writeError?: string;
  readonly workers: number;
  readonly notes?: string[];
}

describe('hunt when a fixture cannot be written', () => {
  it('should stop, print the hits it found (not saved) in --json, name the path on stderr and exit 73', async () => {
    // Act: seed 1 hits at index 8 (K + d = 22) of fake.sum.below-22
    const r = await runCli(
      [
        'hunt',
        'fake.sum.below-22',
        '--conjecture',
        FAKES,
        '--seed',
        '1',
        '--budget',
        '200',
        '--json',
        '--out',
        UNWRITABLE,
      ],
      [],
      cwd,
    );
    // Assert
    expect(r.code).toBe(73);
    const out = JSON.parse(r.stdout) as HuntOut;
    expect(out.exitCode).toBe(73);
    expect(out.hits.length).toBeGreaterThan(0);
    expect(out.hits[0]).toMatchObject({ fixture: null });
    expect(out.hits[0]?.replay).toBeUndefined();
    expect(out.tried).toBeLessThan(200); // it stopped at the failure instead of hunting on
    expect(out.writeError).toMatch(/^cannot write \/proc\/ufmcheck-cannot-create/);
    expect(r.stderr).toMatch(/^ufmcheck: error: cannot write \/proc\/ufmcheck-cannot-create.*\n$/);
  });

  it('should stop the worker threads too when a fixture cannot be written (--workers 2, a budget of 10⁶ instances)', async () => {
    const r = await runCli(
      [
        'hunt',
        'fake.sum.below-22',
        '--conjecture',
        FAKES,
        '--seed',
        '1',
        '--budget',
        '1000000',
        '--workers',
        '2',
        '--json',
        '--out',
        UNWRITABLE,
      ],
      [],
      cwd,
    );
    expect(r.code).toBe(73);
    const out = JSON.parse(r.stdout) as HuntOut;
    expect(out.hits.length).toBeGreaterThan(0);
    expect(out.tried).toBeLessThan(100_000); // stopped, not run to the budget
  }, 60_000);

  it('should print the text summary with the unsaved hit before the error line', async () => {
    const r = await runCli(
      ['hunt', 'fake.sum.below-22', '--conjecture', FAKES, '--seed', '1', '--budget', '200', '--out', UNWRITABLE],
      [],
      cwd,
    );
    expect(r.code).toBe(73);
    expect(r.stdout).toMatch(/HIT at index \d+/);
    expect(r.stdout).toMatch(/fixture: {3}\(not saved: the output could not be written\)/);
    expect(r.stdout).toMatch(/exit 73: stopped after \d+ instances: cannot write/);
  });
});

describe('hunt under SIGINT / SIGTERM', () => {
  it('should stop within one instance of SIGINT, keep the hits found, print the partial JSON and exit 130', async () => {
    // Act: the probe raises SIGINT on one of its first RAISE_EVERY calls
    const r = await runCli(
      [
        'hunt',
        'fake.raise.sigint',
        '--conjecture',
        SIGNAL_FAKES,
        '--seed',
        '1',
        '--budget',
        '100000',
        '--json',
        '--out',
        join(cwd, 'hits'),
      ],
      [],
      cwd,
    );
    // Assert
    expect(r.code).toBe(130);
    const out = JSON.parse(r.stdout) as HuntOut;
    expect(out).toMatchObject({ exitCode: 130, interrupted: 'SIGINT' });
    expect(out.tried).toBeGreaterThan(0);
    expect(out.tried).toBeLessThanOrEqual(RAISE_EVERY);
    expect(r.stderr).toMatch(/interrupted by SIGINT after \d+ instances; partial results follow/);
  });

  it('should exit 143 on SIGTERM with the text summary of what was tried', async () => {
    const r = await runCli(
      [
        'hunt',
        'fake.raise.sigterm',
        '--conjecture',
        SIGNAL_FAKES,
        '--seed',
        '1',
        '--budget',
        '100000',
        '--out',
        join(cwd, 'hits'),
      ],
      [],
      cwd,
    );
    expect(r.code).toBe(143);
    expect(r.stdout).toMatch(/exit 143: interrupted by SIGTERM after \d+ instances/);
  });

  it('should stop a real hunt process with worker threads on SIGTERM: one JSON object, store flushed, exit 143, promptly', async () => {
    // Arrange: a CPU-bound hunt far longer than the test, on 2 threads, recording to a store
    const store = join(cwd, 'store');
    const child = spawn(
      process.execPath,
      [
        BIN,
        'hunt',
        'fake.busy.cpu',
        '--conjecture',
        FAKES,
        '--seed',
        '3',
        '--budget',
        '1000000',
        '--workers',
        '2',
        '--json',
        '--out',
        join(cwd, 'hits'),
        '--store',
        store,
      ],
      { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    const closed = new Promise<number | null>((res) => child.on('close', (c) => res(c)));
    // Act: signal once the hunt is under way (its first store record is flushed 2 s in), polling every 200 ms
    const triedDir = join(huntStoreKeyDir(store, { id: 'fake.busy.cpu', seed: 3, space: {} }), 'tried');
    for (let waited = 0; waited < 40_000 && !existsSync(triedDir); waited += 200)
      await new Promise((r) => setTimeout(r, 200));
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const code = await closed;
    // Assert: the worker threads end with the process (a thread cannot outlive it); the exit comes within the stop
    // grace (2 s) plus one instance (~20 ms) and the flush, not after the budget
    expect(code).toBe(143);
    expect(Date.now() - signalledAt).toBeLessThan(8000);
    const out = JSON.parse(stdout) as HuntOut;
    expect(out).toMatchObject({ interrupted: 'SIGTERM', exitCode: 143 });
    expect(out.tried).toBeGreaterThan(0);
    // Every instance the summary counts is in the store: the last partial batch was flushed on the way out.
    expect(readHuntStore(store, { id: 'fake.busy.cpu', seed: 3, space: {} }).triedCount).toBe(out.tried);
  }, 90_000);
});

describe('hunt --workers beyond the cores', () => {
  it('should clamp to os.availableParallelism() and say so on stderr and in --json', async () => {
    const cores = availableParallelism();
    const r = await runCli(
      [
        'hunt',
        'fake.never.hits',
        '--conjecture',
        FAKES,
        '--seed',
        '1',
        '--budget',
        '4',
        '--workers',
        String(cores + 62),
        '--json',
        '--out',
        join(cwd, 'hits'),
      ],
      [],
      cwd,
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as HuntOut;
    expect(out.workers).toBe(cores);
    expect(out.notes?.[0]).toMatch(new RegExp(`--workers ${cores + 62} clamped to ${cores}`));
    expect(r.stderr).toMatch(/^ufmcheck: note: --workers \d+ clamped to/);
  }, 60_000);
});
