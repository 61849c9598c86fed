/**
 * The argument parser fuzzed in-process (issue 12 item 2): 10 000 generated command lines for verify, hunt, solve,
 * certify and predict, each carrying at least one bad element — a malformed number in a numeric flag (hex, octal,
 * binary, beyond the double range, NaN, negative, empty, non-ASCII digits, trailing junk), an unknown flag, or a
 * value given to a boolean flag — among otherwise plausible flags. Every one must end as a usage error before any
 * work: exit 64, one bounded line on stderr naming a flag, nothing on stdout, no file written. A command that did
 * work before validating would show up here as a file, as output or as a multi-second case.
 */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { boundControl, trueClaim } from '../unit/claim/fakes.ts';
import { runCli } from '../unit/cli/harness.ts';

const CASES = 10_000;

/** Numeric flags of each command, with a plausible valid value for each. */
const NUMERIC: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  verify: { runs: '3', seed: '7', 'timeout-per-run': '5', 'max-inconclusive': '0.2', 'min-per-class': '2' },
  hunt: { budget: '3', seed: '7', workers: '1', shard: '0/2', 'max-inconclusive': '0.5', K: '4..5', d: '2', n: '1..2' },
  solve: {
    K: '3',
    d: '3',
    n: '2',
    'lambda-w': '1e-2',
    'lambda-h': '1e-2',
    'lambda-b': '0',
    tol: '1e-8',
    step: '0.1',
    'max-iter': '50',
    seed: '3',
  },
  certify: { seed: '3', 'grad-tol': '1e-8' },
  predict: { K: '4', d: '4', n: '2', 'lambda-w': '1e-3', 'lambda-h': '1e-3', 'lambda-b': '1e-3' },
};
/** Boolean flags of each command (a value given to one is an error). */
const BOOLEAN: Readonly<Record<string, readonly string[]>> = {
  verify: ['json', 'quiet', 'controls', 'list'],
  hunt: ['json', 'quiet'],
  solve: ['json', 'no-bias'],
  certify: ['json', 'global'],
  predict: ['json', 'no-bias'],
};
/** Values no numeric flag accepts. */
const MALFORMED = [
  '0x10',
  '0o7',
  '0b11',
  '1e400',
  '-1e400',
  'NaN',
  'Infinity',
  '-1',
  '',
  ' ',
  '1,5',
  '١٢',
  '１２',
  '1e',
  '.',
  '+',
  '3abc',
  '1..',
  '..',
  '0/0',
  '2/1',
  '1/x',
  '--',
  '1e-400x',
  '9'.repeat(400),
];

type Line = { readonly command: string; readonly argv: readonly string[] };

/** A command line with at least one bad element among valid ones, in random order. */
const badLine: fc.Arbitrary<Line> = fc.constantFrom(...Object.keys(NUMERIC)).chain((command) => {
  const nums = NUMERIC[command] ?? {};
  const names = Object.keys(nums);
  const valid = fc.subarray(names).map((ns) => ns.flatMap((nm) => [`--${nm}`, nums[nm] ?? '']));
  const bad = fc.oneof(
    fc.record({ f: fc.constantFrom(...names), v: fc.constantFrom(...MALFORMED) }).map(({ f, v }) => [`--${f}=${v}`]),
    fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((s) => /^[a-z][a-z-]*$/.test(s) && !names.includes(s) && !(BOOLEAN[command] ?? []).includes(s))
      .map((s) => [`--zz-${s}`, '1']),
    fc.constantFrom(...(BOOLEAN[command] ?? ['json'])).map((b) => [`--${b}=yes`]),
  );
  return fc.record({ valid, bad }).map(({ valid: v, bad: b }) => {
    // The bad element replaces a valid occurrence of the same flag, so it is not rejected as "given more than once".
    const badName = (b[0] ?? '').replace(/^--([^=]*).*$/, '$1');
    const kept: string[] = [];
    for (let i = 0; i < v.length; i += 2) if (v[i] !== `--${badName}`) kept.push(v[i] ?? '', v[i + 1] ?? '');
    // certify needs --point and hunt an id: give them, so the bad flag is what must be caught
    const extra =
      command === 'certify'
        ? ['--point', 'p.json']
        : command === 'hunt'
          ? ['ce.d-below-k-minus-1.symmetric-is-global']
          : [];
    return { command, argv: [command, ...extra, ...kept, ...b] };
  });
});

let cwd = '';
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-args-fuzz-'));
});
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

describe('argument parser under malformed command lines', () => {
  it('should reject 10 000 bad command lines before any work: exit 64, one line naming a flag, nothing written', async () => {
    const registry = [trueClaim().claim, boundControl().claim];
    await fc.assert(
      fc.asyncProperty(badLine, async ({ argv }) => {
        const r = await runCli(argv, registry, cwd);
        const lines = r.stderr.trimEnd().split('\n');
        const ok =
          r.code === 64 &&
          r.stdout === '' &&
          lines.length === 1 &&
          /^ufmcheck: error: [^:]+: /.test(lines[0] ?? '') &&
          (lines[0] ?? '').length <= 520 &&
          readdirSync(cwd).length === 0;
        if (!ok)
          throw new Error(
            `argv ${JSON.stringify(argv)} → exit ${r.code}, stdout ${JSON.stringify(r.stdout.slice(0, 120))}, stderr ${JSON.stringify(r.stderr.slice(0, 300))}, files ${readdirSync(cwd).join(',')}`,
          );
      }),
      { numRuns: CASES },
    );
  }, 300_000);
});
