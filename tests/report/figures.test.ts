import { describe, expect, it } from 'vitest';
import { prefixSvgIds } from '../../src/report/html.ts';
import { binValues } from '../../src/report/figures/landscape.ts';
import { NC_PROBLEM, ncTraces } from '../../src/report/figures/ncCurves.ts';
import { ORIGIN_PROBLEM, originCurvatureFigure } from '../../src/report/figures/originCurvature.ts';
import { renderSvg, renderSvgBatch } from '../../src/report/vega.ts';

describe('report figures', () => {
  it("should trace NC metrics that fall under the papers' GD and reach rounding level under our solver", () => {
    // Arrange / Act
    const rows = ncTraces(NC_PROBLEM, 3, 2000);
    // Assert
    const series = (protocol: string, metric: string): number[] =>
      rows.filter((r) => r.protocol.startsWith(protocol) && r.metric === metric).map((r) => r.value);
    const gdNc2 = series('gradient', 'NC2');
    expect(gdNc2.at(-1) as number).toBeLessThan(gdNc2[0] as number);
    // Our solver stops at ‖∇f‖ ≤ 1e-12; NC2 is a Gram distance, so it ends far below GD's after 2000 steps.
    const ours = series('ufmcheck', 'NC2');
    expect(ours.at(-1) as number).toBeLessThan(1e-6);
    expect(series('ufmcheck', 'NC1')).toEqual([]);
  });

  it('should put the measured origin curvature on the closed-form curve, with the sign change at κ = 1', () => {
    // Arrange / Act
    const f = originCurvatureFigure(ORIGIN_PROBLEM, 'test');
    // Assert
    const layers = (f?.spec['layer'] ?? []) as {
      data: { values: { kappa?: number; lambda?: number; series?: string }[] };
    }[];
    const measured = layers.flatMap((l) => l.data.values).filter((v) => v.series === 'dense Hessian (measured)');
    expect(measured.length).toBeGreaterThan(10);
    for (const m of measured) expect(Math.sign(m.lambda as number)).toBe(Math.sign((m.kappa as number) - 1));
    // The caption reports the largest deviation from the closed form: dense Hessians of ≤ 30 parameters with entries
    // O(1) are exact to rounding, so anything above 1e-10 would be a wrong formula, not noise.
    expect(Number(/largest deviation ([^)]+)\)/.exec(f?.caption ?? '')?.[1])).toBeLessThan(1e-10);
  });

  it('should bin every value and widen a degenerate range so the single bar has a width', () => {
    // Arrange / Act
    const bins = binValues([0.5, 0.5, 0.5], [{ label: 'f*', value: 0.5 }], 10);
    // Assert
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(3);
    expect((bins.at(-1)?.hi as number) - (bins[0]?.lo as number)).toBeGreaterThan(0);
  });

  it('should prefix every id of an inlined SVG and the references to it, and nothing else', async () => {
    // Arrange
    const svg = await renderSvg({
      data: {
        values: [
          { x: 1, y: 1 },
          { x: 2, y: 3 },
        ],
      },
      mark: 'line',
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    });
    // Act
    const out = prefixSvgIds(`${svg}<a href="#other">`, 'f9');
    // Assert
    const ids = [...out.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] as string);
    expect(ids.every((id) => id.startsWith('f9-'))).toBe(true);
    for (const m of out.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(m[1]);
    expect(out).toContain('href="#other"');
  });

  it('should draw a spec in a shared batch view with the same elements as a fresh view', async () => {
    // Arrange: two specs of one shape, different data (different extents, so scales and axes must be recomputed)
    const spec = (k: number): Record<string, unknown> => ({
      width: 200,
      height: 100,
      layer: [
        {
          data: {
            values: [
              { x: 1, y: k },
              { x: 10 * k, y: 2 },
            ],
          },
          mark: 'line',
          encoding: {
            x: { field: 'x', type: 'quantitative', scale: { type: 'log' } },
            y: { field: 'y', type: 'quantitative' },
          },
        },
        { data: { values: [{ v: k }] }, mark: 'rule', encoding: { y: { field: 'v', type: 'quantitative' } } },
      ],
    });
    // Act
    const batch = await renderSvgBatch([spec(1), spec(7), spec(3)]);
    const fresh = await Promise.all([spec(1), spec(7), spec(3)].map((s) => renderSvg(s)));
    // Assert: the same elements with the same attributes; a reused View may keep surviving axis ticks ahead of new
    // ones, so elements are compared as a multiset (sibling order does not change what is drawn).
    const canon = (svg: string): string[] => svg.split('<').sort();
    expect(batch.map(canon)).toEqual(fresh.map(canon));
    expect(batch[0]).toBe(fresh[0]);
  });
});
