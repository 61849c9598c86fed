/**
 * No spurious local minima for any (C)(E) loss, d > K, κ < κ₀: from M seeded random initialisations (M drawn with the
 * instance), trust-region Newton on the FULL objective runs to a second-order critical point, and every run reaches
 * the §10 reduction's f* within its certified value tolerance (src/certified/ufm/tolerance.ts). Zhou et al. 2022
 * (arXiv 2210.02192: benign landscape for label smoothing; CE by Zhu et al. 2021 (arXiv 2105.02375), Thm 3.2);
 * docs/theory.md §10, §1.2. Unlike ce/mse.landscape.no-spurious-minima under `verify --loss`, the reference value is
 * the reduction's f*, not the best start — so "all starts agree on a wrong value" cannot pass.
 *
 * Control: the near-miss "every start reaches f*·(1 − 1e-6)" (a value the minimizers do not attain).
 */
import fc from 'fast-check';
import type { Claim, Verdict } from '../src/claim/index.ts';
import { inconclusive, judge, worst } from '../src/claim/index.ts';
import { pointValueTolerance, restrictedCurvature, solveUfm } from '../src/certified/index.ts';
import { UsageError } from '../src/core/index.ts';
import { lossById } from '../src/losses/index.ts';
import { parseUfmInstance, problemOf } from '../src/arbitraries/index.ts';
import type { UfmInstance } from '../src/arbitraries/index.ts';
import { CES_LOSSES, CE_NOT_S_LOSSES, LOSS_CITE, lossInstances, predictionFor, withLossHooks } from './loss-shared.ts';

const ID = 'loss.landscape.no-spurious-minima';
const CITE = `${LOSS_CITE}, §1.2; Zhu et al. 2021 (arXiv 2105.02375), Thm 3.2`;
const REQUIRES = { C: true, E: true } as const;

interface LandscapeInstance extends UfmInstance { readonly starts: number }

function parse(u: unknown): LandscapeInstance {
  const inst = parseUfmInstance(u);
  const starts = (u as Record<string, unknown>)['starts'];
  if (typeof starts !== 'number' || !Number.isInteger(starts) || starts < 1 || starts > 64) throw new UsageError('instance.starts', `must be an integer in [1, 64]; got ${JSON.stringify(starts)}`);
  return { ...inst, starts };
}

function claim(losses: readonly string[], suffix: string, shift: number): Claim<LandscapeInstance> {
  const arbitrary = fc.tuple(
    fc.oneof(...(['none', 'free', 'decay'] as const).map((bias) => lossInstances({ losses, side: 'below', bias, dims: 'd>K', maxK: 5, maxN: 3 }))),
    fc.integer({ min: 2, max: 4 }),
  ).map(([inst, starts]) => ({ ...inst, starts }));
  return {
    id: shift === 0 ? `${ID}${suffix}` : `${ID}.near-miss-value${suffix}`,
    cite: shift === 0 ? CITE : `near-miss control of ${ID}${suffix} (${CITE})`,
    statement: shift === 0
      ? `(C)(E) loss${losses.length === 1 ? ` ${losses[0]}` : 'es'}, d > K, κ < κ₀: every seeded start of a second-order method reaches the §10 f*`
      : `FALSE on purpose: every start reaches f*·(1 − ${shift.toExponential(0)})`,
    kind: shift === 0 ? 'claim' : 'control',
    ...(shift === 0 ? {} : { controls: `${ID}${suffix}` }),
    arbitrary,
    parseInstance: parse,
    defaultRuns: 8,
    check(inst: LandscapeInstance): Verdict {
      const p = problemOf(inst);
      const loss = lossById(p.loss);
      const fStar = predictionFor(p).fStar * (1 - shift);
      const out: Verdict[] = [];
      for (let s = 0; s < inst.starts; s++) {
        const seed = (inst.seed + 104729 * s) >>> 0;
        const r = solveUfm(p, { seed, solver: 'newton', secondOrder: true, tol: 1e-10, loss }).result;
        const ev = { seed, status: r.status, gradNorm: r.gradNorm, value: r.value, iterations: r.iterations };
        if (r.status !== 'converged') { out.push(inconclusive(`start seed ${seed}: Newton ended '${r.status}' (‖∇f‖ = ${r.gradNorm.toExponential(2)})`, ev)); continue; }
        const curv = restrictedCurvature(p, loss, r.theta, seed);
        // μ floored at the smallest λ at a degenerate point: loosens only the quadratic term of the tolerance.
        const mu = curv.converged && curv.mu > 0 ? curv.mu : Math.min(p.lambdaW, p.lambdaH);
        out.push(judge(r.value, fStar, pointValueTolerance(p, r.theta, r.value, r.gradNorm, mu), `start seed ${seed}: f at the second-order point vs the §10 f*`, { ...ev, mu: curv.mu }));
      }
      return worst(out);
    },
  };
}

const LOSSES = [...CES_LOSSES, ...CE_NOT_S_LOSSES];

export const lossLandscape = withLossHooks(REQUIRES, (l, s) => claim(l, s, 0) as unknown as Claim<UfmInstance>, LOSSES);
export const lossLandscapeNearMiss = withLossHooks(REQUIRES, (l, s) => claim(l, s, 1e-6) as unknown as Claim<UfmInstance>, LOSSES);
