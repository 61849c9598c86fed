import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertClaim, readFixture } from '../../../src/claim/index.ts';
import { falseClaim, toothlessControl, trueClaim, boundControl, thrownAssertion } from './fakes.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('assertClaim', () => {
  it('should return the record of a claim that passes and of a control that is refuted', () => {
    // Act
    const rec = assertClaim(trueClaim().claim, { seed: 1, runs: 20 });
    const ctl = assertClaim(boundControl().claim, { seed: 1, runs: 20 });
    // Assert
    expect([rec.passed, rec.failed]).toEqual([20, 0]);
    expect(ctl.refuted).toBe(true);
  });

  it('should explain a failing claim: outcome, counterexample after shrinking, why, seed, fast-check path and replay', () => {
    // Act
    const e = thrownAssertion(() => assertClaim(falseClaim().claim, { seed: 5, runs: 50 }));
    // Assert
    expect(e.outcome).toBe('fail');
    expect(e.message).toMatch(
      /^fake\.x\.below-100: expected pass, got fail \(seed 5; \d+ runs: \d+ passed, [1-9]\d* failed/,
    );
    expect(e.message).toMatch(/\ncounterexample \(after \d+ shrinks\): \{"x":100,"K":2\}\n/); // fast-check shrinks to the boundary
    expect(e.message).toMatch(/\nwhy: x = 100 vs 100\n/);
    expect(e.message).toMatch(/\nfast-check: seed 5, path '[\d:]+'\n/);
    expect(e.message).toMatch(
      /\nreplay: UFMCHECK_SEED=5 \(runClaim\("fake\.x\.below-100", \{ seed: 5, runs: 50 \}\)\)$/,
    );
  });

  it('should give the CLI replay command for a registered claim and save the counterexample as a fixture when asked', () => {
    // Arrange
    const out = mkdtempSync(join(tmpdir(), 'ufm-assert-'));
    dir = out;
    // Act
    const e = thrownAssertion(() =>
      assertClaim(falseClaim().claim, { seed: 5, runs: 50, registered: true, fixtureDir: out }),
    );
    // Assert
    const fixtureLine = /\nfixture: (.+)\n/.exec(e.message)?.[1];
    expect(fixtureLine).toBeDefined();
    expect(readdirSync(out, { recursive: true }).some((f) => String(f).endsWith('.json'))).toBe(true);
    expect(readFixture(fixtureLine as string).instance).toEqual({ x: 100, K: 2 });
    expect(e.message).toMatch(/\nreplay: npx ufmcheck verify --claim fake\.x\.below-100 --seed 5 --runs 50$/);
  });

  it('should report a negative control that no instance refuted', () => {
    // Act
    const e = thrownAssertion(() => assertClaim(toothlessControl().claim, { seed: 2, runs: 10 }));
    // Assert
    expect(e.outcome).toBe('not-refuted');
    expect(e.message).toMatch(/expected refuted, got not-refuted/);
    expect(e.message).toMatch(/no instance refuted the control/);
  });

  it('should refuse a malformed UFMCHECK_SEED as the CLI does, naming the variable', () => {
    // Arrange
    const before = process.env['UFMCHECK_SEED'];
    process.env['UFMCHECK_SEED'] = '0x10';
    try {
      // Act / Assert
      expect(() => assertClaim(trueClaim().claim, { runs: 3 })).toThrow(/^UFMCHECK_SEED: must be an integer/);
    } finally {
      if (before === undefined) delete process.env['UFMCHECK_SEED'];
      else process.env['UFMCHECK_SEED'] = before;
    }
  });

  it('should take the seed from UFMCHECK_SEED when none is given', () => {
    // Arrange
    const before = process.env['UFMCHECK_SEED'];
    process.env['UFMCHECK_SEED'] = '77';
    try {
      // Act
      const rec = assertClaim(trueClaim().claim, { runs: 3 });
      // Assert
      expect(rec.seed).toBe(77);
    } finally {
      if (before === undefined) delete process.env['UFMCHECK_SEED'];
      else process.env['UFMCHECK_SEED'] = before;
    }
  });
});
