import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conjectures as registry } from '../../../properties/conjectures/index.ts';
import { falseClaim } from '../claim/fakes.ts';
import { filesUnder, runCli } from '../cli/harness.ts';
import { HIT_SUM } from './fakes.ts';

const FAKES = join(import.meta.dirname, 'fakes.ts');

let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-hunt-cli-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

interface HuntJson {
  readonly id: string;
  readonly tried: number;
  readonly hits: {
    index: number;
    instance: { problem: { K: number; d: number } };
    evidence: unknown;
    fixture: string;
    replay: string;
  }[];
  readonly inconclusive: number;
  readonly errors: number;
  readonly seconds: number;
  readonly shard: { index: number; count: number };
  readonly workers: number;
  readonly seed: number;
  readonly distribution: Record<string, { min: number; median: number; max: number; count: number }>;
  readonly exitCode: number;
}

function hunt(args: readonly string[], options: { tty?: boolean } = {}): ReturnType<typeof runCli> {
  return runCli(['hunt', ...args], [], cwd, options);
}

describe('ufmcheck hunt --list', () => {
  it('should print {"conjectures": [{id, cite, statement, ansatz?}]} for the registry, plus a --conjecture module', async () => {
    // Arrange / Act
    const plain = await hunt(['--list', '--json']);
    const withModule = await hunt(['--list', '--json', '--conjecture', FAKES]);
    // Assert
    expect(plain.code).toBe(0);
    const ansatz = (c: (typeof registry)[number]): object => {
      const a = (c as { ansatz?: string }).ansatz;
      return a !== undefined ? { ansatz: a } : {};
    };
    expect(JSON.parse(plain.stdout)).toEqual({
      conjectures: registry.map((c) => ({ id: c.id, cite: c.cite, statement: c.statement, ...ansatz(c) })),
    });
    // Every registered plain-UFM conjecture says what its symmetric configuration is.
    expect(
      (JSON.parse(plain.stdout) as { conjectures: { id: string; ansatz?: string }[] }).conjectures
        .filter((c) => /^(ce|landscape|imbalanced)\./.test(c.id))
        .every((c) => (c.ansatz ?? '') !== ''),
    ).toBe(true);
    const ids = (JSON.parse(withModule.stdout) as { conjectures: { id: string }[] }).conjectures.map((c) => c.id);
    expect(ids).toEqual([
      ...registry.map((c) => c.id),
      'fake.sum.below-22',
      'fake.never.hits',
      'fake.always.inconclusive',
      'fake.buggy.probe',
      'fake.busy.cpu',
      'fake.mechanism.two',
    ]);
    for (const c of (JSON.parse(withModule.stdout) as { conjectures: { id: string }[] }).conjectures.filter(
      (x) => x.id.startsWith('fake.') && x.id !== 'fake.mechanism.two',
    )) {
      expect(Object.keys(c)).toEqual(['id', 'cite', 'statement']);
    }
  });
});

