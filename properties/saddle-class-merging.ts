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
 * Tolerances: src/certified/saddle/saddle.ts.
 *
 * Negative control: "a class-merged critical point is a global minimizer (f = f*)" — refuted by its value.
 */
import type { Claim, Verdict } from '../src/claim/index.ts';
import { classUnion, inconclusive, judge, judgeAtMost, worst } from '../src/claim/index.ts';
import { certifyUfmPoint } from '../src/certified/index.ts';
import { createRng } from '../src/core/index.ts';
import { nrm2 } from '../src/linalg/index.ts';
import { lossById } from '../src/losses/index.ts';
import { randomInit, ufmObjective } from '../src/models/index.ts';
import type { UfmObjective } from '../src/models/index.ts';
import { trustRegion } from '../src/solvers/index.ts';
import { classMerging } from '../src/theory/index.ts';
import type { ClassMerging } from '../src/theory/index.ts';
import { problemOf } from '../src/arbitraries/index.ts';
import { globalValue } from '../src/certified/index.ts';
import {
  escapeBoundVerdicts, escapeData, escapeVerdict, gradRounding, judgeAtLeast, judgeStrictlyBelow, strictSaddleVerdict,
  tightLambdaMin, valueRounding,
} from '../src/certified/index.ts';
import { mergingClasses, mergingInstance, parseMergingInstance } from '../src/arbitraries/index.ts';
import type { MergingInstance } from '../src/arbitraries/index.ts';

const CITE = 'Zhu et al. 2021 (arXiv 2105.02375), proof of Thm 3.2 (escape direction); class-merging critical points, docs/theory.md §6.5, §1.2';

/** Gradient certificate asked of the restricted solve. */
const SOLVE_TOL = 1e-10;

interface Merged {
  readonly merging: ClassMerging;
  readonly obj: UfmObjective;
  readonly theta: Float64Array;
  readonly value: number;
  /** ‖∇f(θ)‖ in the full problem. */
  readonly gradNorm: number;
  /** ‖∇(f∘J)(θ_r)‖, the restricted certificate. */
  readonly gradReduced: number;
  readonly iterations: number;
}

/** Solves the restricted problem and expands; inconclusive when the restricted solve does not certify. */
function solveMerged(inst: MergingInstance): Merged | Verdict {
  const p = problemOf(inst);
  const loss = lossById(p.loss);
  const merging = classMerging(p, inst.groups);
  const obj = ufmObjective(p, loss);
  const reduced = merging.objective(loss);
  const start = merging.restrict(randomInit(obj.layout, createRng(inst.seed)));
  const r = trustRegion(reduced, start, { tol: SOLVE_TOL, maxIter: 300, secondOrder: true, seed: inst.seed });
  if (r.status !== 'converged') {
    return inconclusive(`restricted solve ended '${r.status}' with ‖∇(f∘J)‖ = ${r.gradNorm.toExponential(2)} > ${SOLVE_TOL}`, { status: r.status, gradNorm: r.gradNorm, iterations: r.iterations });
  }
  const theta = merging.expand(r.theta);
  const g = new Float64Array(obj.dim);
  const value = obj.valueAndGrad(theta, g);
  return { merging, obj, theta, value, gradNorm: nrm2(g), gradReduced: r.gradNorm, iterations: r.iterations };
}

function isMerged(x: Merged | Verdict): x is Merged {
  return 'merging' in x;
}

function checkMerging(inst: MergingInstance): Verdict {
  const m = solveMerged(inst);
  if (!isMerged(m)) return m;
  const p = problemOf(inst);
  const loss = lossById(p.loss);
  const L = m.obj.layout;
  const gRnd = gradRounding(L, m.theta);
  const fStar = globalValue(p);
  const fRnd = valueRounding(L, p, m.value, m.theta) + 64 * 2 ** -53 * Math.abs(fStar);
  const t = tightLambdaMin(m.obj, m.theta, inst.seed);
  const ed = escapeData(p, loss, L, m.theta);
  const cert = certifyUfmPoint(p, loss, m.theta, inst.seed, m.gradReduced + gRnd);
  const vs: Verdict[] = [
    judgeAtMost(m.gradNorm, m.gradReduced, gRnd, '‖∇f(Jθ_r)‖ vs ‖∇(f∘J)(θ_r)‖ (symmetric criticality)', { gradNorm: m.gradNorm, gradReduced: m.gradReduced }),
    judgeStrictlyBelow(fStar, m.value, fRnd, 'f* vs f at the merged point (not a global minimizer)'),
    judgeAtLeast(ed.sigma, m.merging.sigmaLowerBound, ed.qRounding, '‖G‖₂ vs σ_lb = √n/N on the fixed-point set'),
    ...escapeBoundVerdicts(t, ed),
    strictSaddleVerdict(cert),
    escapeVerdict(m.obj, m.theta, cert.vector),
  ];
  const v = worst(vs);
  return {
    ...v,
    details: {
      ...(v.details ?? {}), groups: inst.groups, value: m.value, fStar, iterations: m.iterations, lambdaMin: t.lambda, q: ed.q,
      qLowerBoundSigma: m.merging.lambdaMinUpper, lambdaMinusQ: t.lambda - ed.q, kind: cert.kind,
    },
  };
}

/** The claim's branches: CE/MSE × bias none/free/decay, and κ ∈ [0.95, 0.999] per bias mode (saddleArbitraries.ts). */
const classes = mergingClasses();

export const saddleClassMerging: Claim<MergingInstance> = {
  id: 'saddle.class-merging.strict-saddle',
  cite: CITE,
  statement: 'a critical point of the problem restricted to classes merged in groups (shared w, h, b) is critical for the full problem, not global (f > f*), and a strict saddle: λ_min ≤ q(‖G‖₂) < 0, escape decreases f',
  kind: 'claim',
  arbitrary: classUnion(classes),
  classes,
  parseInstance: parseMergingInstance,
  defaultRuns: 36,
  check: checkMerging,
};

export const saddleClassMergingGlobal: Claim<MergingInstance> = {
  id: 'saddle.class-merging.global',
  cite: `negative control of saddle.class-merging.strict-saddle (${CITE})`,
  statement: 'FALSE on purpose: a class-merged critical point is a global minimizer, f = f*',
  kind: 'control',
  controls: 'saddle.class-merging.strict-saddle',
  arbitrary: mergingInstance(),
  parseInstance: parseMergingInstance,
  defaultRuns: 6,
  check(inst: MergingInstance): Verdict {
    const m = solveMerged(inst);
    if (!isMerged(m)) return m;
    const p = problemOf(inst);
    const fStar = globalValue(p);
    const tol = valueRounding(m.obj.layout, p, m.value, m.theta) + 64 * 2 ** -53 * Math.abs(fStar);
    return judge(m.value, fStar, tol, 'f at the merged critical point vs f*', { groups: inst.groups, gradNorm: m.gradNorm });
  },
};
