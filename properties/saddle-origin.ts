/**
 * The origin W = 0, H = 0, b = b₀ (THEORY.md §6.1), every loss (CE, MSE) and bias mode (none, free, decay), built
 * by src/theory/constructed.ts `originPoint`:
 *   - it is critical: ‖∇f‖ within the rounding bound of a closed-form point (exact zero expected);
 *   - f = the §6.1 value (CE log K; MSE 1/2, (K−1)/(2K), (K−1)/(2K) + λ_b/(2K(1+λ_b)));
 *   - λ_min(∇²f) by Lanczos = the closed form `originLambdaMin` (saddles.ts): q(1/(K√n)) for the (W, H) block,
 *     min with the bias block (λ_b for CE, 1 + λ_b for MSE) — to the Lanczos-derived tolerance, itself required to
 *     be inside the 1e-8-relative target;
 *   - below the threshold (κ = K√(nλ_Wλ_H) < 1): ‖G‖₂ = 1/(K√n), λ_min ≤ q(σ) < 0 (§1.2), the certificate is
 *     strict-saddle, and a step along its eigenvector decreases f;
 *   - above it (κ ≥ 1): the origin is the global minimizer — f = f* (§1.1 item 5, §2.1–2.3) and the certificate,
 *     with the CE free-bias zero mode discounted, is local-min.
 * Tolerances: src/certified/saddle/saddle.ts (derivations there).
 *
 * Negative control: "below the threshold the origin is a local minimum" (λ_min ≥ −tol) — refuted on every
 * instance by λ̂ = q(1/(K√n)) < 0 (a Rayleigh quotient, so λ_min ≤ λ̂ rigorously).
 */
import fc from 'fast-check';
import { judge, judgeAtLeast, judgeAtMost, withResolution } from '../src/claim/index.ts';
import type { Verdict } from '../src/claim/index.ts';
import {
  escapeBoundVerdicts,
  escapeVerdict,
  globalValue,
  hessianRounding,
  hessianScale,
  lambdaVsClosedForm,
  localMinControlVerdict,
  localMinVerdict,
  measuredOrigin,
  originCertificate,
  strictSaddleVerdict,
} from '../src/certified/index.ts';
import type { MeasuredPoint } from '../src/certified/index.ts';
import { balancedN } from '../src/models/index.ts';
import type { UfmProblem } from '../src/models/index.ts';
import { kappaOf, originGradNorm, originLambdaMin, originValue } from '../src/theory/index.ts';
import type { OriginInstance } from '../src/theory/index.ts';
import {
  gapInstance,
  GAP_REL,
  originClasses,
  originInstance,
  parseOriginInstance,
  problemOf,
} from '../src/arbitraries/index.ts';
import type { Gap, UfmInstance } from '../src/arbitraries/index.ts';
import { defineClaim, kappaDistance, missed, nearMisses, thresholdResolved } from '../src/define/index.ts';
import type { Miss } from '../src/define/index.ts';

const CITE =
  'Zhu et al. 2021 (arXiv 2105.02375), proof of Thm 3.2 (escape direction); origin critical point, threshold κ = 1, docs/theory.md §6.1, §1.2';

function closedFormInstance(p: UfmProblem): OriginInstance {
  return {
    loss: p.loss as 'ce' | 'mse',
    K: p.K,
    n: balancedN(p) as number,
    lambdaW: p.lambdaW,
    lambdaH: p.lambdaH,
    bias: p.bias,
    lambdaB: p.lambdaB,
  };
}

/** The origin of an instance, measured and certified (src/certified/saddle). */
function measured(inst: UfmInstance): MeasuredPoint {
  return measuredOrigin(problemOf(inst), inst.seed);
}

/**
 * The claim's comparisons at the measured origin. `miss` perturbs the predicted λ_min ('lambda') and f ('value')
 * for the near-miss controls; `threshold` is where the claim switches from "strict saddle" to "global minimizer" —
 * κ = 1 for the claim, 1 ± 1e-3 for the threshold near-miss controls.
 */
