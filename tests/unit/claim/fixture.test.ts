import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FIXTURE_SCHEMA,
  fixtureOf,
  fixtureRelativePath,
  parseFixture,
  readFixture,
  runClaim,
  writeFileAtomic,
  writeFixture,
  type RunRecord,
} from '../../../src/claim/index.ts';
import { UsageError } from '../../../src/core/index.ts';
import { boundControl, falseClaim } from './fakes.ts';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ufmcheck-fixture-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Every file under `root`, relative, sorted. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8', withFileTypes: false }).sort();
}

/** A well-formed fixture object (from a real run) for mutation tests. */
function goodFixtureJson(): Record<string, unknown> {
  const r = runClaim(falseClaim().claim, { seed: 42, runs: 100 });
  return JSON.parse(JSON.stringify(fixtureOf(r, 'fixtures/x.json', 'test'))) as Record<string, unknown>;
}

describe('fixtureRelativePath', () => {
  it('should name the file <id>/<seed>-<path>.json with the path colons made file-system safe', () => {
    expect(fixtureRelativePath('ce.global-min.simplex-etf', 42, '3:0:12')).toBe(
      'ce.global-min.simplex-etf/42-3_0_12.json',
    );
    expect(fixtureRelativePath('../evil/id', 1, '0')).toBe('.._evil_id/1-0.json');
    expect(fixtureRelativePath('..', 1, '0')).toBe('_../1-0.json');
  });
});

