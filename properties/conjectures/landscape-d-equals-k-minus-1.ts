/**
 * Conjecture (THEORY.md §7.5): for d = K−1 the plain UFM (CE; MSE with a learned bias) is benign — every
 * second-order critical point is a global minimiser. Zhu et al.'s proof needs d > K (Shen & Gu: d = K): its
 * negative-curvature direction (THEORY.md §1.2) uses a ∈ null(W) ∩ null(Hᵀ), which does not exist at a point with
 * rank W = K−1 = d. The global value is still the closed form f* (§1.1 CE, d ≥ K−1; §2.2 MSE free bias; §7.3 MSE
 * regularised bias with d = K−1, Case A). MSE without bias is not drawn: its d ≥ K theorem (§2.1) does not give f*
 * at d = K−1.
 *
 * **Probe.** M seeded starts of second-order trust-region Newton on the full objective (huntMultistart.ts). A *hit*
 * is a start θ with
 *   1. a second-order certificate 'local-min' with positive restricted λ_min and μ > 0 (strict local minimum modulo
 *      the rotation orbit — and the CE free-bias shift);
 *   2. rank W = K−1 certified: σ_{K−1}(W) > δ + rounding, so the critical point θ* within δ = 2ε/μ also has rank
 *      K−1 (Weyl: |σ_i(W) − σ_i(W*)| ≤ ‖W − W*‖₂ ≤ δ);
 *   3. f(θ) − τ_θ > f* + ρ*, with τ_θ = ε²/(2μ) + εδ + rounding (tolerance.ts) and ρ* = 16u(1 + |f*|) the closed
 *      form's rounding.
 * The evidence holds the certificate, σ(W), f*, every start's value and the convex lower bound (which equals f* for
 * CE and MSE free bias at d = K−1). *No-hit*: every start converged and reached f* within τ, or is a certified
 * strict saddle. *Inconclusive*: a start did not converge, a start above f* could not be classified, a
 * rank-deficient non-global second-order point (that would contradict §1.2 itself and is reported, not counted as
 * a hit), or a value below f* (a disagreement with the closed form, reported).
 *
 * **The symmetric configuration** is the simplex ETF (the global minimiser at d = K−1). **Mechanism**: a hit
 * stores the spurious full-rank point (evidence `point`, `metrics`); its signature is the loss, 'spurious min' and
 * the structure of the point (src/hunt/signature.ts). `--d` narrows K to d + 1; `--bias off` drops MSE.
 *
 * @see THEORY.md §7.5, §1.1, §1.2, §2.2, §7.3
 */
import fc from 'fast-check';
import type { Finding, Json } from '../../src/claim/index.ts';
import type { HitAnalysis, HuntConjecture, HuntSpace } from '../../src/hunt/index.ts';
import { UsageError } from '../../src/core/index.ts';
import { lossById } from '../../src/losses/index.ts';
import { balancedN } from '../../src/models/index.ts';
import type { UfmProblem } from '../../src/models/index.ts';
import { globalValue } from '../../src/certified/index.ts';
import { huntProblemOf, huntUfmInstance, parseHuntUfmInstance } from '../../src/hunt/index.ts';
import type { HuntProblemShape, HuntUfmInstance } from '../../src/hunt/index.ts';
import {
  analyseUfmPoint,
  evidenceNumber,
  metricsJson,
  evidencePointJson,
  problemText,
  structureText,
} from '../../src/hunt/index.ts';
import { resolveUfmSpace, shapeArbitrary, type ResolvedUfmSpace, type UfmSpaceSpec } from '../../src/hunt/index.ts';
import { ufmProblemKey, ufmWitnessSize } from './ce-d-below-k-minus-1-symmetric-is-global.ts';
import {
  certificateJson,
  certifyCandidate,
  classifierSingularValues,
  relaxationEvidence,
  relaxationJson,
  roundingAllowance,
  runStarts,
  startJson,
  valueSpread,
} from '../../src/hunt/index.ts';

const U = 2 ** -53;
const MAX_CERTIFIED = 4;