describe('ufmcheck hunt ID', () => {
  it('should exit 1 on hits, print one JSON object, and save each shrunk hit as a fixture that replays healthy', async () => {
    // Arrange / Act
    const r = await hunt(['fake.sum.below-22', '--conjecture', FAKES, '--budget', '200', '--seed', '1', '--json']);
    // Assert
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as HuntJson;
    expect(Object.keys(j)).toEqual(
      expect.arrayContaining([
        'id',
        'tried',
        'hits',
        'inconclusive',
        'seconds',
        'shard',
        'workers',
        'seed',
        'distribution',
      ]),
    );
    expect([j.id, j.tried, j.seed, j.workers, j.shard, j.exitCode]).toEqual([
      'fake.sum.below-22',
      200,
      1,
      1,
      { index: 0, count: 1 },
      1,
    ]);
    expect(j.hits.length).toBeGreaterThan(0);
    for (const h of j.hits) {
      expect(h.instance.problem.K + h.instance.problem.d).toBe(HIT_SUM);
      expect(h.fixture).toBe(`fixtures/hunt/fake.sum.below-22/1-${h.index}.json`);
      expect(h.replay).toBe(`npx ufmcheck replay ${h.fixture}`);
    }
    expect(filesUnder(join(cwd, 'fixtures/hunt/fake.sum.below-22')).sort()).toEqual(
      j.hits.map((h) => `1-${h.index}.json`).sort(),
    );
    expect(j.distribution['K']?.count).toBe(200);
    expect(j.distribution['K']?.min).toBeGreaterThanOrEqual(2);
    expect(j.distribution['lambdaW']?.max).toBeLessThanOrEqual(0.1);

    // Act: replay one fixture and the whole directory
    const one = await runCli(['replay', j.hits[0]?.fixture ?? '', '--json'], [], cwd);
    const all = await runCli(['replay', 'fixtures', '--json'], [], cwd);
    // Assert
    expect(one.code).toBe(0);
    const items = (JSON.parse(all.stdout) as { fixtures: { kind: string; healthy: boolean; outcome: string }[] })
      .fixtures;
    expect(all.code).toBe(0);
    expect(items).toHaveLength(j.hits.length);
    expect(items.every((i) => i.kind === 'hunt' && i.healthy && i.outcome === 'hit')).toBe(true);
  });

  it('should print a text summary with counts, the hits and their replay commands, and the distribution table', async () => {
    // Arrange / Act
    const r = await hunt(['fake.sum.below-22', '--conjecture', FAKES, '--budget', '120', '--seed', '1']);
    // Assert
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^tried 120 instances in [\d.]+s \([\d.]+\/s\): \d+ hits?, \d+ no-hit, \d+ inconclusive, 0 errors$/m,
    );
    expect(r.stdout).toMatch(/^HIT at index \d+: K \+ d = 22 ≥ 22$/m);
    expect(r.stdout).toMatch(/^ {2}replay: {4}npx ufmcheck replay fixtures\/hunt\/fake\.sum\.below-22\/1-\d+\.json$/m);
    expect(r.stdout).toMatch(/^ {2}parameter +min +median +max +histogram$/m);
    expect(r.stdout).toMatch(/^ {2}lambdaW .* log /m);
    expect(r.stdout).toContain(
      `re-run: npx ufmcheck hunt fake.sum.below-22 --seed 1 --budget 120 --conjecture ${FAKES}`,
    );
    expect(r.stdout).toMatch(/exit 1: \d+ hits? — the conjecture is refuted/);
  });

  it('should exit 0 without hits and 2 when too many instances are inconclusive or probe errors', async () => {
    // Arrange / Act
    const never = await hunt(['fake.never.hits', '--conjecture', FAKES, '--budget', '30', '--seed', '2', '--json']);
    const undecided = await hunt([
      'fake.always.inconclusive',
      '--conjecture',
      FAKES,
      '--budget',
      '30',
      '--seed',
      '2',
      '--json',
    ]);
    const lenient = await hunt([
      'fake.always.inconclusive',
      '--conjecture',
      FAKES,
      '--budget',
      '30',
      '--seed',
      '2',
      '--max-inconclusive',
      '1',
    ]);
    const buggy = await hunt(['fake.buggy.probe', '--conjecture', FAKES, '--budget', '30', '--seed', '2']);
    // Assert
    expect(never.code).toBe(0);
    expect((JSON.parse(never.stdout) as HuntJson).hits).toEqual([]);
    expect(undecided.code).toBe(2);
    expect((JSON.parse(undecided.stdout) as HuntJson).inconclusive).toBe(30);
    expect(lenient.code).toBe(0);
    expect(buggy.code).toBe(2);
    expect(buggy.stdout).toMatch(
      /probe errors? \(a bug in the conjecture; counted as inconclusive for the exit code\)/,
    );
    expect(filesUnder(cwd)).toEqual([]);
  });

  it('should take the only conjecture of a module when ID is left out', async () => {
    // Arrange
    writeFileSync(join(cwd, 'one.ts'), `export { neverConjecture as default } from ${JSON.stringify(FAKES)};\n`);
    // Act
    const r = await hunt(['--conjecture', 'one.ts', '--budget', '5', '--seed', '3', '--json']);
    // Assert
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as HuntJson).id).toBe('fake.never.hits');
  });

  it('should draw a progress bar on a terminal only, and never with --quiet or --json', async () => {
    // Arrange
    const args = ['fake.never.hits', '--conjecture', FAKES, '--budget', '20', '--seed', '2'];
    // Act
    const tty = await hunt(args, { tty: true });
    const quiet = await hunt([...args, '--quiet'], { tty: true });
    const json = await hunt([...args, '--json'], { tty: true });
    const pipe = await hunt(args);
    // Assert
    expect(tty.stderr).toContain('hunt fake.never.hits ▕');
    expect(tty.stderr).toContain('20/20  100%');
    expect(tty.stderr.endsWith('\r\x1b[2K')).toBe(true);
    expect([quiet.stderr, json.stderr, pipe.stderr]).toEqual(['', '', '']);
  });
});

