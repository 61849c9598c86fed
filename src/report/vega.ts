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

/** Pad to fit, re-measured on every run (a reused View shrinks as well as grows with new data). */
const AUTOSIZE = { type: 'pad', resize: true } as const;

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
  const withConfig = { autosize: AUTOSIZE, ...spec, config: { ...CONFIG, ...own } } as unknown as TopLevelSpec;
  // vega-lite's notes (e.g. unioned sort orders) go nowhere: the CLI's stderr is for the user's errors.
  const vgSpec = compile(withConfig, { logger: logger(VegaLogNone) }).spec;
  const view = new View(parse(vgSpec), { renderer: 'none', logLevel: VegaLogError });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A spec with its inline data lifted into named datasets: the shape (template) and the data apart. */
interface Lifted {
  readonly template: VlSpec;
  readonly datasets: ReadonlyMap<string, readonly unknown[]>;
}

/** Replaces every `data: { values }` in the spec tree by `data: { name: 'dN' }` and collects the values. */
function lift(spec: VlSpec): Lifted {
  const datasets = new Map<string, readonly unknown[]>();
  const walk = (u: unknown): unknown => {
    if (Array.isArray(u)) return u.map(walk);
    if (typeof u !== 'object' || u === null) return u;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(u)) {
      const values =
        typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)['values'] : undefined;
      if (k === 'data' && Array.isArray(values)) {
        const name = `d${datasets.size}`;
        datasets.set(name, values);
        out[k] = { name };
      } else out[k] = walk(v);
    }
    return out;
  };
  return { template: walk(spec) as VlSpec, datasets };
}

/**
 * Renders many specs, compiling and parsing each distinct shape once: specs that differ only in their inline data
 * (e.g. one picture per refuted control) share a vega View whose datasets are swapped (`view.data(name, values)`)
 * and re-run — the dataflow recomputes scales, axes and legends exactly as a fresh View would.
 *
 * @param specs - Vega-Lite specs with inline data
 * @returns the SVG of each spec, in order
 */
export async function renderSvgBatch(specs: readonly VlSpec[]): Promise<string[]> {
  const views = new Map<string, { view: View; names: readonly string[] }>();
  const out: string[] = [];
  try {
    for (const spec of specs) {
      const { template, datasets } = lift(spec);
      const key = JSON.stringify(template);
      let entry = views.get(key);
      if (entry === undefined) {
        const own = (template['config'] ?? {}) as Record<string, unknown>;
        const init = Object.fromEntries([...datasets].map(([n, v]) => [n, v]));
        const full = {
          autosize: AUTOSIZE,
          ...template,
          datasets: init,
          config: { ...CONFIG, ...own },
        } as unknown as TopLevelSpec;
        const view = new View(parse(compile(full, { logger: logger(VegaLogNone) }).spec), {
          renderer: 'none',
          logLevel: VegaLogError,
        });
        entry = { view, names: [...datasets.keys()] };
        views.set(key, entry);
      } else {
        for (const [n, v] of datasets) entry.view.data(n, v as object[]);
      }
      out.push(await entry.view.runAsync().then((v) => v.toSVG()));
    }
  } finally {
    for (const { view } of views.values()) view.finalize();
  }
  return out;
}
