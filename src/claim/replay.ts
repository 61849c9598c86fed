/**
 * Replaying a fixture: `claim.check(claim.parseInstance(fixture.instance))`, nothing else — replay never depends
 * on the generators, so a fixture stays valid when the arbitraries change.
 *
 * What a replay should show, and what `npm test` should assert (the rule is the same as `verify`'s exit 0:
 * claims hold, controls are refuted):
 * - **Control fixture** (a refutation of a negative control, the evidence that the suite can tell the false
 *   statement from the true one): the control must still be refuted — verdict `fail`, `reproduced` and `healthy`
 *   are both true. If it stops failing, the check has lost the power to see that falsehood: a regression.
 * - **Claim fixture** (a true claim failed: a bug in a solver, a tolerance, or the theory). Right after `verify`
 *   writes it, a replay reproduces the failure (`reproduced`, not `healthy`, exit 1) — that is what the developer
 *   replays to debug. Once fixed, the fixture is kept as a regression test and must pass (`healthy`: verdict
 *   `pass`; inconclusive is not a pass). So `npm test` asserts `healthy` for every fixture in fixtures/: a
 *   committed claim fixture keeps CI red until its bug is fixed, then guards against the bug's return.
 * `reproduced` (the stored status came back) is reported for information; `healthy` is the assertion.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/index.ts';
import type { Claim, Json, Verdict } from './claim.ts';
import { readFixture, usageDetail, type Fixture } from './fixture.ts';
import { errorMessage, errorVerdict } from './run.ts';
import { lossVariantFor } from './lossVariants.ts';

/** The outcome of one replay. */
export interface ReplayResult {
  readonly fixture: Fixture;
  readonly claim: Claim;
  /** The verdict now (an error verdict when the check threw). */
  readonly verdict: Verdict;
  /** Present when the check threw: the message. */
  readonly error?: string;
  /** The stored verdict's status came back (for the fixtures `verify` writes: the instance fails again). */
  readonly reproduced: boolean;
  /** The suite is healthy on this instance: a claim passes, a control is still refuted (fail, no throw). */
  readonly healthy: boolean;
  readonly seconds: number;
}

/** A fixture resolved against a registry, ready to check. */
export interface ResolvedFixture {
  readonly fixture: Fixture;
  readonly claim: Claim;
  readonly instance: Json;
}

/**
 * Finds the fixture's claim in `registry` and parses its instance with `claim.parseInstance`.
 *
 * @param fixture - a validated fixture
 * @param registry - the claims (usually properties/index.ts)
 * @returns the claim and typed instance
 * @throws {UsageError} `fixture.claim` for an unknown id, `fixture.kind` when the kind disagrees with the registry,
 *   `fixture.instance.<field>` when parseInstance rejects the instance
 */
export function resolveFixture(fixture: Fixture, registry: readonly Claim[]): ResolvedFixture {
  // `<claim>.with-<loss>` ids written by verify --loss resolve to the claim re-drawn for that loss (lossVariants.ts).
  const claim =
    registry.find((c) => c.id === fixture.claim) ?? lossVariantFor(fixture.claim, fixture.instance, registry);
  if (claim === undefined) throw new UsageError('fixture.claim', `unknown claim id '${fixture.claim}'`);
  if (claim.kind !== fixture.kind) {
    throw new UsageError('fixture.kind', `'${fixture.kind}' but claim '${claim.id}' is a ${claim.kind}`);
  }
  let instance: Json;
  try {
    instance = claim.parseInstance(fixture.instance);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`fixture.instance.${e.field}`, usageDetail(e));
    throw e;
  }
  return { fixture, claim, instance };
}

/**
 * Re-runs a fixture's instance.
 *
 * @param fixture - a validated fixture
 * @param registry - the claims
 * @returns the new verdict with `reproduced` and `healthy` (see the module comment)
 * @throws {UsageError} as {@link resolveFixture}
 * @example
 * replayFixture(readFixture('fixtures/ce.x/42-0_1.json'), claims);
 * // => { verdict: { status: 'fail', … }, reproduced: true, healthy: true, … }   (a control fixture)
 */
export function replayFixture(fixture: Fixture, registry: readonly Claim[]): ReplayResult {
  return replayResolved(resolveFixture(fixture, registry));
}

