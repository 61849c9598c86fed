import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Claim } from '../../../src/claim/index.ts';
import {
  boundControl,
  falseClaim,
  slowOnOddClaim,
  sometimesInconclusiveClaim,
  toothlessControl,
  trueClaim,
} from '../claim/fakes.ts';
import { filesUnder, runCli, wellFormedElements } from './harness.ts';

let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-verify-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** The fields issue 3 requires of each claim in `verify --json`. */
const REQUIRED = [
  'id',
  'cite',
  'statement',
  'kind',
  'runs',
  'passed',
  'failed',
  'inconclusive',
  'worstMargin',
  'seconds',
];

interface JsonClaim {
  readonly id: string;
  readonly kind: string;
  readonly outcome: string;
  readonly runs: number;
  readonly passed: number;
  readonly failed: number;
  readonly inconclusive: number;
  readonly counterexample?: Record<string, unknown>;
  readonly [k: string]: unknown;
}
interface VerifyJson {
  readonly claims: JsonClaim[];
  readonly seed: number;
  readonly seconds: number;
  readonly exitCode: number;
  readonly controls?: Record<string, unknown>;
}

describe('ufmcheck verify', () => {
  it('should exit 0 when claims pass and controls are refuted, printing exactly one JSON object', async () => {
    // Arrange
    const registry: Claim[] = [trueClaim().claim, boundControl().claim];
    // Act
    const r = await runCli(['verify', '--seed', '7', '--json'], registry, cwd);
    // Assert
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as VerifyJson;
    expect(Object.keys(out)).toEqual(['schemaVersion', 'claims', 'seed', 'seconds', 'exitCode']);
    expect(out).toMatchObject({ seed: 7, exitCode: 0 });
    expect(out.claims.map((c) => [c.id, c.kind, c.outcome])).toEqual([
      ['fake.x.at-most-1000', 'claim', 'pass'],
      ['fake.x.at-most-100', 'control', 'refuted'],
    ]);
    for (const c of out.claims) for (const k of REQUIRED) expect(Object.hasOwn(c, k), k).toBe(true);
    expect(out.claims[0]).toMatchObject({ runs: 50, passed: 50, failed: 0, inconclusive: 0 });
    expect(out.claims[0]?.counterexample).toBeUndefined();
    // the refutation is the evidence, reported in the JSON; a green run writes nothing (issue 10 item 4)
    const ce = out.claims[1]?.counterexample;
    expect(ce).toMatchObject({ instance: { x: 101 }, measured: 101, predicted: 100, status: 'fail', seed: 7 });
    expect(ce?.['fixture']).toBeUndefined();
    expect(ce?.['rerun']).toBe('npx ufmcheck verify --claim fake.x.at-most-100 --seed 7 --runs 50');
    expect(filesUnder(cwd)).toEqual([]);
  });

  it("should save a refuted control's fixture only to an explicit --out, with its replay command", async () => {
    // Act
    const r = await runCli(
      ['verify', '--seed', '7', '--json', '--out', 'evidence'],
      [trueClaim().claim, boundControl().claim],
      cwd,
    );
    // Assert
    const ce = (JSON.parse(r.stdout) as VerifyJson).claims[1]?.counterexample;
    const fixture = String(ce?.['fixture']);
    expect(fixture).toMatch(/^evidence\/fake\.x\.at-most-100\/7-[0-9_]+\.json$/);
    expect(ce?.['replay']).toBe(`npx ufmcheck replay ${fixture}`);
    expect(existsSync(join(cwd, fixture))).toBe(true);
    expect(r.code).toBe(0);
  });

  it('should exit 1 for a failing claim, print the shrunk counterexample and the exact replay and re-run commands', async () => {
    // Arrange
    const registry: Claim[] = [falseClaim().claim];
    // Act
    const r = await runCli(['verify', '--seed', '42', '--runs', '30'], registry, cwd);
    // Assert
    expect(r.code).toBe(1);
    const files = filesUnder(cwd).filter((f) => f.endsWith('.json') && !f.endsWith('lastfailed'));
    expect(files).toHaveLength(1);
    const fixture = files[0] ?? '';
    expect(fixture).toMatch(/^\.ufmcheck\/failures\/fake\.x\.below-100\/42-[0-9_]+\.json$/); // the default failures directory
    expect(r.stdout).toContain('FAIL fake.x.below-100 (claim)\n');
    expect(r.stdout).toContain('  cite:      fake §0\n');
    expect(r.stdout).toContain('instance:  {"x":100,"K":2}');
    expect(r.stdout).toMatch(/measured: {2}101 {3}predicted: 100/);
    expect(r.stdout).toContain(`replay:    npx ufmcheck replay ${fixture}\n`);
    expect(r.stdout).toContain('re-run:    npx ufmcheck verify --claim fake.x.below-100 --seed 42 --runs 30\n');
    expect(r.stdout).toMatch(/exit 1\n$/);
  });

  it('should exit 1 when a control is never refuted', async () => {
    // Act
    const r = await runCli(['verify', '--seed', '3', '--json'], [trueClaim().claim, toothlessControl().claim], cwd);
    // Assert
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as VerifyJson;
    expect(out.claims[1]).toMatchObject({ id: 'fake.x.nonnegative', outcome: 'not-refuted', passed: 50 });
    // no counterexample to store; the failure itself is recorded for --last-failed
    expect(filesUnder(cwd)).toEqual(['.ufmcheck', '.ufmcheck/failures', '.ufmcheck/failures/lastfailed']);
  });

  it('should exit 2 when inconclusive runs exceed the budget, and 0 once the budget allows them', async () => {
    // Arrange
    const registry: Claim[] = [sometimesInconclusiveClaim().claim];
    // Act
    const strict = await runCli(['verify', '--seed', '11', '--runs', '100', '--json'], registry, cwd);
    const loose = await runCli(
      ['verify', '--seed', '11', '--runs', '100', '--json', '--max-inconclusive', '0.9'],
      registry,
      cwd,
    );
    // Assert: the share (x ≡ 0 mod 3 under fast-check's small-value bias) lies between the two budgets
    const c = (JSON.parse(strict.stdout) as VerifyJson).claims[0];
    expect(c?.inconclusive).toBeGreaterThan(0.2 * 100);
    expect(c?.inconclusive).toBeLessThanOrEqual(0.9 * 100);
    expect(c).toMatchObject({ outcome: 'inconclusive', failed: 0 });
    expect(strict.code).toBe(2);
    expect(loose.code).toBe(0);
  });

  it('should let a failure take precedence over an inconclusive overrun (exit 1)', async () => {
    // Act
    const r = await runCli(
      ['verify', '--seed', '11', '--runs', '100', '--json'],
      [sometimesInconclusiveClaim().claim, falseClaim().claim],
      cwd,
    );
    // Assert
    expect((JSON.parse(r.stdout) as VerifyJson).claims.map((c) => c.outcome)).toEqual(['inconclusive', 'fail']);
    expect(r.code).toBe(1);
  });

  it('should produce the same JSON for the same seed, except the times', async () => {
    // Arrange
    const registry = (): Claim[] => [trueClaim().claim, falseClaim().claim, boundControl().claim];
    const timeless = (s: string): string => s.replace(/"seconds": [0-9.e-]+/g, '"seconds": 0');
    // Act
    const a = await runCli(['verify', '--seed', '99', '--json'], registry(), cwd);
    const b = await runCli(['verify', '--seed', '99', '--json'], registry(), cwd);
    // Assert
    expect(timeless(b.stdout)).toBe(timeless(a.stdout));
  });

  it('should run only the claims matching --claim prefixes, and only controls with --controls', async () => {
    // Arrange
    const registry: Claim[] = [trueClaim().claim, boundControl().claim, falseClaim().claim];
    // Act
    const byPrefix = await runCli(['verify', '--seed', '1', '--json', '--claim', 'fake.x.at-most'], registry, cwd);
    const controls = await runCli(['verify', '--seed', '1', '--json', '--controls'], registry, cwd);
    // Assert
    expect((JSON.parse(byPrefix.stdout) as VerifyJson).claims.map((c) => c.id)).toEqual([
      'fake.x.at-most-1000',
      'fake.x.at-most-100',
    ]);
    const out = JSON.parse(controls.stdout) as VerifyJson;
    expect(out.claims.map((c) => c.id)).toEqual(['fake.x.at-most-100']);
    expect(out.controls).toMatchObject({ total: 1, refuted: 1, detectionRate: 1, size: { min: 9, median: 9, max: 9 } }); // '{"x":101}'
    expect(controls.code).toBe(0);
  });

  it('should print the --controls detection summary in the readable report', async () => {
    // Act
    const r = await runCli(
      ['verify', '--seed', '1', '--controls'],
      [trueClaim().claim, boundControl().claim, toothlessControl().claim],
      cwd,
    );
    // Assert
    expect(r.stdout).toContain('negative controls: 1/2 refuted (detection rate 50.0%)');
    expect(r.stdout).toContain('shrunk counterexample size (JSON chars): min 9, median 9, max 9');
    expect(r.code).toBe(1);
  });

  it('should count runs over --timeout-per-run as inconclusive', async () => {
    // Arrange: odd instances sleep 60 ms against a 20 ms budget
    const slow = slowOnOddClaim(60);
    // Act
    const r = await runCli(
      ['verify', '--seed', '4', '--json', '--timeout-per-run', '0.02', '--max-inconclusive', '1'],
      [slow.claim],
      cwd,
    );
    // Assert
    const odd = slow.seen.filter((i) => i.x % 2 === 1).length;
    expect(odd).toBeGreaterThan(0);
    expect((JSON.parse(r.stdout) as VerifyJson).claims[0]).toMatchObject({
      runs: 10,
      inconclusive: odd,
      timedOut: odd,
    });
    expect(r.code).toBe(0);
  });

  it('should draw the seed from the clock when none is given and say how to repeat it', async () => {
    // Act
    const json = await runCli(['verify', '--json'], [trueClaim().claim], cwd, { now: () => 2 ** 32 + 1234 });
    const text = await runCli(['verify'], [trueClaim().claim], cwd, { now: () => 1234 });
    // Assert
    expect((JSON.parse(json.stdout) as VerifyJson).seed).toBe(1234);
    expect(text.stdout).toContain('seed 1234 (drawn from the clock; repeat with --seed 1234)');
  });

  it('should take the seed from UFMCHECK_SEED when --seed is absent, and let --seed win over it', async () => {
    // Act
    const fromEnv = await runCli(['verify', '--json'], [trueClaim().claim], cwd, {
      env: { UFMCHECK_SEED: '77' },
      now: () => 5,
    });
    const fromFlag = await runCli(['verify', '--json', '--seed', '3'], [trueClaim().claim], cwd, {
      env: { UFMCHECK_SEED: '77' },
    });
    const text = await runCli(['verify'], [trueClaim().claim], cwd, { env: { UFMCHECK_SEED: '77' } });
    // Assert
    expect((JSON.parse(fromEnv.stdout) as VerifyJson).seed).toBe(77);
    expect((JSON.parse(fromFlag.stdout) as VerifyJson).seed).toBe(3);
    expect(text.stdout).not.toContain('drawn from the clock');
  });

  it('should reject a malformed UFMCHECK_SEED with one line naming the variable and exit 64', async () => {
    // Act
    const r = await runCli(['verify'], [trueClaim().claim], cwd, { env: { UFMCHECK_SEED: '0x10' } });
    // Assert
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/UFMCHECK_SEED/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('should draw progress on a terminal only, and never with --quiet or --json', async () => {
    // Arrange
    const registry = [trueClaim().claim];
    // Act
    const tty = await runCli(['verify', '--seed', '1'], registry, cwd, { tty: true });
    const quiet = await runCli(['verify', '--seed', '1', '--quiet'], registry, cwd, { tty: true });
    const json = await runCli(['verify', '--seed', '1', '--json'], registry, cwd, { tty: true });
    const pipe = await runCli(['verify', '--seed', '1'], registry, cwd, { tty: false });
    // Assert
    expect(tty.stderr).toContain('[1/1] fake.x.at-most-1000');
    expect(tty.stderr.endsWith('\r\x1b[2K')).toBe(true); // erased at the end
    expect([quiet.stderr, json.stderr, pipe.stderr]).toEqual(['', '', '']);
    const timeless = (t: string): string => t.replace(/\d+\.\d\ds/g, 't');
    expect(timeless(tty.stdout)).toBe(timeless(pipe.stdout)); // stdout is the same report either way
  });
});

describe('ufmcheck verify --list', () => {
  it('should list id, cite, statement and kind as JSON without running anything', async () => {
    // Arrange
    const t = trueClaim();
    const c = boundControl();
    // Act
    const r = await runCli(['verify', '--list', '--json'], [t.claim, c.claim], cwd);
    // Assert
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      claims: [
        { id: 'fake.x.at-most-1000', cite: 'fake §0', statement: 'x ≤ 1000', kind: 'claim' },
        { id: 'fake.x.at-most-100', cite: 'fake §0', statement: 'x ≤ 100', kind: 'control' },
      ],
    });
    expect(t.seen.length + c.seen.length).toBe(0);
    expect(filesUnder(cwd)).toEqual([]);
  });

  it('should print a readable list honouring --controls', async () => {
    // Act
    const r = await runCli(['verify', '--list', '--controls'], [trueClaim().claim, boundControl().claim], cwd);
    // Assert
    expect(r.stdout).toBe('fake.x.at-most-100  [control of fake.x.at-most-1000]  fake §0\n    x ≤ 100\n');
  });
});

