/**
 * Conjecture (THEORY.md §7.1, second question): the balanced CE-UFM with d < K−1 has no spurious local minima —
 * every local minimum (modulo the rotation zero-modes) attains the global value. Zhu et al. prove benignity only for
 * d > K (Shen & Gu: d = K); below K−1 even the global minimiser is unknown.
 *
 * **Probe.** M seeded starts of second-order trust-region Newton on the full objective (huntMultistart.ts); f_best
 * is the least value reached. A start is a *spurious minimum* when
 *   1. its second-order certificate (certifyUfmPoint with the O(d) tangents and the CE free-bias shift) is
 *      'local-min' with a positive restricted λ_min (λ⊥ − r⊥ > tol): positive definite modulo the symmetry orbit,
 *      and the curvature modulo symmetry μ (restrictedCurvature) is > 0 — a strict local minimum modulo symmetry;
 *   2. the value of the critical point it approximates exceeds f_best: f(θ) − τ_θ > f_best + ρ_best, where
 *      τ_θ = ε²/(2μ) + εδ + rounding bounds f(θ) − f(θ*) (tolerance.ts) and ρ_best is the rounding of f_best (an
 *      achieved value, hence ≥ f*).
 * *Hit*: some start is a spurious minimum (the evidence holds its certificate, all starts' values, f_best, and the
 * convex lower bound of THEORY.md §0.3). *No-hit*: every start converged, and each one either reached f_best
 * (within rounding) or is certified a strict saddle. *Inconclusive*: a start did not converge, or a start above
 * f_best could not be classified (degenerate or undecided certificate).
 *
 * **Mechanism** (src/hunt/mechanism.ts): a hit stores the spurious point (evidence `point`, `metrics`); its
 * signature is 'spurious min · ' + the structure of that point (src/hunt/signature.ts), and shrinking
 * stays within it. There is no symmetric ansatz here; every d = 1 … K−2 is drawn (d = 1 is well-posed for this
 * question). `--K/--d/--n/--bias` narrow the draws (limits K 3…16, n 1…4).
 *
 * What the hunt finds (seed 2, 200 instances: 30 hits, 1 inconclusive): spurious strict local minima exist for
 * d < K−1, with and without a bias — e.g. K = 6, d = 4, n = 1, λ_W = λ_H = 0.01, b ≡ 0: a local minimum 1.7e-3
 * above the best start (value tolerance 2e-14); a dense-Hessian check on K = 8, d = 5 showed exactly d(d−1)/2 zero
 * eigenvalues and the rest positive, and perturbed restarts returned to the same value.
 *
 * @see THEORY.md §7.1, §1.2, §4
 */
import type { Finding, Json } from '../../src/claim/index.ts';
import type { HitAnalysis, HuntConjecture, HuntSpace } from '../../src/hunt/index.ts';
import { lossById } from '../../src/losses/index.ts';
import { huntProblemOf, huntUfmInstance, parseHuntUfmInstance } from '../../src/hunt/index.ts';
import type { HuntUfmInstance } from '../../src/hunt/index.ts';
import {
  analyseUfmPoint,
  evidenceNumber,
  metricsJson,
  evidencePointJson,
  problemText,
  structureText,
} from '../../src/hunt/index.ts';
import { resolveUfmSpace, shapeArbitrary, type UfmSpaceSpec } from '../../src/hunt/index.ts';
import {
  certificateJson,
  certifyCandidate,
  relaxationEvidence,
  relaxationJson,
  roundingAllowance,
  runStarts,
  bestStart,
  startJson,
  valueSpread,
} from '../../src/hunt/index.ts';
import { checkBelowProblem, ufmProblemKey, ufmWitnessSize } from './ce-d-below-k-minus-1-symmetric-is-global.ts';

/** Candidates above f_best certified per instance (the most distinct values first). */
const MAX_CERTIFIED = 4;

/** The default search space (THEORY.md §7.1: K = 4…8, every d < K−1, n = 1, 2) and the limits a flag may reach. */
const SPACE: UfmSpaceSpec = {
  loss: 'ce',
  K: { lo: 4, hi: 8 },
  KLimits: { lo: 3, hi: 16 },
  n: { lo: 1, hi: 2 },
  nLimits: { lo: 1, hi: 4 },
  bias: ['none', 'free', 'decay'],
  dims: (K) => Array.from({ length: Math.max(0, K - 2) }, (_, i) => i + 1),
};

