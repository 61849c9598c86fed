/**
 * The terminal report of `ufmcheck verify` (issue 10 item 4).
 *
 * Default: a table that fits {@link TERMINAL_WIDTH} columns (claim, classes covered, runs, passed, failed,
 * inconclusive, margin, time, result — no citation), one block per real problem (failed claim, check that threw,
 * control not refuted, inconclusive overrun) wrapped to the same width, and a one-line summary. Refuted controls
 * are the expected outcome and print nothing more by default. `--verbose` adds the kind and citation columns and the
 * evidence block of every refuted control.
 *
 * The margin column and the evidence blocks show the same number: for a result with a counterexample (failed claim,
 * refuted control) it is the shrunk counterexample's margin; otherwise the worst margin over the drawn runs.
 */
import { stringifyJson } from '../../claim/index.ts';
import type { Palette } from './color.ts';
import { PLAIN } from './color.ts';
import { classesCovered, coverageLine } from './coverage.ts';
import { OUTCOME_LABEL, type ClaimResult } from './result.ts';
import { formatInstance, formatNumber, formatSeconds, renderTable, type Align } from './table.ts';

/** The width the default report fits. */
export const TERMINAL_WIDTH = 120;

/** Options of the terminal report. */
export interface TerminalOptions {
  /** Adds kind and citation columns and the refuted controls' evidence. @defaultValue false */
  readonly verbose?: boolean;
  /** Colours (PLAIN off a TTY). @defaultValue PLAIN */
  readonly palette?: Palette;
  /** Columns to fit (the default table and the blocks; verbose tables may be wider). @defaultValue 120 */
  readonly width?: number;
  /** The --max-inconclusive budget (for the inconclusive block). */
  readonly maxInconclusive: number;
}

/**
 * The margin shown for a result: the shrunk counterexample's when there is one, else the worst over the runs.
 *
 * @example
 * shownMargin(refutedControl); // => its counterexample's verdict.margin
 */
export function shownMargin(r: ClaimResult): number | null {
  const ce = r.record.counterexample;
  return ce !== undefined ? ce.verdict.margin : r.record.worstMargin;
}

/** Colours an outcome label. */
function paintOutcome(r: ClaimResult, label: string, p: Palette): string {
  switch (r.outcome) {
    case 'pass':
    case 'refuted':
      return p.green(label);
    case 'inconclusive':
      return p.yellow(label);
    default:
      return p.red(p.bold(label));
  }
}

/** Shortens `s` to `max` characters with a middle ellipsis. */
function squeeze(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = Math.ceil((max - 1) / 2);
  return `${s.slice(0, head)}…${s.slice(s.length - (max - 1 - head))}`;
}

/**
 * The results table.
 *
 * @param results - per-claim results
 * @param o - verbose, palette, width
 * @returns the table (lines end with '\n'); without verbose no line is wider than `width`
 */
export function terminalTable(
  results: readonly ClaimResult[],
  o: Omit<TerminalOptions, 'maxInconclusive'> = {},
): string {
  const p = o.palette ?? PLAIN;
  const width = o.width ?? TERMINAL_WIDTH;
  const verbose = o.verbose === true;
  const headers = [
    'claim',
    ...(verbose ? ['kind', 'cite'] : []),
    'classes',
    'runs',
    'passed',
    'failed',
    'inconcl.',
    'margin',
    'time',
    'result',
  ];
  const align: Align[] = [
    'left',
    ...(verbose ? (['left', 'left'] as Align[]) : []),
    'right',
    'right',
    'right',
    'right',
    'right',
    'right',
    'right',
    'left',
  ];
  const rows = results.map((r) => {
    const rec = r.record;
    return [
      rec.id,
      ...(verbose ? [rec.kind, rec.cite] : []),
      classesCovered(rec),
      String(rec.runs),
      String(rec.passed),
      String(rec.failed),
      String(rec.inconclusive),
      formatNumber(shownMargin(r)),
      formatSeconds(rec.seconds),
      OUTCOME_LABEL[r.outcome],
    ];
  });
  if (!verbose) {
    // Fit the width: every column but the claim id is short and bounded; the id gives way.
    const others = headers.slice(1).map((h, j) => Math.max(h.length, ...rows.map((row) => (row[j + 1] ?? '').length)));
    const room = width - others.reduce((s, w) => s + w + 2, 0);
    const idWidth = Math.max(12, room);
    for (const row of rows) row[0] = squeeze(row[0] ?? '', idWidth);
  }
  const lines = renderTable(headers, rows, align).split('\n');
  // Colour the result cells (the last column, so each data line ends with its label).
  return lines
    .map((line, i) => {
      const r = results[i - 2];
      if (r === undefined || !p.enabled) return i === 0 ? p.bold(line) : line;
      const label = OUTCOME_LABEL[r.outcome];
      return line.endsWith(label) ? line.slice(0, line.length - label.length) + paintOutcome(r, label, p) : line;
    })
    .join('\n');
}

/** The note under the table that says what the margin column holds. */
export const MARGIN_LEGEND =
  "margin = |measured − predicted| / tolerance (≤ 1 passes); FAIL and refuted rows: the shrunk counterexample's\n";

