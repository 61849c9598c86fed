/**
 * `ufmcheck verify` — run the registered claims and negative controls, print the table (or one JSON object),
 * store every counterexample as a fixture, and exit 0 / 1 / 2 (issue 3; exit codes in ../exitCodes.ts).
 *
 * Order of work: parse and validate every flag and output path, select the claims — any usage error stops here
 * with nothing written — then run each claim (seed shared by all claims, so `--claim <id> --seed S --runs N`
 * repeats one of them exactly), write fixtures, write the JUnit file, print the report.
 */
import {
  OutputError,
  DEFAULT_MAX_INCONCLUSIVE,
  DEFAULT_MIN_PER_CLASS,
  judgeRecord,
  outcomeSeverity,
  registryProblems,
  rerunCommand,
  runClaim,
  selectClaims,
  UsageError,
  worstSeverity,
  writeFileAtomic,
  writeFixture,
  type Claim,
  type Json,
} from '../../claim/index.ts';
import {
  outputDir,
  outputFile,
  parseFraction,
  parsePositiveInt,
  parseSeconds,
  parseStrict,
  resolveSeed,
  wantsHelp,
} from '../args.ts';
import type { Command } from '../command.ts';
import type { CliContext } from '../context.ts';
import { lossSelectionText, selectForLoss } from '../../claim/index.ts';
import { resolveLoss } from '../../claim/index.ts';
import { shellQuote } from '../../claim/index.ts';
import { summarizeControls } from '../format/controls.ts';
import { junitXml } from '../format/junit.ts';
import type { ClaimResult } from '../format/result.ts';
import { listJson, verifyJson } from '../format/verifyJson.ts';
import { controlsText, listText } from '../format/verifyText.ts';
import { paletteFor } from '../format/color.ts';
import { githubAnnotations, onGithubActions, writeStepSummary } from '../format/github.ts';
import { verifySummaryMarkdown } from '../format/summaryMd.ts';
import { reportData } from '../../report/index.ts';
import { summaryMarkdown } from '../../report/index.ts';
import { MARGIN_LEGEND, terminalBlock, terminalSummary, terminalTable, wrapLine } from '../format/verifyTerminal.ts';
import {
  DEFAULT_FAILURES_DIR,
  readLastFailed,
  readLastFailures,
  recordLastFailed,
  type LastFailure,
} from '../failures.ts';
import { compileKeyword, type KeywordMatcher } from '../keyword.ts';
import { join, relative } from 'node:path';
import { writeRunReport } from '../reportOutput.ts';
import { startEarlyReport } from '../reportEarly.ts';
import { createProgress } from '../progress.ts';
import { signalExitCode, watchInterrupts, yieldToEvents, type InterruptWatch } from '../interrupt.ts';
import type { Arbitrary } from 'fast-check';
import { PROFILES, profilePlan, THOROUGH_RUNS_FACTOR, type ProfileId } from '../../arbitraries/index.ts';
import { certifiedModels } from '../../certified/index.ts';

const OPTIONS = {
  claim: { type: 'string', multiple: true },
  runs: { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'boolean' },
  junit: { type: 'string' },
  'timeout-per-run': { type: 'string' },
  'max-inconclusive': { type: 'string' },
  'min-per-class': { type: 'string' },
  list: { type: 'boolean' },
  out: { type: 'string' },
  report: { type: 'string' },
  controls: { type: 'boolean' },
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  keyword: { type: 'string', short: 'k' },
  exitfirst: { type: 'boolean', short: 'x' },
  'last-failed': { type: 'boolean' },
  loss: { type: 'string' },
  model: { type: 'string' },
  profile: { type: 'string' },
} as const;

/** Largest accepted --runs. */
const MAX_RUNS = 10_000_000;
/** Largest accepted --min-per-class. */
const MAX_MIN_PER_CLASS = 100_000;

/** What `verify --model <id>` selects, where the id alone does not say it (a model without a note is listed by id). */
const MODEL_NOTES: Readonly<Record<string, string>> = { ufm: 'plain CE/MSE UFM and its saddles' };

/** The help's `--model` lines: the certified-model registry's ids in order, wrapped at 114 columns. */
const MODEL_HELP_LINES = wrapLine(
  `  --model M               only the claims of one model: ${certifiedModels.map((m) => (MODEL_NOTES[m.id] === undefined ? m.id : `${m.id} (${MODEL_NOTES[m.id]})`)).join(', ')} (combines with --claim)`,
  114,
  ' '.repeat(26),
).join('\n');

