/**
 * Conjecture (docs/theory.md §10, "without (C)"): for focal loss (Lin et al. 2017), which is not convex in the logits,
 * the symmetric candidate of the §10 reduction — the simplex ETF at a* = argmin_{a ≥ 0} g(a), found by a global 1-D
 * scan — is the global minimizer of the UFM. Zhou et al. 2022 (arXiv 2210.02192) prove global optimality of neural
 * collapse for focal loss by other means; the convex KKT certificate of the suite does not apply without (C), so this
 * is a hunt, not a claim.
 *
 * Probe: M seeded starts of trust-region Newton (second order) on the full objective; a *hit* is a converged point
 * whose value is below the candidate's f* by more than its certified value tolerance (src/certified/ufm/tolerance.ts) —
 * a better, non-symmetric point; *no-hit* when every start reaches a value ≥ f* − tolerance (the evidence lists
 * them; starts ending above f* are spurious local minima, reported but not hits of THIS conjecture);
 * *inconclusive* when no start converges.
 */
import fc from 'fast-check';
import type { Conjecture, Finding, Json } from '../../src/claim/index.ts';
import { secondOrderStarts } from '../../src/certified/index.ts';
import { lossById } from '../../src/losses/index.ts';
import { parseMultistartInstance, problemOf, withStarts } from '../../src/arbitraries/index.ts';
import type { MultistartInstance } from '../../src/arbitraries/index.ts';
import { lossInstances } from '../../src/arbitraries/index.ts';
import { predictionFor } from '../../src/define/index.ts';

/** A UFM instance with its number M of starts (src/arbitraries/multistart.ts). */
type FocalInstance = MultistartInstance;

const FOCAL = ['focal(2)', 'focal(1)', 'focal(0.5)', 'focal(3)'];

export const lossFocalSymmetricIsGlobal: Conjecture<FocalInstance> = {
  id: 'loss.focal.symmetric-is-global',
  cite: 'Zhou et al. 2022 (arXiv 2210.02192), focal loss; docs/theory.md §10 (without (C): the symmetric point is a candidate)',
  statement:
    "focal loss, d ≥ K, below the candidate threshold: no start reaches a value below the §10 symmetric candidate's f*",
  arbitrary: withStarts(
    fc.oneof(
      ...(['none', 'free', 'decay'] as const).map((bias) =>
        lossInstances({ losses: FOCAL, side: 'below', bias, dims: 'd>=K', maxK: 5, maxN: 3 }),
      ),
    ),
    2,
    5,
  ),
  parseInstance: parseMultistartInstance,
  probe(inst: FocalInstance): Finding {
    const p = problemOf(inst);
    const pred = predictionFor(p);
    const runs: Json[] = [];
    let best: { value: number; tol: number; seed: number } | undefined;
    for (const r of secondOrderStarts(p, lossById(p.loss), inst.starts, inst.seed)) {
      if (r.valueTol === undefined) {
        runs.push({ seed: r.seed, status: r.status });
        continue;
      }
      runs.push({
        seed: r.seed,
        status: r.status,
        value: r.value,
        gradNorm: r.gradNorm,
        tol: r.valueTol,
        mu: r.mu ?? null,
      });
      if (best === undefined || r.value < best.value) best = { value: r.value, tol: r.valueTol, seed: r.seed };
    }
    const evidence = {
      candidate: { fStar: pred.fStar, alpha: pred.alpha, wNormSq: pred.wNormSq, kind: pred.kind },
      runs,
    };
    if (best === undefined) return { status: 'inconclusive', evidence, why: 'no start converged' };
    if (best.value < pred.fStar - best.tol) {
      return {
        status: 'hit',
        evidence,
        why: `start seed ${best.seed} reaches f = ${best.value} < candidate f* = ${pred.fStar} by ${(pred.fStar - best.value).toExponential(3)} > tolerance ${best.tol.toExponential(2)}: the symmetric candidate is not the global minimizer`,
      };
    }
    return {
      status: 'no-hit',
      evidence,
      why: `best of ${inst.starts} starts f = ${best.value} ≥ candidate f* = ${pred.fStar} − ${best.tol.toExponential(2)}`,
    };
  },
};
