/**
 * Class-merging critical points (THEORY.md §6.5 — "not numerically exercised" there; exercised here). Force the
 * classes of each group to share w, h and b (src/theory/constructed.ts `classMerging`: the fixed-point set of
 * the within-group class permutations, a symmetry of f for balanced counts), solve the restricted problem f∘J by
 * trust-region Newton (second order, exact restricted HVPs JᵀHJ) from the seeded start, expand, and check in the
 * full problem (CE or MSE, every bias mode, below the threshold, d ≥ K):
 *   - critical: ‖∇f(Jθ_r)‖ ≤ ‖∇(f∘J)(θ_r)‖ + rounding — symmetric criticality (Palais 1979) gives
 *     ∇f(Jθ_r) = J(JᵀJ)⁻¹∇(f∘J)(θ_r), whose norm is at most the restricted one (constructed.ts);
 *   - not a global minimizer: f > f* (the §1.1 / §2.1–2.3 closed forms) beyond the value rounding — the global
 *     minimizers (simplex ETF / orthogonal frame) have distinct rows, a merged W has two equal ones;
 *   - ‖G‖₂ ≥ σ_lb = √n/N (constructed.ts's bound on the fixed-point set: uᵀGv = −√n_g/N for the antisymmetric
 *     pair of two merged classes), λ_min ≤ q(‖G‖₂) + (L_ℓ/N)s² and that bound < 0 (§1.2 with the best common
 *     near-null vector a of W and Hᵀ, s = its defect; rank W ≤ #groups < K ≤ d);
 *   - the certificate is strict-saddle and the escape step decreases f. A certificate of any other kind would be a
 *     finding (reported, not bent).
 * Tolerances: src/certified/saddle/saddle.ts, classMerging.ts (the solve, symmetric criticality, f*'s rounding).
 *
 * Negative control: "a class-merged critical point is a global minimizer (f = f*)" — refuted by its value.
 */
import { judge, judgeAtLeast, judgeAtMost, judgeStrictlyBelow } from '../src/claim/index.ts';
import {
  escapeBoundVerdicts,
  escapeVerdict,
  measuredMergedPoint,
  solveMergedPoint,
  strictSaddleVerdict,
} from '../src/certified/index.ts';
import type { MeasuredMergedPoint, MergedPoint } from '../src/certified/index.ts';
import { mergingClasses, mergingInstance, parseMergingInstance, problemOf } from '../src/arbitraries/index.ts';
import type { MergingInstance } from '../src/arbitraries/index.ts';
import { defineClaim } from '../src/define/index.ts';

const CITE =
  'Zhu et al. 2021 (arXiv 2105.02375), proof of Thm 3.2 (escape direction); class-merging critical points, docs/theory.md §6.5, §1.2';

/** The claim's branches: CE/MSE × bias none/free/decay, and κ ∈ [0.95, 0.999] per bias mode (src/arbitraries/saddles.ts). */
export const saddleClassMerging = defineClaim<MergingInstance, MeasuredMergedPoint>({
  id: 'saddle.class-merging.strict-saddle',
  cite: CITE,
  statement:
    'a critical point of the problem restricted to classes merged in groups (shared w, h, b) is critical for the full problem, not global (f > f*), and a strict saddle: λ_min ≤ q(‖G‖₂) < 0, escape decreases f',
  classes: mergingClasses(),
  parseInstance: parseMergingInstance,
  defaultRuns: 36,
  prepare: (inst) => measuredMergedPoint(problemOf(inst), inst.groups, inst.seed),
  verdicts: (m) => [
    judgeAtMost(m.gradNorm, m.gradReduced, m.gradRounding, '‖∇f(Jθ_r)‖ vs ‖∇(f∘J)(θ_r)‖ (symmetric criticality)', {
      gradNorm: m.gradNorm,
      gradReduced: m.gradReduced,
    }),
    judgeStrictlyBelow(m.fStar, m.value, m.valueTol, 'f* vs f at the merged point (not a global minimizer)'),
    judgeAtLeast(
      m.escape.sigma,
      m.merging.sigmaLowerBound,
      m.escape.qRounding,
      '‖G‖₂ vs σ_lb = √n/N on the fixed-point set',
    ),
    ...escapeBoundVerdicts(m.lambda, m.escape),
    strictSaddleVerdict(m.cert),
    escapeVerdict(m.obj, m.theta, m.cert.vector),
  ],
  evidence: (m, inst) => ({
    groups: inst.groups,
    value: m.value,
    fStar: m.fStar,
    iterations: m.iterations,
    lambdaMin: m.lambda.lambda,
    q: m.escape.q,
    qLowerBoundSigma: m.merging.lambdaMinUpper,
    lambdaMinusQ: m.lambda.lambda - m.escape.q,
    kind: m.cert.kind,
  }),
});

export const saddleClassMergingGlobal = defineClaim<MergingInstance, MergedPoint>({
  id: 'saddle.class-merging.global',
  cite: `negative control of saddle.class-merging.strict-saddle (${CITE})`,
  statement: 'FALSE on purpose: a class-merged critical point is a global minimizer, f = f*',
  kind: 'control',
  controls: 'saddle.class-merging.strict-saddle',
  arbitrary: mergingInstance(),
  parseInstance: parseMergingInstance,
  defaultRuns: 6,
  prepare: (inst) => solveMergedPoint(problemOf(inst), inst.groups, inst.seed),
  verdicts: (m, inst) => [
    judge(m.value, m.fStar, m.valueTol, 'f at the merged critical point vs f*', {
      groups: inst.groups,
      gradNorm: m.gradNorm,
    }),
  ],
});
