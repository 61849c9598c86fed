/**
 * The terminal, CI and selection behaviour of `ufmcheck verify` (issue 10 items 4, 5 and 7): a 120-column default
 * report with a one-line summary, colour only on a TTY without NO_COLOR, nothing written by a green run, failures
 * saved to the failures directory and re-run by --last-failed, -k and -x, one margin per control, GitHub annotations
 * and step summary.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Claim } from '../../../src/claim/index.ts';
import { claims as registeredClaims } from '../../../properties/index.ts';
import { wrapLine } from '../../../src/cli/format/verifyTerminal.ts';
import { colorEnabled } from '../../../src/cli/format/color.ts';
import { escapeWorkflowData, escapeProperty } from '../../../src/cli/format/github.ts';
import { boundControl, falseClaim, toothlessControl, trueClaim } from '../claim/fakes.ts';
import { filesUnder, runCli } from './harness.ts';

let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-verify-out-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** A true fake claim under another id (the runner never looks at the id). */
function renamed(id: string): Claim {
  return { ...(trueClaim().claim as Claim), id } as Claim;
}

interface JsonOut {
  readonly claims: {
    readonly id: string;
    readonly outcome: string;
    readonly worstMargin: number | null;
    readonly counterexample?: Record<string, unknown>;
  }[];
}

describe('verify: terminal report', () => {
  it('should fit every line of the default report into 120 columns, for every registered id and an 80-character one', async () => {
    // Arrange: every registered id (the widest real table) plus a failing claim (its block) and an oversized id
    const registry: Claim[] = [
      ...registeredClaims.map((c) => renamed(c.id)),
      renamed(`fake.${'long-id-'.repeat(9)}end`),
      falseClaim().claim,
    ];
    // Act
    const r = await runCli(['verify', '--seed', '1', '--runs', '2'], registry, cwd);
    // Assert
    const widest = Math.max(...r.stdout.split('\n').map((l) => l.length));
    expect(widest).toBeLessThanOrEqual(120);
    expect(r.stdout).toContain('mse.bias-free.orthogonal-frame');
    expect(r.stdout).not.toContain('fake §0  '); // no cite column in the default table
    expect(r.stdout).toMatch(
      /\nFAILED \d+ claims: \d+ passed, 1 failed, 0 inconclusive; 0 controls: 0 refuted — seed 1, [0-9.]+s, exit 1\n$/,
    );
  });

  it('should print nothing about a refuted control by default, and its evidence with the cite under --verbose', async () => {
    // Arrange
    const registry = (): Claim[] => [trueClaim().claim, boundControl().claim];
    // Act
    const plain = await runCli(['verify', '--seed', '7'], registry(), cwd);
    const verbose = await runCli(['verify', '--seed', '7', '--verbose'], registry(), cwd);
    // Assert
    expect(plain.stdout).not.toContain('instance:');
    expect(plain.stdout).not.toContain('fake §0');
    expect(verbose.stdout).toContain(
      'refuted fake.x.at-most-100 (control of fake.x.at-most-1000) — refuted as expected',
    );
    expect(verbose.stdout).toContain('  instance:  {"x":101}');
    expect(verbose.stdout).toMatch(/^claim +kind +cite +classes/m);
  });

  it("should show a refuted control's counterexample margin in the table and in its evidence block alike", async () => {
    // Act
    const r = await runCli(['verify', '--seed', '7', '--verbose'], [trueClaim().claim, boundControl().claim], cwd);
    const json = JSON.parse(
      (await runCli(['verify', '--seed', '7', '--json'], [trueClaim().claim, boundControl().claim], cwd)).stdout,
    ) as JsonOut;
    // Assert: one number for the control: the table cell, the block's margin and the JSON counterexample's
    const row = r.stdout.split('\n').find((l) => l.startsWith('fake.x.at-most-100 ')) ?? '';
    const cells = row.trim().split(/\s+/);
    const tableMargin = cells[cells.length - 3];
    const blockMargin = /margin: (\S+)/.exec(r.stdout)?.[1];
    expect(tableMargin).toBe(blockMargin);
    expect(Number(tableMargin)).toBe(Number((json.claims[1]?.counterexample?.['margin'] as number).toPrecision(3)));
  });

  it('should colour only a terminal, and never when NO_COLOR is set or TERM is dumb', async () => {
    // Arrange
    const registry = (): Claim[] => [trueClaim().claim, falseClaim().claim];
    // Act
    const tty = await runCli(['verify', '--seed', '3'], registry(), cwd, { stdoutTty: true });
    const noColor = await runCli(['verify', '--seed', '3'], registry(), cwd, {
      stdoutTty: true,
      env: { NO_COLOR: '1' },
    });
    const pipe = await runCli(['verify', '--seed', '3'], registry(), cwd);
    // Assert
    expect(tty.stdout).toContain('\x1b[31m');
    expect(noColor.stdout).not.toContain('\x1b[');
    expect(pipe.stdout).not.toContain('\x1b[');
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '' })).toBe(true); // an empty NO_COLOR does not count (no-color.org)
    expect(colorEnabled({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });

  it('should wrap long block lines at spaces and cut words longer than a line', () => {
    // Act
    const lines = wrapLine(`  why:       ${'word '.repeat(40)}${'x'.repeat(150)}`, 60, '    ');
    // Assert
    expect(lines.every((l) => l.length <= 60)).toBe(true);
    expect(lines.join('').replace(/\s+/g, '')).toBe(`why:${'word'.repeat(40)}${'x'.repeat(150)}`);
  });
});

