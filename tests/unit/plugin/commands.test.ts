/**
 * `ufmcheck predict` and `compare-losses` (issue 11 items 2 and 5), and the plug-in round trip through a point file
 * (item 7): the §10 prediction in JSON equals the reduction, traits with witnesses, usage errors exit 64.
 */
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/harness.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-predict-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

describe('ufmcheck predict', () => {
  it('should print the §10 table value of label smoothing with its traits', async () => {
    // Act
    const r = await runCli(
      [
        'predict',
        '--loss',
        'ls(0.1)',
        '--K',
        '4',
        '--d',
        '4',
        '--n',
        '3',
        '--lambda-w',
        '5e-3',
        '--lambda-h',
        '1e-2',
        '--lambda-b',
        '1e-2',
        '--json',
      ],
      [],
      cwd,
    );
    // Assert: THEORY.md §10 prints f* = 0.472904212965 (12 decimals)
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout) as {
      traits: { letters: string };
      prediction: { fStar: number; kind: string; threshold: { kappa0: number } };
    };
    expect(o.traits.letters).toBe('CES');
    expect(o.prediction.kind).toBe('1-D (C)(E)(S)');
    expect(Math.abs(o.prediction.fStar - 0.472904212965)).toBeLessThanOrEqual(5e-13 + 1e-15);
    expect(o.prediction.threshold.kappa0).toBeCloseTo(0.9, 14);
  });

  it('should name the refuted convexity of focal loss and call its prediction a candidate', async () => {
    const r = await runCli(
      ['predict', '--loss', 'focal(2)', '--K', '3', '--d', '3', '--n', '2', '--lambda-w', '1e-2', '--lambda-h', '1e-2'],
      [],
      cwd,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/convexInZ\s+REFUTED at K=\d, y=\d, z=\[.*λ_min/);
    expect(r.stdout).toMatch(/a candidate only/);
  });

  it('should refuse d < K−1 naming --d, with exit 64', async () => {
    const r = await runCli(['predict', '--loss', 'ce', '--K', '4', '--d', '2', '--n', '1'], [], cwd);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/--d: must be ≥ K−1 = 3/);
  });
});

describe('ufmcheck compare-losses', () => {
  it('should give one JSON row per loss with traits, prediction and the skipped claims', async () => {
    const r = await runCli(
      ['compare-losses', 'ce', 'wce(1,1,2)', '--no-claims', '--K', '3', '--d', '3', '--json'],
      [],
      cwd,
    );
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout) as { losses: { id: string; traits: string; prediction?: { kappa0: number } }[] };
    expect(o.losses.map((l) => [l.id, l.traits])).toEqual([
      ['ce', 'CES'],
      ['wce(1,1,2)', 'C-S'],
    ]);
    expect(o.losses[0]?.prediction?.kappa0).toBeCloseTo(1, 14);
  });
});

describe('plug-in round trip through a point file', () => {
  it('should let metrics read a point saved with a plug-in loss from another directory', async () => {
    // Arrange: the example plug-in copied out of the project
    copyFileSync(join(ROOT, 'examples/losses/focal.ts'), join(cwd, 'myfocal.ts'));
    const s = await runCli(
      [
        'solve',
        '--loss',
        './myfocal.ts',
        '--K',
        '3',
        '--d',
        '3',
        '--n',
        '2',
        '--lambda-w',
        '1e-2',
        '--lambda-h',
        '1e-2',
        '--save',
        'p.json',
      ],
      [],
      cwd,
    );
    // Act
    const m = await runCli(['metrics', '--point', 'p.json', '--json'], [], cwd);
    // Assert
    expect(s.code).toBe(0);
    expect(m.code).toBe(0);
    expect(JSON.parse(m.stdout)).toHaveProperty('metrics');
    expect(
      (JSON.parse(readFileSync(join(cwd, 'p.json'), 'utf8')) as { lossModule?: { path: string } }).lossModule?.path,
    ).toBe(join(cwd, 'myfocal.ts'));
  });

  it('should refuse a point whose recorded plug-in changed, naming both hashes, and accept --loss FILE instead', async () => {
    // Arrange
    copyFileSync(join(ROOT, 'examples/losses/labelSmoothing.ts'), join(cwd, 'myls.ts'));
    const s = await runCli(
      [
        'solve',
        '--loss',
        './myls.ts',
        '--K',
        '3',
        '--d',
        '3',
        '--n',
        '2',
        '--lambda-w',
        '1e-2',
        '--lambda-h',
        '1e-2',
        '--save',
        'p.json',
      ],
      [],
      cwd,
    );
    expect(s.code).toBe(0);
    // Act: a fresh module cache cannot be had in-process, so the change is detected by the recorded hash alone
    appendFileSync(join(cwd, 'myls.ts'), '\n// edited\n');
    const { ensureLoss } = await import('../../../src/claim/plugin.ts');
    const rec = (
      JSON.parse(readFileSync(join(cwd, 'p.json'), 'utf8')) as { lossModule: { path: string; sha256: string } }
    ).lossModule;
    // Assert
    await expect(ensureLoss('never-registered-id', rec, undefined, cwd, 'problem.loss')).rejects.toThrow(
      /changed since it was recorded \(sha256 [0-9a-f]{12}… then, [0-9a-f]{12}… now\)/,
    );
    await expect(
      ensureLoss('never-registered-id', { ...rec, path: join(cwd, 'gone.ts') }, undefined, cwd, 'problem.loss'),
    ).rejects.toThrow(/which is missing now: pass --loss FILE/);
    await expect(ensureLoss('never-registered-id', undefined, undefined, cwd, 'problem.loss')).rejects.toThrow(
      /no plug-in recorded/,
    );
  });
});