describe('writeFixture / readFixture', () => {
  it('should write the counterexample where the replay command says and read it back unchanged', () => {
    // Arrange
    const r = runClaim(falseClaim().claim, { seed: 42, runs: 100 });
    // Act
    const w = writeFixture('fixtures', r, { cwd: dir });
    const back = readFixture(w.file);
    // Assert
    const path = r.counterexample?.path ?? '';
    const rel = `fixtures/fake.x.below-100/42-${path.replace(/:/g, '_')}.json`;
    expect(w.file).toBe(join(dir, rel));
    expect(w.display).toBe(rel);
    expect(back).toEqual(w.fixture);
    expect(back).toMatchObject({
      schema: FIXTURE_SCHEMA,
      claim: 'fake.x.below-100',
      kind: 'claim',
      fastCheck: { seed: 42, path, version: r.fastCheckVersion },
      instance: { x: 100, K: 2 },
      verdict: { status: 'fail', measured: 101, predicted: 100, tolerance: 0, margin: 1.01 },
      replay: `npx ufmcheck replay ${rel}`,
      createdBy: 'npx ufmcheck verify --claim fake.x.below-100 --seed 42 --runs 100',
    });
    expect(filesUnder(dir)).toEqual(['fixtures', 'fixtures/fake.x.below-100', rel]); // no temporary file left behind
  });

  it('should write identical bytes for the same seed (re-running overwrites with the same file)', () => {
    // Arrange
    const w1 = writeFixture(dir, runClaim(falseClaim().claim, { seed: 8, runs: 100 }), { cwd: dir });
    const bytes1 = readFileSync(w1.file, 'utf8');
    // Act
    const w2 = writeFixture(dir, runClaim(falseClaim().claim, { seed: 8, runs: 100 }), { cwd: dir });
    // Assert
    expect(w2.file).toBe(w1.file);
    expect(readFileSync(w2.file, 'utf8')).toBe(bytes1);
  });

  it('should keep non-finite verdict numbers through the round trip', () => {
    // Arrange
    const base = runClaim(boundControl().claim, { seed: 1, runs: 100 });
    const ce = base.counterexample;
    if (ce === undefined) throw new Error('control not refuted');
    const r: RunRecord = {
      ...base,
      counterexample: { ...ce, verdict: { ...ce.verdict, margin: Infinity, measured: Number.NaN } },
    };
    // Act
    const back = readFixture(writeFixture(dir, r, { cwd: dir }).file);
    // Assert
    expect(back.verdict.margin).toBe(Infinity);
    expect(back.verdict.measured).toBeNaN();
    expect(back.kind).toBe('control');
  });

  it('should refuse an instance that JSON cannot hold, before writing', () => {
    // Arrange
    const base = runClaim(falseClaim().claim, { seed: 1, runs: 100 });
    const ce = base.counterexample;
    if (ce === undefined) throw new Error('claim not refuted');
    const r: RunRecord = { ...base, counterexample: { ...ce, instance: { x: Number.NaN } } };
    // Act / Assert
    expect(() => writeFixture(dir, r, { cwd: dir })).toThrow(/instance\.x: non-finite number NaN/);
    expect(filesUnder(dir)).toEqual([]);
  });

  it('should name the missing or malformed field of a fixture', () => {
    // Arrange: [mutation, expected field]
    const cases: [(f: Record<string, unknown>) => void, string][] = [
      [(f) => delete f['schema'], 'fixture.schema'],
      [(f) => (f['schema'] = 'ufmcheck/fixture@2'), 'fixture.schema'],
      [(f) => (f['claim'] = ''), 'fixture.claim'],
      [(f) => (f['kind'] = 'conjecture'), 'fixture.kind'],
      [(f) => (f['fastCheck'] = 3), 'fixture.fastCheck'],
      [(f) => ((f['fastCheck'] as Record<string, unknown>)['seed'] = -1), 'fixture.fastCheck.seed'],
      [(f) => ((f['fastCheck'] as Record<string, unknown>)['seed'] = 2 ** 32), 'fixture.fastCheck.seed'],
      [(f) => ((f['fastCheck'] as Record<string, unknown>)['path'] = '3:a'), 'fixture.fastCheck.path'],
      [(f) => delete (f['fastCheck'] as Record<string, unknown>)['version'], 'fixture.fastCheck.version'],
      [(f) => delete f['instance'], 'fixture.instance'],
      [(f) => ((f['verdict'] as Record<string, unknown>)['status'] = 'ok'), 'fixture.verdict.status'],
      [(f) => ((f['verdict'] as Record<string, unknown>)['margin'] = 'big'), 'fixture.verdict.margin'],
      [(f) => delete (f['verdict'] as Record<string, unknown>)['measured'], 'fixture.verdict.measured'],
      [(f) => ((f['verdict'] as Record<string, unknown>)['why'] = 1), 'fixture.verdict.why'],
      [(f) => ((f['verdict'] as Record<string, unknown>)['details'] = []), 'fixture.verdict.details'],
      [(f) => (f['replay'] = 'rm -rf /'), 'fixture.replay'],
      [(f) => delete f['createdBy'], 'fixture.createdBy'],
      [(f) => (f['extra'] = 1), 'fixture.extra'],
    ];
    for (const [mutate, field] of cases) {
      const f = goodFixtureJson();
      mutate(f);
      // Act
      let caught: unknown;
      try {
        parseFixture(f);
      } catch (e) {
        caught = e;
      }
      // Assert
      expect(caught, field).toBeInstanceOf(UsageError);
      expect((caught as UsageError).field).toBe(field);
    }
    expect(() => parseFixture(goodFixtureJson())).not.toThrow();
  });

  it('should name the file when it is missing or not JSON, and add it to field errors', () => {
    // Arrange
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"schema": ');
    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ ...goodFixtureJson(), kind: 'x' }));
    // Act / Assert
    expect(() => readFixture(join(dir, 'none.json'))).toThrow(`${join(dir, 'none.json')}: no such file`);
    expect(() => readFixture(bad)).toThrow(new RegExp(`^${bad}: not valid JSON`));
    expect(() => readFixture(wrong)).toThrow(`fixture.kind: must be 'claim' or 'control'; got "x" (in ${wrong})`);
  });
});

describe('writeFileAtomic', () => {
  it('should replace an existing file whole and leave no temporary file', () => {
    // Arrange
    const f = join(dir, 'sub', 'report.xml');
    writeFileAtomic(f, 'old');
    // Act
    writeFileAtomic(f, 'new contents');
    // Assert
    expect(readFileSync(f, 'utf8')).toBe('new contents');
    expect(filesUnder(dir)).toEqual(['sub', 'sub/report.xml']);
  });

  it('should leave the target untouched and no temporary file when the write fails', () => {
    // Arrange: the target is an existing directory, so the final rename fails
    const target = join(dir, 'taken');
    writeFileAtomic(join(target, 'inside.txt'), 'keep');
    // Act / Assert
    expect(() => writeFileAtomic(target, 'x')).toThrow();
    expect(filesUnder(dir)).toEqual(['taken', 'taken/inside.txt']);
  });
});
