/**
 * Bad input found by the issue-12 fuzz, each pinned: one line naming the field, exit 64, nothing written — sizes
 * checked against a memory estimate before allocation, decimal numbers only, non-finite numbers named, files that
 * are not regular files (FIFO, device, dangling link) and pathologically deep JSON refused before reading/parsing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesUnder, runCli } from './harness.ts';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-inputs-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** Asserts the contract of a usage error: exit 64, one stderr line naming `field`, nothing on stdout. */
function expectUsage(r: { code: number; stdout: string; stderr: string }, field: RegExp): void {
  expect(r.code).toBe(64);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^ufmcheck: error: /);
  expect(lines[0]).toMatch(field);
  expect((lines[0] ?? '').length).toBeLessThanOrEqual(520);
}

function point(problem: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    problem: { loss: 'ce', d: 2, n: 1, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias: false, K: 2, ...problem },
    W: [
      [1, 0],
      [0, 1],
    ],
    H: [
      [1, 0],
      [0, 1],
    ],
    ...extra,
  });
}

describe('bad input is one line and exit 64', () => {
  it('should refuse an ImageNet-sized full solve with the size and the memory estimate instead of a RangeError', async () => {
    // --solver lbfgs: the full objective (the default 'auto' solves this size through the exact collapse, issue 12 item 4).
    const r = await runCli(
      [
        'solve',
        '--K',
        '1000',
        '--d',
        '2048',
        '--n',
        '1300',
        '--lambda-w',
        '1e-5',
        '--lambda-h',
        '1e-5',
        '--lambda-b',
        '1e-5',
        '--solver',
        'lbfgs',
      ],
      [],
      cwd,
      { env: { UFMCHECK_MAX_MEMORY: '16G' } },
    );
    expectUsage(r, /--n: K = 1000, d = 2048, N = 1300000 needs about \d+ GiB .* more than the 16 GiB available/);
  });

  it('should read numbers in decimal only: --lambda-w 0x10 is an error, not 16', async () => {
    const r = await runCli(['solve', '--K', '3', '--d', '3', '--n', '2', '--lambda-w', '0x10'], [], cwd);
    expectUsage(r, /--lambda-w: must be a decimal number/);
  });

  it('should name a number beyond the double range as non-finite, not as null', async () => {
    writeFileSync(join(cwd, 'p.json'), point({}).replace('"lambdaW":0.01', '"lambdaW":1e400'));
    const r = await runCli(['metrics', '--point', 'p.json'], [], cwd);
    expectUsage(r, /problem\.lambdaW: .*Infinity \(not a finite double/);
  });

  it('should bound K before allocating anything sized by it', async () => {
    writeFileSync(join(cwd, 'p.json'), point({ K: 1_000_000_000 }));
    const r = await runCli(['certify', '--point', 'p.json'], [], cwd);
    expectUsage(r, /problem\.K: must be an integer in \[2, 1000000\]; got 1000000000/);
  });

  it('should refuse a FIFO, a device and a dangling link as point files without blocking', async () => {
    execFileSync('mkfifo', [join(cwd, 'fifo')]);
    symlinkSync(join(cwd, 'missing.json'), join(cwd, 'dangling.json'));
    expectUsage(
      await runCli(['metrics', '--point', 'fifo'], [], cwd),
      /--point: .*fifo is not a regular file \(a FIFO\)/,
    );
    expectUsage(
      await runCli(['metrics', '--point', '/dev/zero'], [], cwd),
      /--point: \/dev\/zero is not a regular file \(a device\)/,
    );
    expectUsage(
      await runCli(['certify', '--point', 'dangling.json'], [], cwd),
      /--point: cannot read .*dangling\.json: no such file \(or a dangling link\)/,
    );
  });

  it('should refuse a 10 000-deep document before parsing it', async () => {
    writeFileSync(join(cwd, 'deep.json'), `${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    expectUsage(await runCli(['metrics', '--point', 'deep.json'], [], cwd), /point: .*nests 10000 levels deep/);
  });

  it('should keep the error line short for a million-element value', async () => {
    writeFileSync(join(cwd, 'p.json'), point({ counts: new Array(1_000_000).fill(1) }));
    const r = await runCli(['metrics', '--point', 'p.json'], [], cwd);
    expectUsage(r, /problem\.counts: must be an array of K = 2 integers; got an array of 1000000 elements/);
    expect(filesUnder(cwd).sort()).toEqual(['p.json']);
  });
});

describe('every solve flag is honoured or rejected', () => {
  it('should reject the plain-UFM flags under another --model, naming the flag and the models that use it', async () => {
    for (const [flags, field] of [
      [['--model', 'extended', '--save', 'x.json'], /--save: is not used by --model extended \(only by ufm\)/],
      [['--model', 'relu', '--certify'], /--certify: is not used by --model relu/],
      [['--model', 'ulpm', '--loss', '/missing.ts'], /--loss: is not used by --model ulpm/],
      [['--model', 'fixed-features', '--solver', 'bogus'], /--solver: is not used by --model fixed-features/],
      [['--lambda-w1', '0.1'], /--lambda-w1: is not used by --model ufm \(only by extended, relu\)/],
    ] as const) {
      expectUsage(await runCli(['solve', '--K', '3', '--d', '3', '--n', '2', ...flags], [], cwd), field);
    }
    expect(filesUnder(cwd)).toEqual([]);
  });
});

describe('output paths through a file', () => {
  it('should name --out and --junit when a component of the path is a file, not crash with ENOTDIR', async () => {
    writeFileSync(join(cwd, 'f'), 'x');
    expectUsage(
      await runCli(['verify', '--out', 'f/sub'], [], cwd),
      /--out: 'f\/sub': a component of the path is not a directory/,
    );
    expectUsage(
      await runCli(['verify', '--junit', 'f/x.xml'], [], cwd),
      /--junit: 'f\/x\.xml': a component of the path is not a directory/,
    );
  });
});
