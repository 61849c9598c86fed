/**
 * The report layer (rank between properties and cli; issue 10): stored or live `verify --json` / `hunt --json`
 * results → a self-contained HTML page with figures, a CI summary, and standalone SVGs. Figures are Vega-Lite
 * specs rendered headlessly by vega (./vega.ts), computed from the run's own data (./plan.ts).
 */
export { buildReport, type RenderedFigures, type ReportFiles, type ReportOptions } from './build.ts';
export { earlyFigures, type EarlyFigures } from './early.ts';
export { reportData, type ReportData, type ClaimRow, type HuntRow, type CoverageRow } from './input.ts';
export { renderSvg } from './vega.ts';
export { writeReport } from './write.ts';
export { summaryMarkdown } from './summary.ts';