const HELP = `Usage: ufmcheck verify [options]

Run every registered claim and negative control through fast-check and gate CI on the result.

Options:
  --claim ID              only claims whose id starts with ID (repeatable)
  -k EXPR                 only claims whose id matches EXPR, like pytest -k: words are case-insensitive
                          substrings (or globs with * and ?) combined with and, or, not and parentheses,
                          e.g. -k 'ce and not landscape', -k 'saddle.*.strict-saddle'
  -x, --exitfirst         stop after the first failure (failed claim, check that threw, control not refuted)
  --last-failed           re-run only the claims that failed last time (recorded in the failures directory;
                          everything when none is recorded)
  --runs N                runs per claim (default: each claim's defaultRuns)
  --seed S                fast-check seed, integer 0..4294967295 (default: UFMCHECK_SEED, else drawn from the
                          clock and printed)
  --timeout-per-run S     seconds one check may take; a slower run counts as inconclusive
  --min-per-class M       certified runs every coverage class of a claim needs (default ${DEFAULT_MIN_PER_CLASS});
                          a class with fewer makes the claim inconclusive (exit 2)
  --max-inconclusive F    share of a claim's runs that may be inconclusive before exit 2 (default ${DEFAULT_MAX_INCONCLUSIVE})
  --controls              only the negative controls; report detection rate and counterexample sizes
  --profile P             ci (default: every claim on its own small generators, about a minute), thorough
                          (${THOROUGH_RUNS_FACTOR}× the runs; the plain-UFM minimizer and landscape claims on K ≤ 30, d ≤ K+40,
                          n ≤ 200), paper (only those claims, at the papers' sizes (K, d, n) = (10, 512, 5000),
                          (100, 512, 500), (1000, 2048, 1300); landscape at (10, 512, 500); κ = 1/2)
${MODEL_HELP_LINES}
  --loss ID|FILE          re-run the CE claims with this loss (a registered id or a .ts/.js plug-in module,
                          checked by Taylor slopes before use): which CE theorems survive it, with evidence
  --out DIR               where fixtures are saved: failed claims' counterexamples always, refuted controls'
                          only when --out is given (default ${DEFAULT_FAILURES_DIR}/, failures only; a green
                          run writes nothing)
  --junit FILE            also write a JUnit XML report to FILE
  --report DIR            also write an HTML report with figures: DIR/index.html, DIR/summary.md, DIR/*.svg
                          (refuted controls' fixtures go to DIR/fixtures/ unless --out is given)
  --json                  print exactly one JSON object on stdout
  --list                  list the selected claims (id, citation, kind, statement) and exit
  --quiet                 no progress line
  -v, --verbose           add kind and citation columns and every refuted control's evidence
  -h, --help              this help

On a failure the shrunk counterexample is printed and saved under --out (default ${DEFAULT_FAILURES_DIR}/), with
the exact commands to replay it and to re-run the claim. Colour only on a terminal (NO_COLOR turns it off). On
GitHub Actions (GITHUB_ACTIONS=true) failures also become ::error annotations and a Markdown summary is appended
to $GITHUB_STEP_SUMMARY.

Exit codes: 0 all claims pass and all controls are refuted; 1 a claim failed or a control was not refuted;
2 too many inconclusive runs; 64 bad usage.
`;

/** Validated flags. */
interface VerifyOptions {
  readonly prefixes: readonly string[];
  readonly runs: number | undefined;
  readonly seed: number;
  readonly seedFromClock: boolean;
  readonly json: boolean;
  readonly junit: string | undefined;
  readonly timeoutPerRunMs: number | undefined;
  readonly maxInconclusive: number;
  readonly minPerClass: number;
  readonly list: boolean;
  /** --out as given (absolute), or undefined: then only real failures are saved, to failuresDir. */
  readonly out: string | undefined;
  /** Where failures and lastfailed go: --out, else DEFAULT_FAILURES_DIR under cwd. */
  readonly failuresDir: string;
  /** --report DIR (absolute), or undefined. */
  readonly report: string | undefined;
  readonly controls: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly keyword: KeywordMatcher | undefined;
  readonly exitFirst: boolean;
  readonly lastFailed: boolean;
  readonly loss: string | undefined;
  /** --profile (issue 12 item 4): ci (default), thorough, paper. */
  readonly profile: ProfileId;
}

/** Claim-id prefixes of each model (issue 5 item 5: verify knows the models), from the certified-model registry. */
const MODEL_PREFIXES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  certifiedModels.map((m) => [m.id, m.claimPrefixes]),
);

