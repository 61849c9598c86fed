/**
 * Vega-Lite specification → standalone SVG text, in Node, with no canvas: vega-lite compiles the declarative spec to
 * a Vega spec and vega's headless `View.toSVG()` renders it (the SVG renderer needs no canvas; text widths are
 * estimated). Figures are declared, not drawn: scales, axes, legends and log ticks come from the library.
 */
import { Error as VegaLogError, logger, None as VegaLogNone, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * A Vega-Lite spec as plain data. Figures build specs from computed rows, so they are typed loosely here and
 * checked by vega-lite's compiler at render time (an invalid spec throws; tests render every figure).
 */
export type VlSpec = Readonly<Record<string, unknown>>;

/** The look shared by every figure (system fonts only: the report must not fetch any). */
const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  view: { stroke: '#ccc' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 13, anchor: 'start', fontWeight: 600 },
} as const;

/**
 * Renders one Vega-Lite spec to SVG.
 *
 * @param spec - a Vega-Lite spec with inline data (`data.values`): nothing is loaded
 * @returns the SVG document text (`<svg …>…</svg>`)
 * @example
 * await renderSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } });
 */
export async function renderSvg(spec: VlSpec): Promise<string> {
  const own = (spec['config'] ?? {}) as Record<string, unknown>;
  const withConfig = { ...spec, config: { ...CONFIG, ...own } } as unknown as TopLevelSpec;
  // vega-lite's notes (e.g. unioned sort orders) go nowhere: the CLI's stderr is for the user's errors.
  const vgSpec = compile(withConfig, { logger: logger(VegaLogNone) }).spec;
  const view = new View(parse(vgSpec), { renderer: 'none', logLevel: VegaLogError });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
