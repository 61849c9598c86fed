import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/claim/index.ts';
import {
  HUNT_FIXTURE_SCHEMA,
  isHuntFixtureFile,
  parseHuntFixture,
  readHuntFixture,
  replayHuntFixture,
  resolveHuntFixture,
  runHunt,
  writeHuntFixture,
  type HuntHit,
} from '../../../src/hunt/index.ts';
import { huntReplayLabel } from '../../../src/cli/format/huntReplay.ts';
import { mechanismConjecture, neverConjecture, sumConjecture, type FakeInstance } from './fakes.ts';

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
    const w = writeHuntFixture('fixtures/hunt', hit, {
      id: sumConjecture.id,
      seed: 1,
      createdBy: 'npx ufmcheck hunt fake.sum.below-22 --seed 1 --budget 100',
      cwd,
      module: 'tests/unit/hunt/fakes.ts',
    });
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
    const thrown = replayHuntFixture(
      f,
      {
        ...sumConjecture,
        probe: () => {
          throw new Error('boom');
        },
      },
      instance,
    );
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
    expect(() => resolveHuntFixture(f, [neverConjecture])).toThrow(
      "fixture.conjecture: unknown conjecture id 'fake.sum.below-22'",
    );
    const bad = parseHuntFixture({ ...good, instance: { problem: { K: 'x' } } });
    expect(() => resolveHuntFixture(bad, [sumConjecture])).toThrow(/^fixture\.instance\.problem\.K: /);
    writeFileSync(join(cwd, 'claim.json'), JSON.stringify({ schema: 'ufmcheck/fixture@1' }));
    expect(isHuntFixtureFile(join(cwd, 'claim.json'))).toBe(false);
    expect(HUNT_FIXTURE_SCHEMA).toBe('ufmcheck/hunt-fixture@2');
  });

  it('should store the mechanism, the point and its metrics (schema @2) and read them back', () => {
    // Arrange
    const hit = runHunt(mechanismConjecture, { seed: 1, budget: { kind: 'runs', runs: 50 } }).hits[0];
    if (hit === undefined) throw new Error('the two-mechanism fake should hit within 50 instances at seed 1');
    // Act
    const w = writeHuntFixture('out', hit, { id: mechanismConjecture.id, seed: 1, createdBy: 'x', cwd });
    const back = readHuntFixture(w.file);
    const raw = JSON.parse(readFileSync(w.file, 'utf8')) as Record<string, unknown>;
    // Assert
    expect(raw['schema']).toBe('ufmcheck/hunt-fixture@2');
    expect(back.mechanism).toEqual({
      signature: hit.analysis.signature,
      description: hit.analysis.description,
      flags: hit.analysis.flags,
    });
    expect(back.point).toEqual({
      W: [[(hit.instance as unknown as FakeInstance).problem.K, (hit.instance as unknown as FakeInstance).problem.d]],
    });
    expect(back.metrics).toEqual({ nc1: 0 });
    expect(Object.keys(raw)).toEqual([
      'schema',
      'conjecture',
      'hunt',
      'fastCheck',
      'instance',
      'original',
      'finding',
      'mechanism',
      'point',
      'metrics',
      'replay',
      'createdBy',
    ]);
  });

  it('should still read and replay schema-1 fixtures (no mechanism, point or metrics), and reject the new fields there', () => {
    // Arrange
    const w = writeHuntFixture('out', firstHit(), { id: sumConjecture.id, seed: 1, createdBy: 'x', cwd });
    const {
      mechanism: _m,
      point: _p,
      metrics: _x,
      ...rest
    } = JSON.parse(readFileSync(w.file, 'utf8')) as Record<string, unknown>;
    const v1 = { ...rest, schema: 'ufmcheck/hunt-fixture@1' };
    writeFileSync(join(cwd, 'v1.json'), JSON.stringify(v1));
    // Act
    const f = readHuntFixture(join(cwd, 'v1.json'));
    const r = replayHuntFixture(f, sumConjecture, sumConjecture.parseInstance(f.instance));
    // Assert
    expect(isHuntFixtureFile(join(cwd, 'v1.json'))).toBe(true);
    expect(f.schema).toBe('ufmcheck/hunt-fixture@1');
    expect(f.mechanism).toBeUndefined();
    expect([r.healthy, r.sameMechanism]).toEqual([true, true]);
    expect(() => parseHuntFixture({ ...v1, mechanism: { signature: 'x', description: 'y', flags: [] } })).toThrow(
      /^fixture\.mechanism: unknown field/,
    );
  });

  it('should reject a schema-2 fixture with a missing or malformed mechanism, point or metrics, naming the field', () => {
    // Arrange
    const hit = runHunt(mechanismConjecture, { seed: 1, budget: { kind: 'runs', runs: 50 } }).hits[0];
    if (hit === undefined) throw new Error('no hit');
    const good = JSON.parse(
      readFileSync(
        writeHuntFixture('out', hit, { id: mechanismConjecture.id, seed: 1, createdBy: 'x', cwd }).file,
        'utf8',
      ),
    ) as Record<string, unknown>;
    const field = (u: unknown): string => {
      try {
        parseHuntFixture(u);
      } catch (e) {
        if (e instanceof UsageError) return e.field;
      }
      return 'accepted';
    };
    const { mechanism: _m, ...noMechanism } = good;
    const { point: _p, ...noPoint } = good;
    // Act / Assert
    expect(field(good)).toBe('accepted');
    expect(field({ ...good, point: null, metrics: null })).toBe('accepted');
    expect(field(noMechanism)).toBe('fixture.mechanism');
    expect(field({ ...good, mechanism: { signature: '', description: 'd', flags: [] } })).toBe(
      'fixture.mechanism.signature',
    );
    expect(field({ ...good, mechanism: { signature: 's', description: 'd', flags: [1] } })).toBe(
      'fixture.mechanism.flags',
    );
    expect(field(noPoint)).toBe('fixture.point');
    expect(field({ ...good, metrics: [1, 2] })).toBe('fixture.metrics');
  });

  it('should replay a hit whose mechanism changed as unhealthy, labelled OTHER MECHANISM', () => {
    // Arrange: a stored 'wide' hit whose fixture claims the 'thin' mechanism
    const hit = runHunt(mechanismConjecture, { seed: 1, budget: { kind: 'runs', runs: 50 } }).hits.find(
      (h) => h.analysis.signature === 'wide',
    );
    if (hit === undefined) throw new Error('no wide hit');
    const f = readHuntFixture(
      writeHuntFixture('out', hit, { id: mechanismConjecture.id, seed: 1, createdBy: 'x', cwd }).file,
    );
    const relabelled = { ...f, mechanism: { signature: 'thin', description: 'x', flags: [] } };
    // Act
    const same = replayHuntFixture(f, mechanismConjecture, mechanismConjecture.parseInstance(f.instance));
    const other = replayHuntFixture(relabelled, mechanismConjecture, mechanismConjecture.parseInstance(f.instance));
    // Assert
    expect([same.healthy, same.sameMechanism, huntReplayLabel(same)]).toEqual([true, true, 'hit']);
    expect([other.healthy, other.sameMechanism, other.finding.status, huntReplayLabel(other)]).toEqual([
      false,
      false,
      'hit',
      'OTHER MECHANISM',
    ]);
    expect(other.analysis?.signature).toBe('wide');
  });
});