function modelPrefixes(m: string): readonly string[] {
  const p = MODEL_PREFIXES[m];
  if (p === undefined)
    throw new UsageError('--model', `must be one of ${Object.keys(MODEL_PREFIXES).join(', ')}; got '${m}'`);
  return p;
}

function parseProfile(p: string | undefined): ProfileId {
  if (p === undefined) return 'ci';
  if (!(PROFILES as readonly string[]).includes(p))
    throw new UsageError('--profile', `must be one of ${PROFILES.join(', ')}; got '${p.slice(0, 40)}'`);
  return p as ProfileId;
}

/** Parses and validates the flags (throws UsageError naming the flag; touches no file). */
function parseVerifyArgs(args: readonly string[], ctx: CliContext): VerifyOptions {
  const { values: v } = parseStrict(args, OPTIONS, false);
  const prefixes = [...(v.claim ?? []), ...(v.model === undefined ? [] : modelPrefixes(v.model))];
  for (const p of prefixes) if (p === '') throw new UsageError('--claim', 'must not be empty');
  const seeded = resolveSeed(v.seed, ctx.env, ctx.now);
  const seedFromClock = seeded.source === 'clock';
  return {
    prefixes,
    runs: v.runs === undefined ? undefined : parsePositiveInt(v.runs, '--runs', MAX_RUNS),
    seed: seeded.seed,
    seedFromClock,
    json: v.json === true,
    junit: v.junit === undefined ? undefined : outputFile(v.junit, '--junit', ctx.cwd),
    timeoutPerRunMs:
      v['timeout-per-run'] === undefined ? undefined : 1000 * parseSeconds(v['timeout-per-run'], '--timeout-per-run'),
    maxInconclusive:
      v['max-inconclusive'] === undefined
        ? DEFAULT_MAX_INCONCLUSIVE
        : parseFraction(v['max-inconclusive'], '--max-inconclusive'),
    minPerClass:
      v['min-per-class'] === undefined
        ? DEFAULT_MIN_PER_CLASS
        : parsePositiveInt(v['min-per-class'], '--min-per-class', MAX_MIN_PER_CLASS),
    list: v.list === true,
    out: v.out === undefined ? undefined : outputDir(v.out, '--out', ctx.cwd),
    failuresDir:
      v.out === undefined ? outputDir(DEFAULT_FAILURES_DIR, '--out', ctx.cwd) : outputDir(v.out, '--out', ctx.cwd),
    report: v.report === undefined ? undefined : outputDir(v.report, '--report', ctx.cwd),
    controls: v.controls === true,
    quiet: v.quiet === true,
    verbose: v.verbose === true,
    keyword: v.keyword === undefined ? undefined : compileKeyword(v.keyword),
    exitFirst: v.exitfirst === true,
    lastFailed: v['last-failed'] === true,
    loss: v.loss,
    profile: parseProfile(v.profile),
  };
}

/** Runs the selected claims and stores their counterexamples. */
async function runAll(
  selected: readonly Claim[],
  o: VerifyOptions,
  ctx: CliContext,
  writeErrors: OutputError[],
  interrupt: InterruptWatch,
): Promise<ClaimResult[]> {
  const progress = createProgress(ctx.stderr, ctx.stderr.isTTY === true && !o.quiet && !o.json, ctx.now);
  const results: ClaimResult[] = [];
  try {
    for (const [i, claim] of selected.entries()) {
      // Safe point between claims: a SIGINT/SIGTERM received during the last claim stops the run here.
      await yieldToEvents();
      if (interrupt.signal !== undefined) break;
      progress.claim(i, selected.length, claim.id);
      const plan = profilePlan(o.profile, claim.id, claim.kind, claim.defaultRuns) ?? {};
      const runs = plan.examples !== undefined ? plan.examples.length : (o.runs ?? plan.runs ?? claim.defaultRuns);
      const record = runClaim(claim, {
        seed: o.seed,
        runs,
        ...(plan.arbitrary !== undefined ? { arbitrary: plan.arbitrary as Arbitrary<Json> } : {}),
        ...(plan.examples !== undefined ? { examples: plan.examples } : {}),
        minPerClass: o.minPerClass,
        ...(o.timeoutPerRunMs !== undefined ? { timeoutPerRunMs: o.timeoutPerRunMs } : {}),
        onProgress: (done, total) => progress.run(done, total),
      });
      const rerun =
        rerunCommand(claim.id, o.seed, runs) +
        (o.loss !== undefined ? ` --loss ${shellQuote(o.loss)}` : '') +
        (o.profile !== 'ci' ? ` --profile ${o.profile}` : '');
      const outcome = judgeRecord(record, o.maxInconclusive);
      // Issue 10 item 4: a refuted control is the expected outcome, so its fixture is written only to an explicit
      // --out; a real failure is always saved (to --out, else the failures directory).
      const fixtureDir =
        outcome === 'refuted'
          ? (o.out ?? (o.report !== undefined ? join(o.report, 'fixtures') : undefined))
          : o.failuresDir;
      // A write failure (full or read-only disk) must not lose the results: it is kept and raised after printing.
      let fixture: ReturnType<typeof writeFixture> | undefined;
      try {
        fixture =
          record.counterexample !== undefined && fixtureDir !== undefined
            ? writeFixture(fixtureDir, record, { cwd: ctx.cwd, createdBy: rerun })
            : undefined;
      } catch (e) {
        if (!(e instanceof OutputError)) throw e;
        writeErrors.push(e);
      }
      results.push({
        record,
        outcome,
        rerun,
        ...(fixture !== undefined ? { fixture } : {}),
        ...(claim.controls !== undefined ? { controls: claim.controls } : {}),
      });
      if (o.exitFirst && outcomeSeverity(outcome) === 1) break;
    }
  } finally {
    progress.clear();
  }
  return results;
}

