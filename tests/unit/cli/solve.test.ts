/**
 * `ufmcheck solve`, `metrics` and `certify` (issue 2 item 8, issue 4 item 5): the JSON contract, the point-file round
 * trip, and usage errors that name the field, exit 64 and write nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesUnder, runCli } from './harness.ts';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-solve-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const SMALL = [
  '--loss',
  'ce',
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
  '--lambda-b',
  '1e-2',
  '--seed',
  '4',
];

describe('ufmcheck solve', () => {
  it('should print one JSON object with the required fields and a certified gradient norm', async () => {
    const r = await runCli(['solve', ...SMALL, '--json'], [], cwd);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const k of ['status', 'value', 'gradNorm', 'iterations', 'seconds', 'metrics', 'bias', 'wNormsSq', 'gramW'])
      expect(o).toHaveProperty(k);
    expect(o['status']).toBe('converged');
    expect(o['gradNorm'] as number).toBeLessThanOrEqual(1e-10);
    const m = o['metrics'] as Record<string, unknown>;
    for (const k of ['nc1', 'nc2W', 'nc2H', 'nc2WOf', 'nc2HOf', 'nc3', 'nc4']) expect(m).toHaveProperty(k);
    expect((o['gramW'] as number[][]).length).toBe(3);
  });

  it('should save a point that metrics and certify read back (a CE minimizer certifies as local-min)', async () => {
    const s = await runCli(['solve', ...SMALL, '--json', '--save', 'p.json'], [], cwd);
    expect(s.code).toBe(0);
    const m = await runCli(['metrics', '--point', 'p.json', '--json'], [], cwd);
    expect(m.code).toBe(0);
    expect((JSON.parse(m.stdout) as { metrics: unknown }).metrics).toEqual(
      (JSON.parse(s.stdout) as { metrics: unknown }).metrics,
    );
    const c = await runCli(['certify', '--point', 'p.json', '--json', '--global'], [], cwd);
    expect(c.code).toBe(0);
    const o = JSON.parse(c.stdout) as { kind: string; gradNorm: number; global: { gap: number } };
    expect(o.kind).toBe('local-min');
    expect(o.global.gap).toBeLessThanOrEqual(1e-8);
  });

  it('should certify the origin below the threshold as a strict saddle', async () => {
    const p = {
      problem: { loss: 'ce', K: 3, d: 3, n: 2, lambdaW: 1e-3, lambdaH: 1e-3, lambdaB: 0.01, bias: true },
      W: [
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ],
      H: [
        [0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
      ],
      b: [0, 0, 0],
    };
    writeFileSync(join(cwd, 'o.json'), JSON.stringify(p));
    const c = await runCli(['certify', '--point', 'o.json', '--json'], [], cwd);
    const o = JSON.parse(c.stdout) as { kind: string; lambdaMin: number };
    expect(o.kind).toBe('strict-saddle');
    // THEORY.md §9: (3,3,2,1e-3,1e-3) → λ_min = −0.2347022604
    expect(o.lambdaMin).toBeCloseTo(-0.2347022604, 8);
  });

  it('should reject bad flags with one line naming the flag, exit 64, and write nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['solve', '--K', '1', '--d', '2', '--n', '1'], /--K/],
      [['solve', '--K', '3', '--d', '0', '--n', '1'], /--d/],
      [['solve', '--K', '3', '--d', '2', '--n', '1', '--lambda-w', '-1'], /--lambda-w/],
      [['solve', '--K', '3', '--d', '2', '--n', '1', '--lambda-h', 'NaN'], /--lambda-h/],
      [['solve', '--K', '3', '--d', '2', '--counts', '1,2'], /--counts/],
      [['solve', '--K', '3', '--d', '2', '--n', '1', '--loss', 'hinge'], /--loss/],
      [['solve', '--K', '3', '--d', '2', '--n', '1', '--solver', 'adam', '--save', 'x.json'], /--solver/],
    ];
    for (const [argv, field] of cases) {
      const r = await runCli(argv, [], cwd);
      expect(r.code).toBe(64);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(field);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(filesUnder(cwd)).toEqual([]);
  });

  it('should reject a malformed point file naming the field', async () => {
    const good = {
      problem: { loss: 'mse', K: 2, d: 2, n: 1, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0, bias: false },
      W: [
        [1, 0],
        [0, 1],
      ],
      H: [
        [1, 0],
        [0, 1],
      ],
      b: [],
    };
    const bad: [unknown, RegExp][] = [
      [{ ...good, W: [[1, 0]] }, /W/],
      [
        {
          ...good,
          H: [
            [1, 0],
            [0, 'x'],
          ],
        },
        /H\[1\]\[1\]/,
      ],
      [{ ...good, problem: { ...good.problem, loss: 'hinge' } }, /problem\.loss/],
      [{ ...good, problem: { ...good.problem, K: 1 } }, /problem\.K/],
      [{ ...good, problem: { ...good.problem, bias: true } }, /\bb\b/],
    ];
    for (const [obj, field] of bad) {
      writeFileSync(join(cwd, 'bad.json'), JSON.stringify(obj));
      for (const cmd of ['metrics', 'certify']) {
        const r = await runCli([cmd, '--point', 'bad.json'], [], cwd);
        expect(r.code).toBe(64);
        expect(r.stderr).toMatch(field);
      }
    }
    writeFileSync(join(cwd, 'bad.json'), '{not json');
    expect((await runCli(['certify', '--point', 'bad.json'], [], cwd)).code).toBe(64);
    expect(readFileSync(join(cwd, 'bad.json'), 'utf8')).toBe('{not json');
  });

  it('should load a plug-in loss for solve and refuse a broken one naming --loss', async () => {
    const lsPath = join(import.meta.dirname, '..', '..', '..', 'examples', 'losses', 'labelSmoothing.ts');
    const ok = await runCli(
      [
        'solve',
        '--loss',
        lsPath,
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
        '--json',
      ],
      [],
      cwd,
    );
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as { problem: { loss: string } }).problem.loss).toBe('ex-ls(0.1)');
    const bad = await runCli(['solve', '--loss', './missing-loss.ts', '--K', '3', '--d', '3', '--n', '2'], [], cwd);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/--loss/);
  });
});

describe('ufmcheck verify --model', () => {
  it('should run only the claims of the named model', async () => {
    const { claims } = await import('../../../properties/index.ts');
    const r = await runCli(['verify', '--model', 'ulpm', '--list', '--json'], claims, cwd);
    expect(r.code).toBe(0);
    const ids = (JSON.parse(r.stdout) as { claims: { id: string }[] }).claims.map((c) => c.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => id.startsWith('ulpm.'))).toBe(true);
    const bad = await runCli(['verify', '--model', 'resnet'], claims, cwd);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/--model/);
  });
});
