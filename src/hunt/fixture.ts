/**
 * Hunt fixtures: every hit of `ufmcheck hunt` stored as JSON under `<out>/<conjecture-id>/<seed>-<index>.json`
 * (default out: fixtures/hunt), replayed by `ufmcheck replay` and by `npm test`. A hunt fixture is evidence: it is
 * **healthy while the probe still reports a hit** on the stored instance (the discovery still stands).
 *
 * Hunt fixtures have their own schema tag so the claim fixtures (`ufmcheck/fixture@1`, fixture.ts) keep their
 * exact shape and every old fixture stays valid; `ufmcheck replay` tells them apart by `schema`.
 *
 * Schema `ufmcheck/hunt-fixture@2` (written now; every field required unless marked; unknown fields are rejected):
 * ```json
 * { "schema": "ufmcheck/hunt-fixture@2", "conjecture": "<id>",
 *   "module": "./mine.ts",                      (optional: the --conjecture module, relative to the cwd of the hunt)
 *   "hunt": { "seed": S, "index": i },          (instance i of the hunt with seed S)
 *   "fastCheck": { "seed": instanceSeed(S, i), "path": "0:1", "version": "4.x" },
 *   "instance": <shrunk instance>, "original": <instance as drawn>,
 *   "finding": { "status": "hit", "evidence": <JSON>, "why": "…" },
 *   "mechanism": { "signature": "d=2 · bias · 1 class at w=0 · …", "description": "K=6 d=2 …: class 3 at w=0, …",
 *                  "flags": [] },               (huntMechanism.ts: what the hit is, computed from the point)
 *   "point": { "W": …, "Hbar": …, "counts": …, "b": … } | null,   (the point found, as the conjecture stores it)
 *   "metrics": { "nc1": …, … } | null,          (its NC metrics, src/geometry)
 *   "replay": "npx ufmcheck replay fixtures/hunt/<id>/<S>-<i>.json", "createdBy": "npx ufmcheck hunt <id> …" }
 * ```
 * Schema `ufmcheck/hunt-fixture@1` (the same without `mechanism`, `point` and `metrics`) is still read and replayed.
 *
 * Replay re-runs `probe(parseInstance(instance))` only — never the generators — so a fixture outlives changes to
 * the arbitraries; `hunt` and `fastCheck` are provenance. A fixture is healthy while the probe still reports a hit
 * **of the stored mechanism** (for @2 fixtures with a classified signature: the re-analysed signature must agree).
 * Non-finite evidence numbers are stored as strings.
 */
import { readInputJson } from '../claim/index.ts';
import fc from 'fast-check';
import { resolve } from 'node:path';
import { UsageError } from '../core/index.ts';
import type { Json } from '../claim/index.ts';
import { replayCommand } from '../claim/index.ts';
import { findingProblem, type Conjecture, type Finding } from '../claim/index.ts';
import { displayPath, safeSegment, usageDetail } from '../claim/index.ts';
import type { HuntHit } from './engine.ts';
import { analyseWith, UNCLASSIFIED, type HitAnalysis } from './mechanism.ts';
import { assertPlainJson, stringifyJson } from '../claim/index.ts';
import { writeFileAtomic } from '../claim/index.ts';
import { errorMessage, MAX_SEED } from '../claim/index.ts';

/** The schema tag of the hunt fixtures written now. */
export const HUNT_FIXTURE_SCHEMA = 'ufmcheck/hunt-fixture@2';
/** The previous schema tag, still read (no mechanism, point or metrics). */
export const HUNT_FIXTURE_SCHEMA_V1 = 'ufmcheck/hunt-fixture@1';
const SCHEMAS: readonly string[] = [HUNT_FIXTURE_SCHEMA, HUNT_FIXTURE_SCHEMA_V1];

/** The mechanism record of a fixture (a HitAnalysis without the point and metrics, which are top-level fields). */
export interface HuntFixtureMechanism {
  readonly signature: string;
  readonly description: string;
  readonly flags: readonly string[];
}