/** Prints the human report. */
function printText(
  results: readonly ClaimResult[],
  o: VerifyOptions,
  seconds: number,
  exitCode: number,
  ctx: CliContext,
): void {
  const out: string[] = [];
  const seedNote = o.seedFromClock ? ` (drawn from the clock; repeat with --seed ${o.seed})` : '';
  const palette = paletteFor(ctx.stdout, ctx.env);
  out.push(
    `ufmcheck verify — seed ${o.seed}${seedNote}, ${results.length} ${o.controls ? 'controls' : 'claims and controls'}\n\n`,
  );
  if (results.length === 0) out.push('nothing to verify: no claims selected\n');
  else out.push(terminalTable(results, { verbose: o.verbose, palette }), MARGIN_LEGEND);
  const blocks = results
    .map((r) => terminalBlock(r, { verbose: o.verbose, palette, maxInconclusive: o.maxInconclusive }))
    .filter((b) => b !== '');
  if (blocks.length > 0) out.push(`\n${blocks.join('\n')}`);
  const saved = results.filter((r) => r.fixture !== undefined).length;
  if (saved > 0)
    out.push(
      `\n${saved} fixture${saved === 1 ? '' : 's'} saved under ${relative(ctx.cwd, o.out ?? o.failuresDir) || '.'}/\n`,
    );
  if (o.controls) out.push(`\n${controlsText(summarizeControls(results))}`);
  out.push(`\n${terminalSummary(results, o.seed, seconds, exitCode, palette)}`);
  ctx.stdout.write(out.join(''));
}

/** Applies -k and --last-failed to the prefix selection (usage error when -k leaves nothing). */
function narrowSelection(selected: readonly Claim[], o: VerifyOptions, ctx: CliContext): Claim[] {
  let out = [...selected];
  if (o.keyword !== undefined) {
    const k = o.keyword;
    out = out.filter((c) => k(c.id));
    if (out.length === 0 && selected.length > 0)
      throw new UsageError('-k', 'no selected claim id matches the expression');
  }
  if (o.lastFailed) {
    const ids = readLastFailed(o.failuresDir);
    if (ids === undefined)
      ctx.stderr.write(
        `ufmcheck: no failures recorded in ${relative(ctx.cwd, o.failuresDir) || '.'}/; running the whole selection\n`,
      );
    else out = out.filter((c) => ids.includes(c.id));
  }
  return out;
}

/**
 * Updates lastfailed: this run's failures, plus earlier failures of claims this run did not select (so a
 * partial run does not forget them); removed when nothing is failing (a green run writes nothing).
 */
function recordFailures(results: readonly ClaimResult[], o: VerifyOptions): void {
  const ran = new Set(results.map((r) => r.record.id));
  const now: LastFailure[] = results
    .filter((r) => r.outcome !== 'pass' && r.outcome !== 'refuted')
    .map((r) => ({
      id: r.record.id,
      outcome: r.outcome,
      rerun: r.rerun,
      ...(r.fixture !== undefined ? { replay: r.fixture.fixture.replay } : {}),
    }));
  let earlier: LastFailure[] = [];
  try {
    earlier = (readLastFailures(o.failuresDir) ?? []).filter((f) => !ran.has(f.id));
  } catch {
    earlier = []; // an unreadable record is replaced
  }
  recordLastFailed(o.failuresDir, o.seed, [...now, ...earlier]);
}

