/**
 * `ufmcheck report RESULT.json… --out DIR` — render stored `verify --json` / `hunt --json` results (several files,
 * e.g. shards, merge into one report) as DIR/index.html (self-contained), DIR/summary.md and one SVG per figure
 * (issue 10; the layer is src/report/).
 *
 * Order of work: parse the flags, read and validate every file (a malformed one is exit 64 naming the file and
 * field, with nothing written), compute and render the figures in memory, then write the directory.
 */
import { relative, resolve } from 'node:path';
import { UsageError, parseInputJson, readInputText, shellQuote } from '../../claim/index.ts';
import { buildReport, reportData, writeReport } from '../../report/index.ts';
import { outputDir, parseStrict, wantsHelp } from '../args.ts';
import type { Command } from '../command.ts';
import type { CliContext } from '../context.ts';

const OPTIONS = {
  out: { type: 'string' },
  title: { type: 'string' },
} as const;

const HELP = `Usage: ufmcheck report RESULT.json… --out DIR [--title TEXT]

Render stored results of 'ufmcheck verify --json' and 'ufmcheck hunt --json' as a report. Several files (e.g. the
shards of one hunt, or verify runs of different claims) merge into one report.

DIR receives:
  index.html   self-contained page (no network: inline styles and SVG): verdict table, every failure and refuted
               control with its shrunk instance, replay command and picture, hunt hits, and the figures
  summary.md   a short Markdown summary for a CI job page (e.g. >> "$GITHUB_STEP_SUMMARY")
  *.svg        every figure as a standalone SVG

Figures are computed from the results (and re-solved from their instances and seed), never canned.

Options:
  --out DIR       the report directory (created when missing; required)
  --title TEXT    page title (default 'ufmcheck report')
  -h, --help      this help

Exit codes: 0 written; 64 bad usage (a missing or malformed file names the file and field).
`;

/** Reads and parses one result file (UsageError naming it). */
function readResult(file: string, ctx: CliContext): { source: string; value: unknown } {
  // A regular file of bounded size and nesting (src/claim/readInput.ts; issue 12: no FIFO hang, no deep-JSON abort).
  const path = resolve(ctx.cwd, file);
  return { source: file, value: parseInputJson(readInputText(path, file), file, file) };
}

async function run(args: readonly string[], ctx: CliContext): Promise<number> {
  if (wantsHelp(args)) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const { values: v, positionals } = parseStrict(args, OPTIONS, true);
  if (v.out === undefined) throw new UsageError('--out', 'required: the report directory');
  const out = outputDir(v.out, '--out', ctx.cwd);
  if (positionals.length === 0)
    throw new UsageError('RESULT.json', 'give at least one result file (verify --json or hunt --json output)');
  const data = reportData(positionals.map((f) => readResult(f, ctx)));
  const command = ['npx ufmcheck report', ...positionals.map(shellQuote), '--out', shellQuote(v.out)].join(' ');
  const report = await buildReport(data, { command, ...(v.title !== undefined ? { title: v.title } : {}) });
  writeReport(out, report);
  const shown = relative(ctx.cwd, out) || '.';
  ctx.stdout.write(`report: ${shown}/index.html (${report.figures.length} figures), ${shown}/summary.md\n`);
  return 0;
}

/** The `report` command. */
export const reportCommand: Command = {
  name: 'report',
  summary: 'render stored verify/hunt JSON results as an HTML report with figures and a CI summary',
  help: HELP,
  run,
};
