/**
 * Conjecture (THEORY.md §7.1, first question): for the balanced CE-UFM with d < K−1 — where no closed form is
 * known — the most symmetric configuration is a global minimiser.
 *
 * **The symmetric configuration** is the best cyclic self-dual one (properties/lib/huntCyclicAnsatz.ts): the classes
 * form one orbit of a rotation of order K, h̄_k ∝ w_k, b = 0. For d = 2 it is the regular K-gon; for d = 1 (K even)
 * the alternating code w_k = (−1)^k a; for d = 3 (K even) the zigzag / antiprism (the regular octahedron for K = 6).
 * Its value is the minimum of a convex function of at most two weights, computed to a certified suboptimality.
 * Odd d is drawn only with even K (module comment there: otherwise the odd dimension carries no cyclic orbit and
 * the configuration is a strict saddle by THEORY.md §6.4, a trivial hit).
 *
 * **Probe.** M seeded starts of second-order trust-region Newton on the full objective (huntMultistart.ts). A *hit*
 * is a start whose value is below the ansatz value by more than
 *
 *     τ = rounding(f(θ)) + rounding(f_ans) + suboptimality(ansatz)
 *
 * (both are values of the objective at actual points, so only rounding and the ansatz's certified suboptimality
 * separate them; huntMultistart.ts, huntCyclicAnsatz.ts) **and** whose second-order certificate (certifyUfmPoint with
 * the symmetry tangents) is 'local-min' or 'degenerate' — a certified second-order critical point. Any point of
 * lower value refutes the statement; the certificate is the evidence that the solver found a genuine critical
 * point and not a numerical accident. The hit's evidence also carries every start's value and the convex lower
 * bound of THEORY.md §0.3 (how far the point sits above the relaxation).
 * *No-hit*: every start converged and none is below the ansatz beyond τ. *Inconclusive*: a start did not converge, or
 * a lower value was found but no such point certified.
 *
 * What the hunt finds (seed 2, 200 instances: 95 hits, no inconclusive): with b ≡ 0 and d ∈ {2, 3} the ansatz
 * matched the best start to ≤ 2e-15 every time (also on a grid K ≤ 8, n ≤ 2, λ ∈ [1e-4, 3e-2]); with a learned
 * bias (free or decayed) and d = 2 it is beaten for K ≥ 5 — one class moves to w = 0 and is classified by its bias,
 * the others form a regular (K−1)-gon — and the K-gon is then a strict saddle; for d = 1 the alternating code is
 * beaten even without a bias (it merges classes pairwise).
 *
 * @see THEORY.md §7.1, §0.3, §6.4, §6.5
 */
import fc from 'fast-check';
import type { Conjecture, Finding, Json } from '../../src/claim/index.ts';
import { UsageError } from '../../src/core/index.ts';
import { lossById } from '../../src/losses/index.ts';
import { balancedN, ufmObjective } from '../../src/models/index.ts';
import type { UfmProblem } from '../../src/models/index.ts';
import { nrm2 } from '../../src/linalg/index.ts';
import { cyclicAnsatz, realizeCyclicAnsatz } from '../lib/huntCyclicAnsatz.ts';
import type { CyclicAnsatzFit } from '../lib/huntCyclicAnsatz.ts';
import { huntProblemOf, huntUfmInstance, parseHuntUfmInstance } from '../lib/huntInstance.ts';
import type { HuntBiasMode, HuntProblemShape, HuntUfmInstance } from '../lib/huntInstance.ts';
import {
  certificateJson, certifyCandidate, relaxationEvidence, relaxationJson, roundingAllowance, runStarts, startJson, valueSpread,
} from '../lib/huntMultistart.ts';

/** Feature dimensions drawn for K (d < K−1; odd d only for even K). The first is the shrink target. */
export function symmetricDims(K: number): number[] {
  const ds = [2];
  if (K % 2 === 0) ds.push(1);
  if (K % 2 === 0 && 3 < K - 1) ds.push(3);
  return ds;
}

const shape: fc.Arbitrary<HuntProblemShape> = fc.integer({ min: 4, max: 8 }).chain((K) =>
  fc.record({
    loss: fc.constant('ce'),
    K: fc.constant(K),
    d: fc.constantFrom(...symmetricDims(K)),
    n: fc.integer({ min: 1, max: 2 }),
    bias: fc.constantFrom<HuntBiasMode>('none', 'free', 'decay'),
  }));

/** Validates the problem of a stored instance: CE, balanced, d < K−1, and a cyclic ansatz exists. */
export function checkBelowProblem(p: UfmProblem): void {
  if (p.loss !== 'ce') throw new UsageError('instance.problem.loss', `must be 'ce'; got '${p.loss}'`);
  if (balancedN(p) === undefined) throw new UsageError('instance.problem.counts', 'must be balanced (use n)');
  if (!(p.d < p.K - 1)) throw new UsageError('instance.problem.d', `must be < K−1 = ${p.K - 1}; got ${p.d}`);
  if (!(p.lambdaW > 0)) throw new UsageError('instance.problem.lambdaW', `must be > 0; got ${p.lambdaW}`);
  if (!(p.lambdaH > 0)) throw new UsageError('instance.problem.lambdaH', `must be > 0; got ${p.lambdaH}`);
}

