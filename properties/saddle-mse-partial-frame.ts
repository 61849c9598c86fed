/**
 * MSE rank-r partial orthogonal frames (THEORY.md §6.2 bias-free, r < K; §6.3 free bias λ_b = 0, U ⊥ 1,
 * r ≤ K−2), built by src/theory/constructed.ts `partialFramePoint` from random orthonormal U (K×r) and R (d×r)
 * drawn from the instance seed: W = √(sα) U Rᵀ, H̄ = √(s/α) R Uᵀ, s = 1 − κ, α = √(nλ_H/λ_W).
 *   - critical: ‖∇f‖ within the rounding bound of a closed-form point;
 *   - f = 1/2 − (r/(2K))(1−κ)² (bias-free) or (K−1)/(2K) − (r/(2K))(1−κ)² (free bias) — `partialFrameValue`;
 *   - λ_min(∇²f) = the §6.1 origin value q(1/(K√n)) (`originLambdaMinWH`) to the Lanczos-derived tolerance (inside
 *     the 1e-8-relative target);
 *   - λ_min ≤ q(‖G‖₂) < 0 (§1.2), certificate strict-saddle, and the escape step decreases f.
 * Tolerances: src/certified/saddle/saddle.ts.
 *
 * Negative control: "the rank-(K−1) bias-free frame is a local minimum" — it is one rank short of the global
 * orthogonal frame (r = K), and §6.2 puts a direction of curvature q(1/(K√n)) < 0 in the missing column: refuted.
 */
import type { Claim, Verdict } from '../src/claim/index.ts';
import { judge, judgeAtMost, withResolution } from '../src/claim/index.ts';
import { certifyUfmPoint } from '../src/certified/index.ts';
import { createRng } from '../src/core/index.ts';
import { lossById } from '../src/losses/index.ts';
import { balancedN, ufmObjective } from '../src/models/index.ts';
import { originLambdaMinWH, partialFramePoint, partialFrameValue } from '../src/theory/index.ts';
import { problemOf } from '../src/arbitraries/index.ts';
import {
  escapeBoundVerdicts, escapeData, escapeVerdict, gradRounding, lambdaVsClosedForm, localMinControlVerdict, strictSaddleVerdict,
  tightLambdaMin, valueRounding,
} from '../src/certified/index.ts';
import { parsePartialFrameInstance, partialFrameClasses, partialFrameInstance } from '../src/arbitraries/index.ts';
import { defineClaim, missed, nearMisses } from '../src/define/index.ts';
import type { Miss } from '../src/define/index.ts';
import type { PartialFrameInstance } from '../src/arbitraries/index.ts';

const CITE = 'Zhou et al. 2022 (arXiv 2203.01238), MSE strict saddles; rank-r partial orthogonal frames, docs/theory.md §6.2, §6.3, §1.2';

/** The frame of an instance: U, R random from the seed (stream 1 of the instance rng). */
function frameOf(inst: PartialFrameInstance): ReturnType<typeof partialFramePoint> {
  return partialFramePoint(problemOf(inst), inst.r, createRng(inst.seed).fork(1));
}

/** The claim's comparisons; `miss` perturbs the predicted λ_min ('lambda') and f ('value') for the near-miss controls. */
function frameVerdicts(inst: PartialFrameInstance, miss: Miss): Verdict[] {
  const p = problemOf(inst);
  const n = balancedN(p) as number;
  const loss = lossById('mse');
  const fr = frameOf(inst);
  const obj = ufmObjective(p, loss);
  const L = obj.layout;
  const g = new Float64Array(obj.dim);
  const f = obj.valueAndGrad(fr.theta, g);
  let gn = 0;
  for (let i = 0; i < g.length; i++) gn += (g[i] as number) ** 2;
  gn = Math.sqrt(gn);
  const gTol = gradRounding(L, fr.theta);
  const t = tightLambdaMin(obj, fr.theta, inst.seed);
  const pred = missed(originLambdaMinWH(p.K, n, p.lambdaW, p.lambdaH), miss, 'lambda');
  const fPred = missed(partialFrameValue({ K: p.K, n, lambdaW: p.lambdaW, lambdaH: p.lambdaH }, inst.r, p.bias), miss, 'value');
  const cert = certifyUfmPoint(p, loss, fr.theta, inst.seed, gTol);
  const vs: Verdict[] = [
    judgeAtMost(gn, 0, gTol, `‖∇f‖ at the rank-${inst.r} frame`, { gradNorm: gn }),
    withResolution(judge(f, fPred, valueRounding(L, p, f, fr.theta), `f at the rank-${inst.r} frame vs §6.${p.bias ? 3 : 2}`), 'value', Math.abs(fPred)),
    withResolution(lambdaVsClosedForm(t, pred, Math.max(p.lambdaW, p.lambdaH), `rank-${inst.r} frame`), 'lambda', Math.abs(pred)),
    ...escapeBoundVerdicts(t, escapeData(p, loss, L, fr.theta)),
    strictSaddleVerdict(cert),
    escapeVerdict(obj, fr.theta, cert.vector),
  ];
  const details = { r: inst.r, lambdaMin: t.lambda, predicted: pred, relErr: Math.abs(t.lambda - pred) / Math.abs(pred), kind: cert.kind };
  return vs.map((v) => ({ ...v, details: { ...(v.details ?? {}), ...details } }));
}

/** The claim's branches: bias none/free × r = 0 / 0 < r < r_max / r = r_max, and κ ∈ [0.95, 0.999] per bias mode. */
const classes = partialFrameClasses();

export const saddleMsePartialFrame = defineClaim<PartialFrameInstance>({
  id: 'saddle.mse-partial-frame.strict-saddle',
  cite: CITE,
  statement: 'MSE rank-r partial orthogonal frames (bias-free r < K; free bias U ⊥ 1, r ≤ K−2) are critical, f and λ_min = q(1/(K√n)) in closed form, strict saddles whose escape step decreases f',
  classes,
  parseInstance: parsePartialFrameInstance,
  defaultRuns: 24,
  verdicts: (inst, _i, miss) => frameVerdicts(inst, miss),
});

/** Near-miss controls (issue 9 item 3): λ_min = q(1/(K√n)) and f = 1/2 − (r/(2K))(1−κ)² (or the §6.3 value) off by 1e-6. */
export const saddleMsePartialFrameNearMisses = nearMisses(saddleMsePartialFrame, { lambda: 1e-6, value: 1e-6 }, { defaultRuns: 8 });

export const saddleMseFrameRankKMinus1LocalMin: Claim<PartialFrameInstance> = {
  id: 'saddle.mse-partial-frame.rank-k-minus-1-local-min',
  cite: `negative control of saddle.mse-partial-frame.strict-saddle (${CITE})`,
  statement: 'FALSE on purpose: the bias-free MSE rank-(K−1) partial orthogonal frame is a local minimum, λ_min(∇²f) ≥ −tol',
  kind: 'control',
  controls: 'saddle.mse-partial-frame.strict-saddle',
  arbitrary: partialFrameInstance('K-1'),
  parseInstance: parsePartialFrameInstance,
  defaultRuns: 8,
  check(inst: PartialFrameInstance): Verdict {
    const p = problemOf(inst);
    const loss = lossById('mse');
    const fr = frameOf(inst);
    const cert = certifyUfmPoint(p, loss, fr.theta, inst.seed, gradRounding(ufmObjective(p, loss).layout, fr.theta));
    return localMinControlVerdict(cert, `rank-${inst.r} frame`);
  },
};