async function run(args: readonly string[], ctx: CliContext): Promise<number> {
  if (wantsHelp(args)) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const o = parseVerifyArgs(args, ctx);
  // Watched from here on, so that a signal during the registry's loading also ends the run cleanly.
  const interrupt = watchInterrupts();
  try {
    return await verifyWith(o, args, ctx, interrupt);
  } finally {
    interrupt.dispose();
  }
}

/** The body of `verify` once the flags are valid (see {@link run}). */
async function verifyWith(
  o: VerifyOptions,
  args: readonly string[],
  ctx: CliContext,
  interrupt: InterruptWatch,
): Promise<number> {
  let registry = await ctx.loadRegistry();
  if (o.loss !== undefined) {
    // Issue 11: the loss-agnostic claims whose hypotheses the loss's detected traits meet, re-drawn for it; the
    // others are listed with the reason (src/claim/lossVariants.ts).
    const loss = await resolveLoss(o.loss, ctx.cwd);
    const sel = selectForLoss(registry, loss);
    (o.json ? ctx.stderr : ctx.stdout).write(lossSelectionText(sel, loss));
    registry = [...sel.claims];
  }
  const problems = registryProblems(registry);
  if (problems.length > 0) throw new Error(`unsound claim registry:\n  ${problems.join('\n  ')}`);
  const selected = narrowSelection(selectClaims(registry, o.prefixes, { controlsOnly: o.controls }), o, ctx).filter(
    (c) => profilePlan(o.profile, c.id, c.kind, c.defaultRuns) !== undefined,
  );

  if (o.list) {
    ctx.stdout.write(o.json ? listJson(selected) : listText(selected));
    return 0;
  }

  // --report: the figures that depend on the seed alone are drawn on a worker thread while the claims run.
  const early =
    o.report !== undefined
      ? startEarlyReport(
          selected.map((c) => c.id),
          o.seed,
        )
      : undefined;
  const t0 = performance.now();
  const writeErrors: OutputError[] = [];
  const results = await runAll(selected, o, ctx, writeErrors, interrupt);
  const stopped = interrupt.signal;
  // Interrupted (issue 12 item 1): the partial results are printed as usual, marked, and the exit code is 130/143.
  const exitCode =
    stopped !== undefined ? signalExitCode(stopped) : worstSeverity(results.map((r) => outcomeSeverity(r.outcome)));
  if (stopped !== undefined) {
    ctx.stderr.write(
      `ufmcheck: interrupted by ${stopped} after ${results.length} of ${selected.length} claims; partial results follow (not run: ${selected.length - results.length})\n`,
    );
  }
  const seconds = (performance.now() - t0) / 1000;
  recordFailures(results, o);
  // Results first (issue 12 item 1): a JUnit file or fixture that cannot be written ends the command with exit 73
  // after what was found is on stdout.
  if (o.json)
    ctx.stdout.write(
      verifyJson(
        results,
        o.seed,
        seconds,
        exitCode,
        o.controls ? summarizeControls(results) : undefined,
        stopped !== undefined
          ? { signal: stopped, notRun: selected.slice(results.length).map((c) => c.id) }
          : undefined,
      ),
    );
  else printText(results, o, seconds, exitCode, ctx);
  if (writeErrors[0] !== undefined) throw writeErrors[0];
  if (o.junit !== undefined)
    writeFileAtomic(o.junit, junitXml(results, { seed: o.seed, seconds, maxInconclusive: o.maxInconclusive }));
  if (o.report !== undefined)
    await writeRunReport(
      o.report,
      verifyJson(results, o.seed, seconds, exitCode),
      ['verify', ...args],
      ctx,
      o.json,
      early,
    );
  if (onGithubActions(ctx.env)) {
    // Annotations on stdout with the text report; on stderr under --json, which keeps stdout one JSON object.
    (o.json ? ctx.stderr : ctx.stdout).write(githubAnnotations(results));
    // With --report: the report's own summary.md text (src/report/summary.ts, which points at index.html); without,
    // a short summary of the same facts that points at nothing (src/cli/format/summaryMd.ts).
    const md =
      o.report !== undefined
        ? summaryMarkdown(
            reportData([
              { source: 'verify', value: JSON.parse(verifyJson(results, o.seed, seconds, exitCode)) as unknown },
            ]),
            ['npx ufmcheck', 'verify', ...args.map(shellQuote)].join(' '),
          )
        : verifySummaryMarkdown(results, { seed: o.seed, seconds, exitCode });
    writeStepSummary(ctx.env, md);
  }
  return exitCode;
}

/** The `verify` command. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'run the registered claims and negative controls (the CI gate)',
  help: HELP,
  run,
};