function fitJson(f: CyclicAnsatzFit): Json {
  return { frequencies: f.frequencies.map((x) => x.f), weights: [...f.weights], value: f.value, suboptimality: f.suboptimality };
}

/** Decides one instance (module comment). */
export function probeSymmetricIsGlobal(inst: HuntUfmInstance): Finding {
  const p = huntProblemOf(inst);
  const loss = lossById('ce');
  const n = balancedN(p) as number;
  const ai = { K: p.K, d: p.d, n, lambdaW: p.lambdaW, lambdaH: p.lambdaH };
  let fit: CyclicAnsatzFit;
  try {
    fit = cyclicAnsatz(ai).best;
  } catch (e) {
    return { status: 'inconclusive', evidence: null, why: `no cyclic ansatz: ${(e as Error).message}` };
  }
  const thetaAns = realizeCyclicAnsatz(ai, fit, p.bias);
  const obj = ufmObjective(p, loss);
  const gAns = new Float64Array(obj.dim);
  const fAnsPoint = obj.valueAndGrad(thetaAns, gAns);
  const roundAns = roundingAllowance(p, fit.value, thetaAns);
  const ansatz = { ...(fitJson(fit) as Record<string, Json>), realizedValue: fAnsPoint, realizedGradNorm: nrm2(gAns), rounding: roundAns };
  const fAns = fit.value;
  const records = runStarts(p, loss, { seed: inst.seed, starts: inst.starts, initScale: inst.initScale });
  const starts = records.map(startJson);
  const converged = records.filter((r) => r.status === 'converged').sort((a, b) => a.value - b.value);
  const below = converged.filter((r) => r.value < fAns - (roundingAllowance(p, r.value, r.theta) + roundAns + fit.suboptimality));
  const base = { fAnsatz: fAns, ansatz, starts, spread: valueSpread(records) };
  for (const r of below.slice(0, 3)) {
    const cert = certifyCandidate(p, loss, r.theta, r.seed);
    if (!cert.secondOrderCritical) continue;
    const tol = roundingAllowance(p, r.value, r.theta) + roundAns + fit.suboptimality;
    const rel = relaxationEvidence(p, loss, r.theta);
    return {
      status: 'hit',
      evidence: { ...base, fBest: r.value, bestStart: r.start, margin: fAns - r.value, tolerance: tol, certificate: certificateJson(cert), relaxation: relaxationJson(rel) },
      why: `start ${r.start} reached a certified ${cert.kind} point with f = ${r.value.toPrecision(12)} < f_ansatz = ${fAns.toPrecision(12)} − τ (τ = ${tol.toExponential(2)}); the symmetric configuration is not a global minimiser`,
    };
  }
  const lowest = below[0];
  if (lowest !== undefined) {
    return { status: 'inconclusive', evidence: { ...base, fBest: lowest.value }, why: `${below.length} start(s) went below the ansatz but none certified second-order critical` };
  }
  const failed = records.filter((r) => r.status !== 'converged');
  const firstFailed = failed[0];
  if (firstFailed !== undefined) {
    return { status: 'inconclusive', evidence: base, why: `${failed.length} of ${records.length} starts did not converge (first: start ${firstFailed.start}, '${firstFailed.status}')` };
  }
  const best = converged[0];
  if (best === undefined) return { status: 'inconclusive', evidence: base, why: 'no start was tried' };
  return {
    status: 'no-hit',
    evidence: { ...base, fBest: best.value, margin: fAns - best.value },
    why: `all ${records.length} starts ≥ f_ansatz − τ (best ${best.value.toPrecision(12)} vs ansatz ${fAns.toPrecision(12)})`,
  };
}

/** ce.d-below-k-minus-1.symmetric-is-global (THEORY.md §7.1). */
export const symmetricIsGlobal: Conjecture<HuntUfmInstance> = {
  id: 'ce.d-below-k-minus-1.symmetric-is-global',
  cite: 'Zhu et al. 2021 (arXiv 2105.02375) cover only d ≥ K−1; open, docs/theory.md §7.1',
  statement: 'CE-UFM, balanced, d < K−1: the most symmetric (cyclic, self-dual, b = 0) configuration — the regular K-gon for d = 2 — is a global minimiser',
  arbitrary: huntUfmInstance(shape),
  parseInstance: (u: unknown) => parseHuntUfmInstance(u, checkBelowProblem),
  probe: probeSymmetricIsGlobal,
};
