/**
 * Registers the registry's claims as vitest tests (one test per claim or control), run through the same
 * `runClaim` the CLI uses. The seed comes from UFMCHECK_SEED (given, or drawn once per run by tests/globalSetup.ts)
 * and is printed; UFMCHECK_RUNS overrides every claim's CI-sized default run count.
 *
 * Sharding: vitest's --shard=i/n distributes test FILES, so the claims are split over several files under
 * tests/properties/, each owning an explicit list of ids; tests/properties/coverage.test.ts proves every
 * registered claim is owned by exactly one file, so a sharded run neither loses nor repeats a claim.
 */
import { expect, it } from 'vitest';
import { assertClaim } from '../../src/claim/index.ts';
import { claims } from '../../properties/index.ts';

export const SEED = Number(process.env['UFMCHECK_SEED'] ?? 42);
const RUNS = process.env['UFMCHECK_RUNS'] === undefined ? undefined : Number(process.env['UFMCHECK_RUNS']);

/** Declares one test per claim id in `ids` (each must be registered). */
export function claimTests(ids: readonly string[]): void {
  for (const id of ids) {
    const claim = claims.find((c) => c.id === id);
    it(`should ${claim?.kind === 'control' ? 'refute the negative control' : 'confirm the claim'} ${id}`, () => {
      expect(claim, `claim ${id} is not registered`).toBeDefined();
      if (claim === undefined) return;
      // Throws with the counterexample, why, seed and replay command when the outcome is not the expected one.
      assertClaim(claim, { seed: SEED, runs: RUNS ?? claim.defaultRuns, registered: true });
    });
  }
}
