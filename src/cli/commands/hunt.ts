/**
 * `ufmcheck hunt` — search an open conjecture for counterexamples (issue 6, THEORY.md §7).
 *
 * Order of work: parse and validate every flag, load the registry and the `--conjecture` module (each export
 * checked member by member), pick the conjecture — any usage error stops here with nothing written (exit 64) —
 * then hunt (in this thread, or on `--workers N` threads), save each hit as a fixture as soon as it arrives, and
 * print the summary (or one JSON object).
 *
 * Exit codes: 0 no hits; 1 hits found (a discovery — the conjectured statement is refuted); 2 no hits, but more
 * than `--max-inconclusive` of the instances were inconclusive or probe errors; 64 bad usage.
 */
import {
  DEFAULT_MAX_INCONCLUSIVE, UsageError, writeHuntFixture, formatShard, narrowConjecture, parseBiasChoice, parseBudget, parseIntRange, parseShard,
  type Conjecture, type HuntBudget, type HuntReport, type HuntSpace, type Shard,
} from '../../claim/index.ts';
import { outputDir, parseFraction, parsePositiveInt, parseStrict, resolveSeed, wantsHelp } from '../args.ts';
import type { Command } from '../command.ts';
import type { CliContext } from '../context.ts';
import { createHuntProgress } from '../format/huntProgress.ts';
import { writeRunReport } from '../reportOutput.ts';
import { huntJson, huntListJson, huntListText, huntRerunCommand, huntSummaryText, type SavedHit } from '../format/huntText.ts';
import { MAX_WORKERS, runHuntPool } from '../huntPool.ts';
import { loadCatalog, type ConjectureCatalog } from '../huntSources.ts';

