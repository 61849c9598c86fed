/**
 * `--report DIR` of verify and hunt (issue 10): the command's own `--json` text is the report's input, so a live
 * report and `ufmcheck report saved.json` render exactly the same data.
 */
import { relative } from 'node:path';
import { shellQuote } from '../claim/index.ts';
import { buildReport, reportData, writeReport } from '../report/index.ts';
import type { CliContext } from './context.ts';
import type { EarlyReport } from './reportEarly.ts';

/**
 * Renders and writes the report of one run.
 * @param dir - absolute report directory (validated by outputDir)
 * @param json - the run's `--json` text
 * @param command - the command word and its arguments, e.g. ['verify', '--seed', '1', '--report', 'out']
 * @param ctx - where the one-line note goes: stderr when stdout must stay one JSON object, else stdout
 * @param toStderr - true under --json
 * @param early - the seed-only figures started on a worker before the run (reportEarly.ts), if any
 */
export async function writeRunReport(
  dir: string,
  json: string,
  command: readonly string[],
  ctx: CliContext,
  toStderr: boolean,
  early?: EarlyReport,
): Promise<void> {
  const data = reportData([{ source: command[0] ?? 'run', value: JSON.parse(json) as unknown }]);
  const pre = early === undefined ? undefined : await early.result;
  const report = await buildReport(data, {
    command: ['npx ufmcheck', ...command.map(shellQuote)].join(' '),
    ...(pre !== undefined ? { early: pre } : {}),
  });
  writeReport(dir, report);
  const shown = relative(ctx.cwd, dir) || '.';
  (toStderr ? ctx.stderr : ctx.stdout).write(
    `report: ${shown}/index.html (${report.figures.length} figures), ${shown}/summary.md\n`,
  );
}
