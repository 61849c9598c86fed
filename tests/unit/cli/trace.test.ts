/**
 * `solve --trace` (issue 10 item 7): the per-iteration trace replays the solve exactly (its last value is the
 * solve's value, bit for bit, for every solver) and carries the NC metrics of each iterate.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lossById } from '../../../src/losses/index.ts';
import type { UfmProblem } from '../../../src/models/index.ts';
import { solveUfm, type UfmSolverId } from '../../../src/certified/ufm/index.ts';
import { formatTrace, traceFormatOf, traceSolve, TRACE_METRICS } from '../../../src/cli/trace.ts';
import { perClassText } from '../../../src/cli/format/solveText.ts';
import { runCli } from './harness.ts';

const problem: UfmProblem = {
  loss: 'ce',
  K: 3,
  d: 4,
  counts: [2, 2, 2],
  lambdaW: 5e-3,
  lambdaH: 5e-3,
  lambdaB: 5e-3,
  bias: true,
};

let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-trace-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

describe('traceSolve', () => {
  it.each<[UfmSolverId, number | undefined]>([
    ['gd', 60],
    ['lbfgs', undefined],
    ['auto', undefined],
    ['newton', 30],
  ])('should end at the value solveUfm reports and log one row per iteration (%s)', (solver, maxIter) => {
    // Arrange
    const o = {
      seed: 4,
      solver,
      tol: 1e-10,
      step: 0.1,
      loss: lossById('ce'),
      ...(maxIter !== undefined ? { maxIter } : {}),
    };
    // Act
    const rows = traceSolve(problem, o);
    const sol = solveUfm(problem, o);
    // Assert. auto re-evaluates the reduction's last iterate on the full objective: equal in exact arithmetic (the
    // reduction is exact at collapsed points) but summed in another order, so equal up to O(K·N) roundings (K·N = 6
    // here); 1e-12 relative is ~4500 ε, above that and far below any real difference between iterates.
    const last = rows[rows.length - 1];
    if (solver === 'auto')
      expect(Math.abs((last?.value ?? NaN) - sol.result.value)).toBeLessThanOrEqual(
        1e-12 * Math.max(1, Math.abs(sol.result.value)),
      );
    else expect(last?.value).toBe(sol.result.value);
    expect(rows.length).toBe(sol.result.log.value.length);
    expect(rows.every((r) => r.metrics !== null)).toBe(true);
  });

  it('should show the NC metrics falling along gradient descent (the training-curve data)', () => {
    // Act
    const rows = traceSolve(problem, { seed: 1, solver: 'gd', tol: 0, step: 0.1, maxIter: 400, loss: lossById('ce') });
    // Assert: NC1 and NC3 at the end are far below their values at the random start
    const first = rows[0]?.metrics,
      last = rows[rows.length - 1]?.metrics;
    expect((last?.nc1 ?? NaN) / (first?.nc1 ?? NaN)).toBeLessThan(0.5);
    expect((last?.nc3 ?? NaN) / (first?.nc3 ?? NaN)).toBeLessThan(0.5);
  });
});

describe('formatTrace', () => {
  it('should write CSV with a header and empty cells for undefined values, or JSON lines with null', () => {
    // Arrange
    const rows = [{ stage: 0, solver: 'gd', iteration: 0, value: 1.5, gradNorm: NaN, metrics: null }];
    // Act
    const csv = formatTrace(rows, 'csv');
    const jsonl = formatTrace(rows, 'jsonl');
    // Assert
    expect(csv).toBe(`stage,solver,iteration,value,gradNorm,${TRACE_METRICS.join(',')}\n0,gd,0,1.5,,,,,,,\n`);
    expect(JSON.parse(jsonl)).toEqual({
      stage: 0,
      solver: 'gd',
      iteration: 0,
      value: 1.5,
      gradNorm: null,
      nc1: null,
      nc2W: null,
      nc2H: null,
      nc3: null,
      nc4: null,
      cdnv: null,
      nonFinite: { gradNorm: 'NaN' },
    });
    expect([traceFormatOf('a.CSV'), traceFormatOf('a.jsonl'), traceFormatOf('trace')]).toEqual([
      'csv',
      'jsonl',
      'jsonl',
    ]);
  });
});

describe('ufmcheck solve --trace', () => {
  it('should write the trace file and name it in the output', async () => {
    // Act
    const r = await runCli(
      [
        'solve',
        '--loss',
        'ce',
        '--K',
        '3',
        '--d',
        '4',
        '--n',
        '2',
        '--solver',
        'gd',
        '--max-iter',
        '20',
        '--trace',
        'gd.csv',
      ],
      [],
      cwd,
    );
    // Assert
    expect(r.code).toBe(2); // 20 GD steps do not converge: inconclusive, but the trace is written
    const lines = readFileSync(join(cwd, 'gd.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe(`stage,solver,iteration,value,gradNorm,${TRACE_METRICS.join(',')}`);
    expect(lines).toHaveLength(22); // header + iterations 0..20
    expect(r.stdout).toContain(`trace: ${join(cwd, 'gd.csv')}\n`);
  });

  it('should exit 64 naming --trace when its directory does not exist, writing nothing', async () => {
    // Act
    const r = await runCli(['solve', '--K', '3', '--d', '4', '--n', '2', '--trace', 'missing/t.csv'], [], cwd);
    // Assert
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/^ufmcheck: error: --trace: /);
  });
});

describe('solve output for many classes', () => {
  it('should list up to 12 per-class values and summarise more as min / median / max', () => {
    expect(perClassText([3, 1, 2])).toBe('3.00000 1.00000 2.00000');
    expect(perClassText(Array.from({ length: 13 }, (_, i) => i + 1))).toBe(
      'min 1.00000  median 7.00000  max 13.0000  (13 values; --json lists them all)',
    );
    expect(perClassText([4, 1, 3, 2], 3)).toBe(
      'min 1.00000  median 2.50000  max 4.00000  (4 values; --json lists them all)',
    );
  });
});
