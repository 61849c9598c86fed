/**
 * Conjecture (THEORY.md §7.1, first question): for the balanced CE-UFM with d < K−1 — where no closed form is
 * known — the most symmetric configuration is a global minimiser.
 *
 * **The symmetric configuration** is the best cyclic self-dual one (src/hunt/cyclicAnsatz.ts): the classes
 * form one orbit of a rotation of order K, h̄_k ∝ w_k, b = 0. In every d the hunt draws:
 *   - d = 2 (every K ≥ 4): the regular K-gon (frequency 1; for K even the enumeration also tries the two antipodal
 *     groups {K/2}, never better);
 *   - d = 3 (K even, K ≥ 6): the zigzag / antiprism (frequencies {1, K/2}; the regular octahedron for K = 6);
 *   - d ≥ 4 (only with an explicit `--d`; even d for any K, odd d for even K): the best maximal set of frequencies
 *     that fits in d (pairs of rank 2, and K/2 of rank 1 for K even).
 * **Excluded: d = 1.** O(1) = {±1} has no element of order K ≥ 3, so no configuration in d = 1 has the K-fold
 * symmetry the statement is about; the "cyclic ansatz" there is the alternating code w_k = (−1)^k a, which merges
 * the classes into two antipodal groups of K/2 and is beaten by any configuration that separates them (a merged
 * class pair is a saddle direction, THEORY.md §6.4). Those hits say nothing about symmetry, and being the smallest
 * instances they swallowed the shrinker (issue 9 item 6: 17 of 29 hits of a seed-3 hunt shrank there). d = 1 is
 * therefore not drawn by default; `--d 1..` draws it on request and every such hit carries the flag
 * 'ill-posed: d = 1' and a signature of its own (prefix 'ill-posed d=1'). Odd d with odd K is never drawn
 * (huntCyclicAnsatz.ts: the odd dimension carries no cyclic orbit with Σ_k w_k = 0, so the configuration lives in
 * d−1 dimensions and is a strict saddle by THEORY.md §6.4, a trivial hit).
 * Its value is the minimum of a convex function of at most ⌊d/2⌋ + 1 weights, computed to a certified suboptimality.
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
 * **Mechanisms** (issue 9 item 6; src/hunt/signature.ts). Each hit stores the certified point (evidence
 * `point`: W, H̄, counts, b) and its NC metrics (`metrics`); `analyseHit` computes its signature from that point (d
 * regime, bias on/off, classes at w = 0, merge pattern, regular polygon or rank/norms) and a one-line description
 * naming how it differs from the ansatz and by how much it beats it. Shrinking stays within the signature.
 *
 * What the hunt finds (seed 2, 200 instances: 95 hits, no inconclusive): with b ≡ 0 and d ∈ {2, 3} the ansatz
 * matched the best start to ≤ 2e-15 every time (also on a grid K ≤ 8, n ≤ 2, λ ∈ [1e-4, 3e-2]); with a learned
 * bias (free or decayed) and d = 2 it is beaten for K ≥ 5 — one class moves to w = 0 and is classified by its bias,
 * the others form a regular (K−1)-gon — and the K-gon is then a strict saddle; for d = 1 the alternating code is
 * beaten even without a bias (it merges classes pairwise).
 *
 * @see THEORY.md §7.1, §0.3, §6.4, §6.5
 */
import type { Finding, Json } from '../../src/claim/index.ts';
import type { HitAnalysis, HuntConjecture, HuntSpace } from '../../src/hunt/index.ts';
import { stringifyJson } from '../../src/claim/index.ts';
import { UsageError } from '../../src/core/index.ts';
import { lossById } from '../../src/losses/index.ts';
import { balancedN } from '../../src/models/index.ts';
import type { UfmProblem } from '../../src/models/index.ts';
import { cyclicAnsatz, realizeCyclicAnsatz, realizedAnsatz } from '../../src/hunt/index.ts';
import type { CyclicAnsatzFit } from '../../src/hunt/index.ts';
import { huntProblemOf, huntUfmInstance, parseHuntUfmInstance } from '../../src/hunt/index.ts';
import type { HuntUfmInstance } from '../../src/hunt/index.ts';
import {
  certificateJson,
  certifyCandidate,
  relaxationEvidence,
  relaxationJson,
  roundingAllowance,
  runStarts,
  startJson,
  valueSpread,
} from '../../src/hunt/index.ts';
import {
  analyseUfmPoint,
  classifierOf,
  evidenceNumber,
  metricsJson,
  evidencePointJson,
  problemText,
  structureDifferences,
  structureText,
  ufmStructure,
} from '../../src/hunt/index.ts';
import { resolveUfmSpace, shapeArbitrary, type UfmSpaceSpec } from '../../src/hunt/index.ts';

