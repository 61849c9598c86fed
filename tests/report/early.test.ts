import { describe, expect, it } from 'vitest';
import { startEarlyReport } from '../../src/cli/reportEarly.ts';
import { earlyFigures } from '../../src/report/index.ts';

describe('verify --report: seed-only figures on a worker thread', () => {
  it('should deliver from the worker exactly the figures and SVGs the main thread computes', async () => {
    // Arrange
    const ids = ['ce.global-min.simplex-etf', 'mse.landscape.no-spurious-minima'];
    // Act
    const fromWorker = await startEarlyReport(ids, 5).result;
    const here = await earlyFigures(ids, 5);
    // Assert
    expect(fromWorker).toBeDefined();
    expect([...(fromWorker?.svgs.keys() ?? [])]).toEqual(['nc-curves', 'gram-pass', 'configuration', 'landscape']);
    expect([...(fromWorker?.svgs ?? [])]).toEqual(here.svgs);
    expect(fromWorker?.figures.map((f) => f.caption)).toEqual(here.figures.map((f) => f.caption));
  });

  it('should resolve to nothing when cancelled, so that the report computes the figures itself', async () => {
    // Arrange
    const early = startEarlyReport(['ce.global-min.simplex-etf'], 5);
    // Act
    early.cancel();
    // Assert
    expect(await early.result).toBeUndefined();
  });
});
