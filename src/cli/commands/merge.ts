/**
 * `ufmcheck merge DIR… --out DIR` — combine what the shards of a run left (issue 13 item 1): the artifacts of a
 * CI matrix or the shared volume of a Kubernetes Indexed Job (examples/ci, examples/k8s).
 *
 * Each input directory is walked (depth ≤ 8, symlinks not followed) and every file is classified by content:
 * - `hunt --json` results (`hits`, `tried`): grouped by hunt (id, seed, budget, space, shard count) and merged
 *   (src/cli/huntMerge.ts) into `OUT/hunt-<id>-<seed>.json`, in the `hunt --json` shape;
 * - `verify --json` results (`claims`): concatenated into `OUT/verify.json`;
 * - hunt and claim fixtures: copied to `OUT/fixtures/<id>/<file>`, their `replay` command pointed at the copy;
 * - JUnit XML (`<testsuite`): the suites gathered in one `<testsuites>` with totals, `OUT/junit.xml`;
 * - store records and other files: ignored.
 * A file that cannot be read or parsed (a shard killed mid-write) is skipped with a warning; missing or repeated
 * shards are warnings too (the merge says which). Then the report of src/report (`OUT/report/`, unless
 * `--no-report`) and the totals (text, or one JSON object with --json, also written to OUT/merge.json).
 *
 * Exit code: the worst of the merged results (1 hits or failures, else 2 inconclusive, else 0); 64 bad usage
 * (no input, not a directory, nothing to merge); 73 an output could not be written.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  UsageError,
  displayPath,
  replayCommand,
  safeSegment,
  shellQuote,
  stringifyJson,
  writeFileAtomic,
  type Conjecture,
} from '../../claim/index.ts';
import { HUNT_FIXTURE_SCHEMA, HUNT_FIXTURE_SCHEMA_V1, huntFixtureRelativePath } from '../../hunt/index.ts';
import { buildReport, reportData, writeReport } from '../../report/index.ts';
import { outputDir, parseStrict, wantsHelp } from '../args.ts';
import type { Command } from '../command.ts';
import type { CliContext } from '../context.ts';
import { huntKey, mergeHuntShards, type HuntShardDoc } from '../huntMerge.ts';
import { loadCatalog } from '../huntSources.ts';

const OPTIONS = {
  out: { type: 'string' },
  json: { type: 'boolean' },
  'no-report': { type: 'boolean' },
  conjecture: { type: 'string' },
} as const;

const HELP = `Usage: ufmcheck merge DIR... --out DIR [--json] [--no-report] [--conjecture FILE]

Combine the outputs of the shards of a run (CI matrix artifacts, a Kubernetes Indexed Job's volume) into one:
  hunt --json results    merged per hunt (same id, seed, budget, space): OUT/hunt-<id>-<seed>.json; with a run
                         budget the merge of shards 0/n..n-1/n equals the unsharded hunt, instance for instance
  verify --json results  OUT/verify.json
  hunt / claim fixtures  copied to OUT/fixtures/<id>/ (replay commands point at the copies)
  JUnit XML              one <testsuites> with totals: OUT/junit.xml
  report                 OUT/report/index.html and summary.md (skip with --no-report)
and print the totals (OUT/merge.json holds them too). Unreadable files and missing shards are warnings.

Options:
  --out DIR          where the merged outputs go (required)
  --json             print the totals as one JSON object
  --no-report        do not render the HTML report
  --conjecture FILE  the module of a --conjecture hunt (default: the module its re-run command names), to regroup
                     its findings with its own hooks and re-draw its distribution
  -h, --help         this help

Exit codes: worst of the merged results (1 hits or failures, 2 inconclusive, 0); 64 bad usage; 73 cannot write.
`;

/** Largest JSON or XML file read (a shard result of 10⁵ instances is a few MB). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;
const MAX_DEPTH = 8;

type Obj = Record<string, unknown>;
const isObj = (u: unknown): u is Obj => typeof u === 'object' && u !== null && !Array.isArray(u);

/** The classified files of the inputs. */
interface Inputs {
  readonly hunts: HuntShardDoc[];
  readonly verifies: { source: string; value: Obj }[];
  readonly fixtures: { source: string; value: Obj; rel: string }[];
  readonly junit: { source: string; text: string }[];
  readonly warnings: string[];
}

function walk(dir: string, depth: number, skip: string, out: string[]): void {
  if (depth > MAX_DEPTH || resolve(dir) === skip) return;
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const n of names) {
    const p = join(dir, n);
    const st = statSync(p, { throwIfNoEntry: false });
    if (st === undefined) continue;
    if (st.isDirectory()) walk(p, depth + 1, skip, out);
    else if (st.isFile()) out.push(p);
  }
}

