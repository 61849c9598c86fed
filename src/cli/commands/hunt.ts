/**
 * `ufmcheck hunt` — search an open conjecture for counterexamples (issue 6, THEORY.md §7).
 *
 * Order of work: parse and validate every flag, load the registry and the `--conjecture` module (each export
 * checked member by member), pick the conjecture — any usage error stops here with nothing written (exit 64) —
 * then hunt (in this thread, or on `--workers N` threads), save each hit as a fixture as soon as it arrives, and
 * print the summary (or one JSON object).
 *
 * Exit codes: 0 no hits; 1 hits found (a discovery — the conjectured statement is refuted); 2 no hits, but more
 * than `--max-inconclusive` of the instances were inconclusive or probe errors; 64 bad usage; 73 an output (a
 * fixture, the store, the report) could not be written — the hunt stops at once, prints what it found and names
 * the path; 130/143 interrupted by SIGINT/SIGTERM — the workers are stopped, the hits found so far are saved, the
 * store is flushed and a partial summary is printed (issue 12 item 1).
 */
import { availableParallelism } from 'node:os';
import { DEFAULT_MAX_INCONCLUSIVE, OutputError, UsageError, displayPath, type Conjecture } from '../../claim/index.ts';
import {
  openHuntStore,
  readHuntStore,
  rangeIndices,
  storedSeeds,
  writeHuntFixture,
  formatShard,
  narrowConjecture,
  parseBiasChoice,
  parseBudget,
  parseIntRange,
  type HuntBudget,
  type HuntReport,
  type HuntSpace,
  type HuntStoreContents,
  type HuntStoreWriter,
  type Shard,
} from '../../hunt/index.ts';
import { outputDir, parseFraction, parsePositiveInt, parseSeed, parseStrict, resolveSeed, wantsHelp } from '../args.ts';
import type { Command } from '../command.ts';
import type { CliContext } from '../context.ts';
import { createHuntProgress } from '../format/huntProgress.ts';
import { writeRunReport } from '../reportOutput.ts';
import {
  huntJson,
  huntListJson,
  huntListText,
  huntRerunCommand,
  huntSummaryText,
  type HuntStoreSummary,
  type SavedHit,
} from '../format/huntText.ts';
import { MAX_WORKERS, runHuntPool } from '../../hunt/index.ts';
import { resolveShard } from '../huntShardEnv.ts';
import { HUNT_WORKER_ENTRY, loadCatalog, type ConjectureCatalog } from '../huntSources.ts';
import { ExitCode } from '../exitCodes.ts';
import { signalExitCode, watchInterrupts } from '../interrupt.ts';

