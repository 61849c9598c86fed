import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HUNT_FIXTURE_SCHEMA,
  isHuntFixtureFile,
  parseHuntFixture,
  readHuntFixture,
  replayHuntFixture,
  resolveHuntFixture,
  runHunt,
  UsageError,
  writeHuntFixture,
  type HuntHit,
} from '../../../src/claim/index.ts';
import { neverConjecture, sumConjecture } from './fakes.ts';

let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-hunt-fixture-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function firstHit(): HuntHit {
  const h = runHunt(sumConjecture, { seed: 1, budget: { kind: 'runs', runs: 100 } }).hits[0];
  if (h === undefined) throw new Error('the fake should hit within 100 instances at seed 1');
  return h;
}

describe('hunt fixtures', () => {
  it('should write a hit to <out>/<id>/<seed>-<index>.json with its replay command, and read it back', () => {
    // Arrange
    const hit = firstHit();
    // Act
    const w = writeHuntFixture('fixtures/hunt', hit, { id: sumConjecture.id, seed: 1, createdBy: 'npx ufmcheck hunt fake.sum.below-22 --seed 1 --budget 100', cwd, module: 'tests/unit/hunt/fakes.ts' });
    const back = readHuntFixture(w.file);
    // Assert
    expect(w.display).toBe(`fixtures/hunt/fake.sum.below-22/1-${hit.index}.json`);
    expect(back).toEqual(JSON.parse(readFileSync(w.file, 'utf8')));
    expect(back.replay).toBe(`npx ufmcheck replay ${w.display}`);
    expect(back.finding.evidence).toEqual({ sum: 22, bound: 22, ratio: 'Infinity' }); // non-finite numbers are stored as strings
    expect(back.hunt).toEqual({ seed: 1, index: hit.index });
    expect(back.fastCheck.seed).toBe(hit.fcSeed);
    expect(back.module).toBe('tests/unit/hunt/fakes.ts');
    expect(isHuntFixtureFile(w.file)).toBe(true);
  });

  it('should be healthy while the probe still hits, and not once the instance no longer hits', () => {
    // Arrange
    const w = writeHuntFixture('out', firstHit(), { id: sumConjecture.id, seed: 1, createdBy: 'x', cwd });
    const f = readHuntFixture(w.file);
    const { conjecture, instance } = resolveHuntFixture(f, [sumConjecture]);
    const changed = parseHuntFixture({ ...f, instance: { problem: { K: 2, d: 1, lambdaW: 0.1 }, seed: 0 } });
    // Act
    const healthy = replayHuntFixture(f, conjecture, instance);
    const stale = replayHuntFixture(changed, sumConjecture, sumConjecture.parseInstance(changed.instance));
    const thrown = replayHuntFixture(f, { ...sumConjecture, probe: () => { throw new Error('boom'); } }, instance);
    // Assert
    expect([healthy.healthy, healthy.reproduced, healthy.finding.status]).toEqual([true, true, 'hit']);
    expect([stale.healthy, stale.reproduced, stale.finding.status]).toEqual([false, false, 'no-hit']);
    expect(thrown.healthy).toBe(false);
    expect(thrown.error).toBe('probe threw: Error: boom');
  });

  it('should reject malformed fixtures naming the field, and unknown conjectures or bad instances on resolve', () => {
    // Arrange
    const w = writeHuntFixture('out', firstHit(), { id: sumConjecture.id, seed: 1, createdBy: 'x', cwd });
    const good = JSON.parse(readFileSync(w.file, 'utf8')) as Record<string, unknown>;
    const field = (u: unknown): string => {
      try {
        parseHuntFixture(u);
      } catch (e) {
        if (e instanceof UsageError) return e.field;
      }
      return 'accepted';
    };
    // Act / Assert
    expect(field(good)).toBe('accepted');
    expect(field({ ...good, extra: 1 })).toBe('fixture.extra');
    expect(field({ ...good, schema: 'ufmcheck/fixture@1' })).toBe('fixture.schema');
    expect(field({ ...good, hunt: { seed: 1, index: -1 } })).toBe('fixture.hunt.index');
    expect(field({ ...good, fastCheck: { seed: 1, path: 'x', version: '4' } })).toBe('fixture.fastCheck.path');
    expect(field({ ...good, finding: { status: 'maybe', evidence: null, why: '' } })).toBe('fixture.finding');
    expect(field({ ...good, replay: 'rm -rf /' })).toBe('fixture.replay');
    const { original: _o, ...noOriginal } = good;
    expect(field(noOriginal)).toBe('fixture.original');
    const f = parseHuntFixture(good);
    expect(() => resolveHuntFixture(f, [neverConjecture])).toThrow("fixture.conjecture: unknown conjecture id 'fake.sum.below-22'");
    const bad = parseHuntFixture({ ...good, instance: { problem: { K: 'x' } } });
    expect(() => resolveHuntFixture(bad, [sumConjecture])).toThrow(/^fixture\.instance\.problem\.K: /);
    writeFileSync(join(cwd, 'claim.json'), JSON.stringify({ schema: 'ufmcheck/fixture@1' }));
    expect(isHuntFixtureFile(join(cwd, 'claim.json'))).toBe(false);
    expect(HUNT_FIXTURE_SCHEMA).toBe('ufmcheck/hunt-fixture@2');
  });
});