/** A stored hit (see the module comment for the JSON form). */
export interface HuntFixture {
  readonly schema: typeof HUNT_FIXTURE_SCHEMA | typeof HUNT_FIXTURE_SCHEMA_V1;
  readonly conjecture: string;
  /** The user module that defines the conjecture (absent for the registry's conjectures). */
  readonly module?: string;
  readonly hunt: { readonly seed: number; readonly index: number };
  readonly fastCheck: { readonly seed: number; readonly path: string; readonly version: string };
  readonly instance: Json;
  readonly original: Json;
  readonly finding: Finding;
  /** Absent in schema 1. */
  readonly mechanism?: HuntFixtureMechanism;
  /** The point found (schema 2; null when the conjecture stores none). */
  readonly point?: Json;
  /** Its NC metrics (schema 2; null when not computed). */
  readonly metrics?: Json;
  readonly replay: string;
  readonly createdBy: string;
}

/** What {@link writeHuntFixture} needs besides the hit. */
export interface WriteHuntFixtureOptions {
  /** The conjecture id. */
  readonly id: string;
  /** The hunt seed S. */
  readonly seed: number;
  /** The command that produced the hit (the hunt command line). */
  readonly createdBy: string;
  /** The --conjecture module as the user typed it relative to cwd (absent for registry conjectures). */
  readonly module?: string;
  /** Directory that `dir` and the replay command are relative to. */
  readonly cwd: string;
}

/** A hunt fixture on disk. */
export interface WrittenHuntFixture {
  readonly file: string;
  /** The path as shown to the user (relative to cwd when inside it). */
  readonly display: string;
  readonly fixture: HuntFixture;
}

const TOP_FIELDS_V1 = [
  'schema',
  'conjecture',
  'module',
  'hunt',
  'fastCheck',
  'instance',
  'original',
  'finding',
  'replay',
  'createdBy',
] as const;
const TOP_FIELDS = [...TOP_FIELDS_V1, 'mechanism', 'point', 'metrics'] as const;

/**
 * The fixture path relative to the output directory: `<id>/<seed>-<index>.json`.
 *
 * @example
 * huntFixtureRelativePath('ce.small-d.sym', 42, 17); // => 'ce.small-d.sym/42-17.json'
 */
export function huntFixtureRelativePath(id: string, seed: number, index: number): string {
  return `${safeSegment(id)}/${seed}-${index}.json`;
}

/**
 * Writes a hit to `<dir>/<id>/<seed>-<index>.json` atomically. The same hit always gives the same bytes.
 *
 * @param dir - output directory (created if missing), resolved against options.cwd
 * @param hit - the shrunk hit
 * @param options - id, seed, provenance, cwd
 * @returns where it was written and what
 * @throws {TypeError} when the instance is not plain JSON (a bug in the conjecture's arbitrary); fs errors
 */
export function writeHuntFixture(dir: string, hit: HuntHit, options: WriteHuntFixtureOptions): WrittenHuntFixture {
  assertPlainJson(hit.instance, 'instance');
  assertPlainJson(hit.original, 'original');
  const file = resolve(options.cwd, dir, huntFixtureRelativePath(options.id, options.seed, hit.index));
  const display = displayPath(options.cwd, file);
  const fixture: HuntFixture = {
    schema: HUNT_FIXTURE_SCHEMA,
    conjecture: options.id,
    ...(options.module !== undefined ? { module: options.module } : {}),
    hunt: { seed: options.seed, index: hit.index },
    fastCheck: { seed: hit.fcSeed, path: hit.path, version: fc.__version },
    instance: hit.instance,
    original: hit.original,
    finding: hit.finding,
    mechanism: {
      signature: hit.analysis.signature,
      description: hit.analysis.description,
      flags: [...hit.analysis.flags],
    },
    point: hit.analysis.point,
    metrics: hit.analysis.metrics,
    replay: replayCommand(display),
    createdBy: options.createdBy,
  };
  assertPlainJson(fixture.point, 'point');
  writeFileAtomic(file, `${stringifyJson(fixture)}\n`);
  return { file, display, fixture };
}

/**
 * True when the file parses as JSON with `schema` = {@link HUNT_FIXTURE_SCHEMA} (or the schema-1 tag); false for anything else
 * (unreadable or malformed files are left to the claim-fixture reader, which reports them).
 */
export function isHuntFixtureFile(file: string): boolean {
  try {
    const u: unknown = readInputJson(file, file);
    return typeof u === 'object' && u !== null && SCHEMAS.includes(String((u as Record<string, unknown>)['schema']));
  } catch {
    return false;
  }
}

