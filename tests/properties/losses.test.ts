/**
 * The loss-agnostic claims of docs/theory.md §10 (properties/loss-*.ts) through the runner the CLI uses, plus their
 * `verify --loss` behaviour: trait-gated selection with reasons, variants re-drawn for one loss, variant fixture ids
 * resolved for replay.
 */
import { describe, expect, it } from 'vitest';
import { judgeRecord, runClaim } from '../../src/claim/index.ts';
import { lossVariantFor, selectForLoss } from '../../src/claim/lossVariants.ts';
import { lossById } from '../../src/losses/index.ts';
import { claims } from '../../properties/index.ts';
import { claimTests, SEED } from './claimTests.ts';

describe('loss-agnostic claims (Zhou et al. 2022; docs/theory.md §10)', () => {
  claimTests(['loss.']);
});

describe('verify --loss selection', () => {
  it('should run the (C)(E)(S) claims for label smoothing and skip the ≤3-parameter one with the reason', () => {
    // Act
    const sel = selectForLoss(claims, lossById('ls(0.2)'));
    // Assert
    const ids = sel.claims.map((c) => c.id);
    expect(ids).toContain('loss.global-min.symmetric-etf.with-ls-0-2');
    expect(ids).toContain('loss.global-min.zero-above-threshold.with-ls-0-2');
    expect(ids.some((id) => id.startsWith('ce.'))).toBe(false);
    expect(sel.skipped.find((s) => s.id === 'loss.global-min.three-parameter')?.why).toBe(
      'needs (C)(E) not (S); (S) holds',
    );
  });

  it('should run nothing for a non-equivariant loss and say which trait fails', () => {
    const sel = selectForLoss(claims, lossById('wce(1,2,3)'));
    expect(sel.claims).toEqual([]);
    expect(sel.skipped.find((s) => s.id === 'loss.global-min.symmetric-etf')?.why).toMatch(/\(E\) does not hold/);
  });

  it('should confirm the symmetric-ETF claim re-drawn for one loss and refute its near-miss', () => {
    // Arrange
    const sel = selectForLoss(claims, lossById('tce(3)'));
    const claim = sel.claims.find((c) => c.id === 'loss.global-min.symmetric-etf.with-tce-3');
    const control = sel.claims.find((c) => c.id === 'loss.global-min.symmetric-etf.near-miss-value.with-tce-3');
    if (claim === undefined || control === undefined) throw new Error('variants missing');
    // Act
    const a = judgeRecord(runClaim(claim, { seed: SEED, runs: 10, minPerClass: 1 }));
    const b = judgeRecord(runClaim(control, { seed: SEED, runs: 4 }));
    // Assert
    expect(a).toBe('pass');
    expect(b).toBe('refuted');
  });

  it('should resolve variant fixture ids for replay, including the issue-6 CE substitution', () => {
    const inst = {
      problem: { loss: 'tce(2)', K: 3, d: 3, n: 1, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias: true },
      seed: 1,
    };
    expect(lossVariantFor('ce.global-min.simplex-etf.with-tce-2', inst, claims)?.id).toBe(
      'ce.global-min.simplex-etf.with-tce-2',
    );
    expect(lossVariantFor('loss.global-min.symmetric-etf.with-tce-2', inst, claims)?.kind).toBe('claim');
    expect(lossVariantFor('loss.global-min.symmetric-etf', inst, claims)).toBeUndefined();
    const plug = {
      ...inst,
      problem: { ...inst.problem, loss: 'never-loaded' },
      lossModule: { path: '/x/never.ts', sha256: '0'.repeat(64) },
    };
    expect(() => lossVariantFor('ce.global-min.simplex-etf.with-never-loaded', plug, claims)).toThrow(
      /plug-in loss 'never-loaded' \(\/x\/never\.ts\)/,
    );
  });
});
