import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesUnder, runCli } from '../cli/harness.ts';

const FAKES = join(import.meta.dirname, 'fakes.ts');

let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-hunt-narrow-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

interface NarrowJson {
  readonly hits: {
    instance: { problem: { K: number; d: number } };
    mechanism: { signature: string; description: string };
    point: unknown;
    metrics: unknown;
    fixture: string;
  }[];
  readonly findings: {
    rawHits: number;
    distinctWitnesses: number;
    groups: {
      signature: string;
      hits: number;
      smallest: {
        count: number;
        instance: { problem: { K: number; d: number } };
        description: string;
        fixture: string;
      };
    }[];
  };
  readonly space: Record<string, unknown>;
  readonly rerun: string;
}

function hunt(args: readonly string[]): ReturnType<typeof runCli> {
  return runCli(['hunt', ...args], [], cwd);
}

describe('ufmcheck hunt --K/--d/--n/--bias', () => {
  it('should reject a malformed or empty range with one line naming the flag, exit 64, and write nothing', async () => {
    // Arrange
    const cases: [string[], string][] = [
      [['--K', '9..3'], '--K'],
      [['--d', 'two'], '--d'],
      [['--n', '0'], '--n'],
      [['--bias', 'maybe'], '--bias'],
      [['--n', '1'], '--n'], // the fake draws no n: its narrow hook refuses, naming the flag
      [['--K', '13..14'], '--K'], // outside the conjecture's own limits 2..12
    ];
    for (const [flags, name] of cases) {
      // Act
      const r = await hunt(['fake.mechanism.two', '--conjecture', FAKES, '--budget', '5', '--seed', '1', ...flags]);
      // Assert
      expect(r.code, flags.join(' ')).toBe(64);
      expect(r.stderr.trim().split('\n'), flags.join(' ')).toHaveLength(1);
      expect(r.stderr, flags.join(' ')).toContain(`${name}:`);
    }
    expect(filesUnder(cwd)).toEqual([]);
  });

  it('should refuse narrowing a conjecture without a narrow hook (exit 64 naming the flag)', async () => {
    const r = await hunt(['fake.sum.below-22', '--conjecture', FAKES, '--budget', '5', '--seed', '1', '--d', '2..3']);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/--d: conjecture 'fake\.sum\.below-22' does not support narrowing/);
    expect(filesUnder(cwd)).toEqual([]);
  });

  it('should hunt only inside the narrowed space, say so in the re-run command and the fixtures, and group the findings', async () => {
    // Act
    const r = await hunt([
      'fake.mechanism.two',
      '--conjecture',
      FAKES,
      '--budget',
      '150',
      '--seed',
      '2',
      '--K',
      '10..12',
      '--d',
      '3..4',
      '--json',
    ]);
    // Assert
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as NarrowJson;
    expect(j.hits.length).toBeGreaterThan(0);
    for (const h of j.hits) {
      expect(h.instance.problem.K).toBeGreaterThanOrEqual(10);
      expect(h.instance.problem.d).toBeGreaterThanOrEqual(3);
      expect(h.instance.problem.d).toBeLessThanOrEqual(4);
      expect(h.mechanism.signature).toBe('wide');
      expect(h.point).toEqual({ W: [[h.instance.problem.K, h.instance.problem.d]] });
    }
    expect(j.space).toEqual({ K: { lo: 10, hi: 12 }, d: { lo: 3, hi: 4 } });
    expect(j.rerun).toContain('--K 10..12 --d 3..4');
    // Every hit shrinks to K + d = 14 inside the space: (10, 4) or (11, 3) — two distinct problems, one mechanism.
    expect(j.findings.groups.map((g) => g.signature)).toEqual(['wide']);
    expect(j.findings.rawHits).toBe(j.hits.length);
    expect(j.findings.distinctWitnesses).toBeLessThanOrEqual(2);
    expect(j.findings.groups[0]?.smallest.instance.problem).toEqual({ K: 10, d: 4, lambdaW: 0.01 });
    const stored = JSON.parse(readFileSync(join(cwd, j.hits[0]?.fixture ?? ''), 'utf8')) as {
      createdBy: string;
      schema: string;
    };
    expect(stored.schema).toBe('ufmcheck/hunt-fixture@2');
    expect(stored.createdBy).toContain('--K 10..12 --d 3..4');
  });

  it('should narrow the worker threads the same way (the same hits with --workers 2)', async () => {
    // Act
    const args = [
      'fake.mechanism.two',
      '--conjecture',
      FAKES,
      '--budget',
      '120',
      '--seed',
      '4',
      '--d',
      '1..2',
      '--json',
    ];
    const one = JSON.parse((await hunt([...args, '--out', 'a'])).stdout) as NarrowJson;
    const two = JSON.parse((await hunt([...args, '--out', 'b', '--workers', '2'])).stdout) as NarrowJson;
    // Assert
    const view = (j: NarrowJson): unknown => j.hits.map((h) => [h.instance, h.mechanism.signature]);
    expect(view(two)).toEqual(view(one));
    expect(one.hits.every((h) => h.instance.problem.d <= 2 && h.mechanism.signature === 'thin')).toBe(true);
  });

  it('should print the findings block with the smallest witness of each mechanism in text', async () => {
    // Act
    const r = await hunt(['fake.mechanism.two', '--conjecture', FAKES, '--budget', '200', '--seed', '3']);
    // Assert
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/findings: 2 mechanisms, \d+ distinct problems? from \d+ hits/);
    expect(r.stdout).toMatch(/\[1\] (thin|wide)\n/);
    expect(r.stdout).toContain('    smallest: K=');
    expect(r.stdout).toMatch(/\[2\] (thin|wide)\n/);
    expect(r.stdout).toContain('  mechanism: ');
  });

  it('should list, per conjecture, what the symmetric configuration is in each d it draws and what is excluded', async () => {
    // Act
    const r = await runCli(['hunt', '--list'], [], cwd);
    // Assert
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'the symmetric configuration (what each conjecture compares with, per d drawn; excluded and flagged cases):',
    );
    expect(r.stdout).toMatch(
      /ce\.d-below-k-minus-1\.symmetric-is-global:\n {4}best cyclic self-dual configuration, b = 0: d = 2 the regular K-gon; d = 3 \(K even\) the zigzag\/antiprism;/,
    );
    expect(r.stdout).toContain('d = 1 excluded by default');
  });
});