/** The fixture's path under OUT/fixtures. */
function fixtureRel(v: Obj, file: string): string {
  const hunt = v['hunt'];
  if (
    typeof v['conjecture'] === 'string' &&
    isObj(hunt) &&
    Number.isSafeInteger(hunt['seed']) &&
    Number.isSafeInteger(hunt['index'])
  ) {
    return huntFixtureRelativePath(v['conjecture'], hunt['seed'] as number, hunt['index'] as number);
  }
  return join(safeSegment(basename(dirname(file))), basename(file));
}

function classify(dirs: readonly string[], outDir: string, cwd: string): Inputs {
  const inputs: Inputs = { hunts: [], verifies: [], fixtures: [], junit: [], warnings: [] };
  for (const d of dirs) {
    const files: string[] = [];
    walk(d, 0, outDir, files);
    for (const f of files) {
      const source = displayPath(cwd, f);
      const isJson = f.endsWith('.json');
      if (!isJson && !f.endsWith('.xml')) continue;
      if (/\.tmp$/.test(f)) continue;
      let text: string;
      try {
        if (statSync(f).size > MAX_FILE_BYTES) {
          inputs.warnings.push(`${source}: skipped: larger than ${MAX_FILE_BYTES / 2 ** 20} MiB`);
          continue;
        }
        text = readFileSync(f, 'utf8');
      } catch (e) {
        inputs.warnings.push(
          `${source}: skipped: cannot be read (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
        );
        continue;
      }
      if (!isJson) {
        if (/<testsuite[\s>]/.test(text)) inputs.junit.push({ source, text });
        continue;
      }
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch {
        inputs.warnings.push(`${source}: skipped: not valid JSON (truncated? a shard stopped while writing it)`);
        continue;
      }
      if (!isObj(v)) continue;
      const schema = v['schema'];
      if (
        schema === HUNT_FIXTURE_SCHEMA ||
        schema === HUNT_FIXTURE_SCHEMA_V1 ||
        (typeof schema === 'string' && schema.startsWith('ufmcheck/fixture@'))
      ) {
        inputs.fixtures.push({ source, value: v, rel: fixtureRel(v, f) });
      } else if (Array.isArray(v['hits']) && v['tried'] !== undefined) {
        inputs.hunts.push({ source, value: v });
      } else if (Array.isArray(v['claims'])) {
        inputs.verifies.push({ source, value: v });
      }
    }
  }
  return inputs;
}

/** The JUnit suites in one document, with totals summed from their attributes. */
export function mergeJunit(docs: readonly { source: string; text: string }[]): {
  xml: string;
  tests: number;
  failures: number;
  errors: number;
  suites: number;
} {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let time = 0;
  for (const d of docs) {
    for (const m of d.text.matchAll(/<testsuite\b[^>]*?(?:\/>|>[\s\S]*?<\/testsuite>)/g)) {
      const el = m[0];
      const head = /^<testsuite\b[^>]*>/.exec(el)?.[0] ?? '';
      const attr = (k: string): number => Number(new RegExp(`\\s${k}="([^"]*)"`).exec(head)?.[1] ?? 0) || 0;
      tests += attr('tests');
      failures += attr('failures');
      errors += attr('errors');
      time += attr('time');
      suites.push(el);
    }
  }
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="ufmcheck (merged)" tests="${tests}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
  return { xml, tests, failures, errors, suites: suites.length };
}

/**
 * The conjecture of a `--conjecture` hunt, from the module its re-run command names (resolved against the merge's
 * cwd, as the shards' checkouts share the layout), or undefined when it is not there or does not load.
 */
async function moduleConjecture(rerun: unknown, id: string, cwd: string): Promise<Conjecture | undefined> {
  const m = typeof rerun === 'string' ? / --conjecture (\S+)/.exec(rerun) : null;
  if (m === null) return undefined;
  try {
    return (await loadCatalog(m[1], cwd)).all.find((c) => c.id === id);
  } catch {
    return undefined;
  }
}

function worse(a: number, b: number): number {
  const rank = (c: number): number => (c === 1 ? 3 : c === 2 ? 2 : c === 0 ? 0 : 1);
  return rank(b) > rank(a) ? b : a;
}