/**
 * Wraps one line to `width` columns at spaces (continuation lines indented by `indent`); words longer than a line
 * are cut.
 */
export function wrapLine(line: string, width: number, indent = '             '): string[] {
  if (line.length <= width) return [line];
  const out: string[] = [];
  let rest = line;
  let first = true;
  while (rest.length > 0) {
    const avail = first ? width : width - indent.length;
    if (rest.length <= avail) {
      out.push(first ? rest : indent + rest);
      break;
    }
    let cut = rest.lastIndexOf(' ', avail);
    if (cut <= avail / 3) cut = avail;
    out.push((first ? '' : indent) + rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
    first = false;
  }
  return out;
}

/** Lines of a block, wrapped. */
function block(lines: readonly string[], width: number): string {
  return `${lines.flatMap((l) => wrapLine(l, width)).join('\n')}\n`;
}

/** The evidence of a counterexample (failed claim or refuted control). */
function counterexampleLines(r: ClaimResult, width: number): string[] {
  const ce = r.record.counterexample;
  if (ce === undefined) return ['  counterexample: none recorded'];
  const v = ce.verdict;
  const lines = [
    `  shrunk counterexample (${ce.shrinks} shrinks; seed ${ce.seed}, path ${ce.path}${ce.class !== undefined ? `, class ${ce.class}` : ''}):`,
    `  instance:  ${formatInstance(stringifyJson(ce.instance, 0), 3 * width)}`,
    `  measured:  ${v.measured}   predicted: ${v.predicted}   tolerance: ${v.tolerance}   margin: ${formatNumber(v.margin)}`,
    `  why:       ${v.why}`,
  ];
  if (ce.error !== undefined) lines.push(`  error:     ${ce.error}`);
  if (r.fixture !== undefined)
    lines.push(`  fixture:   ${r.fixture.display}`, `  replay:    ${r.fixture.fixture.replay}`);
  return lines;
}

/**
 * The block of one result that needs words; '' for a pass, and for a refuted control unless verbose.
 *
 * @param r - the result
 * @param o - verbose, palette, width, inconclusive budget
 */
export function terminalBlock(r: ClaimResult, o: TerminalOptions): string {
  const p = o.palette ?? PLAIN;
  const width = o.width ?? TERMINAL_WIDTH;
  const rec = r.record;
  const head = `${paintOutcome(r, OUTCOME_LABEL[r.outcome], p)} ${rec.id} (${rec.kind}${r.controls !== undefined ? ` of ${r.controls}` : ''})`;
  const about = [`  statement: ${rec.statement}`, `  cite:      ${rec.cite}`];
  const rerun = `  re-run:    ${r.rerun}`;
  switch (r.outcome) {
    case 'pass':
      return '';
    case 'refuted':
      return o.verbose === true
        ? block([`${head} — refuted as expected`, ...about, ...counterexampleLines(r, width), rerun], width)
        : '';
    case 'not-refuted':
      return block(
        [
          head,
          `  the negative control held on all ${rec.runs} runs (${rec.inconclusive} inconclusive): the suite cannot tell it from the truth`,
          ...about,
          rerun,
        ],
        width,
      );
    case 'inconclusive':
      return block(
        [
          head,
          `  ${rec.inconclusive} of ${rec.runs} runs inconclusive (${rec.timedOut} timed out); budget ${o.maxInconclusive * 100}% (--max-inconclusive)`,
          `  coverage:  ${coverageLine(rec)}`,
          ...about,
          rerun,
        ],
        width,
      );
    case 'fail':
    case 'error':
      return block(
        [head, ...about, `  coverage:  ${coverageLine(rec)}`, ...counterexampleLines(r, width), rerun],
        width,
      );
  }
}

/**
 * The closing line: counts, seed, time, exit code — one line, coloured by the verdict.
 */
export function terminalSummary(
  results: readonly ClaimResult[],
  seed: number,
  seconds: number,
  exitCode: number,
  palette: Palette = PLAIN,
): string {
  const count = (o: ClaimResult['outcome']): number => results.filter((r) => r.outcome === o).length;
  const claims = results.filter((r) => r.record.kind === 'claim').length;
  const controls = results.length - claims;
  const parts = [
    `${claims} claims: ${count('pass')} passed, ${count('fail')} failed, ${count('inconclusive')} inconclusive`,
    // Only the non-zero counts of the bad control outcomes, so a green run's line fits 120 columns with a 10-digit seed.
    [
      `${controls} controls: ${count('refuted')} refuted`,
      ...(count('not-refuted') > 0 ? [`${count('not-refuted')} not refuted`] : []),
    ].join(', '),
  ];
  if (count('error') > 0) parts.push(`${count('error')} threw`);
  const verdict =
    exitCode === 0
      ? palette.green('OK')
      : exitCode === 2
        ? palette.yellow('INCONCLUSIVE')
        : palette.red(palette.bold('FAILED'));
  return `${verdict} ${parts.join('; ')} — seed ${seed}, ${formatSeconds(seconds)}, exit ${exitCode}\n`;
}
