/**
 * `ufmcheck verify` — run the registered claims and negative controls, print the table (or one JSON object),
 * store every counterexample as a fixture, and exit 0 / 1 / 2 (issue 3; exit codes in ../exitCodes.ts).
 *
 * Order of work: parse and validate every flag and output path, select the claims — any usage error stops here
 * with nothing written — then run each claim (seed shared by all claims, so `--claim <id> --seed S --runs N`
 * repeats one of them exactly), write fixtures, write the JUnit file, print the report.
 */
import {
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
} from '../../claim/index.ts';
import { outputDir, outputFile, parseFraction, parsePositiveInt, parseSeconds, parseStrict, resolveSeed, wantsHelp } from '../args.ts';
import type { Command } from '../command.ts';
import type { CliContext } from '../context.ts';
import fc from 'fast-check';
import { claimsForLoss } from '../../claim/lossVariants.ts';
import { resolveLoss } from '../../claim/plugin.ts';
import { shellQuote } from '../../claim/index.ts';
import { summarizeControls } from '../format/controls.ts';
import { junitXml } from '../format/junit.ts';
import type { ClaimResult } from '../format/result.ts';
import { listJson, verifyJson } from '../format/verifyJson.ts';
import { controlsText, listText, resultBlock, resultsTable, summaryLine } from '../format/verifyText.ts';
import { createProgress } from '../progress.ts';

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
  controls: { type: 'boolean' },
  quiet: { type: 'boolean' },
  loss: { type: 'string' },
  model: { type: 'string' },
} as const;

/** Largest accepted --runs. */
const MAX_RUNS = 10_000_000;
/** Largest accepted --min-per-class. */
const MAX_MIN_PER_CLASS = 100_000;

