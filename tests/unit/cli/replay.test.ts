import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Claim } from '../../../src/claim/index.ts';
import { boundControl, falseClaim, parseXK, trueClaim } from '../claim/fakes.ts';
import { filesUnder, runCli } from './harness.ts';

let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-replay-cli-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

interface ReplayJson {
  readonly fixtures: {
    file: string;
    claim: string;
    kind: string;
    healthy: boolean;
    reproduced: boolean;
    outcome: string;
  }[];
  readonly exitCode: number;
}

/**
 * Runs verify so that fixtures/ holds the refutation of the control and the counterexample of the false claim
 * (a refuted control's fixture is written only to an explicit --out).
 */
async function seedFixtures(): Promise<string[]> {
  const r = await runCli(
    ['verify', '--seed', '5', '--out', 'fixtures'],
    [trueClaim().claim, falseClaim().claim, boundControl().claim],
    cwd,
  );
  if (r.code !== 1) throw new Error(`verify should fail on the false claim: ${r.stderr}`);
  const files = filesUnder(cwd).filter((f) => f.endsWith('.json'));
  if (files.length !== 2) throw new Error(`expected two fixtures, got ${files.join(', ')}`);
  return files; // sorted: fake.x.at-most-100 (control) before fake.x.below-100 (claim)
}

describe('ufmcheck replay', () => {
  it('should replay a refuted control as healthy (exit 0) by its stored instance only', async () => {
    // Arrange
    const [controlFile] = await seedFixtures();
    const control = boundControl();
    // Act
    const r = await runCli(['replay', controlFile ?? '', '--json'], [control.claim], cwd);
    // Assert
    expect(r.code).toBe(0);
    expect(control.seen).toEqual([{ x: 101 }]);
    const out = JSON.parse(r.stdout) as ReplayJson;
    expect(out.fixtures).toEqual([
      expect.objectContaining({
        file: controlFile,
        claim: 'fake.x.at-most-100',
        kind: 'control',
        healthy: true,
        reproduced: true,
        outcome: 'refuted',
      }),
    ]);
  });

  it('should exit 1 replaying an unfixed claim counterexample, and 0 once the claim holds on it', async () => {
    // Arrange
    const [, claimFile = ''] = await seedFixtures();
    const fixed: Claim = { ...trueClaim().claim, id: 'fake.x.below-100', parseInstance: parseXK } as Claim;
    // Act
    const before = await runCli(['replay', claimFile], [falseClaim().claim], cwd);
    const after = await runCli(['replay', claimFile], [fixed], cwd);
    // Assert
    expect(before.code).toBe(1);
    expect(before.stdout).toContain(`FAIL ${claimFile}\n`);
    expect(before.stdout).toContain('instance:  {"x":100,"K":2}');
    expect(before.stdout).toContain('(reproduced)');
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('the claim holds on this former counterexample');
  });

  it('should exit 2 when the worst replay is inconclusive', async () => {
    // Arrange
    const [, claimFile = ''] = await seedFixtures();
    const uncertain: Claim = {
      ...falseClaim().claim,
      check: () => ({
        status: 'inconclusive',
        measured: 0,
        predicted: 0,
        tolerance: 0,
        margin: 0,
        why: 'not certified',
      }),
    } as Claim;
    // Act
    const r = await runCli(['replay', claimFile], [uncertain], cwd);
    // Assert
    expect(r.code).toBe(2);
  });

  it('should replay every fixture of a directory', async () => {
    // Arrange
    await seedFixtures();
    // Act
    const r = await runCli(['replay', 'fixtures', '--json'], [falseClaim().claim, boundControl().claim], cwd);
    // Assert
    const out = JSON.parse(r.stdout) as ReplayJson;
    expect(out.fixtures.map((f) => [f.claim, f.healthy])).toEqual([
      ['fake.x.at-most-100', true],
      ['fake.x.below-100', false],
    ]);
    expect(out.exitCode).toBe(1);
    expect(r.code).toBe(1);
  });

  it('should replay a file once when it is named directly and through its directory', async () => {
    // Arrange
    const [controlFile = ''] = await seedFixtures();
    // Act
    const r = await runCli(
      ['replay', controlFile, 'fixtures', '--json'],
      [falseClaim().claim, boundControl().claim],
      cwd,
    );
    // Assert
    expect((JSON.parse(r.stdout) as ReplayJson).fixtures.map((f) => f.file)).toHaveLength(2);
  });

  it('should not call an empty directory a clean pass (exit 2: nothing replayed)', async () => {
    // Arrange
    mkdirSync(join(cwd, 'fixtures'));
    // Act
    const r = await runCli(['replay', 'fixtures'], [], cwd);
    // Assert
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('no fixtures under fixtures');
  });

  it('should exit 64 naming the field of a malformed fixture named directly, before running any check', async () => {
    // Arrange
    await seedFixtures();
    writeFileSync(
      join(cwd, 'fixtures', 'fake.x.below-100', 'zz-broken.json'),
      JSON.stringify({ schema: 'ufmcheck/fixture@1' }),
    );
    const claim = falseClaim();
    // Act
    const r = await runCli(
      ['replay', 'fixtures/fake.x.below-100/zz-broken.json'],
      [claim.claim, boundControl().claim],
      cwd,
    );
    // Assert
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^ufmcheck: error: fixture\.claim: must be a non-empty string; got nothing \(missing\) \(in .*zz-broken\.json\)\n$/,
    );
    expect(claim.seen).toEqual([]);
  });

  it('should report and skip a malformed fixture inside a directory and replay the others', async () => {
    // Arrange
    await seedFixtures();
    writeFileSync(
      join(cwd, 'fixtures', 'fake.x.below-100', 'zz-broken.json'),
      JSON.stringify({ schema: 'ufmcheck/fixture@1' }),
    );
    const claim = falseClaim();
    // Act
    const r = await runCli(['replay', 'fixtures'], [claim.claim, boundControl().claim], cwd);
    // Assert: the false claim's counterexample still fails (1), and the broken file is named on stderr
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^ufmcheck: skipped fixtures\/fake\.x\.below-100\/zz-broken\.json: fixture\.claim: must be a non-empty string/,
    );
    expect(claim.seen.length).toBeGreaterThan(0);
  });

  it('should exit 64 naming the instance field that parseInstance rejects', async () => {
    // Arrange
    const [, claimFile = ''] = await seedFixtures();
    const text = (await import('node:fs')).readFileSync(join(cwd, claimFile), 'utf8').replace('"K": 2', '"K": "two"');
    writeFileSync(join(cwd, claimFile), text);
    // Act
    const r = await runCli(['replay', claimFile], [falseClaim().claim], cwd);
    // Assert
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/^ufmcheck: error: fixture\.instance\.K: must be an integer; got "two" \(in /);
  });

  it('should exit 64 for a missing path, no path, or an unknown flag', async () => {
    for (const argv of [['replay', 'nowhere.json'], ['replay'], ['replay', 'x', '--bogus']]) {
      // Act
      const r = await runCli(argv, [], cwd);
      // Assert
      expect(r.code, argv.join(' ')).toBe(64);
      expect(r.stderr).toMatch(/^ufmcheck: error: [^\n]+\n$/);
      expect(r.stdout).toBe('');
    }
  });
});