/**
 * Reads and validates a hunt fixture file.
 *
 * @throws {UsageError} field = the file when unreadable or not JSON; `fixture.<field>` (message ending with the
 *   file name) for a missing or malformed field
 */
export function readHuntFixture(file: string): HuntFixture {
  const u = readInputJson(file, file);
  try {
    return parseHuntFixture(u);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(e.field, `${usageDetail(e)} (in ${file})`);
    throw e;
  }
}

/**
 * Validates parsed JSON as a hunt fixture (every field; unknown fields rejected).
 *
 * @throws {UsageError} naming the field, e.g. `fixture.hunt.index`
 */
export function parseHuntFixture(u: unknown): HuntFixture {
  const o = object(u, 'fixture');
  if (!SCHEMAS.includes(String(o['schema'])) || typeof o['schema'] !== 'string') {
    throw new UsageError(
      'fixture.schema',
      `must be '${HUNT_FIXTURE_SCHEMA}' (or '${HUNT_FIXTURE_SCHEMA_V1}'); got ${show(o['schema'])}`,
    );
  }
  const v2 = o['schema'] === HUNT_FIXTURE_SCHEMA;
  const allowed: readonly string[] = v2 ? TOP_FIELDS : TOP_FIELDS_V1;
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new UsageError(`fixture.${k}`, 'unknown field');
  }
  const conjecture = nonEmptyString(o['conjecture'], 'fixture.conjecture');
  const module = Object.hasOwn(o, 'module') ? nonEmptyString(o['module'], 'fixture.module') : undefined;
  const hunt = object(o['hunt'], 'fixture.hunt');
  const seed = integer(hunt['seed'], 'fixture.hunt.seed', MAX_SEED);
  const index = integer(hunt['index'], 'fixture.hunt.index', Number.MAX_SAFE_INTEGER);
  const fcObj = object(o['fastCheck'], 'fixture.fastCheck');
  const fcSeed = integer(fcObj['seed'], 'fixture.fastCheck.seed', MAX_SEED);
  const path = fcObj['path'];
  if (typeof path !== 'string' || !/^\d+(:\d+)*$/.test(path)) {
    throw new UsageError('fixture.fastCheck.path', `must be a fast-check path like '0:1'; got ${show(path)}`);
  }
  const version = nonEmptyString(fcObj['version'], 'fixture.fastCheck.version');
  for (const k of ['instance', 'original'] as const) {
    if (!Object.hasOwn(o, k) || o[k] === undefined) throw new UsageError(`fixture.${k}`, 'missing');
  }
  const problem = findingProblem(o['finding']);
  if (problem !== undefined) throw new UsageError('fixture.finding', problem);
  const finding = o['finding'] as Finding;
  const replay = nonEmptyString(o['replay'], 'fixture.replay');
  if (!replay.startsWith('npx ufmcheck replay '))
    throw new UsageError('fixture.replay', `must start with 'npx ufmcheck replay '; got ${show(replay)}`);
  const createdBy = nonEmptyString(o['createdBy'], 'fixture.createdBy');
  let v2Fields: Pick<HuntFixture, 'mechanism' | 'point' | 'metrics'> = {};
  if (v2) {
    const m = object(o['mechanism'], 'fixture.mechanism');
    const signature = nonEmptyString(m['signature'], 'fixture.mechanism.signature');
    const description = nonEmptyString(m['description'], 'fixture.mechanism.description');
    const flags = m['flags'];
    if (!Array.isArray(flags) || !flags.every((f) => typeof f === 'string'))
      throw new UsageError('fixture.mechanism.flags', `must be an array of strings; got ${show(flags)}`);
    for (const k of ['point', 'metrics'] as const) {
      if (!Object.hasOwn(o, k) || o[k] === undefined)
        throw new UsageError(`fixture.${k}`, 'missing (null when there is none)');
      if (o[k] !== null && (typeof o[k] !== 'object' || Array.isArray(o[k])))
        throw new UsageError(`fixture.${k}`, `must be an object or null; got ${show(o[k])}`);
    }
    v2Fields = {
      mechanism: { signature, description, flags: flags as string[] },
      point: o['point'] as Json,
      metrics: o['metrics'] as Json,
    };
  }
  return {
    schema: v2 ? HUNT_FIXTURE_SCHEMA : HUNT_FIXTURE_SCHEMA_V1,
    conjecture,
    ...(module !== undefined ? { module } : {}),
    hunt: { seed, index },
    fastCheck: { seed: fcSeed, path, version },
    instance: o['instance'] as Json,
    original: o['original'] as Json,
    finding,
    ...v2Fields,
    replay,
    createdBy,
  };
}

