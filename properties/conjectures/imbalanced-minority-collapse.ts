/**
 * Conjecture (THEORY.md §7.2): NC2 survives class imbalance — at the global minimiser of the imbalanced UFM the
 * minority classifiers stay distinct (no minority collapse). Fang et al. (PNAS 2021) predict the opposite beyond
 * an imbalance threshold, and Hong & Ling (arXiv 2309.09725) give the threshold for the regularised UFM; THEORY.md
 * did not run numerics. A *hit* is an instance where the minority classifiers coincide at a certified global
 * minimiser — minority collapse, NC2 (ETF, or OF for bias-free MSE) broken far beyond the unequal-norm deformation
 * every ratio R > 1 causes. Hunted separately for CE and MSE (`imbalanced.minority-collapse.ce` / `.mse`), so each
 * hunt's shrunk hits report the smallest collapsing ratio for its loss.
 *
 * **Probe** (instances and the collapse measurement: src/hunt/imbalance.ts; d = K).
 *   1. Global minimiser: certifiedMinimizer (src/certified/ufm/certified.ts: seeded starts, ‖∇f‖ ≤ 1e-10, curvature
 *      modulo symmetry μ > 0 giving δ = 2ε/μ, and the convex KKT test ‖G‖₂ ≤ √(λ_Wλ_H) + τ_G — imbalanced instances
 *      have no closed form, THEORY.md §0.3 makes this test exact);
 *   2. corroborated by the convex relaxation (certify/global.ts, solved to a gap ≤ 1e-10): f(θ) − lowerBound must be
 *      ≤ {@link GAP_TARGET} = 1e-8, the global-optimality gap issue 6 sets as its target;
 *   3. the minority spread s_m and the classifier scale s_M, with δ: *hit* iff s_m + 2δ ≤ η(s_M − δ) (collapsed,
 *      η = 1e-3); *no-hit* iff s_m − 2δ > η(s_M + δ); *inconclusive* if a certificate fails, the band is straddled,
 *      or W* = 0 (above the threshold every classifier vanishes and the question is void).
 * The evidence holds the certificate numbers (ε, μ, δ, ‖G‖₂ vs √(λ_Wλ_H)), the relaxation's bound and gap, the
 * geometry (norms, minority cosines, NC2 distance), and for bias-free MSE the closed-form collapse ratio.
 *
 * @see THEORY.md §7.2, §0.3, §1.2 item 1
 */
import type { Finding, Json } from '../../src/claim/index.ts';
import type { HitAnalysis, HuntConjecture } from '../../src/hunt/index.ts';
import { stringifyJson } from '../../src/claim/index.ts';
import { certifiedMinimizer, isCertified } from '../../src/certified/index.ts';
import { lossById } from '../../src/losses/index.ts';
import { sampleCount } from '../../src/models/index.ts';
import {
  COLLAPSE_RATIO,
  collapseDecision,
  geometryJson,
  imbalanceInstance,
  imbalanceProblem,
  minorityGeometry,
  mseBiasFreeCollapseRatio,
  parseImbalanceInstance,
} from '../../src/hunt/index.ts';
import type { ImbalanceInstance } from '../../src/hunt/index.ts';
import { relaxationEvidence, relaxationJson } from '../../src/hunt/index.ts';
import {
  analyseUfmPoint,
  evidenceNumber,
  metricsJson,
  evidencePointJson,
  structureText,
} from '../../src/hunt/index.ts';

/** Largest f(θ) − (certified lower bound) accepted as global (issue 6 target for the global-optimality gap). */
export const GAP_TARGET = 1e-8;

/** Keeps the JSON-representable scalar fields of a details record. */
function scalars(u: Readonly<Record<string, unknown>> | undefined): Json {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(u ?? {}))
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[k] = v;
  return out;
}

/** Decides one instance (module comment). */
export function probeMinorityCollapse(inst: ImbalanceInstance): Finding {
  const p = imbalanceProblem(inst);
  const loss = lossById(inst.loss);
  const setting: Record<string, Json> = { counts: [...p.counts], N: sampleCount(p), d: p.d };
  if (inst.loss === 'mse' && !inst.bias)
    setting['collapseRatioClosedForm'] = mseBiasFreeCollapseRatio(
      inst.K,
      inst.majority,
      inst.nMinor,
      inst.lambdaW,
      inst.lambdaH,
    );
  const cp = certifiedMinimizer(p, { seed: inst.seed, loss, starts: 3 });
  if (!isCertified(cp))
    return {
      status: 'inconclusive',
      evidence: { ...setting, certificate: scalars(cp.details) },
      why: `global minimiser not certified: ${cp.why}`,
    };
  const certificate = {
    gradNorm: cp.gradNorm,
    mu: cp.curvature.mu,
    delta: cp.delta,
    gSpectral: cp.kkt.gSpectral,
    kktBound: cp.kkt.bound,
    kktAllowance: cp.kkt.allowance,
    value: cp.value,
    start: cp.start,
  };
  const rel = relaxationEvidence(p, loss, cp.theta);
  const gap = cp.value - rel.lowerBound;
  const base = { ...setting, certificate, relaxation: relaxationJson(rel), gap };
  if (rel.status !== 'converged' || !(gap <= GAP_TARGET)) {
    return {
      status: 'inconclusive',
      evidence: base,
      why: `convex relaxation ${rel.status}; f − lower bound = ${gap.toExponential(3)} (need ≤ ${GAP_TARGET})`,
    };
  }
  const g = minorityGeometry(p, inst.majority, cp.theta);
  const evidence = {
    ...base,
    geometry: geometryJson(g),
    collapseRatio: COLLAPSE_RATIO,
    point: evidencePointJson(p, cp.theta),
    metrics: metricsJson(p, cp.theta),
  };
  const rs = `s_m/s_M = ${(g.spread / g.scale).toExponential(3)}`;
  switch (collapseDecision(g, cp.delta)) {
    case 'collapsed':
      return {
        status: 'hit',
        evidence,
        why: `minority collapse at R = ${inst.ratio}: the ${inst.K - inst.majority} minority classifiers coincide at the certified global minimiser (${rs} ≤ η = ${COLLAPSE_RATIO}, δ = ${cp.delta.toExponential(2)}; NC2 distance ${g.nc2.toFixed(3)})`,
      };
    case 'separated':
      return {
        status: 'no-hit',
        evidence,
        why: `minority classifiers distinct at R = ${inst.ratio} (${rs} > η = ${COLLAPSE_RATIO}; cos ∈ [${g.minorityCosMin.toFixed(3)}, ${g.minorityCosMax.toFixed(3)}])`,
      };
    case 'zero':
      return {
        status: 'inconclusive',
        evidence,
        why: `W* = 0 (max ‖w_k‖ = ${g.scale.toExponential(2)} ≤ δ): above the threshold, nothing to collapse`,
      };
    case 'undecided':
      return {
        status: 'inconclusive',
        evidence,
        why: `${rs} within 2δ = ${(2 * cp.delta).toExponential(2)} of the collapse threshold η = ${COLLAPSE_RATIO}`,
      };
  }
}