describe('ufmcheck verify --junit', () => {
  it('should write a well-formed JUnit file with one testcase per claim and the failure evidence', async () => {
    // Arrange
    mkdirSync(join(cwd, 'reports'));
    const registry: Claim[] = [trueClaim().claim, falseClaim().claim, boundControl().claim, toothlessControl().claim];
    // Act
    const r = await runCli(['verify', '--seed', '5', '--junit', 'reports/ufm.xml', '--quiet'], registry, cwd);
    // Assert
    expect(r.code).toBe(1);
    const xml = readFileSync(join(cwd, 'reports/ufm.xml'), 'utf8');
    const names = wellFormedElements(xml);
    expect(names.filter((n) => n === 'testcase')).toHaveLength(4);
    expect(names.filter((n) => n === 'failure')).toHaveLength(2); // the failed claim and the toothless control
    expect(xml).toContain('<testsuite name="ufmcheck verify" tests="4" failures="2" errors="0"');
    expect(xml).toContain('<testcase classname="claim" name="fake.x.below-100"');
    expect(xml).toContain('<testcase classname="control" name="fake.x.at-most-100"');
    expect(xml).toMatch(
      /<failure type="counterexample" message="claim failed: x = 100 vs 100">cite: fake §0\ncoverage: no coverage classes\ninstance: \{&quot;x&quot;:100,&quot;K&quot;:2\}/,
    );
    expect(xml).toContain('<property name="cite" value="fake §0"/>');
    expect(xml).toMatch(
      /<property name="replay" value="npx ufmcheck replay \.ufmcheck\/failures\/fake\.x\.below-100\/5-[0-9_]+\.json"\/>/,
    );
    expect(xml).toMatch(/replay: npx ufmcheck replay \.ufmcheck\/failures\/fake\.x\.below-100\/5-[0-9_]+\.json/);
    expect(xml).toContain('<failure type="control-not-refuted"');
    expect(filesUnder(join(cwd, 'reports'))).toEqual(['ufm.xml']); // no temporary file left
  });
});

