/**
 * `ufmcheck merge` (issue 13 item 1): the merge of the shards of a run-budget hunt equals the unsharded hunt,
 * instance for instance; fixtures are copied and re-pointed; JUnit suites and verify results are combined; a
 * truncated shard result and a missing shard are warnings, not failures.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { boundControl, trueClaim } from '../claim/fakes.ts';
import { runCli } from './harness.ts';

const FAKES = join(import.meta.dirname, '..', 'hunt', 'fakes.ts');
const SEED = '20261204';
const RUNS = '240';

let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-merge-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

type Obj = Record<string, unknown>;

/** Runs `hunt fake.sum.below-22 --json` with extra args, saving the JSON as `file` (what a CI shard uploads). */
async function huntTo(file: string, extra: readonly string[]): Promise<Obj> {
  const r = await runCli(
    [
      'hunt',
      'fake.sum.below-22',
      '--conjecture',
      FAKES,
      '--seed',
      SEED,
      '--budget',
      RUNS,
      '--json',
      '--quiet',
      ...extra,
    ],
    [],
    cwd,
  );
  expect(r.code).toBe(1); // the fake conjecture has hits in 240 instances (K + d ≥ 22 on 6 of 132 (K, d) pairs)
  mkdirSync(join(cwd, file, '..'), { recursive: true });
  writeFileSync(join(cwd, file), r.stdout);
  return JSON.parse(r.stdout) as Obj;
}

/** The parts of a hunt result that say which instances were tried and what was found (not where or how fast). */
function substance(o: Obj): Obj {
  const hits = (o['hits'] as Obj[]).map(({ fixture: _f, replay: _r, ...h }) => h);
  const findings = o['findings'] as { groups: { witnesses: Obj[]; smallest: Obj }[] } & Obj;
  const strip = ({ fixture: _f, ...w }: Obj): Obj => w;
  return {
    ...Object.fromEntries(
      [
        'id',
        'cite',
        'statement',
        'tried',
        'noHit',
        'inconclusive',
        'errors',
        'errorSamples',
        'seed',
        'budget',
        'distribution',
        'space',
        'exitCode',
      ].map((k) => [k, o[k]]),
    ),
    hits,
    findings: {
      ...findings,
      groups: findings.groups.map((g) => ({ ...g, smallest: strip(g.smallest), witnesses: g.witnesses.map(strip) })),
    },
  };
}

describe('ufmcheck merge', () => {
  it('should merge the 3 shards of a run-budget hunt into exactly the unsharded hunt, instance for instance', async () => {
    // Arrange: the unsharded hunt, and its 3 shards (one on 2 workers) each with its own --out, as CI artifacts
    const whole = await huntTo('whole.json', ['--out', join(cwd, 'whole-fixtures')]);
    for (const i of [0, 1, 2])
      await huntTo(`artifacts/shard-${i}/hunt.json`, [
        '--shard',
        `${i}/3`,
        '--out',
        join(cwd, `artifacts/shard-${i}/fixtures`),
        ...(i === 1 ? ['--workers', '2'] : []),
      ]);
    // Act
    const r = await runCli(
      ['merge', 'artifacts', '--out', 'merged', '--json', '--no-report', '--conjecture', FAKES],
      [],
      cwd,
    );
    // Assert
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const merged = JSON.parse(readFileSync(join(cwd, 'merged', `hunt-fake.sum.below-22-${SEED}.json`), 'utf8')) as Obj;
    expect(merged['distributionExact']).toBe(true);
    expect(substance(merged)).toEqual(substance(whole));
    expect((merged['hits'] as Obj[]).length).toBeGreaterThan(0);
    // Every hit's fixture was copied, and its replay command points at the copy.
    for (const h of merged['hits'] as Obj[]) {
      const copy = JSON.parse(readFileSync(join(cwd, String(h['fixture'])), 'utf8')) as Obj;
      expect(copy['replay']).toBe(`npx ufmcheck replay ${String(h['fixture'])}`);
      expect(h['replay']).toBe(copy['replay']);
    }
    const totals = JSON.parse(r.stdout) as { hunts: Obj[]; fixtures: { copied: number } };
    expect(totals.hunts).toEqual([
      expect.objectContaining({ tried: 240, complete: true, shards: { count: 3, merged: [0, 1, 2], missing: [] } }),
    ]);
    expect(totals.fixtures.copied).toBe((merged['hits'] as Obj[]).length);
  }, 120_000);

  it('should warn about a missing shard and a truncated result, and still merge the rest', async () => {
    // Arrange
    await huntTo('a/shard-0.json', ['--shard', '0/3', '--out', join(cwd, 'a/fx')]);
    await huntTo('a/shard-1.json', ['--shard', '1/3', '--out', join(cwd, 'a/fx')]);
    writeFileSync(join(cwd, 'a', 'shard-2.json'), '{"id": "fake.sum.below-22", "hits": [');
    // Act
    const r = await runCli(['merge', 'a', '--out', 'm', '--no-report', '--conjecture', FAKES], [], cwd);
    // Assert
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/a\/shard-2\.json: skipped: not valid JSON/);
    expect(r.stderr).toMatch(/shard 2\/3 missing: the merge covers 2 of 3 shards/);
    expect(r.stdout).toMatch(/2\/3 shards \(INCOMPLETE\)/);
  }, 120_000);

  it('should combine JUnit suites with their totals and verify results, and render one report', async () => {
    // Arrange: two JUnit files and two verify results (as two CI jobs would upload)
    const suite = (name: string, tests: number, failures: number): string =>
      `<?xml version="1.0"?>\n<testsuite name="${name}" tests="${tests}" failures="${failures}" errors="0" time="1.5">\n<testcase name="x"/>\n</testsuite>\n`;
    mkdirSync(join(cwd, 'j1'));
    mkdirSync(join(cwd, 'j2'));
    writeFileSync(join(cwd, 'j1', 'junit.xml'), suite('one', 3, 0));
    writeFileSync(join(cwd, 'j2', 'junit.xml'), suite('two', 4, 1));
    const v = await runCli(['verify', '--seed', '1', '--json'], [trueClaim().claim, boundControl().claim], cwd);
    writeFileSync(join(cwd, 'j1', 'verify.json'), v.stdout);
    writeFileSync(join(cwd, 'j2', 'verify.json'), v.stdout);
    // Act
    const r = await runCli(['merge', 'j1', 'j2', '--out', 'm', '--json'], [], cwd);
    // Assert
    expect(r.code).toBe(1); // one JUnit failure
    const totals = JSON.parse(r.stdout) as { junit: Obj; verify: Obj; report: Obj };
    expect(totals.junit).toMatchObject({ files: 2, suites: 2, tests: 7, failures: 1, errors: 0 });
    const xml = readFileSync(join(cwd, 'm', 'junit.xml'), 'utf8');
    expect(xml).toMatch(/<testsuites name="ufmcheck \(merged\)" tests="7" failures="1" errors="0"/);
    expect(xml.match(/<testsuite /g)?.length).toBe(2);
    const claims = (JSON.parse(v.stdout) as { claims: unknown[] }).claims.length;
    expect(totals.verify).toMatchObject({ results: 2, claims: 2 * claims });
    expect(readFileSync(join(cwd, 'm', 'report', 'index.html'), 'utf8')).toMatch(/<html/i);
  }, 180_000);

  it('should reject a merge with nothing to merge (exit 64, naming DIR)', async () => {
    mkdirSync(join(cwd, 'empty'));
    const r = await runCli(['merge', 'empty', '--out', 'm'], [], cwd);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/^ufmcheck: error: DIR: nothing to merge/);
  });
});