/** The default search spaces (K = 3…6, d = K−1, n = 1…3; CE with every bias mode, MSE with a learned bias). */
const SPACES: readonly UfmSpaceSpec[] = [
  {
    loss: 'ce',
    K: { lo: 3, hi: 6 },
    KLimits: { lo: 3, hi: 12 },
    n: { lo: 1, hi: 3 },
    nLimits: { lo: 1, hi: 4 },
    bias: ['none', 'free', 'decay'],
    dims: (K) => [K - 1],
  },
  {
    loss: 'mse',
    K: { lo: 3, hi: 6 },
    KLimits: { lo: 3, hi: 12 },
    n: { lo: 1, hi: 3 },
    nLimits: { lo: 1, hi: 4 },
    bias: ['free', 'decay'],
    dims: (K) => [K - 1],
  },
];

/**
 * The shapes of a space: the loss first (CE, then MSE), then as shapeArbitrary. A loss that the space leaves empty
 * (e.g. MSE with --bias off) is dropped; when both are empty the CE error names the flag.
 */
function landscapeShape(space: HuntSpace): fc.Arbitrary<HuntProblemShape> {
  const resolved: { readonly loss: string; readonly r: ResolvedUfmSpace }[] = [];
  let firstError: unknown;
  for (const spec of SPACES) {
    try {
      resolved.push({ loss: spec.loss, r: resolveUfmSpace(spec, space) });
    } catch (e) {
      firstError ??= e;
    }
  }
  if (resolved.length === 0) throw firstError;
  return fc.constantFrom(...resolved).chain(({ loss, r }) => shapeArbitrary(loss, r));
}

/** Validates a stored problem: CE or MSE with a bias, balanced, d = K−1. */
export function checkKMinus1Problem(p: UfmProblem): void {
  if (p.loss !== 'ce' && p.loss !== 'mse')
    throw new UsageError('instance.problem.loss', `must be 'ce' or 'mse'; got '${p.loss}'`);
  if (p.loss === 'mse' && !p.bias)
    throw new UsageError(
      'instance.problem.bias',
      'MSE needs a learned bias here (no closed form for bias-free MSE at d = K−1)',
    );
  if (balancedN(p) === undefined) throw new UsageError('instance.problem.counts', 'must be balanced (use n)');
  if (p.d !== p.K - 1) throw new UsageError('instance.problem.d', `must equal K−1 = ${p.K - 1}; got ${p.d}`);
  if (!(p.lambdaW > 0)) throw new UsageError('instance.problem.lambdaW', `must be > 0; got ${p.lambdaW}`);
  if (!(p.lambdaH > 0)) throw new UsageError('instance.problem.lambdaH', `must be > 0; got ${p.lambdaH}`);
}

/** Decides one instance (module comment). */
export function probeLandscapeKMinus1(inst: HuntUfmInstance): Finding {
  const p = huntProblemOf(inst);
  const loss = lossById(p.loss);
  const fStar = globalValue(p);
  const roundStar = 16 * U * (1 + Math.abs(fStar));
  const records = runStarts(p, loss, { seed: inst.seed, starts: inst.starts, initScale: inst.initScale });
  const starts = records.map(startJson);
  const base = { fStar, starts, spread: valueSpread(records) };
  const converged = records.filter((r) => r.status === 'converged');
  const below = converged.filter((r) => r.value < fStar - roundStar - roundingAllowance(p, r.value, r.theta));
  const r0 = below[0];
  if (r0 !== undefined) {
    const r = r0;
    return {
      status: 'inconclusive',
      evidence: { ...base, belowStart: r.start, value: r.value },
      why: `start ${r.start} reached f = ${r.value.toPrecision(15)} < f* = ${fStar.toPrecision(15)}: disagrees with the closed form (report it)`,
    };
  }
  const above = converged
    .filter((r) => r.value > fStar + roundStar + roundingAllowance(p, r.value, r.theta))
    .sort((a, b) => b.value - a.value);
  const distinct: typeof above = [];
  for (const r of above)
    if (!distinct.some((q) => Math.abs(q.value - r.value) <= 1e-9 * (1 + Math.abs(r.value)))) distinct.push(r);
  const saddles: Json[] = [];
  const undecided: Json[] = [];
  /** Above f* by more than rounding but within the certified τ_θ: the critical point it approximates is global. */
  const reached: Json[] = [];
  for (const r of distinct.slice(0, MAX_CERTIFIED)) {
    const cert = certifyCandidate(p, loss, r.theta, r.seed);
    const sv = classifierSingularValues(p, r.theta);
    const sigmaD = sv[p.d - 1] as number;
    const rankTol = cert.delta + 8 * p.K * U * (sv[0] as number);
    const fullRank = sigmaD > rankTol;
    const spurious = cert.strictLocalMin && r.value - cert.valueTolerance > fStar + roundStar;
    if (spurious && fullRank) {
      const rel = relaxationEvidence(p, loss, r.theta);
      return {
        status: 'hit',
        evidence: {
          ...base,
          fSpurious: r.value,
          spuriousStart: r.start,
          excess: r.value - fStar,
          valueTolerance: cert.valueTolerance,
          singularValuesW: Array.from(sv),
          rankTolerance: rankTol,
          certificate: certificateJson(cert),
          relaxation: relaxationJson(rel),
          point: evidencePointJson(p, r.theta),
          metrics: metricsJson(p, r.theta),
        },
        why: `start ${r.start} reached a strict local minimum modulo symmetry with rank W = ${p.d} (σ_${p.d} = ${sigmaD.toExponential(3)} > ${rankTol.toExponential(2)}) and f = ${r.value.toPrecision(12)} > f* = ${fStar.toPrecision(12)} + τ`,
      };
    }
    if (cert.strictLocalMin && !spurious)
      reached.push({ start: r.start, value: r.value, valueTolerance: cert.valueTolerance });
    else if (cert.kind === 'strict-saddle') saddles.push({ start: r.start, value: r.value, lambdaMin: cert.lambdaMin });
    else
      undecided.push({ start: r.start, value: r.value, kind: cert.kind, fullRank, sigmaD, mu: cert.mu, why: cert.why });
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
      why: `${undecided.length} start(s) above f* could not be classified as a strict saddle or a full-rank strict local minimum`,
    };
  }
  return {
    status: 'no-hit',
    evidence: { ...base, saddles, reached },
    why: `every start reached f* = ${fStar.toPrecision(12)} within tolerance${saddles.length > 0 ? ` or a certified strict saddle (${saddles.length})` : ''}`,
  };
}

