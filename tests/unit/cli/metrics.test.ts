/**
 * `ufmcheck metrics --json` reports CDNV beside NC1–NC4 (issue 10 item 8), and writes an undefined metric as null with
 * a `nonFinite` note rather than the string "NaN" (issue 10 item 5).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './harness.ts';

let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-metrics-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const problem = { loss: 'ce', K: 2, d: 1, n: 2, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias: false };

describe('ufmcheck metrics', () => {
  it('should report the CDNV of the point: (V_0 + V_1) / (2‖μ_0 − μ_1‖²)', async () => {
    // Arrange: d = 1; class 0 at {0, 2} (μ 1, V 1), class 1 at {5, 5} (μ 5, V 0) → 1 / (2·16) = 1/32
    writeFileSync(join(cwd, 'p.json'), JSON.stringify({ problem, W: [[1], [-1]], H: [[0, 2, 5, 5]] }));
    // Act
    const json = await runCli(['metrics', '--point', 'p.json', '--json'], [], cwd);
    const text = await runCli(['metrics', '--point', 'p.json'], [], cwd);
    // Assert
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { metrics: { cdnv: number } }).metrics.cdnv).toBe(1 / 32);
    expect(text.stdout).toContain('CDNV 0.0312500');
  });

  it('should write undefined metrics as null with a nonFinite note, never as "NaN"', async () => {
    // Arrange: the origin — every normalised metric is undefined (NaN)
    writeFileSync(join(cwd, 'p.json'), JSON.stringify({ problem, W: [[0], [0]], H: [[0, 0, 0, 0]] }));
    // Act
    const r = await runCli(['metrics', '--point', 'p.json', '--json'], [], cwd);
    // Assert
    const out = JSON.parse(r.stdout) as { metrics: Record<string, unknown> & { nonFinite: Record<string, string> } };
    expect(
      Object.entries(out.metrics).filter(([k, v]) => k !== 'nonFinite' && typeof v !== 'number' && v !== null),
    ).toEqual([]);
    expect(out.metrics['cdnv']).toBeNull();
    expect(out.metrics['nc2W']).toBeNull();
    expect(out.metrics.nonFinite).toMatchObject({ cdnv: 'NaN', nc2W: 'NaN' });
  });
});
