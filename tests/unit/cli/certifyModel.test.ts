/**
 * `ufmcheck certify --point FILE` on points of the other registered models (src/cli/commands/certifyModel.ts): the
 * point file's `model` picks the model's certificate; UFM-only flags are usage errors; a plain-UFM point is unchanged.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { modelById } from '../../../src/certified/index.ts';
import { runCli } from './harness.ts';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-certify-model-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** Solves a small instance of `id` in-process and writes its point file; returns the certificate it gets in-process. */
function savePoint(
  id: string,
  flags: Readonly<Record<string, string>>,
  file: string,
): ReturnType<ReturnType<typeof modelById>['certify']> {
  const m = modelById(id);
  const { problem, options } = m.fromFlags(flags);
  const sol = m.solve(problem, { ...options, seed: 1 });
  writeFileSync(join(cwd, file), JSON.stringify(m.pointToJson(sol.point)));
  return m.certify(sol.point, { seed: 1, gradTol: 1e-8 });
}

describe('ufmcheck certify on model points', () => {
  it('should certify an extended point through the model and print the same certificate as the library', async () => {
    const expected = savePoint('extended', { K: '3', d: '4', n: '2' }, 'e.json');
    const r = await runCli(['certify', '--point', 'e.json', '--json'], [], cwd);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(o['model']).toBe('extended');
    expect(o['kind']).toBe('local-min');
    expect(o['mu']).toBe(expected.evidence['mu']);
  });

  it('should certify a fixed-features point with the seed recorded in the file', async () => {
    const expected = savePoint('fixed-features', { K: '3', d: '4', n: '5' }, 'f.json');
    const r = await runCli(['certify', '--point', 'f.json'], [], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('model: fixed-features');
    expect(r.stdout).toContain(`fittedScale: ${(expected.evidence['fittedScale'] as number).toPrecision(8)}`);
  });

  it('should reject --global on a non-UFM point with one line naming the flag, exit 64', async () => {
    savePoint('ulpm', { K: '3', d: '4', n: '2', 'max-iter': '50' }, 'u.json');
    const r = await runCli(['certify', '--point', 'u.json', '--global'], [], cwd);
    expect(r.code).toBe(64);
    expect(r.stderr).toBe('ufmcheck: error: --global: applies to plain-UFM points only; this point is --model ulpm\n');
    expect(r.stdout).toBe('');
  });

  it('should refuse a model point in metrics with one line pointing to certify, exit 64', async () => {
    savePoint('relu', { K: '3', d: '4', n: '2' }, 'r.json');
    const r = await runCli(['metrics', '--point', 'r.json'], [], cwd);
    expect(r.code).toBe(64);
    expect(r.stderr).toBe(
      'ufmcheck: error: --point: metrics reads plain-UFM points; this point is --model relu (ufmcheck certify --point reads it)\n',
    );
  });

  it('should name the bad field of a malformed model point, exit 64', async () => {
    writeFileSync(
      join(cwd, 'bad.json'),
      JSON.stringify({
        model: 'extended',
        problem: { K: 2, d: 2, n: 1, lambdaW2: 0.1, lambdaW1: 0.1, lambdaH1: 0.1 },
        W2: [
          [1, 0],
          [0, 1],
        ],
        W1: [
          [1, 0],
          [0, 1],
        ],
        H1: [
          [1, 'x'],
          [0, 1],
        ],
      }),
    );
    const r = await runCli(['certify', '--point', 'bad.json'], [], cwd);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/^ufmcheck: error: H1\[0\]\[1\]: must be a finite number/);
  });
});