describe('verify: what a run writes', () => {
  it('should write nothing in the working directory for a green run', async () => {
    // Act
    const r = await runCli(['verify', '--seed', '5'], [trueClaim().claim, boundControl().claim], cwd);
    // Assert
    expect(r.code).toBe(0);
    expect(filesUnder(cwd)).toEqual([]);
  });

  it('should save failures to the failures directory, re-run only them with --last-failed, and forget them once green', async () => {
    // Arrange
    const registry = (): Claim[] => [trueClaim().claim, falseClaim().claim, toothlessControl().claim];
    // Act
    const first = await runCli(['verify', '--seed', '5', '--json'], registry(), cwd);
    const last = JSON.parse(readFileSync(join(cwd, '.ufmcheck/failures/lastfailed'), 'utf8')) as {
      failures: { id: string; rerun: string }[];
    };
    const rerun = await runCli(['verify', '--seed', '5', '--json', '--last-failed'], registry(), cwd);
    const green = await runCli(['verify', '--seed', '5', '--json'], [trueClaim().claim], cwd);
    const afterGreen = await runCli(
      ['verify', '--seed', '5', '--json', '--last-failed', '--claim', 'fake.x.at-most-1000'],
      [trueClaim().claim, falseClaim().claim],
      cwd,
    );
    // Assert
    expect(first.code).toBe(1);
    expect(last.failures.map((f) => f.id)).toEqual(['fake.x.below-100', 'fake.x.nonnegative']);
    expect(last.failures[0]?.rerun).toBe('npx ufmcheck verify --claim fake.x.below-100 --seed 5 --runs 50');
    expect((JSON.parse(rerun.stdout) as JsonOut).claims.map((c) => c.id)).toEqual([
      'fake.x.below-100',
      'fake.x.nonnegative',
    ]);
    // a run that did not select the failing claims keeps them on record
    expect(green.code).toBe(0);
    expect(filesUnder(join(cwd, '.ufmcheck/failures'))).toContain('lastfailed');
    expect((JSON.parse(afterGreen.stdout) as JsonOut).claims).toEqual([]);
  });

  it('should clear the record when the failing claims pass again', async () => {
    // Arrange: a recorded failure of a claim that now passes
    await runCli(['verify', '--seed', '5'], [falseClaim().claim], cwd);
    const fixed = { ...(trueClaim().claim as Claim), id: 'fake.x.below-100' } as Claim;
    // Act
    const r = await runCli(['verify', '--seed', '5', '--last-failed'], [trueClaim().claim, fixed], cwd);
    // Assert
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 claims: 1 passed');
    expect(filesUnder(join(cwd, '.ufmcheck/failures'))).not.toContain('lastfailed');
  });

  it('should say so and run everything when --last-failed finds no record', async () => {
    // Act
    const r = await runCli(['verify', '--seed', '5', '--json', '--last-failed'], [trueClaim().claim], cwd);
    // Assert
    expect(r.stderr).toMatch(
      /^ufmcheck: no failures recorded in \.ufmcheck\/failures\/; running the whole selection\n$/,
    );
    expect((JSON.parse(r.stdout) as JsonOut).claims).toHaveLength(1);
  });

  it('should reject a corrupt last-failed record naming --last-failed', async () => {
    // Arrange
    await runCli(['verify', '--seed', '5'], [falseClaim().claim], cwd);
    writeFileSync(join(cwd, '.ufmcheck/failures/lastfailed'), '{');
    // Act
    const r = await runCli(['verify', '--seed', '5', '--last-failed'], [falseClaim().claim], cwd);
    // Assert
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/^ufmcheck: error: --last-failed: /);
  });
});

