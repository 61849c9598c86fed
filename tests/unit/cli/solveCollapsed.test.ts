/**
 * `ufmcheck solve` at paper size (issue 12 item 4): solved as the equivalent n = 1 problem, --json prints summaries
 * and metrics (no K×K Gram, no matrices), --save writes the collapsed point form (W, Hbar, b), which metrics reads
 * back; f agrees with the closed form f* of THEORY.md §1.1 (Zhu et al. 2021, Thm 3.1) within 1e-9 relative.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './harness.ts';
import { predictCeGlobalMin } from '../../../src/theory/index.ts';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-solvec-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

// d·N = 512·2048 = 2^20: the smallest size that takes the collapsed route.
const BIG = [
  '--loss',
  'ce',
  '--K',
  '2',
  '--d',
  '512',
  '--n',
  '1024',
  '--lambda-w',
  '1e-3',
  '--lambda-h',
  '1e-3',
  '--lambda-b',
  '0',
  '--seed',
  '2',
];

describe('ufmcheck solve at paper size', () => {
  it('should solve through the collapse, print summaries not matrices, and save a collapsed point that metrics reads', async () => {
    // Act
    const r = await runCli(['solve', ...BIG, '--json', '--save', 'p.json'], [], cwd);
    const m = await runCli(['metrics', '--point', 'p.json', '--json'], [], cwd);
    // Assert
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(o['status']).toBe('converged');
    expect(o['gradNorm'] as number).toBeLessThanOrEqual(1e-10);
    expect(o).not.toHaveProperty('gramW');
    expect(typeof o['collapsed']).toBe('string');
    expect((o['metrics'] as Record<string, number>)['nc1']).toBe(0);
    const saved = JSON.parse(readFileSync(join(cwd, 'p.json'), 'utf8')) as Record<string, unknown>;
    expect(saved).not.toHaveProperty('H');
    expect((saved['Hbar'] as number[][]).length).toBe(512);
    expect((saved['Hbar'] as number[][])[0]?.length).toBe(2);
    const fStar = predictCeGlobalMin({
      K: 2,
      n: 1024,
      lambdaW: 1e-3,
      lambdaH: 1e-3,
      lambdaB: 0,
      bias: true,
      d: 512,
    }).fStar;
    expect(Math.abs(fStar - (o['value'] as number))).toBeLessThanOrEqual(1e-9 * fStar);
    expect(m.code).toBe(0);
    const mo = JSON.parse(m.stdout) as Record<string, unknown>;
    expect(JSON.stringify(mo)).toContain('nc2W');
  });

  it('should refuse a collapsed point too large to expand, naming Hbar', async () => {
    // Arrange: d·N = 2^28 features from a file of a few numbers.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      join(cwd, 'big.json'),
      JSON.stringify({
        problem: { loss: 'ce', K: 2, d: 1, n: 2 ** 27, lambdaW: 1e-3, lambdaH: 1e-3, lambdaB: 0, bias: false },
        W: [[1], [1]],
        Hbar: [[1, 1]],
        b: [],
      }),
    );
    // Act
    const r = await runCli(['metrics', '--point', 'big.json'], [], cwd);
    // Assert
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('Hbar');
  });
});