const HELP = `Usage: ufmcheck verify [options]

Run every registered claim and negative control through fast-check and gate CI on the result.

Options:
  --claim ID              only claims whose id starts with ID (repeatable)
  --runs N                runs per claim (default: each claim's defaultRuns)
  --seed S                fast-check seed, integer 0..4294967295 (default: UFMCHECK_SEED, else drawn from the
                          clock and printed)
  --timeout-per-run S     seconds one check may take; a slower run counts as inconclusive
  --min-per-class M       certified runs every coverage class of a claim needs (default ${DEFAULT_MIN_PER_CLASS});
                          a class with fewer makes the claim inconclusive (exit 2)
  --max-inconclusive F    share of a claim's runs that may be inconclusive before exit 2 (default ${DEFAULT_MAX_INCONCLUSIVE})
  --controls              only the negative controls; report detection rate and counterexample sizes
  --model M               only the claims of one model: ufm (plain CE/MSE UFM and its saddles), extended, relu,
                          ulpm, fixed-features (combines with --claim)
  --loss ID|FILE          re-run the CE claims with this loss (a registered id or a .ts/.js plug-in module,
                          checked by Taylor slopes before use): which CE theorems survive it, with evidence
  --out DIR               where counterexamples are saved as fixtures (default fixtures/)
  --junit FILE            also write a JUnit XML report to FILE
  --json                  print exactly one JSON object on stdout
  --list                  list the selected claims (id, citation, kind, statement) and exit
  --quiet                 no progress line; refuted controls in one line each
  -h, --help              this help

On a failure (a claim fails, or a control is refuted) the shrunk counterexample is printed and saved under
--out, with the exact commands to replay it and to re-run the claim.

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
  readonly out: string;
  readonly controls: boolean;
  readonly quiet: boolean;
  readonly loss: string | undefined;
}

/** Claim-id prefixes of each model (issue 5 item 5: verify knows the models). */
const MODEL_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  ufm: ['ce.', 'mse.', 'ufm.', 'saddle.'], extended: ['extended.'], relu: ['relu.'], ulpm: ['ulpm.'], 'fixed-features': ['fixed-features.'],
};

function modelPrefixes(m: string): readonly string[] {
  const p = MODEL_PREFIXES[m];
  if (p === undefined) throw new UsageError('--model', `must be one of ${Object.keys(MODEL_PREFIXES).join(', ')}; got '${m}'`);
  return p;
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
    timeoutPerRunMs: v['timeout-per-run'] === undefined ? undefined : 1000 * parseSeconds(v['timeout-per-run'], '--timeout-per-run'),
    maxInconclusive: v['max-inconclusive'] === undefined ? DEFAULT_MAX_INCONCLUSIVE : parseFraction(v['max-inconclusive'], '--max-inconclusive'),
    minPerClass: v['min-per-class'] === undefined ? DEFAULT_MIN_PER_CLASS : parsePositiveInt(v['min-per-class'], '--min-per-class', MAX_MIN_PER_CLASS),
    list: v.list === true,
    out: outputDir(v.out ?? 'fixtures', '--out', ctx.cwd),
    controls: v.controls === true,
    quiet: v.quiet === true,
    loss: v.loss,
  };
}

/** Runs the selected claims and stores their counterexamples. */
function runAll(selected: readonly Claim[], o: VerifyOptions, ctx: CliContext): ClaimResult[] {
  const progress = createProgress(ctx.stderr, ctx.stderr.isTTY === true && !o.quiet && !o.json, ctx.now);
  const results: ClaimResult[] = [];
  try {
    for (const [i, claim] of selected.entries()) {
      progress.claim(i, selected.length, claim.id);
      const runs = o.runs ?? claim.defaultRuns;
      const record = runClaim(claim, {
        seed: o.seed,
        runs,
        minPerClass: o.minPerClass,
        ...(o.timeoutPerRunMs !== undefined ? { timeoutPerRunMs: o.timeoutPerRunMs } : {}),
        onProgress: (done, total) => progress.run(done, total),
      });
      const rerun = rerunCommand(claim.id, o.seed, runs) + (o.loss !== undefined ? ` --loss ${shellQuote(o.loss)}` : '');
      const fixture = record.counterexample !== undefined ? writeFixture(o.out, record, { cwd: ctx.cwd, createdBy: rerun }) : undefined;
      results.push({
        record,
        outcome: judgeRecord(record, o.maxInconclusive),
        rerun,
        ...(fixture !== undefined ? { fixture } : {}),
        ...(claim.controls !== undefined ? { controls: claim.controls } : {}),
      });
    }
  } finally {
    progress.clear();
  }
  return results;
}

/** Prints the human report. */
function printText(results: readonly ClaimResult[], o: VerifyOptions, seconds: number, exitCode: number, ctx: CliContext): void {
  const out: string[] = [];
  const seedNote = o.seedFromClock ? ` (drawn from the clock; repeat with --seed ${o.seed})` : '';
  out.push(`ufmcheck verify — seed ${o.seed}${seedNote}, ${results.length} ${o.controls ? 'controls' : 'claims and controls'}\n\n`);
  if (results.length === 0) out.push('nothing to verify: no claims selected\n');
  else out.push(resultsTable(results));
  const blocks = results.map((r) => resultBlock(r, o.maxInconclusive, o.quiet)).filter((b) => b !== '');
  if (blocks.length > 0) out.push(`\n${blocks.join('\n')}`);
  if (o.controls) out.push(`\n${controlsText(summarizeControls(results))}`);
  out.push(`\n${summaryLine(results, o.seed, seconds, exitCode)}`);
  ctx.stdout.write(out.join(''));
}

async function run(args: readonly string[], ctx: CliContext): Promise<number> {
  if (wantsHelp(args)) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const o = parseVerifyArgs(args, ctx);
  let registry = await ctx.loadRegistry();
  if (o.loss !== undefined) {
    // Issue 6 item 3: the CE claims and controls re-run with the plug-in in place of CE (src/claim/lossVariants.ts).
    const loss = await resolveLoss(o.loss, ctx.cwd);
    registry = claimsForLoss(registry, loss.id, 'ce', (c) => fc.sample(c.arbitrary, { seed: 1, numRuns: 1 })[0]);
    if (registry.length === 0) throw new UsageError('--loss', 'no registered claim runs on CE instances');
  }
  const problems = registryProblems(registry);
  if (problems.length > 0) throw new Error(`unsound claim registry:\n  ${problems.join('\n  ')}`);
  const selected = selectClaims(registry, o.prefixes, { controlsOnly: o.controls });

  if (o.list) {
    ctx.stdout.write(o.json ? listJson(selected) : listText(selected));
    return 0;
  }

  const t0 = performance.now();
  const results = runAll(selected, o, ctx);
  const exitCode = worstSeverity(results.map((r) => outcomeSeverity(r.outcome)));
  const seconds = (performance.now() - t0) / 1000;
  if (o.junit !== undefined) writeFileAtomic(o.junit, junitXml(results, { seed: o.seed, seconds, maxInconclusive: o.maxInconclusive }));
  if (o.json) ctx.stdout.write(verifyJson(results, o.seed, seconds, exitCode, o.controls ? summarizeControls(results) : undefined));
  else printText(results, o, seconds, exitCode, ctx);
  return exitCode;
}

/** The `verify` command. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'run the registered claims and negative controls (the CI gate)',
  help: HELP,
  run,
};
