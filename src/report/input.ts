/**
 * The report's input: stored `verify --json` and `hunt --json` objects (one or many, e.g. shards), validated and
 * merged into one {@link ReportData}. Numbers may be JSON numbers, null (with the value named in a `nonFinite`
 * object beside it: schemas/verify-result.schema.json), or the strings "Infinity"/"NaN" of older results; a
 * malformed document is a UsageError naming the file and the field.
 */
import { UsageError, decodeNumber } from '../claim/index.ts';

/** Per-class coverage of a claim (issue 9: present when the claim declares coverage classes). */
export interface CoverageRow {
  readonly class: string;
  readonly runs: number;
  readonly passed: number;
  readonly failed: number;
  readonly inconclusive: number;
}

/** A shrunk counterexample as stored by verify. */
export interface StoredCounterexample {
  readonly instance: unknown;
  readonly status: string;
  readonly measured: number;
  readonly predicted: number;
  readonly tolerance: number;
  readonly margin: number;
  readonly why: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  readonly shrinks: number | undefined;
  readonly replay: string | undefined;
  readonly rerun: string | undefined;
}

/** One claim or control row of the verdict table. */
export interface ClaimRow {
  readonly id: string;
  readonly cite: string;
  readonly statement: string;
  readonly kind: 'claim' | 'control';
  readonly outcome: string;
  readonly runs: number;
  readonly passed: number;
  readonly failed: number;
  readonly inconclusive: number;
  readonly worstMargin: number;
  readonly seconds: number;
  readonly coverage: readonly CoverageRow[] | undefined;
  readonly counterexample: StoredCounterexample | undefined;
  readonly seed: number;
}

/** One hit of a hunt. */
export interface StoredHit {
  readonly index: number;
  readonly instance: unknown;
  readonly evidence: Readonly<Record<string, unknown>> | undefined;
  readonly why: string;
  readonly replay: string | undefined;
  readonly shrinks: number | undefined;
}

/** One hunted conjecture (shards of the same conjecture and seed merged). */
export interface HuntRow {
  readonly id: string;
  readonly cite: string;
  readonly statement: string;
  readonly seed: number;
  readonly tried: number;
  readonly noHit: number;
  readonly inconclusive: number;
  readonly errors: number;
  readonly seconds: number;
  readonly shards: number;
  readonly hits: readonly StoredHit[];
  readonly rerun: string | undefined;
}

/** Everything a report shows. */
export interface ReportData {
  readonly claims: readonly ClaimRow[];
  readonly hunts: readonly HuntRow[];
  /** Seeds of the verify runs (one per file). */
  readonly seeds: readonly number[];
  /** Total seconds of the runs. */
  readonly seconds: number;
  /** Worst exit code of the inputs (1 beats 2 beats 0). */
  readonly exitCode: number;
  /** Where the inputs came from (file names, or 'verify' for a live run). */
  readonly sources: readonly string[];
}

type Obj = Readonly<Record<string, unknown>>;

function isObj(u: unknown): u is Obj {
  return typeof u === 'object' && u !== null && !Array.isArray(u);
}

/** A field reader that names `where.field` in its errors. */
function reader(o: Obj, where: string) {
  const fail = (k: string, what: string): never => {
    throw new UsageError(`${where}.${k}`, what);
  };
  return {
    str: (k: string): string => (typeof o[k] === 'string' ? (o[k] as string) : fail(k, 'must be a string')),
    optStr: (k: string): string | undefined =>
      o[k] === undefined ? undefined : typeof o[k] === 'string' ? (o[k] as string) : fail(k, 'must be a string'),
    int: (k: string): number =>
      typeof o[k] === 'number' && Number.isInteger(o[k]) && (o[k] as number) >= 0
        ? (o[k] as number)
        : fail(k, 'must be a non-negative integer'),
    optInt: (k: string): number | undefined =>
      o[k] === undefined
        ? undefined
        : typeof o[k] === 'number' && Number.isInteger(o[k])
          ? (o[k] as number)
          : fail(k, 'must be an integer'),
    /** A number, null (not finite / not applicable: NaN) or the strings "Infinity", "-Infinity", "NaN". */
    num: (k: string): number => {
      const v = o[k];
      if (v === null || v === undefined) {
        // Schema 1 writes a non-finite number as null and names it in `nonFinite` beside it.
        const named = isObj(o['nonFinite']) ? decodeNumber(o['nonFinite'][k]) : undefined;
        return named ?? Number.NaN;
      }
      const d = decodeNumber(v);
      return d !== undefined ? d : fail(k, 'must be a number, null, or "Infinity"');
    },
    arr: (k: string): readonly unknown[] => (Array.isArray(o[k]) ? (o[k] as unknown[]) : fail(k, 'must be an array')),
  };
}

