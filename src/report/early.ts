/**
 * The seed-only overview figures, computed and rendered ahead of the results (plan.ts `seedOverview`): what the
 * report worker of `verify --report` runs while the claims run, so that on a machine with a spare core the
 * report costs little more than the run (issue 10: `verify --report` within 1.2× of plain `verify`).
 */
import type { Figure } from './figures/figure.ts';
import { seedOverview } from './plan.ts';
import { renderSvgBatch } from './vega.ts';

/** Serialisable result (figure specs are plain data; SVGs by id). */
export interface EarlyFigures {
  readonly figures: readonly Figure[];
  readonly svgs: readonly (readonly [string, string])[];
  readonly problems: readonly string[];
}

/**
 * @param ids - the selected claim ids
 * @param seed - the run's seed
 */
export async function earlyFigures(ids: readonly string[], seed: number): Promise<EarlyFigures> {
  const problems: string[] = [];
  const figures = seedOverview(ids, seed, problems);
  const svgs = await renderSvgBatch(figures.map((f) => f.spec));
  return { figures, svgs: figures.map((f, i) => [f.id, svgs[i] as string] as const), problems };
}
