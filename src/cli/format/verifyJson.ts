/**
 * The `ufmcheck verify --json` object (issue 3): exactly one JSON object on stdout,
 * `{"schemaVersion", "claims": [{"id", "cite", "statement", "kind", "runs", "passed", "failed", "inconclusive",
 * "worstMargin", "seconds", "coverage", "minPerClass", "counterexample"?}], "seed", "seconds", "exitCode"}`. Each
 * claim also carries `outcome`, `requestedRuns`, `timedOut`, `errors` and (controls) `controls`; `--controls` adds a
 * top-level `controls` summary.
 *
 * The format is documented by schemas/verify-result.schema.json (version {@link VERIFY_SCHEMA_VERSION}); tests
 * validate real output against it. Every numeric field is a number or null, never a string: non-finite numbers
 * become null with a `nonFinite` note on their object (src/claim/json.ts, toResultJson).
 */
import { stringifyJson, type Claim } from '../../claim/index.ts';
import { toResultJson } from '../../claim/index.ts';
import { instanceSize, type ControlsSummary } from './controls.ts';
import type { ClaimResult } from './result.ts';

/** `schemaVersion` of the verify result (schemas/verify-result.schema.json); bump on an incompatible change. */
export const VERIFY_SCHEMA_VERSION = 1;

/** The `counterexample` object of one claim. */
function counterexampleJson(r: ClaimResult): Record<string, unknown> | undefined {
  const ce = r.record.counterexample;
  if (ce === undefined) return undefined;
  const v = ce.verdict;
  return {
    instance: ce.instance,
    status: v.status,
    measured: v.measured,
    predicted: v.predicted,
    tolerance: v.tolerance,
    margin: v.margin,
    why: v.why,
    ...(v.details !== undefined ? { details: v.details } : {}),
    ...(ce.error !== undefined ? { error: ce.error } : {}),
    seed: ce.seed,
    ...(ce.class !== undefined ? { class: ce.class } : {}),
    path: ce.path,
    shrinks: ce.shrinks,
    size: instanceSize(ce.instance),
    ...(r.fixture !== undefined ? { fixture: r.fixture.display, replay: r.fixture.fixture.replay } : {}),
    rerun: r.rerun,
  };
}

/** One claim of the report. */
export function claimJson(r: ClaimResult): Record<string, unknown> {
  const rec = r.record;
  const ce = counterexampleJson(r);
  return {
    id: rec.id,
    cite: rec.cite,
    statement: rec.statement,
    kind: rec.kind,
    ...(r.controls !== undefined ? { controls: r.controls } : {}),
    outcome: r.outcome,
    requestedRuns: rec.requestedRuns,
    runs: rec.runs,
    passed: rec.passed,
    failed: rec.failed,
    inconclusive: rec.inconclusive,
    timedOut: rec.timedOut,
    errors: rec.errors,
    worstMargin: rec.worstMargin,
    seconds: rec.seconds,
    minPerClass: rec.coverage !== undefined ? (rec.minPerClass ?? null) : null,
    coverage: rec.coverage ?? [],
    ...(rec.resolution !== undefined ? { resolution: rec.resolution } : {}),
    ...(ce !== undefined ? { counterexample: ce } : {}),
  };
}

/**
 * The whole `verify --json` text (one object, trailing newline).
 */
export function verifyJson(
  results: readonly ClaimResult[],
  seed: number,
  seconds: number,
  exitCode: number,
  controls?: ControlsSummary,
  interrupted?: { readonly signal: 'SIGINT' | 'SIGTERM'; readonly notRun: readonly string[] },
): string {
  const obj = {
    schemaVersion: VERIFY_SCHEMA_VERSION,
    claims: results.map(claimJson),
    seed,
    seconds,
    exitCode,
    ...(controls !== undefined ? { controls } : {}),
    // A run stopped by SIGINT/SIGTERM: which signal, and the selected claims that did not run (issue 12 item 1).
    ...(interrupted !== undefined ? { interrupted: interrupted.signal, notRun: interrupted.notRun } : {}),
  };
  return `${stringifyJson(toResultJson(obj))}\n`;
}

/** The `verify --list --json` text: `{"claims": [{id, cite, statement, kind}]}`. */
export function listJson(claims: readonly Claim[]): string {
  return `${stringifyJson({ claims: claims.map((c) => ({ id: c.id, cite: c.cite, statement: c.statement, kind: c.kind })) })}\n`;
}
