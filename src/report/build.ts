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
  const plan = planFigures(data);
  const figures = [...plan.overview, ...plan.evidence.values(), ...plan.hits.values()];
  const rendered = await renderSvgBatch(figures.map((f) => f.spec));
  const svgs = new Map<string, string>(figures.map((f, i) => [f.id, rendered[i] as string]));
  const files = new Map<string, string>();
  files.set('index.html', reportHtml({ data, plan, svgs, title: options.title ?? 'ufmcheck report', command: options.command }));
  files.set('summary.md', summaryMarkdown(data, options.command));
  for (const [id, svg] of svgs) files.set(`${id}.svg`, `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`);
  return { files, figures };
}