describe('ufmcheck hunt usage errors (exit 64, nothing written)', () => {
  it.each([
    [['fake.never.hits', '--budget', '10x'], '--budget: must be a number of runs'],
    [['fake.never.hits', '--budget', '0'], '--budget: runs must be in [1, 1000000000000]'],
    [['fake.never.hits', '--shard', '2/2'], '--shard: i must be < n'],
    [['fake.never.hits', '--workers', '0'], '--workers: must be an integer in [1, 256]'],
    [['fake.never.hits', '--seed', '-1'], '--seed: value starts with'],
    [['nope.nope'], "ID: unknown conjecture 'nope.nope'"],
    [[], 'ID: missing: name the conjecture to hunt'],
    [['a.b', 'c.d'], 'ID: give one conjecture id; got 2'],
    [['--list', 'a.b'], '--list: takes no ID'],
  ])('should reject %j', async (args, message) => {
    // Arrange / Act
    const r = await hunt([...args, '--conjecture', FAKES]);
    // Assert
    expect(r.code).toBe(64);
    expect(r.stderr).toContain(`ufmcheck: error: ${message}`);
    expect(r.stdout).toBe('');
    expect(filesUnder(cwd)).toEqual([]);
  });

  it('should name what a --conjecture module is missing, and reject a missing file', async () => {
    // Arrange
    writeFileSync(join(cwd, 'bad.mjs'), "export const conjecture = { id: 'me.bad', cite: 'c', statement: 's' };\n");
    // Act
    const bad = await hunt(['--conjecture', 'bad.mjs']);
    const missing = await hunt(['--conjecture', 'missing.ts']);
    // Assert
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain(
      "ufmcheck: error: --conjecture: bad.mjs: export 'conjecture' is not a Conjecture: missing 'arbitrary' (a fast-check Arbitrary); missing 'parseInstance'",
    );
    expect(bad.stderr).toContain("missing 'probe' (a function (instance) => Finding)");
    expect(missing.stderr).toBe("ufmcheck: error: --conjecture: 'missing.ts': no such file\n");
  });
});

describe('ufmcheck replay with hunt fixtures', () => {
  it('should report a hunt fixture that no longer hits as unhealthy (exit 1), next to claim fixtures', async () => {
    // Arrange: a hunt fixture and a claim fixture in one tree, then break the hunt fixture's instance
    const h = JSON.parse(
      (await hunt(['fake.sum.below-22', '--conjecture', FAKES, '--budget', '100', '--seed', '1', '--json'])).stdout,
    ) as HuntJson;
    const claim = falseClaim().claim;
    expect((await runCli(['verify', '--seed', '5', '--out', 'fixtures'], [claim], cwd)).code).toBe(1);
    const file = join(cwd, h.hits[0]?.fixture ?? '');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...stored, instance: { problem: { K: 2, d: 1, lambdaW: 0.1 }, seed: 0 } }));
    // Act
    const r = await runCli(['replay', 'fixtures', '--json'], [claim], cwd);
    const text = await runCli(['replay', h.hits[0]?.fixture ?? ''], [claim], cwd);
    // Assert
    expect(r.code, r.stderr).toBe(1);
    const items = (
      JSON.parse(r.stdout) as { fixtures: { kind: string; healthy: boolean; outcome: string; file: string }[] }
    ).fixtures;
    expect(items.filter((i) => i.kind === 'claim')).toHaveLength(1);
    expect(items.filter((i) => i.kind === 'hunt')).toHaveLength(h.hits.length);
    expect(items.find((i) => i.file === h.hits[0]?.fixture)).toMatchObject({
      healthy: false,
      outcome: 'no longer a hit',
    });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('NO LONGER A HIT');
    expect(text.stdout).toContain('the stored evidence does not reproduce');
  });
});