describe('ufmcheck verify: bad usage', () => {
  it('should exit 64 naming the flag on one stderr line, with nothing on stdout and no file written', async () => {
    // Arrange
    writeFileSync(join(cwd, 'afile'), 'x');
    const cases: [string[], string][] = [
      [['--runs', '0'], '--runs'],
      [['--runs', '1.5'], '--runs'],
      [['--runs'], '--runs'],
      [['--seed', '4294967296'], '--seed'],
      [['--seed', '-1'], '--seed'],
      [['--seed=-1'], '--seed'],
      [['--seed', '0x10'], '--seed'],
      [['--seed', '1', '--seed', '2'], '--seed'],
      [['--bogus'], '--bogus'],
      [['-z'], '-z'],
      [['-k', 'and'], '-k'],
      [['-k', 'nomatch'], '-k'],
      [['-k', '(fake'], '-k'],
      [['--json=yes'], '--json'],
      [['extra'], 'argument'],
      [['--claim', 'ce.nope'], '--claim'],
      [['--claim', ''], '--claim'],
      [['--timeout-per-run', '0'], '--timeout-per-run'],
      [['--timeout-per-run', 'Infinity'], '--timeout-per-run'],
      [['--max-inconclusive', '1.5'], '--max-inconclusive'],
      [['--junit', 'missing-dir/x.xml'], '--junit'],
      [['--junit', '.'], '--junit'],
      [['--out', 'afile'], '--out'],
      [['--junit', 'a.xml', '--junit', 'b.xml'], '--junit'],
    ];
    for (const [args, field] of cases) {
      // Act
      const junit = args.includes('--junit') ? [] : ['--junit', 'report.xml']; // a file that would be written
      const r = await runCli(['verify', '--json', ...junit, ...args], [falseClaim().claim], cwd);
      // Assert
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.stdout).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(
        new RegExp(`^ufmcheck: error: ${field.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}: [^\n]+\n$`),
      );
      expect(filesUnder(cwd)).toEqual(['afile']);
    }
  });
});
