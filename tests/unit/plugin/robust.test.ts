/**
 * Plug-ins that misbehave (issue 12): an infinite loop at import or in a kernel is stopped by the probe's deadline,
 * a getter that throws and a loss that throws in the middle of a solve are one-line usage errors naming --loss —
 * never a hang, never a stack trace (exit 64).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/harness.ts';

let dir = '';
let saved: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ufmcheck-plugin-robust-'));
  // The probe reads its deadline (seconds) from the process. Loading a plug-in compiles it with tsx in a fresh
  // thread: well under a second here, but over 4 s at load ≈ 28, where a 4 s deadline turned the getter and
  // mid-solve cases into deadline messages. So 60 s, except in the infinite-loop case, which sets a short one.
  saved = process.env['UFMCHECK_PLUGIN_TIMEOUT'];
  process.env['UFMCHECK_PLUGIN_TIMEOUT'] = '60';
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env['UFMCHECK_PLUGIN_TIMEOUT'];
  else process.env['UFMCHECK_PLUGIN_TIMEOUT'] = saved;
});

/** A squared loss as a LogitLoss, whose valueAndGrad throws from its `failAfter`-th call on. */
function squaredLossSource(failAfter: number): string {
  return `
let calls = 0;
type M = { rows: number; cols: number; data: Float64Array };
function target(k: number, j: number, y: Int32Array): number { return y[j] === k ? 1 : 0; }
export default {
  id: 'sq-fails-${failAfter}',
  value(Z: M, y: Int32Array): number {
    let s = 0;
    for (let k = 0; k < Z.rows; k++) for (let j = 0; j < Z.cols; j++) s += (Z.data[k * Z.cols + j]! - target(k, j, y)) ** 2;
    return s / (2 * Z.cols);
  },
  valueAndGrad(Z: M, y: Int32Array, G: M): number {
    if (++calls >= ${failAfter}) throw new Error('kernel failure at call ' + calls);
    let s = 0;
    for (let k = 0; k < Z.rows; k++) for (let j = 0; j < Z.cols; j++) {
      const r = Z.data[k * Z.cols + j]! - target(k, j, y);
      s += r * r; G.data[k * Z.cols + j] = r / Z.cols;
    }
    return s / (2 * Z.cols);
  },
  hvp(Z: M, _y: Int32Array, V: M, out: M): void { for (let i = 0; i < V.data.length; i++) out.data[i] = V.data[i]! / Z.cols; },
};
`;
}

const SOLVE = ['--K', '3', '--d', '3', '--n', '2', '--lambda-w', '1e-2', '--lambda-h', '1e-2'];

function expectOneLine(r: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(64);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe('misbehaving plug-ins', () => {
  it('should stop a plug-in that loops forever at import within the deadline', async () => {
    process.env['UFMCHECK_PLUGIN_TIMEOUT'] = '4'; // keeps this case quick
    writeFileSync(join(dir, 'loop.ts'), 'while (true) { /* spin */ }\nexport default {};\n');
    const r = await runCli(['solve', '--loss', 'loop.ts', ...SOLVE], [], dir);
    expectOneLine(r, /--loss: 'loop\.ts' did not finish loading and checking within \d+ s/);
  }, 120_000);

  it('should name a getter that throws while its exports are read', async () => {
    writeFileSync(join(dir, 'getter.ts'), "export default { get id(): string { throw new Error('boom getter'); } };\n");
    const r = await runCli(['solve', '--loss', 'getter.ts', ...SOLVE], [], dir);
    expectOneLine(r, /--loss: getter\.ts: the plug-in threw during reading its exports: Error: boom getter/);
  }, 120_000);

  it('should turn a loss that throws in the middle of a solve into one line naming the module', async () => {
    // The load-time checks call valueAndGrad a few hundred times; the GD solve (one call per step) reaches 5000.
    writeFileSync(join(dir, 'late.ts'), squaredLossSource(5000));
    const r = await runCli(
      ['solve', '--loss', 'late.ts', ...SOLVE, '--solver', 'gd', '--max-iter', '100000', '--tol', '1e-14'],
      [],
      dir,
    );
    expectOneLine(
      r,
      /--loss: late\.ts: the plug-in threw during a call of loss 'sq-fails-5000': Error: kernel failure at call \d+/,
    );
  }, 120_000);
});