function parseCoverage(u: unknown, where: string): CoverageRow[] | undefined {
  if (u === undefined || u === null) return undefined;
  if (!Array.isArray(u)) throw new UsageError(where, 'must be an array');
  return u.map((c, i) => {
    if (!isObj(c)) throw new UsageError(`${where}[${i}]`, 'must be an object');
    const r = reader(c, `${where}[${i}]`);
    return {
      class: r.str('class'),
      runs: r.int('runs'),
      passed: r.int('passed'),
      failed: r.int('failed'),
      inconclusive: r.int('inconclusive'),
    };
  });
}

function parseCounterexample(u: unknown, where: string): StoredCounterexample | undefined {
  if (u === undefined || u === null) return undefined;
  if (!isObj(u)) throw new UsageError(where, 'must be an object');
  const r = reader(u, where);
  return {
    instance: u['instance'],
    status: r.str('status'),
    measured: r.num('measured'),
    predicted: r.num('predicted'),
    tolerance: r.num('tolerance'),
    margin: r.num('margin'),
    why: r.str('why'),
    details: isObj(u['details']) ? u['details'] : undefined,
    shrinks: r.optInt('shrinks'),
    replay: r.optStr('replay'),
    rerun: r.optStr('rerun'),
  };
}

function parseClaim(u: unknown, where: string, seed: number): ClaimRow {
  if (!isObj(u)) throw new UsageError(where, 'must be an object');
  const r = reader(u, where);
  const kind = r.str('kind');
  if (kind !== 'claim' && kind !== 'control')
    throw new UsageError(`${where}.kind`, `must be 'claim' or 'control'; got '${kind}'`);
  return {
    id: r.str('id'),
    cite: r.str('cite'),
    statement: r.str('statement'),
    kind,
    outcome: r.str('outcome'),
    runs: r.int('runs'),
    passed: r.int('passed'),
    failed: r.int('failed'),
    inconclusive: r.int('inconclusive'),
    worstMargin: r.num('worstMargin'),
    seconds: r.num('seconds'),
    coverage: parseCoverage(u['coverage'], `${where}.coverage`),
    counterexample: parseCounterexample(u['counterexample'], `${where}.counterexample`),
    seed,
  };
}

function parseHit(u: unknown, where: string): StoredHit {
  if (!isObj(u)) throw new UsageError(where, 'must be an object');
  const r = reader(u, where);
  return {
    index: r.int('index'),
    instance: u['instance'],
    evidence: isObj(u['evidence']) ? u['evidence'] : undefined,
    why: r.str('why'),
    replay: r.optStr('replay'),
    shrinks: r.optInt('shrinks'),
  };
}

function parseHunt(u: Obj, where: string): HuntRow {
  const r = reader(u, where);
  return {
    id: r.str('id'),
    cite: r.str('cite'),
    statement: r.str('statement'),
    seed: r.int('seed'),
    tried: r.int('tried'),
    noHit: r.int('noHit'),
    inconclusive: r.int('inconclusive'),
    errors: r.int('errors'),
    seconds: r.num('seconds'),
    shards: 1,
    hits: r.arr('hits').map((h, i) => parseHit(h, `${where}.hits[${i}]`)),
    rerun: r.optStr('rerun'),
  };
}

