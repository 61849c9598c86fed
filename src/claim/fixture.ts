/**
 * Fixtures: shrunk counterexamples and control refutations stored as JSON under
 * `fixtures/<claim-id>/<seed>-<path>.json` (STYLE.md §2.4), replayed by `ufmcheck replay` and by `npm test`.
 *
 * A fixture stores the instance itself, so replaying it re-runs `claim.check(claim.parseInstance(instance))` and
 * never touches the generators: it stays valid when the arbitraries change. `fastCheck {seed, path, version}`
 * is provenance (with the same fast-check version and generators, `fc.check(…, {seed, path})` finds it again).
 *
 * Schema `ufmcheck/fixture@1` (every field required; unknown fields are rejected):
 * ```json
 * { "schema": "ufmcheck/fixture@1", "claim": "<id>", "kind": "claim" | "control",
 *   "fastCheck": { "seed": 0..2^32-1, "path": "3:0:1", "version": "4.10.2" },
 *   "instance": <JSON>, "verdict": { "status", "measured", "predicted", "tolerance", "margin", "why", "details"? },
 *   "replay": "npx ufmcheck replay fixtures/<id>/<seed>-<path>.json", "createdBy": "<command>" }
 * ```
 * Non-finite verdict numbers are stored as "NaN" / "Infinity" / "-Infinity" (see json.ts).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../core/index.ts';
import type { Json, Verdict, VerdictStatus } from './claim.ts';
import { replayCommand, rerunCommand } from './commands.ts';
import { assertPlainJson, decodeNumber, stringifyJson } from './json.ts';
import { writeFileAtomic } from './atomicWrite.ts';
import { readInputJson } from './readInput.ts';
import { MAX_SEED, type RunRecord } from './run.ts';

/** The schema tag of this fixture format. */
export const FIXTURE_SCHEMA = 'ufmcheck/fixture@1';

/** A stored counterexample (see the module comment for the JSON form). */
export interface Fixture {
  readonly schema: typeof FIXTURE_SCHEMA;
  /** The claim id (registry key). */
  readonly claim: string;
  readonly kind: 'claim' | 'control';
  readonly fastCheck: { readonly seed: number; readonly path: string; readonly version: string };
  /** The shrunk instance, verbatim. */
  readonly instance: Json;
  /** The verdict when the fixture was written. */
  readonly verdict: Verdict;
  /** The exact command that replays this file. */
  readonly replay: string;
  /** The command that produced it (the re-run command of the claim). */
  readonly createdBy: string;
}

/** Options of {@link writeFixture}. */
export interface WriteFixtureOptions {
  /** Working directory: `dir` is resolved against it and the replay command is written relative to it. @defaultValue process.cwd() */
  readonly cwd?: string;
  /** Provenance. @defaultValue the re-run command `npx ufmcheck verify --claim <id> --seed <seed> --runs <n>` */
  readonly createdBy?: string;
}

/** A fixture on disk. */
export interface WrittenFixture {
  /** Absolute path. */
  readonly file: string;
  /** The path as shown to the user (relative to cwd when inside it, with `/` separators). */
  readonly display: string;
  readonly fixture: Fixture;
}

const VERDICT_STATUSES: readonly VerdictStatus[] = ['pass', 'fail', 'inconclusive'];
const TOP_FIELDS = ['schema', 'claim', 'kind', 'fastCheck', 'instance', 'verdict', 'replay', 'createdBy'] as const;

/**
 * One path segment made safe for any file system: characters outside `[A-Za-z0-9._-]` become `_`.
 *
 * @example
 * safeSegment('ce.global-min/etf'); // => 'ce.global-min_etf'
 */
export function safeSegment(s: string): string {
  const t = s.replace(/[^A-Za-z0-9._-]/g, '_');
  return t === '' || /^\.+$/.test(t) ? `_${t}` : t;
}

/**
 * The fixture path relative to the fixtures directory: `<claim-id>/<seed>-<path>.json`, with the path's `:`
 * separators written as `_` (colons are not allowed in Windows file names).
 *
 * @example
 * fixtureRelativePath('ce.x', 42, '3:0:1'); // => 'ce.x/42-3_0_1.json'
 */
export function fixtureRelativePath(id: string, seed: number, path: string): string {
  return `${safeSegment(id)}/${seed}-${path.replace(/[^0-9]/g, '_')}.json`;
}

/**
 * Builds the fixture of a failed or refuted run.
 *
 * @param record - a record with a counterexample
 * @param display - the file path as the replay command should spell it
 * @param createdBy - provenance
 * @throws {Error} when the record has no counterexample
 * @throws {TypeError} when the instance is not plain JSON (a bug in the claim's arbitrary)
 */
export function fixtureOf(record: RunRecord, display: string, createdBy: string): Fixture {
  const ce = record.counterexample;
  if (ce === undefined) throw new Error(`${record.id}: no counterexample to store`);
  assertPlainJson(ce.instance, 'instance');
  return {
    schema: FIXTURE_SCHEMA,
    claim: record.id,
    kind: record.kind,
    fastCheck: { seed: ce.seed, path: ce.path, version: record.fastCheckVersion },
    instance: ce.instance,
    verdict: ce.verdict,
    replay: replayCommand(display),
    createdBy,
  };
}

/**
 * Writes the counterexample of `record` to `<dir>/<claim-id>/<seed>-<path>.json`, atomically (temporary file and
 * rename: nothing half-written). The same record always produces the same bytes, so re-running a seed
 * overwrites its fixture with an identical file.
 *
 * @param dir - the fixtures directory (created if missing)
 * @param record - a record with a counterexample
 * @param options - cwd and provenance
 * @returns where it was written and what
 * @throws {Error} when the record has no counterexample; fs errors
 */
