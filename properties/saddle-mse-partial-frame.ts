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
import { judge, judgeAtMost, withResolution } from '../src/claim/index.ts';
import type { Verdict } from '../src/claim/index.ts';
import {
  escapeBoundVerdicts,
  escapeVerdict,
  lambdaVsClosedForm,
  localMinControlVerdict,
  measuredPartialFrame,
  partialFrameCertificate,
  strictSaddleVerdict,
} from '../src/certified/index.ts';
import type { MeasuredPoint } from '../src/certified/index.ts';
import { balancedN } from '../src/models/index.ts';
import { originLambdaMinWH, partialFrameValue } from '../src/theory/index.ts';
import {
  parsePartialFrameInstance,
  partialFrameClasses,
  partialFrameInstance,
  problemOf,
} from '../src/arbitraries/index.ts';
import type { PartialFrameInstance } from '../src/arbitraries/index.ts';
import { defineClaim, missed, nearMisses } from '../src/define/index.ts';
import type { Miss } from '../src/define/index.ts';

const CITE =
  'Zhou et al. 2022 (arXiv 2203.01238), MSE strict saddles; rank-r partial orthogonal frames, docs/theory.md §6.2, §6.3, §1.2';

/** The claim's comparisons; `miss` perturbs the predicted λ_min ('lambda') and f ('value') for the near-miss controls. */
function frameVerdicts(fr: MeasuredPoint, inst: PartialFrameInstance, miss: Miss): Verdict[] {
  const p = fr.problem;
  const n = balancedN(p) as number;
  const t = fr.lambda;
  const pred = missed(originLambdaMinWH(p.K, n, p.lambdaW, p.lambdaH), miss, 'lambda');
  const fPred = missed(
    partialFrameValue({ K: p.K, n, lambdaW: p.lambdaW, lambdaH: p.lambdaH }, inst.r, p.bias),
    miss,
    'value',
  );
  const vs: Verdict[] = [
    judgeAtMost(fr.gradNorm, 0, fr.gradTol, `‖∇f‖ at the rank-${inst.r} frame`, { gradNorm: fr.gradNorm }),
    withResolution(
      judge(fr.value, fPred, fr.valueTol, `f at the rank-${inst.r} frame vs §6.${p.bias ? 3 : 2}`),
      'value',
      Math.abs(fPred),
    ),
    withResolution(
      lambdaVsClosedForm(t, pred, Math.max(p.lambdaW, p.lambdaH), `rank-${inst.r} frame`),
      'lambda',
      Math.abs(pred),
    ),
    ...escapeBoundVerdicts(t, fr.escape()),
    strictSaddleVerdict(fr.cert),
    escapeVerdict(fr.obj, fr.theta, fr.cert.vector),
  ];
  const details = {
    r: inst.r,
    lambdaMin: t.lambda,
    predicted: pred,
    relErr: Math.abs(t.lambda - pred) / Math.abs(pred),
    kind: fr.cert.kind,
  };
  return vs.map((v) => ({ ...v, details: { ...(v.details ?? {}), ...details } }));
}

/** The claim's branches: bias none/free × r = 0 / 0 < r < r_max / r = r_max, and κ ∈ [0.95, 0.999] per bias mode. */
export const saddleMsePartialFrame = defineClaim<PartialFrameInstance, MeasuredPoint>({
  id: 'saddle.mse-partial-frame.strict-saddle',
  cite: CITE,
  statement:
    'MSE rank-r partial orthogonal frames (bias-free r < K; free bias U ⊥ 1, r ≤ K−2) are critical, f and λ_min = q(1/(K√n)) in closed form, strict saddles whose escape step decreases f',
  classes: partialFrameClasses(),
  parseInstance: parsePartialFrameInstance,
  defaultRuns: 24,
  prepare: (inst) => measuredPartialFrame(problemOf(inst), inst.r, inst.seed),
  verdicts: frameVerdicts,
});

/** Near-miss controls (issue 9 item 3): λ_min = q(1/(K√n)) and f = 1/2 − (r/(2K))(1−κ)² (or the §6.3 value) off by 1e-6. */
export const saddleMsePartialFrameNearMisses = nearMisses(
  saddleMsePartialFrame,
  { lambda: 1e-6, value: 1e-6 },
  { defaultRuns: 8 },
);

export const saddleMseFrameRankKMinus1LocalMin = defineClaim<PartialFrameInstance>({
  id: 'saddle.mse-partial-frame.rank-k-minus-1-local-min',
  cite: `negative control of saddle.mse-partial-frame.strict-saddle (${CITE})`,
  statement:
    'FALSE on purpose: the bias-free MSE rank-(K−1) partial orthogonal frame is a local minimum, λ_min(∇²f) ≥ −tol',
  kind: 'control',
  controls: 'saddle.mse-partial-frame.strict-saddle',
  arbitrary: partialFrameInstance('K-1'),
  parseInstance: parsePartialFrameInstance,
  defaultRuns: 8,
  verdicts: (inst) => [
    localMinControlVerdict(partialFrameCertificate(problemOf(inst), inst.r, inst.seed), `rank-${inst.r} frame`),
  ],
});