async function run(args: readonly string[], ctx: CliContext): Promise<number> {
  if (wantsHelp(args)) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const { values: v, positionals } = parseStrict(args, OPTIONS, true);
  if (positionals.length === 0) throw new UsageError('DIR', 'give at least one directory of shard outputs');
  if (v.out === undefined) throw new UsageError('--out', 'required: the directory for the merged outputs');
  const out = outputDir(v.out, '--out', ctx.cwd);
  const dirs = positionals.map((p) => {
    const abs = resolve(ctx.cwd, p);
    const st = statSync(abs, { throwIfNoEntry: false });
    if (st === undefined || !st.isDirectory()) throw new UsageError('DIR', `'${p}' is not a directory`);
    return abs;
  });
  const catalog = await loadCatalog(v.conjecture, ctx.cwd);
  const inputs = classify(dirs, out, ctx.cwd);
  if (inputs.hunts.length + inputs.verifies.length + inputs.fixtures.length + inputs.junit.length === 0) {
    throw new UsageError(
      'DIR',
      `nothing to merge under ${positionals.join(', ')} (no hunt/verify --json result, fixture or JUnit XML)${inputs.warnings.length > 0 ? `; ${inputs.warnings[0] ?? ''}` : ''}`,
    );
  }
  const show = (abs: string): string => displayPath(ctx.cwd, abs);
  const written: string[] = [];
  const write = (file: string, text: string): void => {
    writeFileAtomic(file, text);
    written.push(show(file));
  };

  // Fixtures first, so the merged hunts can point at the copies.
  const fixtureAt = new Map<string, string>();
  const seenRel = new Set<string>();
  for (const f of inputs.fixtures) {
    if (seenRel.has(f.rel)) continue;
    seenRel.add(f.rel);
    const abs = join(out, 'fixtures', f.rel);
    const display = show(abs);
    write(abs, `${stringifyJson({ ...f.value, replay: replayCommand(display) })}\n`);
    const hunt = f.value['hunt'];
    if (isObj(hunt))
      fixtureAt.set(
        `${String(f.value['conjecture'])}\u0000${String(hunt['seed'])}\u0000${String(hunt['index'])}`,
        display,
      );
  }

  const groups = new Map<string, HuntShardDoc[]>();
  for (const h of inputs.hunts) {
    const k = huntKey(h.value, h.source);
    groups.set(k, [...(groups.get(k) ?? []), h]);
  }
  const huntTotals: Obj[] = [];
  const mergedDocs: { source: string; value: unknown }[] = [];
  let exitCode = 0;
  for (const docs of groups.values()) {
    const id = String(docs[0]?.value['id']);
    const seed = Number(docs[0]?.value['seed']);
    const conjecture: Conjecture | undefined =
      catalog.all.find((c) => c.id === id) ?? (await moduleConjecture(docs[0]?.value['rerun'], id, ctx.cwd));
    const r = mergeHuntShards(docs, conjecture, (index) => fixtureAt.get(`${id}\u0000${seed}\u0000${index}`) ?? null);
    inputs.warnings.push(...r.warnings);
    if (conjecture === undefined)
      inputs.warnings.push(
        `hunt ${id}: conjecture not found (give its module with --conjecture): findings grouped without its hooks, distribution merged from the summaries`,
      );
    const file = join(out, `hunt-${safeSegment(id)}-${seed}.json`);
    write(file, `${stringifyJson(r.merged)}\n`);
    mergedDocs.push({ source: show(file), value: r.merged });
    exitCode = worse(exitCode, Number(r.merged['exitCode']));
    const m = r.merged;
    huntTotals.push({
      id,
      seed,
      budget: m['budget'],
      shards: m['shards'],
      complete: r.complete,
      tried: m['tried'],
      hits: (m['hits'] as unknown[]).length,
      noHit: m['noHit'],
      inconclusive: m['inconclusive'],
      errors: m['errors'],
      seconds: m['seconds'],
      file: show(file),
      exitCode: m['exitCode'],
    });
  }

  let verifyTotals: Obj | undefined;
  if (inputs.verifies.length > 0) {
    const claims = inputs.verifies.flatMap((d) => d.value['claims'] as unknown[]);
    const seeds = [...new Set(inputs.verifies.map((d) => d.value['seed']))];
    const ec = inputs.verifies.reduce(
      (e, d) => worse(e, Number.isSafeInteger(d.value['exitCode']) ? (d.value['exitCode'] as number) : 0),
      0,
    );
    const merged = {
      ...inputs.verifies[0]?.value,
      claims,
      seed: seeds[0],
      seeds,
      seconds: inputs.verifies.reduce((s, d) => s + (Number(d.value['seconds']) || 0), 0),
      exitCode: ec,
      sources: inputs.verifies.map((d) => d.source),
    };
    const file = join(out, 'verify.json');
    write(file, `${stringifyJson(merged)}\n`);
    mergedDocs.push({ source: show(file), value: merged });
    exitCode = worse(exitCode, ec);
    const outcome = (c: unknown): string => (isObj(c) && typeof c['outcome'] === 'string' ? c['outcome'] : 'unknown');
    const byOutcome: Record<string, number> = {};
    for (const c of claims) byOutcome[outcome(c)] = (byOutcome[outcome(c)] ?? 0) + 1;
    verifyTotals = {
      results: inputs.verifies.length,
      claims: claims.length,
      outcomes: byOutcome,
      file: show(file),
      exitCode: ec,
    };
  }

  let junitTotals: Obj | undefined;
  if (inputs.junit.length > 0) {
    const j = mergeJunit(inputs.junit);
    const file = join(out, 'junit.xml');
    write(file, j.xml);
    junitTotals = {
      files: inputs.junit.length,
      suites: j.suites,
      tests: j.tests,
      failures: j.failures,
      errors: j.errors,
      file: show(file),
    };
    if (j.failures + j.errors > 0) exitCode = worse(exitCode, 1);
  }

  let reportTotals: Obj | undefined;
  if (v['no-report'] !== true && mergedDocs.length > 0) {
    const report = await buildReport(reportData(mergedDocs), {
      command: ['npx ufmcheck merge', ...args.map(shellQuote)].join(' '),
    });
    const dir = join(out, 'report');
    writeReport(dir, report);
    reportTotals = {
      index: show(join(dir, 'index.html')),
      summary: show(join(dir, 'summary.md')),
      figures: report.figures.length,
    };
  }

  const totals = {
    inputs: positionals,
    out: show(out),
    hunts: huntTotals,
    ...(verifyTotals !== undefined ? { verify: verifyTotals } : {}),
    ...(junitTotals !== undefined ? { junit: junitTotals } : {}),
    fixtures: { copied: seenRel.size, dir: show(join(out, 'fixtures')) },
    ...(reportTotals !== undefined ? { report: reportTotals } : {}),
    warnings: inputs.warnings,
    exitCode,
  };
  writeFileAtomic(join(out, 'merge.json'), `${stringifyJson(totals)}\n`);
  for (const w of inputs.warnings) ctx.stderr.write(`ufmcheck: warning: ${w}\n`);
  ctx.stdout.write(
    v.json === true
      ? `${stringifyJson(totals)}\n`
      : mergeText(totals, huntTotals, verifyTotals, junitTotals, reportTotals, seenRel.size, show(out)),
  );
  return exitCode;
}