describe('verify: selection', () => {
  it('should select by -k expression (substring, glob, and/or/not, parentheses)', async () => {
    // Arrange
    const registry = (): Claim[] => [trueClaim().claim, boundControl().claim, falseClaim().claim];
    const ids = async (k: string): Promise<string[]> =>
      (
        JSON.parse((await runCli(['verify', '--seed', '1', '--json', '-k', k], registry(), cwd)).stdout) as JsonOut
      ).claims.map((c) => c.id);
    // Act / Assert
    expect(await ids('at-most and not 1000')).toEqual(['fake.x.at-most-100']);
    expect(await ids('below or 1000')).toEqual(['fake.x.at-most-1000', 'fake.x.below-100']);
    expect(await ids('fake.x.at-most-1?0')).toEqual(['fake.x.at-most-100']);
    expect(await ids('not (below or AT-MOST-1000)')).toEqual(['fake.x.at-most-100']);
  });

  it('should stop after the first failure with -x', async () => {
    // Act
    const r = await runCli(
      ['verify', '--seed', '1', '--json', '-x'],
      [trueClaim().claim, falseClaim().claim, boundControl().claim],
      cwd,
    );
    // Assert
    expect((JSON.parse(r.stdout) as JsonOut).claims.map((c) => c.outcome)).toEqual(['pass', 'fail']);
    expect(r.code).toBe(1);
  });
});

describe('verify on GitHub Actions', () => {
  it('should annotate each failure with ::error and append the Markdown summary to $GITHUB_STEP_SUMMARY', async () => {
    // Arrange
    const summary = join(cwd, 'summary.md');
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };
    // Act
    const r = await runCli(
      ['verify', '--seed', '9'],
      [trueClaim().claim, falseClaim().claim, boundControl().claim, toothlessControl().claim],
      cwd,
      { env },
    );
    const json = await runCli(['verify', '--seed', '9', '--json'], [falseClaim().claim], cwd, { env });
    // Assert
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(2); // the failed claim and the unrefuted control, not the refuted one
    expect(errors[0]).toMatch(
      /^::error title=ufmcheck fake\.x\.below-100::FAIL fake\.x\.below-100: claim failed: x = 100 vs 100%0Acite: fake §0%0Acoverage: no coverage classes%0Areplay: npx ufmcheck replay \.ufmcheck\/failures\//,
    );
    expect(errors[1]).toContain('NOT REFUTED fake.x.nonnegative: negative control not refuted in 50 runs');
    const md = readFileSync(summary, 'utf8');
    expect(md).toMatch(/^### ❌ ufmcheck verify: 1\/2 claims passed, 1\/2 controls refuted\n/);
    expect(md).toContain('| `fake.x.below-100` | FAIL |');
    expect(md).not.toContain('fake.x.at-most-1000'); // passes are counted, not listed
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow(); // under --json the annotations go to stderr
    expect(json.stderr).toMatch(/^::error title=ufmcheck fake\.x\.below-100::/);
    expect(md.split('### ').length - 1).toBe(2); // appended once per run
  });

  it('should do nothing GitHub-specific off GitHub Actions', async () => {
    // Act
    const r = await runCli(['verify', '--seed', '9'], [falseClaim().claim], cwd, {
      env: { GITHUB_STEP_SUMMARY: join(cwd, 's.md') },
    });
    // Assert
    expect(r.stdout).not.toContain('::error');
    expect(filesUnder(cwd)).not.toContain('s.md');
  });

  it('should escape workflow-command data and properties', () => {
    expect(escapeWorkflowData('50% a\r\nb')).toBe('50%25 a%0D%0Ab');
    expect(escapeProperty('a: b, c')).toBe('a%3A b%2C c');
  });
});

describe('the closing summary line', () => {
  it('should fit 120 columns for the full registry with the longest seed and a three-digit time', async () => {
    // Arrange: every registered claim passing and every control refuted, as in a green default run
    const { terminalSummary } = await import('../../../src/cli/format/verifyTerminal.ts');
    const results = registeredClaims.map((c) => ({
      record: { kind: c.kind, id: c.id } as never,
      outcome: c.kind === 'claim' ? ('pass' as const) : ('refuted' as const),
      rerun: '',
    }));
    // Act
    const line = terminalSummary(results, 4294967295, 999.99, 0).trimEnd();
    // Assert
    expect(line).toMatch(
      /^OK \d+ claims: \d+ passed, 0 failed, 0 inconclusive; \d+ controls: \d+ refuted — seed 4294967295/,
    );
    expect([...line].length).toBeLessThanOrEqual(120);
  });
});
