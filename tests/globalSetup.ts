/**
 * One seed for the whole test run (issue 12 item 3): UFMCHECK_SEED when set, else one drawn here and printed, so
 * `npm test` passes in any CI as it is (GitHub Actions and GitLab set CI=true) and every failure can be replayed
 * with `UFMCHECK_SEED=<seed> npm test`. Runs once in vitest's main process before the workers start; the workers
 * inherit the variable, so the property tests (tests/properties/claimTests.ts), fast-check's global seed
 * (tests/setup.ts) and the CLI (src/cli/args.ts resolveSeed) all read the same value.
 */
import { randomInt } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Gives the run its own temporary directory (TMPDIR, which os.tmpdir() reads in every worker) and returns the
 * teardown that fails the run when a test left anything in it (issue 12 item 3: tests clean up after themselves),
 * then removes it whatever it holds.
 */
function privateTmp(): () => void {
  const previous = process.env['TMPDIR'];
  const dir = mkdtempSync(join(tmpdir(), 'ufmcheck-test-run-'));
  process.env['TMPDIR'] = dir;
  return () => {
    // tsx keeps its compile cache in TMPDIR (tsx-<uid>) when a test loads a .ts module through it: a tool's cache,
    // not a test's file.
    const left = readdirSync(dir).filter((f) => !/^tsx-\d+$/.test(f));
    rmSync(dir, { recursive: true, force: true });
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    if (left.length > 0)
      throw new Error(`tests left ${left.length} entries in the temporary directory: ${left.slice(0, 10).join(', ')}`);
  };
}

export default function setup(): () => void {
  const teardown = privateTmp();
  seed();
  return teardown;
}

function seed(): void {
  const given = process.env['UFMCHECK_SEED'];
  if (given !== undefined && given !== '') {
    if (!/^\d{1,10}$/.test(given) || Number(given) > 0xffff_ffff)
      throw new Error(`UFMCHECK_SEED must be an integer in [0, 4294967295]; got '${given}'`);
    process.stdout.write(`UFMCHECK_SEED=${given} (given)\n`);
    return;
  }
  const seed = randomInt(0, 0xffff_ffff);
  process.env['UFMCHECK_SEED'] = String(seed);
  process.stdout.write(`UFMCHECK_SEED=${seed} (drawn; replay with UFMCHECK_SEED=${seed} npm test)\n`);
}
