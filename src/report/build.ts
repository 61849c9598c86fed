/**
 * Builds a report directory's files in memory: `index.html`, `summary.md` and one `<figure>.svg` per figure.
 * Writing them is the caller's job (src/cli), so that nothing is half-written when a figure fails.
 */
import type { Figure } from './figures/figure.ts';
import { reportHtml } from './html.ts';
import type { ReportData } from './input.ts';
import { planFigures } from './plan.ts';
import { summaryMarkdown } from './summary.ts';
import { renderSvgBatch } from './vega.ts';

/** Options of {@link buildReport}. */
export interface ReportOptions {
  /** The command line that produced the report (shown in index.html and summary.md). */
  readonly command: string;
  /** Page title. @defaultValue 'ufmcheck report' */
  readonly title?: string;
  /** Seed-only overview figures computed and rendered beforehand (./early.ts), with their SVGs by figure id. */
  readonly early?: RenderedFigures;
}

/** Figures with their rendered SVGs. */
export interface RenderedFigures {
  readonly figures: readonly Figure[];
  readonly svgs: ReadonlyMap<string, string>;
  /** Figures that could not be computed. */
  readonly problems: readonly string[];
}

/** The report's files: name → content. */
export interface ReportFiles {
  readonly files: ReadonlyMap<string, string>;
  /** Every figure, in page order. */
  readonly figures: readonly Figure[];
}

/**
 * Computes the figures from the data, renders them, and assembles the page and the summary.
 * @param data - merged results (./input.ts)
 * @param options - command and title
 * @returns the files, without touching the disk
 */
export async function buildReport(data: ReportData, options: ReportOptions): Promise<ReportFiles> {
  const plan = planFigures(data, options.early?.figures);
  const figures = [...plan.overview, ...plan.evidence.values(), ...plan.hits.values()];
  const todo = figures.filter((f) => options.early?.svgs.get(f.id) === undefined);
  const rendered = await renderSvgBatch(todo.map((f) => f.spec));
  const svgs = new Map<string, string>([
    ...(options.early?.svgs ?? []),
    ...todo.map((f, i): [string, string] => [f.id, rendered[i] as string]),
  ]);
  const files = new Map<string, string>();
  const withProblems = { ...plan, problems: [...(options.early?.problems ?? []), ...plan.problems] };
  files.set(
    'index.html',
    reportHtml({ data, plan: withProblems, svgs, title: options.title ?? 'ufmcheck report', command: options.command }),
  );
  files.set('summary.md', summaryMarkdown(data, options.command));
  for (const [id, svg] of svgs) files.set(`${id}.svg`, `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`);
  return { files, figures };
}