/** Severity order of exit codes: 1 (failure) beats 2 (inconclusive) beats 0. */
function worseExit(a: number, b: number): number {
  const rank = (c: number): number => (c === 1 ? 3 : c === 2 ? 2 : c === 0 ? 0 : 1);
  return rank(b) > rank(a) ? b : a;
}

/** Outcome severity for merging a claim seen in several files. */
function outcomeRank(o: string): number {
  return (
    ({ pass: 0, refuted: 0, inconclusive: 1, fail: 2, 'not-refuted': 2, error: 3 } as Record<string, number>)[o] ?? 3
  );
}

function mergeClaims(a: ClaimRow, b: ClaimRow): ClaimRow {
  const worse = outcomeRank(b.outcome) > outcomeRank(a.outcome) ? b : a;
  const margins = [a.worstMargin, b.worstMargin].filter((m) => !Number.isNaN(m));
  return {
    ...worse,
    runs: a.runs + b.runs,
    passed: a.passed + b.passed,
    failed: a.failed + b.failed,
    inconclusive: a.inconclusive + b.inconclusive,
    worstMargin: margins.length > 0 ? Math.max(...margins) : Number.NaN,
    seconds: a.seconds + b.seconds,
    counterexample: a.counterexample ?? b.counterexample,
    coverage: a.coverage ?? b.coverage,
  };
}

function mergeHunts(a: HuntRow, b: HuntRow): HuntRow {
  return {
    ...a,
    tried: a.tried + b.tried,
    noHit: a.noHit + b.noHit,
    inconclusive: a.inconclusive + b.inconclusive,
    errors: a.errors + b.errors,
    seconds: a.seconds + b.seconds,
    shards: a.shards + b.shards,
    hits: [...a.hits, ...b.hits].sort((x, y) => x.index - y.index),
    rerun: a.rerun === b.rerun ? a.rerun : undefined,
  };
}

/**
 * Validates and merges result documents. A document is a `verify --json` object (`claims`) or a `hunt --json`
 * object (`hits`, `tried`); claims with the same id and hunts with the same (id, seed) — shards — are merged.
 *
 * @param docs - parsed JSON values with the name each came from (used in error messages)
 * @returns the merged data
 * @throws UsageError naming `<source>.<field>` when a document is neither kind or a field is malformed
 */
export function reportData(docs: readonly { readonly source: string; readonly value: unknown }[]): ReportData {
  if (docs.length === 0) throw new UsageError('RESULT.json', 'give at least one result file');
  const claims = new Map<string, ClaimRow>();
  const hunts = new Map<string, HuntRow>();
  const seeds: number[] = [];
  let seconds = 0;
  let exitCode = 0;
  for (const { source, value } of docs) {
    if (!isObj(value))
      throw new UsageError(source, 'must be a JSON object (the output of verify --json or hunt --json)');
    const r = reader(value, source);
    if (Array.isArray(value['claims'])) {
      const seed = r.int('seed');
      seeds.push(seed);
      r.arr('claims').forEach((c, i) => {
        const row = parseClaim(c, `${source}.claims[${i}]`, seed);
        const prev = claims.get(row.id);
        claims.set(row.id, prev ? mergeClaims(prev, row) : row);
      });
    } else if (Array.isArray(value['hits']) && value['tried'] !== undefined) {
      const row = parseHunt(value, source);
      const key = `${row.id}\u0000${row.seed}`;
      const prev = hunts.get(key);
      hunts.set(key, prev ? mergeHunts(prev, row) : row);
    } else {
      throw new UsageError(
        source,
        "is neither a verify --json result ('claims') nor a hunt --json result ('hits', 'tried')",
      );
    }
    const s = r.num('seconds');
    if (Number.isFinite(s)) seconds += s;
    exitCode = worseExit(exitCode, value['exitCode'] === undefined ? 0 : r.int('exitCode'));
  }
  return {
    claims: [...claims.values()],
    hunts: [...hunts.values()],
    seeds,
    seconds,
    exitCode,
    sources: docs.map((d) => d.source),
  };
}