/**
 * Feature dimensions drawn for K (d < K−1; odd d only for even K; module comment). The first is the shrink target.
 * By default d ∈ {2, 3}; with `explicit` (the user gave --d) every admissible d ≥ 1, d = 1 included (flagged).
 */
export function symmetricDims(K: number, explicit = false): number[] {
  const ds: number[] = [];
  for (let d = 2; d < K - 1; d++) if ((d % 2 === 0 || K % 2 === 0) && (explicit || d <= 3)) ds.push(d);
  if (explicit && K % 2 === 0) ds.push(1);
  return ds;
}

/** The default search space (THEORY.md §7.1: K = 4…8, d = 2, 3, n = 1, 2) and the limits a flag may reach. */
const SPACE: UfmSpaceSpec = {
  loss: 'ce',
  K: { lo: 4, hi: 8 },
  KLimits: { lo: 4, hi: 16 },
  n: { lo: 1, hi: 2 },
  nLimits: { lo: 1, hi: 4 },
  bias: ['none', 'free', 'decay'],
  dims: symmetricDims,
};

/** The flag on d = 1 hits (module comment). */
export const D1_FLAG =
  'ill-posed: d = 1 (O(1) has no K-fold rotation; the cyclic ansatz merges the classes into two antipodal groups)';

/** Validates the problem of a stored instance: CE, balanced, d < K−1, and a cyclic ansatz exists. */
export function checkBelowProblem(p: UfmProblem): void {
  if (p.loss !== 'ce') throw new UsageError('instance.problem.loss', `must be 'ce'; got '${p.loss}'`);
  if (balancedN(p) === undefined) throw new UsageError('instance.problem.counts', 'must be balanced (use n)');
  if (!(p.d < p.K - 1)) throw new UsageError('instance.problem.d', `must be < K−1 = ${p.K - 1}; got ${p.d}`);
  if (!(p.lambdaW > 0)) throw new UsageError('instance.problem.lambdaW', `must be > 0; got ${p.lambdaW}`);
  if (!(p.lambdaH > 0)) throw new UsageError('instance.problem.lambdaH', `must be > 0; got ${p.lambdaH}`);
}

function fitJson(f: CyclicAnsatzFit): Json {
  return {
    frequencies: f.frequencies.map((x) => x.f),
    weights: [...f.weights],
    value: f.value,
    suboptimality: f.suboptimality,
  };
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
  const real = realizedAnsatz(p, loss, ai, fit);
  const roundAns = real.rounding;
  const ansatz = {
    ...(fitJson(fit) as Record<string, Json>),
    realizedValue: real.value,
    realizedGradNorm: real.gradNorm,
    rounding: roundAns,
  };
  const fAns = fit.value;
  const records = runStarts(p, loss, { seed: inst.seed, starts: inst.starts, initScale: inst.initScale });
  const starts = records.map(startJson);
  const converged = records.filter((r) => r.status === 'converged').sort((a, b) => a.value - b.value);
  const below = converged.filter(
    (r) => r.value < fAns - (roundingAllowance(p, r.value, r.theta) + roundAns + fit.suboptimality),
  );
  const base = { fAnsatz: fAns, ansatz, starts, spread: valueSpread(records) };
  for (const r of below.slice(0, 3)) {
    const cert = certifyCandidate(p, loss, r.theta, r.seed);
    if (!cert.secondOrderCritical) continue;
    const tol = roundingAllowance(p, r.value, r.theta) + roundAns + fit.suboptimality;
    const rel = relaxationEvidence(p, loss, r.theta);
    return {
      status: 'hit',
      evidence: {
        ...base,
        fBest: r.value,
        bestStart: r.start,
        margin: fAns - r.value,
        tolerance: tol,
        certificate: certificateJson(cert),
        relaxation: relaxationJson(rel),
        point: evidencePointJson(p, r.theta),
        metrics: metricsJson(p, r.theta),
      },
      why: `start ${r.start} reached a certified ${cert.kind} point with f = ${r.value.toPrecision(12)} < f_ansatz = ${fAns.toPrecision(12)} − τ (τ = ${tol.toExponential(2)}); the symmetric configuration is not a global minimiser`,
    };
  }
  const lowest = below[0];
  if (lowest !== undefined) {
    return {
      status: 'inconclusive',
      evidence: { ...base, fBest: lowest.value },
      why: `${below.length} start(s) went below the ansatz but none certified second-order critical`,
    };
  }
  const failed = records.filter((r) => r.status !== 'converged');
  const firstFailed = failed[0];
  if (firstFailed !== undefined) {
    return {
      status: 'inconclusive',
      evidence: base,
      why: `${failed.length} of ${records.length} starts did not converge (first: start ${firstFailed.start}, '${firstFailed.status}')`,
    };
  }
  const best = converged[0];
  if (best === undefined) return { status: 'inconclusive', evidence: base, why: 'no start was tried' };
  return {
    status: 'no-hit',
    evidence: { ...base, fBest: best.value, margin: fAns - best.value },
    why: `all ${records.length} starts ≥ f_ansatz − τ (best ${best.value.toPrecision(12)} vs ansatz ${fAns.toPrecision(12)})`,
  };
}