function originVerdicts(o: MeasuredPoint, miss: Miss, threshold = 1): Verdict[] {
  const p = o.problem;
  const ci = closedFormInstance(p);
  const t = o.lambda;
  const pred = missed(originLambdaMin(ci), miss, 'lambda');
  const fPred = missed(originValue(ci), miss, 'value');
  const kappa = kappaOf(p.K, ci.n, p.lambdaW, p.lambdaH);
  const vs: Verdict[] = [
    judgeAtMost(o.gradNorm, 0, o.gradTol, '‖∇f‖ at the origin', { gradNorm: o.gradNorm }),
    withResolution(judge(o.value, fPred, o.valueTol, 'f at the origin vs §6.1'), 'value', Math.abs(fPred)),
    withResolution(lambdaVsClosedForm(t, pred, Math.max(p.lambdaW, p.lambdaH), 'origin'), 'lambda', Math.abs(pred)),
  ];
  if (kappa < threshold) {
    const e = o.escape();
    vs.push(
      judge(e.sigma, originGradNorm(p.K, ci.n), e.qRounding, '‖G‖₂ at the origin vs 1/(K√n)'),
      ...escapeBoundVerdicts(t, e),
      strictSaddleVerdict(o.cert),
      escapeVerdict(o.obj, o.theta, o.cert.vector),
    );
  } else {
    // f* does not depend on d above the threshold (the convex relaxation's optimum Z = 0 has rank 0 ≤ d), so the
    // closed forms, stated for d ≥ K, apply at any d.
    vs.push(
      judge(
        o.value,
        globalValue({ ...p, d: Math.max(p.d, p.K) }),
        o.valueTol,
        'f at the origin vs f* (above the threshold the origin is the global minimizer)',
      ),
      judgeAtLeast(
        t.lambda,
        0,
        t.residual + hessianRounding(t.dim, hessianScale(t)),
        'λ_min ≥ 0 above the threshold (Lanczos interval)',
      ),
      localMinVerdict(o.cert),
    );
  }
  const details = {
    kappa,
    lambdaMin: t.lambda,
    predicted: pred,
    relErr: Math.abs(t.lambda - pred) / Math.max(Math.abs(pred), p.lambdaW, p.lambdaH),
    kind: o.cert.kind,
  };
  return vs.map((v) => ({ ...v, details: { ...(v.details ?? {}), ...details } }));
}

/** saddle.origin.curvature's branches: CE/MSE × below/above/near-below/near-above × bias mode (src/arbitraries/saddles.ts). */
export const saddleOriginCurvature = defineClaim<UfmInstance, MeasuredPoint>({
  id: 'saddle.origin.curvature',
  cite: CITE,
  statement:
    'the origin (W, H, b) = (0, 0, b₀) is critical with f and λ_min(∇²f) in closed form; below κ = 1 a strict saddle (λ_min ≤ q(σ) < 0, escape decreases f), above it the global minimizer (local-min certificate)',
  classes: originClasses(),
  parseInstance: parseOriginInstance,
  defaultRuns: 72,
  prepare: measured,
  verdicts: (o, _inst, miss) => originVerdicts(o, miss),
});

/** Near-miss controls (issue 9 item 3): the closed-form λ_min(∇²f)(0) and f(0) off by 1e-6. */
export const saddleOriginNearMisses = nearMisses(
  saddleOriginCurvature,
  { lambda: 1e-6, value: 1e-6 },
  { defaultRuns: 8 },
);

/** Gap instances of both losses and every bias mode. */
function gapOrigin(gap: Gap): fc.Arbitrary<UfmInstance> {
  return fc.oneof(
    ...(['ce', 'mse'] as const).flatMap((loss) =>
      (['none', 'free', 'decay'] as const).map((bias) => gapInstance({ loss, gap, regime: 'K-1', bias })),
    ),
  );
}

/** The origin's switch at κ = 1 moved to 1.001 ('up') or to 0.999 ('down'), drawn in the gap (issue 9 item 2). */
function thresholdControl(dir: 'up' | 'down') {
  const up = dir === 'up';
  return defineClaim<UfmInstance, MeasuredPoint>({
    id: `saddle.origin.curvature.near-miss-threshold-${up ? 'above' : 'below'}`,
    cite: `threshold near-miss control of saddle.origin.curvature (${CITE})`,
    statement: up
      ? 'FALSE on purpose: the origin stays a strict saddle up to κ = 1.001 (for κ ∈ (1, 1.001): λ_min ≤ q(σ) < 0, strict-saddle certificate)'
      : 'FALSE on purpose: the origin is the global minimizer from κ = 0.999 on (for κ ∈ (0.999, 1): f(0) = f*, local-min certificate)',
    kind: 'control',
    controls: 'saddle.origin.curvature',
    arbitrary: gapOrigin(up ? 'gap-above' : 'gap-below'),
    parseInstance: parseOriginInstance,
    defaultRuns: 6,
    prepare: measured,
    verdicts: (o) => {
      const { key, value } = kappaDistance(o.problem);
      return thresholdResolved(originVerdicts(o, {}, up ? 1 + GAP_REL : 1 - GAP_REL), key, value);
    },
  });
}

/** Threshold near-miss controls (issue 9 item 2): the origin's switch at κ = 1 moved to 1.001 and to 0.999. */
export const saddleOriginThresholdControls = [thresholdControl('up'), thresholdControl('down')];

export const saddleOriginLocalMin = defineClaim<UfmInstance>({
  id: 'saddle.origin.local-min-below-threshold',
  cite: `negative control of saddle.origin.curvature (${CITE})`,
  statement: 'FALSE on purpose: below the threshold (κ < 1) the origin is a local minimum, λ_min(∇²f) ≥ −tol',
  kind: 'control',
  controls: 'saddle.origin.curvature',
  arbitrary: originInstance(['below']),
  parseInstance: parseOriginInstance,
  defaultRuns: 8,
  verdicts: (inst) => [localMinControlVerdict(originCertificate(problemOf(inst), inst.seed), 'origin')],
});
