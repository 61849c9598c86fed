/**
 * Merging the `hunt --json` results of the shards of one hunt (issue 13 item 1): what `ufmcheck merge` writes for
 * each hunt. Shards of one hunt share (id, seed, budget, search space) and the shard count; their index sets are
 * disjoint by construction (src/hunt/engine.ts), so counts add up, hits concatenate (sorted by index: the order of
 * the unsharded hunt), the lowest error samples are the lowest of all, and the findings are regrouped from all hits
 * with the conjecture's own hooks (huntMechanism.ts groupHits) — so for a run budget the merge of shards 0/n … n−1/n
 * equals the unsharded hunt instance for instance (tests/unit/cli/mergeHunt.test.ts).
 *
 * The distribution of the searched parameters needs every instance's parameters, which the shard results only
 * summarise (a median does not merge). Since instance i depends on (seed, i) alone, the merge re-draws them (no
 * probe: fast-check's generation only, milliseconds per thousand) for the indices each shard tried — positions
 * 0 … tried − 1 of the shard, which is what a shard tries unless it skipped store records or was interrupted. When
 * the conjecture cannot be loaded or a shard skipped or stopped early, the distribution is merged from the
 * summaries (counts, min, max and value bins exact; continuous medians and bins dropped) and marked
 * `distributionExact: false`.
 */
import { UsageError, type Conjecture, type Json } from '../claim/index.ts';
import {
  distributionOf,
  drawParams,
  groupHits,
  hooksOf,
  narrowConjecture,
  type GroupableHit,
  type HuntDistribution,
  type HuntSpace,
  type ParamDistribution,
  type ParamSample,
} from '../hunt/index.ts';

type Obj = Readonly<Record<string, unknown>>;

/** One shard's result, as read. */
export interface HuntShardDoc {
  readonly source: string;
  readonly value: Obj;
}

/** A merged hunt, in the `hunt --json` shape plus the merge's own fields. */
export type MergedHunt = Record<string, unknown>;

/** What merging one hunt found wrong (missing or repeated shards), one line each. */
export interface HuntMergeResult {
  readonly merged: MergedHunt;
  readonly warnings: readonly string[];
  readonly complete: boolean;
}

function isObj(u: unknown): u is Obj {
  return typeof u === 'object' && u !== null && !Array.isArray(u);
}

function int(o: Obj, k: string, where: string): number {
  const v = o[k];
  if (!Number.isSafeInteger(v))
    throw new UsageError(`${where}.${k}`, `must be an integer; got ${JSON.stringify(v)?.slice(0, 60)}`);
  return v as number;
}

function str(o: Obj, k: string, where: string): string {
  const v = o[k];
  if (typeof v !== 'string')
    throw new UsageError(`${where}.${k}`, `must be a string; got ${JSON.stringify(v)?.slice(0, 60)}`);
  return v;
}

function shardOf(o: Obj, where: string): { index: number; count: number } {
  const s = o['shard'];
  if (!isObj(s)) throw new UsageError(`${where}.shard`, 'must be {index, count}');
  return { index: int(s, 'index', `${where}.shard`), count: int(s, 'count', `${where}.shard`) };
}

/** The key that shards of one hunt share. */
export function huntKey(o: Obj, where: string): string {
  return JSON.stringify([
    str(o, 'id', where),
    int(o, 'seed', where),
    str(o, 'budget', where),
    o['space'] ?? {},
    shardOf(o, where).count,
  ]);
}

/** Worst exit code: 1 beats 2 beats 0. */
function worse(a: number, b: number): number {
  const rank = (c: number): number => (c === 1 ? 3 : c === 2 ? 2 : c === 0 ? 0 : 1);
  return rank(b) > rank(a) ? b : a;
}

/** Groupable hit rebuilt from a hit of the JSON. */
type JsonHit = GroupableHit;

function jsonHit(h: unknown, where: string): JsonHit {
  if (!isObj(h)) throw new UsageError(where, 'must be a hit object');
  const m = isObj(h['mechanism']) ? h['mechanism'] : {};
  return {
    index: int(h, 'index', where),
    instance: (h['instance'] ?? null) as Json,
    finding: {
      status: 'hit',
      evidence: (h['evidence'] ?? null) as Json,
      why: typeof h['why'] === 'string' ? h['why'] : '',
    },
    analysis: {
      signature: typeof m['signature'] === 'string' ? m['signature'] : 'unclassified',
      description: typeof m['description'] === 'string' ? m['description'] : '',
      flags: Array.isArray(m['flags']) ? m['flags'].filter((f): f is string => typeof f === 'string') : [],
      point: (h['point'] ?? null) as Json,
      metrics: (h['metrics'] ?? null) as Json,
    },
  };
}