const OPTIONS = {
  list: { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  budget: { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  shard: { type: 'string' },
  out: { type: 'string' },
  report: { type: 'string' },
  conjecture: { type: 'string' },
  'max-inconclusive': { type: 'string' },
  K: { type: 'string' },
  d: { type: 'string' },
  n: { type: 'string' },
  bias: { type: 'string' },
} as const;

/** Outer bounds of the narrowing flags (each conjecture then checks its own limits). */
const RANGE_LIMITS = { K: { lo: 2, hi: 64 }, d: { lo: 1, hi: 256 }, n: { lo: 1, hi: 1000 } } as const;

/** Default --budget: 100 instances. */
const DEFAULT_BUDGET: HuntBudget = { kind: 'runs', runs: 100 };
/** Default --out. */
const DEFAULT_OUT = 'fixtures/hunt';

const HELP = `Usage: ufmcheck hunt ID [options]
       ufmcheck hunt --list [--json] [--conjecture FILE]

Search an open conjecture (THEORY.md §7) for counterexamples. Instance i of a hunt with seed S depends on (S, i)
alone; every hit is shrunk, saved as a fixture under --out with its replay command, and reported.

Options:
  --budget B            runs ('500': instances 0..499) or wall-clock time ('45s', '10m', '2h') (default 100)
  --seed S              hunt seed, integer 0..4294967295 (default: UFMCHECK_SEED, else drawn from the clock and printed)
  --workers N           threads on this machine: this one and N-1 worker threads, sharing the instances (default 1)
  --shard i/n           take only the instances i, i+n, i+2n, ... (0-based; run shards 0/n ... n-1/n on n machines)
  --out DIR             where hits are saved as fixtures (default ${DEFAULT_OUT}/<id>/<seed>-<index>.json)
  --report DIR          also write an HTML report with figures (DIR/index.html, DIR/summary.md, DIR/*.svg);
                        'ufmcheck report' merges the --json results of several shards into one
  --conjecture FILE     also load the conjectures exported by FILE (.ts or .js: default export, 'conjecture'
                        or 'conjectures'); with a single one, ID may be left out
  --max-inconclusive F  share of instances that may be inconclusive (or probe errors) before exit 2 (default ${DEFAULT_MAX_INCONCLUSIVE})
  --K a..b, --d a..b, --n a..b
                        narrow the search space to these inclusive ranges (or one value: --d 2); a range may also
                        widen the conjecture's default up to its limits; --list shows what each conjecture draws
  --bias on|off|both    only instances with a learned bias (free or decayed), only bias-free ones, or both (default)
  --list                list the conjectures (id, cite, statement) and exit
  --json                print exactly one JSON object on stdout
  --quiet               no progress bar
  -h, --help            this help

Shards: with a run budget the shards of one hunt try exactly the instances of the unsharded hunt, none twice, and
the result does not depend on --workers. With a time budget shards are disjoint but not exhaustive (each shard
tries a prefix of its instances, as far as its threads get in the time). Hits are saved as they are found.

Findings: hits are grouped by mechanism (a signature computed from the point each hit found: d regime, bias,
classes at w = 0, merged classes, polygon or rank), shrunk within their group, and deduplicated (the same problem
found with another solver seed, or shrunk to the same instance, is one witness with a count); the summary gives
the smallest witness of each finding with a one-line description.

Exit codes: 0 no hits; 1 hits found (a discovery); 2 too many inconclusive instances; 64 bad usage.
`;

/** Validated flags. */
interface HuntFlags {
  readonly list: boolean;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly id: string | undefined;
  readonly budget: HuntBudget;
  readonly seed: number;
  readonly seedFromClock: boolean;
  readonly workers: number;
  readonly shard: Shard;
  readonly out: string;
  /** --report DIR (absolute), or undefined. */
  readonly report: string | undefined;
  readonly conjecture: string | undefined;
  readonly maxInconclusive: number;
  readonly space: HuntSpace;
}

/** Parses and validates the flags (throws UsageError naming the flag; touches no file). */
function parseHuntArgs(args: readonly string[], ctx: CliContext): HuntFlags {
  const { values: v, positionals } = parseStrict(args, OPTIONS, true);
  if (positionals.length > 1) throw new UsageError('ID', `give one conjecture id; got ${positionals.length}: ${positionals.join(' ')}`);
  const list = v.list === true;
  if (list && positionals.length > 0) throw new UsageError('--list', `takes no ID; got '${positionals[0] ?? ''}'`);
  const seeded = resolveSeed(v.seed, ctx.env, ctx.now);
  return {
    list,
    json: v.json === true,
    quiet: v.quiet === true,
    id: positionals[0],
    budget: v.budget === undefined ? DEFAULT_BUDGET : parseBudget(v.budget, '--budget'),
    seed: seeded.seed,
    seedFromClock: seeded.source === 'clock',
    workers: v.workers === undefined ? 1 : parsePositiveInt(v.workers, '--workers', MAX_WORKERS),
    shard: v.shard === undefined ? { index: 0, count: 1 } : parseShard(v.shard, '--shard'),
    out: outputDir(v.out ?? DEFAULT_OUT, '--out', ctx.cwd),
    report: v.report === undefined ? undefined : outputDir(v.report, '--report', ctx.cwd),
    conjecture: v.conjecture,
    maxInconclusive: v['max-inconclusive'] === undefined ? DEFAULT_MAX_INCONCLUSIVE : parseFraction(v['max-inconclusive'], '--max-inconclusive'),
    space: parseSpace(v),
  };
}

/** The narrowing flags (ranges checked here against RANGE_LIMITS; against the conjecture's limits when narrowed). */
function parseSpace(v: { readonly K?: string | undefined; readonly d?: string | undefined; readonly n?: string | undefined; readonly bias?: string | undefined }): HuntSpace {
  return {
    ...(v.K !== undefined ? { K: parseIntRange(v.K, '--K', RANGE_LIMITS.K.lo, RANGE_LIMITS.K.hi) } : {}),
    ...(v.d !== undefined ? { d: parseIntRange(v.d, '--d', RANGE_LIMITS.d.lo, RANGE_LIMITS.d.hi) } : {}),
    ...(v.n !== undefined ? { n: parseIntRange(v.n, '--n', RANGE_LIMITS.n.lo, RANGE_LIMITS.n.hi) } : {}),
    ...(v.bias !== undefined ? { bias: parseBiasChoice(v.bias, '--bias') } : {}),
  };
}

/** The conjecture named by ID (or the module's only one). */
function pick(catalog: ConjectureCatalog, id: string | undefined): Conjecture {
  const known = catalog.all.map((c) => c.id).join(', ') || 'none registered';
  if (id === undefined) {
    const only = catalog.fromModule.length === 1 ? catalog.fromModule[0] : undefined;
    if (only !== undefined) return only;
    throw new UsageError('ID', `missing: name the conjecture to hunt (known: ${known}); 'ufmcheck hunt --list' lists them`);
  }
  const c = catalog.all.find((x) => x.id === id);
  if (c === undefined) throw new UsageError('ID', `unknown conjecture '${id}' (known: ${known})`);
  return c;
}

/** Number of indices a shard takes under a run budget. */
function shardSize(shard: Shard, runs: number): number {
  return runs > shard.index ? Math.ceil((runs - shard.index) / shard.count) : 0;
}

/** 1 hits; 2 inconclusive (and errors) over budget; 0 otherwise. */
function huntExitCode(r: HuntReport, maxInconclusive: number): 0 | 1 | 2 {
  if (r.hits.length > 0) return 1;
  return r.inconclusive + r.errors > maxInconclusive * r.tried ? 2 : 0;
}

async function run(args: readonly string[], ctx: CliContext): Promise<number> {
  if (wantsHelp(args)) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const o = parseHuntArgs(args, ctx);
  const catalog = await loadCatalog(o.conjecture, ctx.cwd);
  if (o.list) {
    ctx.stdout.write(o.json ? huntListJson(catalog.all) : huntListText(catalog.all));
    return 0;
  }
  // Narrowing is validated before anything runs or is written (a bad range: exit 64, naming the flag).
  const conjecture = narrowConjecture(pick(catalog, o.id), o.space);
  const source = catalog.sourceOf(conjecture.id);
  const module = source.kind === 'module' ? catalog.moduleDisplay : undefined;
  const createdBy = huntRerunCommand({ id: conjecture.id, seed: o.seed, budget: o.budget, shard: o.shard }, module, o.space);

  const total = o.budget.kind === 'runs' ? shardSize(o.shard, o.budget.runs) : 0;
  const progress = createHuntProgress(ctx.stderr, ctx.stderr.isTTY === true && !o.quiet && !o.json, ctx.now, o.shard.count > 1 ? `${conjecture.id} (shard ${formatShard(o.shard)})` : conjecture.id, o.budget, total);
  const saved: SavedHit[] = [];
  let tried = 0;
  let hits = 0;
  let inconclusive = 0;
  let report: HuntReport;
  try {
    report = await runHuntPool({
      conjecture,
      source,
      seed: o.seed,
      shard: o.shard,
      budget: o.budget,
      workers: o.workers,
      space: o.space,
      onTry: (t) => {
        tried++;
        if (t.status === 'inconclusive' || t.status === 'error') inconclusive++;
        if (t.hit !== undefined) {
          hits++;
          // Saved as soon as it arrives: an interrupted hunt keeps the hits it found.
          const fixture = writeHuntFixture(o.out, t.hit, { id: conjecture.id, seed: o.seed, createdBy, cwd: ctx.cwd, ...(module !== undefined ? { module } : {}) });
          saved.push({ hit: t.hit, fixture });
        }
        progress.update({ tried, hits, inconclusive });
      },
    });
  } finally {
    progress.clear();
  }
  saved.sort((a, b) => a.hit.index - b.hit.index);
  const exitCode = huntExitCode(report, o.maxInconclusive);
  const summary = { hits: saved, exitCode, seedFromClock: o.seedFromClock, maxInconclusive: o.maxInconclusive, space: o.space, ...(module !== undefined ? { module } : {}) };
  ctx.stdout.write(o.json ? huntJson(report, summary) : huntSummaryText(report, summary));
  if (o.report !== undefined) await writeRunReport(o.report, huntJson(report, summary), ['hunt', ...args], ctx, o.json);
  return exitCode;
}

/** The `hunt` command. */
export const huntCommand: Command = {
  name: 'hunt',
  summary: 'search an open conjecture for counterexamples (hits are saved as fixtures)',
  help: HELP,
  run,
};