/** Decides one instance (module comment). */
export function probeNoSpuriousMinima(inst: HuntUfmInstance): Finding {
  const p = huntProblemOf(inst);
  const loss = lossById('ce');
  const records = runStarts(p, loss, { seed: inst.seed, starts: inst.starts, initScale: inst.initScale });
  const starts = records.map(startJson);
  const best = bestStart(records);
  if (best === undefined)
    return { status: 'inconclusive', evidence: { starts }, why: `none of ${records.length} starts converged` };
  const roundBest = roundingAllowance(p, best.value, best.theta);
  const base = {
    fBest: best.value,
    bestStart: best.start,
    roundingBest: roundBest,
    starts,
    spread: valueSpread(records),
  };
  // Starts above f_best beyond rounding, one per distinct value (highest first: the most spurious-looking).
  const above = records
    .filter(
      (r) => r.status === 'converged' && r.value > best.value + roundBest + roundingAllowance(p, r.value, r.theta),
    )
    .sort((a, b) => b.value - a.value);
  const distinct: typeof above = [];
  for (const r of above)
    if (!distinct.some((q) => Math.abs(q.value - r.value) <= 1e-9 * (1 + Math.abs(r.value)))) distinct.push(r);
  const undecided: Json[] = [];
  const saddles: Json[] = [];
  /** Above f_best by more than rounding but within the certified τ_θ: the same value. */
  const reached: Json[] = [];
  for (const r of distinct.slice(0, MAX_CERTIFIED)) {
    const cert = certifyCandidate(p, loss, r.theta, r.seed);
    const spurious = cert.strictLocalMin && r.value - cert.valueTolerance > best.value + roundBest;
    if (spurious) {
      const rel = relaxationEvidence(p, loss, r.theta);
      return {
        status: 'hit',
        evidence: {
          ...base,
          fSpurious: r.value,
          spuriousStart: r.start,
          excess: r.value - best.value,
          valueTolerance: cert.valueTolerance,
          certificate: certificateJson(cert),
          relaxation: relaxationJson(rel),
          point: evidencePointJson(p, r.theta),
          metrics: metricsJson(p, r.theta),
        },
        why: `start ${r.start} reached a strict local minimum modulo symmetry (λ⊥ = ${cert.restrictedLambdaMin.toExponential(3)}, μ = ${cert.mu.toExponential(3)}) with f = ${r.value.toPrecision(12)} > f_best = ${best.value.toPrecision(12)} + τ`,
      };
    }
    if (cert.strictLocalMin) reached.push({ start: r.start, value: r.value, valueTolerance: cert.valueTolerance });
    else if (cert.kind === 'strict-saddle') saddles.push({ start: r.start, value: r.value, lambdaMin: cert.lambdaMin });
    else
      undecided.push({
        start: r.start,
        value: r.value,
        kind: cert.kind,
        why: cert.why,
        mu: cert.mu,
        valueTolerance: cert.valueTolerance,
      });
  }
  const failed = records.filter((r) => r.status !== 'converged');
  if (failed.length > 0)
    return {
      status: 'inconclusive',
      evidence: { ...base, saddles, undecided, reached },
      why: `${failed.length} of ${records.length} starts did not converge`,
    };
  if (undecided.length > 0 || distinct.length > MAX_CERTIFIED) {
    return {
      status: 'inconclusive',
      evidence: { ...base, saddles, undecided, reached },
      why: `${undecided.length} start(s) above f_best could not be classified${distinct.length > MAX_CERTIFIED ? ` (and ${distinct.length - MAX_CERTIFIED} distinct values were not certified)` : ''}`,
    };
  }
  return {
    status: 'no-hit',
    evidence: { ...base, saddles, reached },
    why: `every start reached f_best = ${best.value.toPrecision(12)} within rounding${saddles.length > 0 ? ` or a certified strict saddle (${saddles.length})` : ''}`,
  };
}

/**
 * The mechanism of a hit: the structure of the spurious minimum (signature as huntSignature.ts, prefixed 'spurious
 * min') and how far it sits above the best start.
 * @throws {TypeError} when the evidence holds no point (a fixture of schema 1)
 */
export function analyseSpuriousHit(inst: HuntUfmInstance, finding: Finding): HitAnalysis {
  const p = huntProblemOf(inst);
  const ev = finding.evidence;
  const point =
    typeof ev === 'object' && ev !== null && !Array.isArray(ev) ? (ev as Record<string, Json>)['point'] : undefined;
  if (point === undefined) throw new TypeError('evidence.point missing (the hit predates mechanism signatures)');
  const a = analyseUfmPoint(point, evidenceNumber(ev, 'certificate', 'delta'), p.bias);
  const excess = evidenceNumber(ev, 'excess');
  const fBest = evidenceNumber(ev, 'fBest');
  return {
    signature: `spurious min · ${a.signature}`,
    description: `${problemText(p)}: strict local minimum, ${structureText(a.structure)}; ${excess.toExponential(2)} (${((100 * excess) / fBest).toPrecision(2)} %) above the best start`,
    point,
    metrics: (ev as Record<string, Json>)['metrics'] ?? null,
    flags: a.flags,
  };
}

function noSpuriousMinimaOver(space: HuntSpace): HuntConjecture<HuntUfmInstance> {
  return {
    id: 'ce.d-below-k-minus-1.no-spurious-minima',
    cite: 'Zhu et al. 2021 (arXiv 2105.02375), Thm 3.2 needs d > K; Shen & Gu 2024 (arXiv 2407.10702) d = K; open, docs/theory.md §7.1',
    statement:
      'CE-UFM, balanced, d < K−1: every local minimum (strict modulo the rotation symmetry) attains the best value found from many starts — no spurious local minima',
    ansatz:
      'no symmetric configuration: every local minimum is compared with the best of M seeded starts; every d = 1 … K−2 is drawn (d = 1 is well-posed here)',
    arbitrary: huntUfmInstance(shapeArbitrary('ce', resolveUfmSpace(SPACE, space))),
    parseInstance: (u: unknown) => parseHuntUfmInstance(u, checkBelowProblem),
    probe: probeNoSpuriousMinima,
    analyseHit: analyseSpuriousHit,
    problemKey: ufmProblemKey,
    witnessSize: ufmWitnessSize,
    narrow: noSpuriousMinimaOver,
  };
}

/** ce.d-below-k-minus-1.no-spurious-minima (THEORY.md §7.1). */
export const noSpuriousMinimaBelow: HuntConjecture<HuntUfmInstance> = noSpuriousMinimaOver({});