/** The ansatz's name in words for d (module comment). */
export function ansatzName(K: number, d: number): string {
  if (d === 1) return 'the alternating code';
  if (d === 2) return `the regular ${K}-gon`;
  if (d === 3) return 'the cyclic zigzag/antiprism';
  return `the best cyclic configuration in d = ${d}`;
}

/**
 * The mechanism of a hit (module comment): the structure of the certified point (tolerance from its δ), what
 * differs from the realised ansatz, and the margin.
 * @throws {TypeError} when the evidence holds no point (a fixture of schema 1)
 */
export function analyseSymmetricHit(inst: HuntUfmInstance, finding: Finding): HitAnalysis {
  const p = huntProblemOf(inst);
  const ev = finding.evidence;
  const point =
    typeof ev === 'object' && ev !== null && !Array.isArray(ev) ? (ev as Record<string, Json>)['point'] : undefined;
  if (point === undefined) throw new TypeError('evidence.point missing (the hit predates mechanism signatures)');
  const a = analyseUfmPoint(point, evidenceNumber(ev, 'certificate', 'delta'), p.bias);
  const n = balancedN(p) as number;
  const ai = { K: p.K, d: p.d, n, lambdaW: p.lambdaW, lambdaH: p.lambdaH };
  const fit = cyclicAnsatz(ai).best;
  const Wa = classifierOf(p, realizeCyclicAnsatz(ai, fit, p.bias));
  let scale = 0;
  for (const x of Wa.data) scale = Math.max(scale, Math.abs(x));
  // The ansatz is an exact construction: only the rounding of cos/sin/sqrt separates it from the configuration.
  const sa = ufmStructure(Wa, 64 * 2 ** -53 * (1 + scale) * p.K);
  const margin = evidenceNumber(ev, 'margin');
  const fAns = evidenceNumber(ev, 'fAnsatz');
  const diff = structureDifferences(a.structure, sa);
  const flags = p.d === 1 ? [D1_FLAG, ...a.flags] : a.flags;
  return {
    signature: p.d === 1 ? `ill-posed d=1 · ${a.signature}` : a.signature,
    description: `${problemText(p)}: ${structureText(a.structure)}; beats ${ansatzName(p.K, p.d)} by ${margin.toExponential(2)} (${((100 * margin) / fAns).toPrecision(2)} %)${diff.length > 0 ? `; differs in ${diff.join(', ')}` : ''}`,
    point,
    metrics: (ev as Record<string, Json>)['metrics'] ?? null,
    flags,
  };
}

/** Dedup key: the problem alone (solver seed, starts and init scale are how it was found, not what). */
export function ufmProblemKey(inst: HuntUfmInstance): string {
  return stringifyJson(inst.problem, 0);
}

/** Witness size: K, d, N, then the number of starts (fewer starts: an easier witness). */
export function ufmWitnessSize(inst: HuntUfmInstance): number[] {
  const p = huntProblemOf(inst);
  return [p.K, p.d, p.counts.reduce((s, c) => s + c, 0), inst.starts];
}

/** The conjecture drawing from a space (module comment; limits in SPACE). */
function symmetricIsGlobalOver(space: HuntSpace): HuntConjecture<HuntUfmInstance> {
  return {
    id: 'ce.d-below-k-minus-1.symmetric-is-global',
    cite: 'Zhu et al. 2021 (arXiv 2105.02375) cover only d ≥ K−1; open, docs/theory.md §7.1',
    statement:
      'CE-UFM, balanced, d < K−1: the most symmetric (cyclic, self-dual, b = 0) configuration — the regular K-gon for d = 2 — is a global minimiser',
    ansatz:
      'best cyclic self-dual configuration, b = 0: d = 2 the regular K-gon; d = 3 (K even) the zigzag/antiprism; d ≥ 4 (with --d) the best frequency set fitting in d. d = 1 excluded by default (O(1) has no K-fold rotation; the alternating code merges classes pairwise); --d 1 draws it, hits flagged ill-posed. Odd d with odd K never drawn.',
    arbitrary: huntUfmInstance(shapeArbitrary('ce', resolveUfmSpace(SPACE, space))),
    parseInstance: (u: unknown) => parseHuntUfmInstance(u, checkBelowProblem),
    probe: probeSymmetricIsGlobal,
    analyseHit: analyseSymmetricHit,
    problemKey: ufmProblemKey,
    witnessSize: ufmWitnessSize,
    narrow: symmetricIsGlobalOver,
  };
}

/** ce.d-below-k-minus-1.symmetric-is-global (THEORY.md §7.1). */
export const symmetricIsGlobal: HuntConjecture<HuntUfmInstance> = symmetricIsGlobalOver({});
