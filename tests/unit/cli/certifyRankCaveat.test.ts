/**
 * `ufmcheck certify --global` below the relaxation's rank (issue 9: "reports a 69 % gap for d < K−1 without saying
 * that the relaxation ignores rank ≤ d"). The convex relaxation of THEORY.md §0.3 has no rank constraint, so at
 * d < K−1 (CE) the true global minimizer keeps a positive gap; the output must say so (relaxationIgnoresRank and a
 * note), and must not say it where d reaches the rank (there the gap is a certificate both ways).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './harness.ts';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-rank-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const CE = (d: number): string[] => [
  '--loss',
  'ce',
  '--K',
  '4',
  '--d',
  String(d),
  '--n',
  '2',
  '--lambda-w',
  '1e-2',
  '--lambda-h',
  '1e-2',
  '--lambda-b',
  '1e-2',
  '--seed',
  '3',
];

interface GlobalJson {
  gap: number;
  relaxationIgnoresRank: boolean;
  relaxationRank: number | null;
  note: string;
}

describe('ufmcheck certify --global and the relaxation rank', () => {
  it('should flag relaxationIgnoresRank with a note at d = 1 < K−1, where the minimizer still shows a large gap', async () => {
    // Arrange
    expect((await runCli(['solve', ...CE(1), '--save', 'p.json', '--json'], [], cwd)).code).toBe(0);
    // Act
    const j = await runCli(['certify', '--point', 'p.json', '--global', '--json'], [], cwd);
    const t = await runCli(['certify', '--point', 'p.json', '--global'], [], cwd);
    // Assert
    const g = (JSON.parse(j.stdout) as { global: GlobalJson }).global;
    expect(g.relaxationIgnoresRank).toBe(true);
    expect(g.relaxationRank).toBe(3);
    expect(g.gap).toBeGreaterThan(1e-3);
    expect(g.note).toMatch(/ignores rank Z ≤ d .*not a certificate of non-optimality/);
    expect(t.stdout).toMatch(/note: the convex relaxation ignores rank Z ≤ d \(d = 1 < rank 3/);
  });

  it('should not flag it at d = K−1, where the gap of the minimizer is at rounding level', async () => {
    // Arrange
    expect((await runCli(['solve', ...CE(3), '--save', 'p.json', '--json'], [], cwd)).code).toBe(0);
    // Act
    const j = await runCli(['certify', '--point', 'p.json', '--global', '--json'], [], cwd);
    const t = await runCli(['certify', '--point', 'p.json', '--global'], [], cwd);
    // Assert
    const g = (JSON.parse(j.stdout) as { global: GlobalJson }).global;
    expect(g.relaxationIgnoresRank).toBe(false);
    expect(g.note).toBe('');
    expect(g.gap).toBeLessThan(1e-8);
    expect(t.stdout).not.toMatch(/note:/);
  });
});