const OPTIONS = {
  list: { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  budget: { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  shard: { type: 'string' },
  'shard-count': { type: 'string' },
  store: { type: 'string' },
  resume: { type: 'boolean' },
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
  --workers N           threads on this machine: this one and N-1 worker threads, sharing the instances (default 1);
                        more than the cores (os.availableParallelism()) is clamped to the cores, with a note
  --shard i/n           take only the instances i, i+n, i+2n, ... (0-based; run shards 0/n ... n-1/n on n machines)
  --shard-count n       n shards, the index taken from UFMCHECK_SHARD_INDEX, else JOB_COMPLETION_INDEX (a Kubernetes
                        Indexed Job); UFMCHECK_SHARD_COUNT=n does the same as the flag (examples/ci, examples/k8s)
  --store DIR           record the instances tried and the hits found in DIR (append-only, safe for concurrent
                        shards and re-runs); instances the store holds are skipped, its hits reported
  --resume              with --store and no --seed: continue the last hunt of this conjecture in the store (its seed)
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

Ctrl-C / SIGTERM: the threads stop after their current instance, the hits found are saved, the store flushed,
and a partial summary is printed (also with --json); exit 130 / 143. Merge shard outputs with 'ufmcheck merge'.

Exit codes: 0 no hits; 1 hits found (a discovery; with --store also hits recorded by earlier runs of this hunt);
2 too many inconclusive instances; 64 bad usage; 73 a fixture, the store or the report could not be written (the
hunt stops and prints what it found); 130 / 143 interrupted.
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
  /** --store DIR (absolute), or undefined. */
  readonly store: string | undefined;
  /** --resume: take the seed from the store. */
  readonly resume: boolean;
  /** --workers as asked (before clamping to the cores). */
  readonly workersAsked: number;
}

/** Parses and validates the flags (throws UsageError naming the flag; touches no file). */
function parseHuntArgs(args: readonly string[], ctx: CliContext): HuntFlags {
  const { values: v, positionals } = parseStrict(args, OPTIONS, true);
  if (positionals.length > 1)
    throw new UsageError('ID', `give one conjecture id; got ${positionals.length}: ${positionals.join(' ')}`);
  const list = v.list === true;
  if (list && positionals.length > 0) throw new UsageError('--list', `takes no ID; got '${positionals[0] ?? ''}'`);
  const seeded = resolveSeed(v.seed, ctx.env, ctx.now);
  const resume = v.resume === true;
  if (resume && v.store === undefined)
    throw new UsageError('--resume', 'needs --store DIR (the store holds the hunt to continue)');
  if (resume && v.seed !== undefined)
    throw new UsageError('--resume', 'takes the seed from the store; give --seed or --resume, not both');
  const workersAsked = v.workers === undefined ? 1 : parsePositiveInt(v.workers, '--workers', MAX_WORKERS);
  const shard = resolveShard(v.shard, v['shard-count'], ctx.env).shard;
  if (shard.count > 1 && seeded.source === 'clock' && !resume) {
    throw new UsageError(
      '--seed',
      `a sharded hunt (shard ${formatShard(shard)}) needs the seed every shard shares: give --seed S or set UFMCHECK_SEED (a seed drawn from the clock would differ per shard)`,
    );
  }
  return {
    list,
    json: v.json === true,
    quiet: v.quiet === true,
    id: positionals[0],
    budget: v.budget === undefined ? DEFAULT_BUDGET : parseBudget(v.budget, '--budget'),
    seed: seeded.seed,
    seedFromClock: seeded.source === 'clock',
    workers: Math.min(workersAsked, availableParallelism()),
    workersAsked,
    shard,
    store: v.store === undefined ? undefined : outputDir(v.store, '--store', ctx.cwd),
    resume,
    out: outputDir(v.out ?? DEFAULT_OUT, '--out', ctx.cwd),
    report: v.report === undefined ? undefined : outputDir(v.report, '--report', ctx.cwd),
    conjecture: v.conjecture,
    maxInconclusive:
      v['max-inconclusive'] === undefined
        ? DEFAULT_MAX_INCONCLUSIVE
        : parseFraction(v['max-inconclusive'], '--max-inconclusive'),
    space: parseSpace(v),
  };
}

/** The narrowing flags (ranges checked here against RANGE_LIMITS; against the conjecture's limits when narrowed). */
function parseSpace(v: {
  readonly K?: string | undefined;
  readonly d?: string | undefined;
  readonly n?: string | undefined;
  readonly bias?: string | undefined;
}): HuntSpace {
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
    throw new UsageError(
      'ID',
      `missing: name the conjecture to hunt (known: ${known}); 'ufmcheck hunt --list' lists them`,
    );
  }
  const c = catalog.all.find((x) => x.id === id);
  if (c === undefined) throw new UsageError('ID', `unknown conjecture '${id}' (known: ${known})`);
  return c;
}

/** Number of indices a shard takes under a run budget. */
function shardSize(shard: Shard, runs: number): number {
  return runs > shard.index ? Math.ceil((runs - shard.index) / shard.count) : 0;
}

/** 1 hits (of this run, or recorded in the store by earlier runs); 2 inconclusive (and errors) over budget; 0 otherwise. */
function huntExitCode(r: HuntReport, maxInconclusive: number, previousHits: number): 0 | 1 | 2 {
  if (r.hits.length > 0 || previousHits > 0) return 1;
  return r.inconclusive + r.errors > maxInconclusive * r.tried ? 2 : 0;
}

async function run(args: readonly string[], ctx: CliContext): Promise<number> {
  if (wantsHelp(args)) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const parsed = parseHuntArgs(args, ctx);
  // Watched from here on: a signal while the registry loads also ends the hunt cleanly.
  const interrupt = watchInterrupts();
  try {
    return await huntWith(parsed, args, ctx, interrupt);
  } finally {
    interrupt.dispose();
  }
}

/** How often the pending tries are appended to the store: every STORE_FLUSH tries or STORE_FLUSH_MS. */
const STORE_FLUSH = 256;
const STORE_FLUSH_MS = 2000;

async function huntWith(
  parsed: HuntFlags,
  args: readonly string[],
  ctx: CliContext,
  interrupt: ReturnType<typeof watchInterrupts>,
): Promise<number> {
  const catalog = await loadCatalog(parsed.conjecture, ctx.cwd);
  if (parsed.list) {
    ctx.stdout.write(parsed.json ? huntListJson(catalog.all) : huntListText(catalog.all));
    return 0;
  }
  // Narrowing is validated before anything runs or is written (a bad range: exit 64, naming the flag).
  const conjecture = narrowConjecture(pick(catalog, parsed.id), parsed.space);
  const o = parsed.resume ? { ...parsed, seed: resumedSeed(parsed, conjecture.id), seedFromClock: false } : parsed;
  const source = catalog.sourceOf(conjecture.id);
  const module = source.kind === 'module' ? catalog.moduleDisplay : undefined;
  const createdBy = huntRerunCommand(
    { id: conjecture.id, seed: o.seed, budget: o.budget, shard: o.shard },
    module,
    o.space,
  );
  const notes: string[] = [];
  if (o.workersAsked > o.workers)
    notes.push(
      `--workers ${o.workersAsked} clamped to ${o.workers}: this machine has ${o.workers} core${o.workers === 1 ? '' : 's'} (os.availableParallelism()); more threads would only contend`,
    );
  for (const n of notes) ctx.stderr.write(`ufmcheck: note: ${n}\n`);

  // The store: read what was tried (bad records are warnings), then open it for appending.
  const key = { id: conjecture.id, seed: o.seed, space: o.space };
  let stored: HuntStoreContents | undefined;
  let store: HuntStoreWriter | undefined;
  if (o.store !== undefined) {
    stored = readHuntStore(o.store, key);
    for (const w of stored.warnings) ctx.stderr.write(`ufmcheck: warning: store record ${w}\n`);
    store = openHuntStore(o.store, key);
  }
  const limit = o.budget.kind === 'runs' ? o.budget.runs : Number.MAX_SAFE_INTEGER;
  const skippedHere = stored === undefined ? [] : storedIndicesOf(stored, o.shard, limit);

  const total = o.budget.kind === 'runs' ? Math.max(0, shardSize(o.shard, o.budget.runs) - skippedHere.length) : 0;
  const progress = createHuntProgress(
    ctx.stderr,
    ctx.stderr.isTTY === true && !o.quiet && !o.json,
    ctx.now,
    o.shard.count > 1 ? `${conjecture.id} (shard ${formatShard(o.shard)})` : conjecture.id,
    o.budget,
    total,
  );
  const saved: SavedHit[] = [];
  let tried = 0;
  let hits = 0;
  let inconclusive = 0;
  let writeError: OutputError | undefined;
  const pending: number[] = [];
  const counts = { noHit: 0, inconclusive: 0, errors: 0, hits: 0 };
  let lastFlush = Date.now();
  let recordsWritten = 0;
  const flushStore = (): void => {
    if (store === undefined || pending.length === 0) return;
    const indices = pending.splice(0);
    const c = { ...counts };
    counts.noHit = counts.inconclusive = counts.errors = counts.hits = 0;
    lastFlush = Date.now();
    if (store.appendTried(indices, c) !== undefined) recordsWritten++;
  };
  /** Runs a write; an OutputError stops the hunt (exit 73) instead of escaping, so the summary is still printed. */
  const guarded = (write: () => void): boolean => {
    if (writeError !== undefined) return false;
    try {
      write();
      return true;
    } catch (e) {
      if (!(e instanceof OutputError)) throw e;
      writeError = e;
      return false;
    }
  };
  let report: HuntReport;
  try {
    report = await runHuntPool({
      conjecture,
      source,
      workerEntry: HUNT_WORKER_ENTRY,
      seed: o.seed,
      shard: o.shard,
      budget: o.budget,
      workers: o.workers,
      space: o.space,
      ...(stored !== undefined ? { skip: stored.tried.ranges } : {}),
      shouldStop: () => interrupt.signal !== undefined || writeError !== undefined,
      onTry: (t) => {
        tried++;
        if (t.status === 'inconclusive' || t.status === 'error') inconclusive++;
        if (t.hit !== undefined) {
          hits++;
          const hit = t.hit;
          // Saved as soon as it arrives (fixture first, then the store's hit record, then the index as tried): an
          // interrupted hunt keeps the hits it found, and a crash can lose tries but never a hit.
          let fixture: SavedHit['fixture'];
          guarded(() => {
            fixture = writeHuntFixture(o.out, hit, {
              id: conjecture.id,
              seed: o.seed,
              createdBy,
              cwd: ctx.cwd,
              ...(module !== undefined ? { module } : {}),
            });
          });
          saved.push({ hit, ...(fixture !== undefined ? { fixture } : {}) });
          if (store !== undefined && fixture !== undefined) {
            const f = fixture;
            guarded(() =>
              store.recordHit({
                index: hit.index,
                why: hit.finding.why,
                signature: hit.analysis.signature,
                instance: hit.instance,
                fixture: f.display,
              }),
            );
          }
        }
        if (store !== undefined && writeError === undefined) {
          pending.push(t.index);
          if (t.status === 'hit') counts.hits++;
          else if (t.status === 'no-hit') counts.noHit++;
          else if (t.status === 'inconclusive') counts.inconclusive++;
          else counts.errors++;
          if (pending.length >= STORE_FLUSH || Date.now() - lastFlush >= STORE_FLUSH_MS) guarded(flushStore);
        }
        progress.update({ tried, hits, inconclusive });
      },
    });
  } finally {
    progress.clear();
  }
  guarded(flushStore);
  saved.sort((a, b) => a.hit.index - b.hit.index);
  const skippedSet = new Set(skippedHere);
  const previousHits = stored === undefined ? [] : stored.hits.filter((h) => skippedSet.has(h.index));
  const storeSummary: HuntStoreSummary | undefined =
    stored === undefined
      ? undefined
      : {
          dir: displayPath(ctx.cwd, stored.dir),
          skipped: skippedHere.length,
          recordsRead: stored.records,
          recordsWritten,
          previousHits,
          warnings: stored.warnings,
          resumed: o.resume,
        };
  const stopped = interrupt.signal;
  const exitCode =
    stopped !== undefined
      ? signalExitCode(stopped)
      : writeError !== undefined
        ? ExitCode.cantCreate
        : huntExitCode(report, o.maxInconclusive, previousHits.length);
  if (stopped !== undefined)
    ctx.stderr.write(`ufmcheck: interrupted by ${stopped} after ${report.tried} instances; partial results follow\n`);
  const summary = {
    hits: saved,
    exitCode,
    seedFromClock: o.seedFromClock,
    maxInconclusive: o.maxInconclusive,
    space: o.space,
    notes,
    ...(module !== undefined ? { module } : {}),
    ...(stopped !== undefined ? { interrupted: stopped } : {}),
    ...(writeError !== undefined ? { writeError: writeError.message } : {}),
    ...(storeSummary !== undefined ? { store: storeSummary } : {}),
  };
  ctx.stdout.write(o.json ? huntJson(report, summary) : huntSummaryText(report, summary));
  if (writeError !== undefined) {
    ctx.stderr.write(`ufmcheck: error: ${writeError.message}\n`);
    return exitCode;
  }
  if (o.report !== undefined) await writeRunReport(o.report, huntJson(report, summary), ['hunt', ...args], ctx, o.json);
  return exitCode;
}

/** The indices of this shard below the budget that the store records as tried (those this hunt skips). */
function storedIndicesOf(stored: HuntStoreContents, shard: Shard, limit: number): number[] {
  const seen = new Set<number>();
  for (const r of stored.tried.ranges) {
    for (const i of rangeIndices(r)) if (i < limit && i % shard.count === shard.index) seen.add(i);
  }
  return [...seen].sort((a, b) => a - b);
}

/** The seed of `--resume`: the most recently written hunt of this conjecture and space in the store. */
function resumedSeed(o: HuntFlags, id: string): number {
  const seeds = storedSeeds(o.store ?? '', id, o.space);
  const seed = seeds[0];
  if (seed === undefined)
    throw new UsageError(
      '--resume',
      `the store ${o.store ?? ''} holds no hunt of '${id}'${o.space.K !== undefined || o.space.d !== undefined || o.space.n !== undefined || o.space.bias !== undefined ? ' with this narrowing' : ''}; start one with --store and --seed`,
    );
  return parseSeed(String(seed), '--resume');
}

/** The `hunt` command. */
export const huntCommand: Command = {
  name: 'hunt',
  summary: 'search an open conjecture for counterexamples (hits are saved as fixtures)',
  help: HELP,
  run,
};