export function writeFixture(dir: string, record: RunRecord, options: WriteFixtureOptions = {}): WrittenFixture {
  const ce = record.counterexample;
  if (ce === undefined) throw new Error(`${record.id}: no counterexample to store`);
  const cwd = options.cwd ?? process.cwd();
  const file = resolve(cwd, dir, fixtureRelativePath(record.id, ce.seed, ce.path));
  const display = displayPath(cwd, file);
  const createdBy = options.createdBy ?? rerunCommand(record.id, record.seed, record.requestedRuns);
  const fixture = fixtureOf(record, display, createdBy);
  writeFileAtomic(file, `${stringifyJson(fixture)}\n`);
  return { file, display, fixture };
}

/**
 * The path a user should type: relative to `cwd` when the file is inside it, absolute otherwise; `/` separators.
 */
export function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  const shown = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

/**
 * Reads and validates a fixture file.
 *
 * @param file - path to the JSON file
 * @returns the fixture
 * @throws {UsageError} field = the file when it cannot be read or is not JSON; field = `fixture.<field>` (message
 *   ending with the file name) for any missing or malformed field
 */
export function readFixture(file: string): Fixture {
  // Regular files of bounded size and nesting only (issue 12: a FIFO or /dev/zero must not hang the replay).
  const u = readInputJson(file, file);
  try {
    return parseFixture(u);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(e.field, `${usageDetail(e)} (in ${file})`);
    throw e;
  }
}

/** The message of a UsageError without its `field: ` prefix. */
export function usageDetail(e: UsageError): string {
  const prefix = `${e.field}: `;
  return e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
}

/**
 * Validates parsed JSON as a fixture (every field; unknown fields rejected).
 *
 * @param u - parsed JSON
 * @returns the typed fixture
 * @throws {UsageError} naming the field, e.g. `fixture.fastCheck.seed`
 */
export function parseFixture(u: unknown): Fixture {
  const o = object(u, 'fixture');
  for (const k of Object.keys(o)) {
    if (!(TOP_FIELDS as readonly string[]).includes(k)) throw new UsageError(`fixture.${k}`, 'unknown field');
  }
  if (o['schema'] !== FIXTURE_SCHEMA) {
    throw new UsageError('fixture.schema', `must be '${FIXTURE_SCHEMA}'; got ${show(o['schema'])}`);
  }
  const claim = nonEmptyString(o['claim'], 'fixture.claim');
  const kind = o['kind'];
  if (kind !== 'claim' && kind !== 'control')
    throw new UsageError('fixture.kind', `must be 'claim' or 'control'; got ${show(kind)}`);
  const fcObj = object(o['fastCheck'], 'fixture.fastCheck');
  const seed = fcObj['seed'];
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new UsageError('fixture.fastCheck.seed', `must be an integer in [0, 2^32-1]; got ${show(seed)}`);
  }
  const path = fcObj['path'];
  if (typeof path !== 'string' || !/^\d+(:\d+)*$/.test(path)) {
    throw new UsageError('fixture.fastCheck.path', `must be a fast-check path like '3:0:1'; got ${show(path)}`);
  }
  const version = nonEmptyString(fcObj['version'], 'fixture.fastCheck.version');
  if (!Object.hasOwn(o, 'instance') || o['instance'] === undefined) throw new UsageError('fixture.instance', 'missing');
  const instance = o['instance'] as Json;
  const verdict = parseVerdict(o['verdict'], 'fixture.verdict');
  const replay = nonEmptyString(o['replay'], 'fixture.replay');
  if (!replay.startsWith('npx ufmcheck replay ')) {
    throw new UsageError('fixture.replay', `must start with 'npx ufmcheck replay '; got ${show(replay)}`);
  }
  const createdBy = nonEmptyString(o['createdBy'], 'fixture.createdBy');
  return {
    schema: FIXTURE_SCHEMA,
    claim,
    kind,
    fastCheck: { seed, path, version },
    instance,
    verdict,
    replay,
    createdBy,
  };
}

/** Validates a stored verdict. */
function parseVerdict(u: unknown, field: string): Verdict {
  const o = object(u, field);
  const status = o['status'];
  if (typeof status !== 'string' || !(VERDICT_STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(`${field}.status`, `must be one of ${VERDICT_STATUSES.join(', ')}; got ${show(status)}`);
  }
  const num = (k: string): number => {
    const x = decodeNumber(o[k]);
    if (x === undefined) throw new UsageError(`${field}.${k}`, `must be a number; got ${show(o[k])}`);
    return x;
  };
  const measured = num('measured');
  const predicted = num('predicted');
  const tolerance = num('tolerance');
  const margin = num('margin');
  const why = o['why'];
  if (typeof why !== 'string') throw new UsageError(`${field}.why`, `must be a string; got ${show(why)}`);
  const base = { status: status as VerdictStatus, measured, predicted, tolerance, margin, why };
  if (!Object.hasOwn(o, 'details')) return base;
  return { ...base, details: object(o['details'], `${field}.details`) };
}

function object(u: unknown, field: string): Readonly<Record<string, unknown>> {
  if (typeof u !== 'object' || u === null || Array.isArray(u))
    throw new UsageError(field, `must be an object; got ${show(u)}`);
  return u as Readonly<Record<string, unknown>>;
}

function nonEmptyString(u: unknown, field: string): string {
  if (typeof u !== 'string' || u === '') throw new UsageError(field, `must be a non-empty string; got ${show(u)}`);
  return u;
}

/** A short rendering of a bad value for messages. */
function show(u: unknown): string {
  if (u === undefined) return 'nothing (missing)';
  const s = JSON.stringify(u) ?? String(u);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
