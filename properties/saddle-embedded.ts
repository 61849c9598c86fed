/**
 * Embedded lower-dimensional critical points (THEORY.md §6.4, §1.2): solve the same UFM with feature dimension
 * d′ < K−1 (d′ ∈ {1, 2}; CE or MSE, every bias mode, below the threshold) to a certified critical point θ′
 * (solveUfm 'auto', second-order Newton polish, ‖∇f′(θ′)‖ = ε′ ≤ 1e-10), embed it in R^d, d ≥ K
 * (src/theory/constructed.ts `embedPoint`: W = [W′, 0], H = [H′; 0]), and check:
 *   - criticality in R^d to the d′ certificate: ‖∇f(θ)‖ ≤ ε′ + rounding (§6.4: the added gradient blocks are
 *     G·0ᵀ + λ_W·0 and 0ᵀG + λ_H·0, the others are the d′ gradient, so the norms agree up to rounding);
 *   - λ_min(∇²f) ≤ q(σ) < 0 with σ = ‖G‖₂ (§1.2 with a = e_{d′+1}, an exact common null vector: s = 0): d′ < K−1
 *     is below the rank of the convex relaxation's optimum, so the point is not a global minimizer and σ exceeds
 *     √(λ_Wλ_H);
 *   - the certificate is strict-saddle and the escape step decreases f.
 * λ_min = q(σ) was observed in THEORY.md §9 [E] but is not proved: only ≤ is asserted; details.lambdaMinusQ
 * reports the agreement. Tolerances: src/certified/saddle/saddle.ts.
 *
 * Negative control: "the embedded point is a local minimum of the d-dimensional problem" — what the d′ solver
 * certified in R^{d′} does not survive the extra dimensions: refuted.
 */
import type { Claim, Verdict } from '../src/claim/index.ts';
import { classUnion, inconclusive, judgeAtMost, worst } from '../src/claim/index.ts';
import { certifyUfmPoint, solveUfm } from '../src/certified/index.ts';
import type { SecondOrderCertificate } from '../src/certify/index.ts';
import { nrm2 } from '../src/linalg/index.ts';
import { lossById } from '../src/losses/index.ts';
import { ufmObjective } from '../src/models/index.ts';
import type { UfmObjective } from '../src/models/index.ts';
import { embedPoint } from '../src/theory/index.ts';
import { problemOf } from '../src/arbitraries/index.ts';
import {
  escapeBoundVerdicts, escapeData, escapeVerdict, gradRounding, localMinControlVerdict, strictSaddleVerdict, tightLambdaMin,
} from '../src/certified/index.ts';
import { embeddedClasses, embeddedInstance, lowProblem, parseEmbeddedInstance } from '../src/arbitraries/index.ts';
import type { EmbeddedInstance } from '../src/arbitraries/index.ts';

const CITE = 'Zhu et al. 2021 (arXiv 2105.02375), proof of Thm 3.2 (escape direction); embedded critical points, docs/theory.md §6.4, §1.2';

/** Solve tolerance of the d′ problem (its gradient certificate). */
const SOLVE_TOL = 1e-10;

interface Embedded {
  readonly obj: UfmObjective;
  readonly theta: Float64Array;
  /** ε′ = ‖∇f′(θ′)‖ (the d′ certificate). */
  readonly gradLow: number;
  readonly valueLow: number;
  readonly cert: SecondOrderCertificate;
  readonly gradTol: number;
}

/** Solves the d′ problem, embeds the point and certifies it in R^d; an inconclusive verdict if the solve fails. */
function embedded(inst: EmbeddedInstance): Embedded | Verdict {
  const p = problemOf(inst);
  const loss = lossById(p.loss);
  const sol = solveUfm(lowProblem(inst), { seed: inst.seed, solver: 'auto', tol: SOLVE_TOL, loss, secondOrder: true });
  const r = sol.result;
  if (r.status !== 'converged') return inconclusive(`d′ = ${inst.dLow} solve ended '${r.status}' with ‖∇f′‖ = ${r.gradNorm.toExponential(2)} > ${SOLVE_TOL}`, { status: r.status, gradNorm: r.gradNorm });
  const e = embedPoint(lowProblem(inst), r.theta, p.d);
  const obj = ufmObjective(p, loss);
  const gradTol = r.gradNorm + gradRounding(obj.layout, e.theta);
  const cert = certifyUfmPoint(p, loss, e.theta, inst.seed, gradTol);
  return { obj, theta: e.theta, gradLow: r.gradNorm, valueLow: r.value, cert, gradTol };
}

function isEmbedded(x: Embedded | Verdict): x is Embedded {
  return 'cert' in x;
}

function checkEmbedded(inst: EmbeddedInstance): Verdict {
  const e = embedded(inst);
  if (!isEmbedded(e)) return e;
  const p = problemOf(inst);
  const loss = lossById(p.loss);
  const g = new Float64Array(e.obj.dim);
  const f = e.obj.valueAndGrad(e.theta, g);
  const gn = nrm2(g);
  const t = tightLambdaMin(e.obj, e.theta, inst.seed);
  const ed = escapeData(p, loss, e.obj.layout, e.theta);
  const vs: Verdict[] = [
    judgeAtMost(gn, e.gradLow, e.gradTol - e.gradLow, `‖∇f‖ in R^${p.d} vs the d′ = ${inst.dLow} certificate ε′`, { gradNorm: gn, gradLow: e.gradLow }),
    ...escapeBoundVerdicts(t, ed),
    strictSaddleVerdict(e.cert),
    escapeVerdict(e.obj, e.theta, e.cert.vector),
  ];
  const v = worst(vs);
  return {
    ...v,
    details: {
      ...(v.details ?? {}), dLow: inst.dLow, value: f, valueLow: e.valueLow, lambdaMin: t.lambda, q: ed.q,
      lambdaMinusQ: t.lambda - ed.q, relLambdaMinusQ: Math.abs(t.lambda - ed.q) / Math.abs(ed.q), kind: e.cert.kind,
    },
  };
}

/** The claim's branches: CE/MSE × bias none/free/decay × d′ = 1 / d′ = 2, and κ ∈ [0.95, 0.999] (saddleArbitraries.ts). */
const classes = embeddedClasses();

export const saddleEmbedded: Claim<EmbeddedInstance> = {
  id: 'saddle.embedded.strict-saddle',
  cite: CITE,
  statement: 'a critical point of the d′ < K−1 problem embedded in R^d (d ≥ K) is critical, has λ_min ≤ q(‖G‖₂) < 0, a strict-saddle certificate and an escape step that decreases f',
  kind: 'claim',
  arbitrary: classUnion(classes),
  classes,
  parseInstance: parseEmbeddedInstance,
  defaultRuns: 54,
  check: checkEmbedded,
};

export const saddleEmbeddedLocalMin: Claim<EmbeddedInstance> = {
  id: 'saddle.embedded.local-min',
  cite: `negative control of saddle.embedded.strict-saddle (${CITE})`,
  statement: 'FALSE on purpose: a d′ < K−1 solution embedded in R^d is a local minimum of the d-dimensional problem, λ_min(∇²f) ≥ −tol',
  kind: 'control',
  controls: 'saddle.embedded.strict-saddle',
  arbitrary: embeddedInstance(),
  parseInstance: parseEmbeddedInstance,
  defaultRuns: 6,
  check(inst: EmbeddedInstance): Verdict {
    const e = embedded(inst);
    if (!isEmbedded(e)) return e;
    return localMinControlVerdict(e.cert, `embedded d′ = ${inst.dLow}`);
  },
};