/** Merges summaries when the instances cannot be re-drawn: counts, min, max and value bins exact. */
function mergeSummaries(ds: readonly HuntDistribution[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = [...new Set(ds.flatMap((d) => Object.keys(d)))];
  for (const k of keys) {
    const parts = ds.map((d) => d[k]).filter((p): p is ParamDistribution => p !== undefined);
    const count = parts.reduce((s, p) => s + p.count, 0);
    const min = Math.min(...parts.map((p) => p.min));
    const max = Math.max(...parts.map((p) => p.max));
    if (parts.every((p) => p.scale === 'values')) {
      const bins = new Map<number, number>();
      for (const p of parts) for (const b of p.bins) bins.set(b.lo, (bins.get(b.lo) ?? 0) + b.count);
      const sorted = [...bins].sort((a, b) => a[0] - b[0]);
      let acc = 0;
      let median = Number.NaN;
      for (const [v, c] of sorted) {
        acc += c;
        if (acc >= count / 2) {
          median = v;
          break;
        }
      }
      out[k] = { count, min, median, max, scale: 'values', bins: sorted.map(([v, c]) => ({ lo: v, hi: v, count: c })) };
    } else {
      out[k] = { count, min, median: null, max, scale: parts[0]?.scale ?? 'linear', bins: [] };
    }
  }
  return out;
}

/** The re-run command of the unsharded hunt (the shard's, without its --shard). */
function unsharded(rerun: unknown): string | undefined {
  return typeof rerun === 'string' ? rerun.replace(/ --shard \d+\/\d+/, '') : undefined;
}

/**
 * Merges the results of the shards of one hunt (all with the same {@link huntKey}).
 *
 * @param docs - the shards' `hunt --json` objects
 * @param conjecture - the conjecture, when it can be loaded (hooks for the findings; re-drawing the distribution)
 * @param fixtureOf - where the merge put the fixture of the hit at this index (display path), or null
 * @returns the merged object, warnings (missing or repeated shards) and whether every shard is there
 * @throws {UsageError} naming `<source>.<field>` for a malformed result
 */
export function mergeHuntShards(
  docs: readonly HuntShardDoc[],
  conjecture: Conjecture | undefined,
  fixtureOf: (index: number) => string | null,
): HuntMergeResult {
  const first = docs[0];
  if (first === undefined) throw new UsageError('DIR', 'no hunt results to merge');
  const warnings: string[] = [];
  const count = shardOf(first.value, first.source).count;
  const byShard = new Map<number, HuntShardDoc>();
  for (const d of docs) {
    const s = shardOf(d.value, d.source);
    const prev = byShard.get(s.index);
    if (prev !== undefined) {
      warnings.push(`${d.source}: shard ${s.index}/${s.count} also in ${prev.source}; kept the first`);
      continue;
    }
    byShard.set(s.index, d);
  }
  const shards = [...byShard.values()].sort(
    (a, b) => shardOf(a.value, a.source).index - shardOf(b.value, b.source).index,
  );
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byShard.has(i));
  if (missing.length > 0)
    warnings.push(
      `hunt ${str(first.value, 'id', first.source)} seed ${int(first.value, 'seed', first.source)}: shard${missing.length === 1 ? '' : 's'} ${missing
        .slice(0, 10)
        .map((i) => `${i}/${count}`)
        .join(', ')}${missing.length > 10 ? ', …' : ''} missing: the merge covers ${shards.length} of ${count} shards`,
    );
  for (const d of shards) {
    const st = d.value['store'];
    const skipped = isObj(st) ? Number(st['skipped']) : 0;
    if (skipped > 0)
      warnings.push(
        `${d.source}: skipped ${skipped} instance${skipped === 1 ? '' : 's'} its store recorded as tried by an earlier run: the merged counts cover this run's instances only (the store's hits are listed in that result's store.previousHits)`,
      );
    if (d.value['interrupted'] !== undefined)
      warnings.push(`${d.source}: interrupted by ${String(d.value['interrupted'])}: its shard is partial`);
  }
  const sum = (k: string): number => shards.reduce((s, d) => s + int(d.value, k, d.source), 0);
  const hitDocs: { hit: JsonHit; raw: Obj }[] = [];
  for (const d of shards) {
    const hs = d.value['hits'];
    if (!Array.isArray(hs)) throw new UsageError(`${d.source}.hits`, 'must be an array');
    hs.forEach((h, i) => hitDocs.push({ hit: jsonHit(h, `${d.source}.hits[${i}]`), raw: h as Obj }));
  }
  hitDocs.sort((a, b) => a.hit.index - b.hit.index);
  const hits = hitDocs.map(({ hit, raw }) => {
    const moved = fixtureOf(hit.index);
    const { replay: _replay, ...rest } = raw;
    return { ...rest, fixture: moved, ...(moved !== null ? { replay: `npx ufmcheck replay ${moved}` } : {}) };
  });
  const hooks = conjecture !== undefined ? hooksOf(conjecture) : {};
  const findings = groupHits(
    hitDocs.map((h) => h.hit),
    hooks,
  );
  const witness = (w: (typeof findings.groups)[number]['witnesses'][number]): unknown => ({
    count: w.count,
    indices: w.indices,
    instance: w.hit.instance,
    description: w.hit.analysis.description,
    fixture: fixtureOf(w.hit.index),
  });
  const errorSamples = shards
    .flatMap((d) => (Array.isArray(d.value['errorSamples']) ? (d.value['errorSamples'] as unknown[]) : []))
    .filter(isObj)
    .sort((a, b) => Number(a['index']) - Number(b['index']))
    .slice(0, 3);
  const seed = int(first.value, 'seed', first.source);
  const space = (isObj(first.value['space']) ? first.value['space'] : {}) as HuntSpace;
  const redrawable =
    conjecture !== undefined &&
    shards.every(
      (d) =>
        d.value['interrupted'] === undefined && !(isObj(d.value['store']) && Number(d.value['store']['skipped']) > 0),
    );
  let distribution: unknown;
  if (redrawable) {
    const narrowed = narrowConjecture(conjecture, space);
    const samples: ParamSample[] = [];
    for (const d of shards) {
      const s = shardOf(d.value, d.source);
      const tried = int(d.value, 'tried', d.source);
      for (let m = 0; m < tried; m++) samples.push(drawParams(narrowed, seed, s.index + s.count * m));
    }
    distribution = distributionOf(samples);
  } else {
    distribution = mergeSummaries(
      shards.map((d) => (isObj(d.value['distribution']) ? d.value['distribution'] : {}) as HuntDistribution),
    );
  }
  const exitCode = shards.reduce(
    (e, d) => worse(e, Number.isSafeInteger(d.value['exitCode']) ? (d.value['exitCode'] as number) : 0),
    hits.length > 0 ? 1 : 0,
  );
  const seconds = shards.map((d) => Number(d.value['seconds'])).filter(Number.isFinite);
  const rerun = unsharded(first.value['rerun']);
  return {
    complete: missing.length === 0,
    warnings,
    merged: {
      id: first.value['id'],
      cite: first.value['cite'],
      statement: first.value['statement'],
      tried: sum('tried'),
      hits,
      findings: {
        rawHits: findings.rawHits,
        distinctWitnesses: findings.distinctWitnesses,
        groups: findings.groups.map((g) => ({
          signature: g.signature,
          hits: g.hits,
          flags: g.flags,
          smallest: witness(g.smallest),
          witnesses: g.witnesses.map(witness),
        })),
      },
      noHit: sum('noHit'),
      inconclusive: sum('inconclusive'),
      errors: sum('errors'),
      errorSamples,
      // Wall-clock of shards that ran in parallel: the slowest; shardSeconds: their sum (machine time).
      seconds: seconds.length > 0 ? Math.max(...seconds) : 0,
      shardSeconds: seconds.reduce((a, b) => a + b, 0),
      shard: missing.length === 0 ? { index: 0, count: 1 } : { index: 0, count },
      shards: { count, merged: shards.map((d) => shardOf(d.value, d.source).index), missing },
      workers: shards.reduce(
        (s, d) => s + (Number.isSafeInteger(d.value['workers']) ? (d.value['workers'] as number) : 1),
        0,
      ),
      seed,
      budget: first.value['budget'],
      distribution,
      distributionExact: redrawable,
      space,
      ...(rerun !== undefined ? { rerun } : {}),
      sources: shards.map((d) => d.source),
      exitCode,
    },
  };
}