/**
 * The mechanism of a hit: the loss, then the structure of the spurious full-rank minimum (huntSignature.ts), and how
 * far it sits above f*.
 * @throws {TypeError} when the evidence holds no point
 */
export function analyseLandscapeHit(inst: HuntUfmInstance, finding: Finding): HitAnalysis {
  const p = huntProblemOf(inst);
  const ev = finding.evidence;
  const point =
    typeof ev === 'object' && ev !== null && !Array.isArray(ev) ? (ev as Record<string, Json>)['point'] : undefined;
  if (point === undefined) throw new TypeError('evidence.point missing');
  const a = analyseUfmPoint(point, evidenceNumber(ev, 'certificate', 'delta'), p.bias);
  const excess = evidenceNumber(ev, 'excess');
  return {
    signature: `${p.loss} · spurious min · ${a.signature}`,
    description: `${p.loss.toUpperCase()} ${problemText(p)}: strict local minimum with rank W = K−1, ${structureText(a.structure)}; ${excess.toExponential(2)} above f* = ${evidenceNumber(ev, 'fStar').toPrecision(10)}`,
    point,
    metrics: (ev as Record<string, Json>)['metrics'] ?? null,
    flags: a.flags,
  };
}

function landscapeOver(space: HuntSpace): HuntConjecture<HuntUfmInstance> {
  return {
    id: 'landscape.d-equals-k-minus-1',
    cite: 'Zhu et al. 2021 (arXiv 2105.02375), Thm 3.2 needs d > K; Shen & Gu 2024 (arXiv 2407.10702) d = K; open, docs/theory.md §7.5',
    statement:
      'CE-UFM and MSE-UFM with a learned bias, balanced, d = K−1: every second-order critical point is a global minimiser (none with rank W = K−1 and PSD Hessian sits above f*)',
    ansatz:
      'the simplex ETF (d = K−1 only: CE closed form THEORY.md §1.1, MSE free bias §2.2, MSE regularised bias Case A §7.3); --d narrows K to d + 1; MSE without a bias is not drawn (no closed form at d = K−1)',
    arbitrary: huntUfmInstance(landscapeShape(space)),
    parseInstance: (u: unknown) => parseHuntUfmInstance(u, checkKMinus1Problem),
    probe: probeLandscapeKMinus1,
    analyseHit: analyseLandscapeHit,
    problemKey: ufmProblemKey,
    witnessSize: ufmWitnessSize,
    narrow: landscapeOver,
  };
}

/** landscape.d-equals-k-minus-1 (THEORY.md §7.5). */
export const landscapeKMinus1: HuntConjecture<HuntUfmInstance> = landscapeOver({});