/** Checks an already resolved fixture (so a directory can be validated whole before anything runs). */
export function replayResolved(resolved: ResolvedFixture): ReplayResult {
  const { fixture, claim, instance } = resolved;
  const t0 = performance.now();
  let verdict: Verdict;
  let error: string | undefined;
  try {
    verdict = claim.check(instance);
  } catch (e) {
    verdict = errorVerdict(e);
    error = errorMessage(e);
  }
  const seconds = (performance.now() - t0) / 1000;
  const healthy =
    error === undefined && (claim.kind === 'control' ? verdict.status === 'fail' : verdict.status === 'pass');
  return {
    fixture,
    claim,
    verdict,
    ...(error !== undefined ? { error } : {}),
    reproduced: verdict.status === fixture.verdict.status,
    healthy,
    seconds,
  };
}

/**
 * Lists fixture files: a file is returned as is; a directory is searched recursively for `*.json` (sorted, so
 * every machine replays in the same order; temporary `*.tmp` files of an interrupted write are skipped).
 *
 * @param target - file or directory
 * @returns absolute paths
 * @throws {UsageError} field = target when it does not exist
 */
export function listFixtureFiles(target: string): string[] {
  return listFixtureTargets(target).files;
}

/** A fixture file that could not be used, and why (one line). */
export interface SkippedFixture {
  readonly file: string;
  readonly reason: string;
}

/**
 * The `*.json` files under `target` (or `target` itself when it is a file), sorted, and the entries of a directory
 * that could not be listed as files — e.g. a dangling `*.json` symlink — each with its reason (issue 12: reported
 * and skipped, never a stack trace).
 *
 * @throws {UsageError} naming the target when it is empty or does not exist
 */
export function listFixtureTargets(target: string): { readonly files: string[]; readonly skipped: SkippedFixture[] } {
  if (target === '') throw new UsageError('FILE', 'is an empty path');
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    throw new UsageError(target, 'no such file or directory');
  }
  if (!isDir) return { files: [resolve(target)], skipped: [] };
  const files: string[] = [];
  const skipped: SkippedFixture[] = [];
  for (const e of readdirSync(target, { recursive: true, encoding: 'utf8' })
    .filter((x) => x.endsWith('.json'))
    .sort()) {
    const f = resolve(join(target, e));
    try {
      if (statSync(f).isFile()) files.push(f);
      else skipped.push({ file: f, reason: 'not a regular file' });
    } catch {
      skipped.push({ file: f, reason: 'cannot be read (a dangling link?)' });
    }
  }
  return { files, skipped };
}

/**
 * Like {@link loadFixtures}, but a file that cannot be read, validated or matched to its claim is reported in
 * `skipped` and the others are loaded (replaying a directory: one corrupt file must not block the rest).
 */
export function loadFixturesLenient(
  files: readonly string[],
  registry: readonly Claim[],
): {
  readonly loaded: { readonly file: string; readonly resolved: ResolvedFixture }[];
  readonly skipped: SkippedFixture[];
} {
  const loaded: { file: string; resolved: ResolvedFixture }[] = [];
  const skipped: SkippedFixture[] = [];
  for (const file of new Set(files)) {
    try {
      loaded.push(...loadFixtures([file], registry));
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      skipped.push({ file, reason: e.message });
    }
  }
  return { loaded, skipped };
}

/**
 * Reads and resolves every fixture under `targets` before any check runs, so one malformed file stops the
 * whole replay with a usage error and nothing is half-done.
 *
 * @throws {UsageError} from {@link readFixture} / {@link resolveFixture}, the message naming the file
 */
export function loadFixtures(
  targets: readonly string[],
  registry: readonly Claim[],
): { readonly file: string; readonly resolved: ResolvedFixture }[] {
  const out: { file: string; resolved: ResolvedFixture }[] = [];
  const seen = new Set<string>();
  for (const t of targets) {
    for (const file of listFixtureFiles(t)) {
      if (seen.has(file)) continue; // a file named directly and through its directory is replayed once
      seen.add(file);
      const fixture = readFixture(file);
      try {
        out.push({ file, resolved: resolveFixture(fixture, registry) });
      } catch (e) {
        if (e instanceof UsageError) throw new UsageError(e.field, `${usageDetail(e)} (in ${file})`);
        throw e;
      }
    }
  }
  return out;
}
