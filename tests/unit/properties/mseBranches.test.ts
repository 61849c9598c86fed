/**
 * The branch formulas the threshold near-miss controls use (src/define/mseBranches.ts) must equal src/theory's
 * closed forms on the branch the theory picks: otherwise a control could be refuted by a formula error instead of
 * by the moved threshold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { predictMseBiasFree, predictMseFreeBias, predictMseRegularizedBias } from '../../../src/theory/index.ts';
import type { UfmProblem } from '../../../src/models/index.ts';
import { mseBranch } from '../../../src/define/mseBranches.ts';

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

const problems = fc
  .record({
    K: fc.integer({ min: 2, max: 8 }),
    n: fc.integer({ min: 1, max: 10 }),
    extra: fc.integer({ min: 0, max: 2 }),
    lw: fc.double({ min: 1e-3, max: 0.5, noNaN: true }),
    lh: fc.double({ min: 1e-3, max: 0.5, noNaN: true }),
    mode: fc.constantFrom('none', 'free', 'decay'),
    lb: fc.double({ min: 1e-3, max: 50, noNaN: true }),
  })
  .map(
    ({ K, n, extra, lw, lh, mode, lb }): UfmProblem =>
      ({
        loss: 'mse',
        K,
        d: K + extra,
        counts: new Array<number>(K).fill(n),
        lambdaW: lw,
        lambdaH: lh,
        lambdaB: mode === 'decay' ? lb : 0,
        bias: mode !== 'none',
      }) as UfmProblem,
  );

describe('mseBranch', () => {
  it('should equal the src/theory prediction on the branch the theory picks', () => {
    fc.assert(
      fc.property(problems, (p) => {
        // Arrange
        const base = { K: p.K, n: p.counts[0] as number, lambdaW: p.lambdaW, lambdaH: p.lambdaH, d: p.d };
        const pred = !p.bias
          ? predictMseBiasFree(base)
          : p.lambdaB === 0
            ? predictMseFreeBias(base)
            : predictMseRegularizedBias({ ...base, lambdaB: p.lambdaB });
        const caseB = 'case' in pred && pred.case === 'B';
        // Act
        const b = mseBranch(p, pred.zero, caseB);
        // Assert
        const scale = 1 + Math.abs(pred.fStar) + pred.alpha + 1 / pred.alpha;
        expect(maxAbsDiff(b.gramW.data, pred.gramW.data)).toBeLessThan(1e-12 * scale);
        expect(maxAbsDiff(b.gramHbar.data, pred.gramHbar.data)).toBeLessThan(1e-12 * scale);
        expect(maxAbsDiff(b.WHbar.data, pred.WHbar.data)).toBeLessThan(1e-12 * scale);
        expect(Math.abs(b.fStar - pred.fStar)).toBeLessThan(1e-12 * scale);
        expect(b.alpha).toBe(pred.alpha);
        if ('bias' in pred && pred.bias instanceof Float64Array)
          expect(maxAbsDiff(b.bias ?? new Float64Array(0), pred.bias)).toBeLessThan(1e-14);
      }),
      { seed: 9, numRuns: 300 },
    );
  });

  it('should predict a non-zero Gram on the other side of κ = 1 when the branch is forced (the moved threshold)', () => {
    // Arrange: κ = 2·√(1·0.5·0.5005) ≈ 1.0005, zero regime for the theory.
    const p = {
      loss: 'mse',
      K: 2,
      d: 2,
      counts: [1, 1],
      lambdaW: 0.5,
      lambdaH: 0.5005,
      lambdaB: 0,
      bias: false,
    } as UfmProblem;
    // Act
    const forced = mseBranch(p, false);
    // Assert: s = 1 − κ < 0 on the diagonal
    expect(forced.gramW.data[0]).toBeLessThan(0);
    expect(predictMseBiasFree({ K: 2, n: 1, lambdaW: 0.5, lambdaH: 0.5005 }).zero).toBe(true);
  });
});
