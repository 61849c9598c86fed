import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  listFixtureFiles,
  loadFixtures,
  readFixture,
  replayFixture,
  runClaim,
  writeFixture,
  type Claim,
} from '../../../src/claim/index.ts';
import { UsageError } from '../../../src/core/index.ts';
import { boundControl, falseClaim, trueClaim } from './fakes.ts';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ufmcheck-replay-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes the fixture of a fresh run of `claim` and returns its path. */
function fixtureFile(claim: Claim, seed: number): string {
  return writeFixture(dir, runClaim(claim, { seed, runs: 100 }), { cwd: dir }).file;
}

describe('replayFixture', () => {
  it('should find a control still refuted on its stored instance: reproduced and healthy', () => {
    // Arrange
    const control = boundControl();
    const file = fixtureFile(control.claim, 3);
    control.seen.length = 0;
    // Act
    const r = replayFixture(readFixture(file), [control.claim]);
    // Assert: exactly one check, on the stored instance — no generator involved
    expect(control.seen).toEqual([{ x: 101 }]);
    expect(r.verdict.status).toBe('fail');
    expect(r).toMatchObject({ reproduced: true, healthy: true });
  });

  it('should reproduce a claim failure (not healthy), and call the same fixture healthy once the claim is fixed', () => {
    // Arrange
    const broken = falseClaim().claim;
    const fixed: Claim = { ...trueClaim().claim, id: broken.id, parseInstance: broken.parseInstance } as Claim;
    const fixture = readFixture(fixtureFile(broken, 5));
    // Act
    const before = replayFixture(fixture, [broken]);
    const after = replayFixture(fixture, [fixed]);
    // Assert
    expect(before).toMatchObject({ reproduced: true, healthy: false });
    expect(after.verdict.status).toBe('pass');
    expect(after).toMatchObject({ reproduced: false, healthy: true });
  });

  it('should prefix the instance field named by parseInstance with fixture.instance', () => {
    // Arrange
    const claim = falseClaim().claim;
    const fixture = { ...readFixture(fixtureFile(claim, 5)), instance: { x: 'a', K: 2 } };
    // Act
    let caught: unknown;
    try {
      replayFixture(fixture, [claim]);
    } catch (e) {
      caught = e;
    }
    // Assert
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).field).toBe('fixture.instance.x');
  });

  it('should reject an unknown claim id and a kind that disagrees with the registry', () => {
    // Arrange
    const claim = falseClaim().claim;
    const fixture = readFixture(fixtureFile(claim, 5));
    // Act / Assert
    expect(() => replayFixture(fixture, [trueClaim().claim])).toThrow(
      /^fixture\.claim: unknown claim id 'fake\.x\.below-100'/,
    );
    expect(() => replayFixture({ ...fixture, kind: 'control' }, [claim])).toThrow(/^fixture\.kind: /);
  });
});

describe('listFixtureFiles / loadFixtures', () => {
  it('should list the JSON files of a directory recursively, sorted, and take a file as given', () => {
    // Arrange
    const a = fixtureFile(falseClaim().claim, 5);
    const b = fixtureFile(boundControl().claim, 3);
    writeFileSync(join(dir, 'notes.txt'), 'x');
    // Act / Assert
    expect(listFixtureFiles(dir)).toEqual([a, b].sort());
    expect(listFixtureFiles(a)).toEqual([a]);
    expect(() => listFixtureFiles(join(dir, 'missing'))).toThrow(UsageError);
  });

  it('should refuse the whole set, naming the file, when one fixture is malformed', () => {
    // Arrange
    fixtureFile(falseClaim().claim, 5);
    fixtureFile(boundControl().claim, 3);
    writeFileSync(join(dir, 'zz.json'), '[]');
    // Act / Assert
    expect(() => loadFixtures([dir], [falseClaim().claim, boundControl().claim])).toThrow(
      /^fixture: must be an object; got \[\] \(in .*zz\.json\)$/,
    );
  });
});