/**
 * The mechanism of a hit, from the structure of the certified global minimiser (huntSignature.ts, tolerance from the
 * certificate's δ): the loss, bias on/off, whether the minority classifiers sit at w = 0 (bias-free MSE), merged
 * into one vector, or only partly merged, and whether the majority classifiers stay distinct. Independent of K and
 * the ratio, so shrinking can lower them within the mechanism.
 * @throws {TypeError} when the evidence holds no point (a fixture of schema 1)
 */
export function analyseMinorityHit(inst: ImbalanceInstance, finding: Finding): HitAnalysis {
  const p = imbalanceProblem(inst);
  const ev = finding.evidence;
  const point =
    typeof ev === 'object' && ev !== null && !Array.isArray(ev) ? (ev as Record<string, Json>)['point'] : undefined;
  if (point === undefined) throw new TypeError('evidence.point missing (the hit predates mechanism signatures)');
  const a = analyseUfmPoint(point, evidenceNumber(ev, 'certificate', 'delta'), p.bias);
  // K-free: what happened to the minority classes (indices ≥ majority) and to the majority ones.
  const minority = Array.from({ length: inst.K - inst.majority }, (_, i) => inst.majority + i);
  const atZero = minority.every((k) => a.structure.centre.includes(k));
  const oneGroup = a.structure.groups.some((g) => minority.every((k) => g.includes(k)));
  const majorityDistinct = a.structure.groups
    .filter((g) => g.some((k) => k < inst.majority))
    .every((g) => g.length === 1 && (g[0] as number) < inst.majority);
  const what = atZero
    ? 'minority classifiers at w=0'
    : oneGroup
      ? 'minority classifiers merged into one'
      : 'minority classifiers partly merged';
  return {
    signature: `${inst.loss} · ${p.bias ? 'bias' : 'no bias'} · ${what} · majority ${majorityDistinct ? 'distinct' : 'merged too'}`,
    description: `${inst.loss.toUpperCase()} K=${inst.K} (${inst.majority} major × ${inst.ratio * inst.nMinor}, ${inst.K - inst.majority} minor × ${inst.nMinor}) λ_W=${inst.lambdaW} λ_H=${inst.lambdaH} ${inst.bias ? (inst.lambdaB > 0 ? `bias λ_b=${inst.lambdaB}` : 'free bias') : 'no bias'}: ${structureText(a.structure)} at the certified global minimiser (ratio R = ${inst.ratio})`,
    point,
    metrics: (ev as Record<string, Json>)['metrics'] ?? null,
    flags: a.flags,
  };
}

function minorityCollapse(loss: 'ce' | 'mse'): HuntConjecture<ImbalanceInstance> {
  return {
    id: `imbalanced.minority-collapse.${loss}`,
    cite: 'Fang et al. 2021 (arXiv 2101.12699), minority collapse; Hong & Ling 2023 (arXiv 2309.09725); open, docs/theory.md §7.2',
    statement: `${loss.toUpperCase()}-UFM with imbalanced classes (d = K): at the global minimiser the minority classifiers stay distinct (NC2 survives imbalance: no minority collapse)`,
    ansatz:
      'the balanced optimum (d = K only): the simplex ETF for CE and MSE with a bias, the orthogonal frame for bias-free MSE; a hit is a certified global minimiser whose minority classifiers coincide. Not narrowable by --K/--d/--n/--bias (its instances are drawn by class counts and ratio).',
    arbitrary: imbalanceInstance(loss),
    parseInstance: (u: unknown) => parseImbalanceInstance(u, loss),
    probe: probeMinorityCollapse,
    analyseHit: analyseMinorityHit,
    problemKey: (inst) => stringifyJson({ ...inst, seed: 0 }, 0),
    witnessSize: (inst) => [inst.K, inst.ratio, inst.nMinor],
  };
}

/** imbalanced.minority-collapse.ce (THEORY.md §7.2). */
export const minorityCollapseCe = minorityCollapse('ce');
/** imbalanced.minority-collapse.mse (THEORY.md §7.2). */
export const minorityCollapseMse = minorityCollapse('mse');
