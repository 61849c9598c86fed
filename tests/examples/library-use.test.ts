/**
 * README example: the claims are a library. A research group's own vitest file imports a registered claim and runs it
 * (fast-check underneath, shrinking on failure), checks a single instance of its own, or states a new claim over the
 * same certified-minimizer pipeline.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judge, judgeRecord, runClaim } from '../../src/claim/index.ts';
import { frobenius } from '../../src/certified/ufm/index.ts';
import { ceGlobalMinSimplexEtf } from '../../properties/ce-global-min-is-simplex-etf.ts';
import { ufmInstance } from '../../src/arbitraries/instance.ts';
import { minimizerClaim } from '../../src/define/ufmClaim.ts';

describe('using ufmcheck claims as a library', () => {
  it('should run a registered claim with a fixed seed', () => {
    const record = runClaim(ceGlobalMinSimplexEtf, { seed: 7, runs: 5 });
    expect(judgeRecord(record)).toBe('pass');
  });

  it('should check one hand-picked instance', () => {
    const verdict = ceGlobalMinSimplexEtf.check({
      problem: { loss: 'ce', K: 4, d: 3, n: 5, lambdaW: 1e-3, lambdaH: 1e-3, lambdaB: 0, bias: true },
      seed: 1,
    });
    expect(verdict.status).toBe('pass');
  });

  it('should state a new claim on the same pipeline (here: minimizers have equal classifier norms)', () => {
    const equalNorms = minimizerClaim({
      id: 'my.ce.equal-norms',
      cite: 'my paper, Lemma 2',
      statement: 'all ‖w_k‖ are equal at CE minimizers',
      kind: 'claim',
      arbitrary: ufmInstance({ loss: 'ce', regime: 'K-1', maxK: 5, maxN: 5 }),
      atMinimizer(cp, parts) {
        const norms = Array.from({ length: parts.W.rows }, (_, k) =>
          Math.hypot(...parts.W.data.subarray(k * parts.W.cols, (k + 1) * parts.W.cols)),
        );
        // |‖w_k‖ − ‖w_j‖| ≤ 2δ when each row is within δ of the ETF's.
        return [
          judge(
            Math.max(...norms) - Math.min(...norms),
            0,
            2 * cp.delta + 1e-15 * frobenius(parts.W),
            'spread of ‖w_k‖',
          ),
        ];
      },
    });
    const out = fc.check(
      fc.property(equalNorms.arbitrary, (inst) => equalNorms.check(inst).status !== 'fail'),
      { seed: 3, numRuns: 5 },
    );
    expect(out.failed).toBe(false);
  });
});