/** The outcome of replaying one hunt fixture. */
export interface HuntReplayResult {
  readonly fixture: HuntFixture;
  readonly conjecture: Conjecture;
  /** The finding now (status 'inconclusive' with the message when the probe threw or returned garbage). */
  readonly finding: Finding;
  /** Present when the probe threw or returned something that is not a Finding. */
  readonly error?: string;
  /** The stored status ('hit') came back. */
  readonly reproduced: boolean;
  /** The mechanism of the hit now (present when the probe reports a hit). */
  readonly analysis?: HitAnalysis;
  /**
   * The hit is of the stored mechanism: true for schema-1 fixtures and unclassified signatures (nothing to compare),
   * false when the probe no longer hits.
   */
  readonly sameMechanism: boolean;
  /** The evidence still stands: the probe reports a hit (no error) of the stored mechanism. */
  readonly healthy: boolean;
  readonly seconds: number;
}

/**
 * Finds the fixture's conjecture and parses its instance.
 *
 * @param fixture - a validated hunt fixture
 * @param conjectures - the registry (plus the fixture's module, when it names one)
 * @returns the conjecture and the typed instance
 * @throws {UsageError} `fixture.conjecture` for an unknown id; `fixture.instance.<field>` when parseInstance rejects it
 */
export function resolveHuntFixture(
  fixture: HuntFixture,
  conjectures: readonly Conjecture[],
): { readonly conjecture: Conjecture; readonly instance: Json } {
  const conjecture = conjectures.find((c) => c.id === fixture.conjecture);
  if (conjecture === undefined) {
    const where =
      fixture.module !== undefined
        ? `module '${fixture.module}' or the registry`
        : 'the registry (properties/conjectures)';
    throw new UsageError('fixture.conjecture', `unknown conjecture id '${fixture.conjecture}' in ${where}`);
  }
  try {
    return { conjecture, instance: conjecture.parseInstance(fixture.instance) };
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`fixture.instance.${e.field}`, usageDetail(e));
    throw e;
  }
}

/**
 * Re-probes a resolved hunt fixture.
 *
 * @param fixture - the fixture
 * @param conjecture - its conjecture
 * @param instance - the parsed instance
 * @returns the finding now; healthy when it is still a hit
 * @example
 * replayHuntFixture(f, conjecture, instance); // => { finding: { status: 'hit', … }, healthy: true, … }
 */
export function replayHuntFixture(fixture: HuntFixture, conjecture: Conjecture, instance: Json): HuntReplayResult {
  const t0 = performance.now();
  let finding: Finding;
  let error: string | undefined;
  try {
    const u: unknown = conjecture.probe(instance);
    const p = findingProblem(u);
    if (p === undefined) finding = u as Finding;
    else error = `probe returned an invalid finding: ${p}`;
  } catch (e) {
    error = `probe threw: ${errorMessage(e)}`;
  }
  finding ??= { status: 'inconclusive', evidence: null, why: error ?? '' };
  const seconds = (performance.now() - t0) / 1000;
  const reproduced = error === undefined && finding.status === fixture.finding.status;
  const hit = error === undefined && finding.status === 'hit';
  const analysis = hit ? analyseWith(conjecture, instance, finding) : undefined;
  const stored = fixture.mechanism?.signature;
  const sameMechanism = hit && (stored === undefined || stored === UNCLASSIFIED || analysis?.signature === stored);
  return {
    fixture,
    conjecture,
    finding,
    ...(error !== undefined ? { error } : {}),
    ...(analysis !== undefined ? { analysis } : {}),
    reproduced,
    sameMechanism,
    healthy: hit && sameMechanism,
    seconds,
  };
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

function integer(u: unknown, field: string, max: number): number {
  if (typeof u !== 'number' || !Number.isInteger(u) || u < 0 || u > max)
    throw new UsageError(field, `must be an integer in [0, ${max}]; got ${show(u)}`);
  return u;
}

function show(u: unknown): string {
  if (u === undefined) return 'nothing (missing)';
  const s = JSON.stringify(u) ?? String(u);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
