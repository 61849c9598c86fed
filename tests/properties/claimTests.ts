/**
 * Registers the registry's claims as vitest tests (one test per claim or control), run through the same
 * `runClaim` the CLI uses. The seed comes from UFMCHECK_SEED (given, or drawn once per run by tests/globalSetup.ts)
 * and is printed; UFMCHECK_RUNS overrides every claim's CI-sized default run count.
 *
 * Sharding: vitest's --shard=i/n distributes test FILES, so the claims are split over several files under
 * tests/properties/, each owning the registered claims whose ids start with its id prefixes (a family such as
 * 'saddle.'); a new claim in an existing family is tested without touching any test file.
 * tests/properties/coverage.test.ts proves every registered claim is owned by exactly one file, so a sharded run
 * neither loses nor repeats a claim.
 */
import { expect, it } from 'vitest';
import { assertClaim, resolveSeed } from '../../src/claim/index.ts';
import type { Claim } from '../../src/claim/index.ts';
import { claims } from '../../properties/index.ts';

export const SEED = resolveSeed(undefined, process.env, () => 42).seed;
const RUNS = process.env['UFMCHECK_RUNS'] === undefined ? undefined : Number(process.env['UFMCHECK_RUNS']);

/** The registered claims whose id starts with one of `prefixes`, in registry order. */
export function ownedClaims(prefixes: readonly string[]): Claim[] {
  return claims.filter((c) => prefixes.some((p) => c.id.startsWith(p)));
}

/** Declares one test per registered claim whose id starts with one of `prefixes` (each prefix must match one). */
export function claimTests(prefixes: readonly string[]): void {
  for (const prefix of prefixes) {
    it(`should own registered claims under '${prefix}'`, () => {
      expect(ownedClaims([prefix]).length, `no registered claim id starts with '${prefix}'`).toBeGreaterThan(0);
    });
  }
  for (const claim of ownedClaims(prefixes)) {
    it(`should ${claim.kind === 'control' ? 'refute the negative control' : 'confirm the claim'} ${claim.id}`, () => {
      // Throws with the counterexample, why, seed and replay command when the outcome is not the expected one.
      assertClaim(claim, { seed: SEED, runs: RUNS ?? claim.defaultRuns, registered: true });
    });
  }
}