function mergeText(
  t: { exitCode: number; warnings: readonly string[] },
  hunts: readonly Obj[],
  verify: Obj | undefined,
  junit: Obj | undefined,
  report: Obj | undefined,
  fixtures: number,
  out: string,
): string {
  const lines = [`merged into ${out}/`];
  for (const h of hunts) {
    const s = h['shards'] as { count: number; merged: number[] };
    lines.push(
      `hunt ${String(h['id'])} seed ${String(h['seed'])} budget ${String(h['budget'])}: ${s.merged.length}/${s.count} shards${h['complete'] === true ? '' : ' (INCOMPLETE)'}, tried ${String(h['tried'])}, ${String(h['hits'])} hits, ${String(h['noHit'])} no-hit, ${String(h['inconclusive'])} inconclusive, ${String(h['errors'])} errors → ${String(h['file'])}`,
    );
  }
  if (verify !== undefined)
    lines.push(
      `verify: ${String(verify['claims'])} claims from ${String(verify['results'])} results (${Object.entries(
        verify['outcomes'] as Record<string, number>,
      )
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}) → ${String(verify['file'])}`,
    );
  if (junit !== undefined)
    lines.push(
      `junit: ${String(junit['suites'])} suites, ${String(junit['tests'])} tests, ${String(junit['failures'])} failures, ${String(junit['errors'])} errors → ${String(junit['file'])}`,
    );
  lines.push(`fixtures: ${fixtures} copied → ${out}/fixtures/`);
  if (report !== undefined)
    lines.push(
      `report: ${String(report['index'])} (${String(report['figures'])} figures), ${String(report['summary'])}`,
    );
  if (t.warnings.length > 0)
    lines.push(`${t.warnings.length} warning${t.warnings.length === 1 ? '' : 's'} (on stderr)`);
  lines.push(`exit ${t.exitCode}`);
  return `${lines.join('\n')}\n`;
}

/** The `merge` command. */
export const mergeCommand: Command = {
  name: 'merge',
  summary: 'combine the outputs of shards (hunt/verify results, fixtures, JUnit, report) into one, with totals',
  help: HELP,
  run,
};
