/**
 * One seed for the whole test run (issue 12 item 3): UFMCHECK_SEED when set, else one drawn here and printed, so
 * `npm test` passes in any CI as it is (GitHub Actions and GitLab set CI=true) and every failure can be replayed
 * with `UFMCHECK_SEED=<seed> npm test`. Runs once in vitest's main process before the workers start; the workers
 * inherit the variable, so the property tests (tests/properties/claimTests.ts), fast-check's global seed
 * (tests/setup.ts) and the CLI (src/cli/args.ts resolveSeed) all read the same value.
 */
import { randomInt } from 'node:crypto';

export default function setup(): void {
  const given = process.env['UFMCHECK_SEED'];
  if (given !== undefined && given !== '') {
    if (!/^\d{1,10}$/.test(given) || Number(given) > 0xffff_ffff) throw new Error(`UFMCHECK_SEED must be an integer in [0, 4294967295]; got '${given}'`);
    process.stdout.write(`UFMCHECK_SEED=${given} (given)\n`);
    return;
  }
  const seed = randomInt(0, 0xffff_ffff);
  process.env['UFMCHECK_SEED'] = String(seed);
  process.stdout.write(`UFMCHECK_SEED=${seed} (drawn; replay with UFMCHECK_SEED=${seed} npm test)\n`);
}
