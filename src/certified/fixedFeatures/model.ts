/**
 * The fixed-features model as a {@link CertifiedModel} (Tirer & Bruna 2022 Thm 5.1; THEORY.md §2.6): the features
 * are data, H = H* ⊗ 1ᵀ + E with H* the bias-free MSE minimizer for n₀ samples per class and E iid noise of law
 * `noise` and scale σ, all drawn from the seed; the point is the classifier W(H) by ridge (streamed, O(d² + Kd)
 * memory). W(H) is the unique minimizer of a strictly convex problem (λ_W > 0), so there is no second-order work:
 * the certificate is the fit of its scale against the predicted limit s = 1/(1 + Kσ²√(n₀λ_H/λ_W)).
 * Points: `{model: 'fixed-features', problem: {K, d, n0, lambdaW, lambdaH, sigma, noise}, n, seed, W}` — the
 * problem, n and seed exactly as the fixtures' instances of the exactness claim hold them; the seed is part of the
 * point because it drew the data. The model's problem JSON is the fixtures' problem, with `n` inside only when it
 * differs from n₀ (absent: n = n₀, as --n0 defaults to --n).
 */
import { createRng, describeValue, UsageError } from '../../core/index.ts';
import type { Mat } from '../../core/index.ts';
import { NOISE_LAWS, noisyRidgeClassifier, parseFixedFeaturesProblem } from '../../models/index.ts';
import type { FixedFeaturesProblem, NoiseLaw } from '../../models/index.ts';
import { fitScale, predictFixedFeatures } from '../../theory/index.ts';
import { classFlags, flagIntRequired, flagNonNegative, flagPositive, flagText } from '../flags.ts';
import type { CertifiedModel, ModelPoint } from '../model.ts';
import { blockRows, pointObject, readBlock } from '../pointJson.ts';

/** A fixed-features instance: the problem of H* and the noise, and n, the samples per class W(H) is fitted on. */
export interface FixedFeaturesInstance extends FixedFeaturesProblem {
  readonly n: number;
}

const FLAGS = {
  K: 'string',
  d: 'string',
  n: 'string',
  'lambda-w': 'string',
  'lambda-h': 'string',
  noise: 'string',
  sigma: 'string',
  n0: 'string',
  seed: 'string',
  json: 'boolean',
} as const;

/** The predicted and fitted scale of W against W* (the seed's H*, drawn exactly as solve drew it). */
function scaleFit(
  p: FixedFeaturesInstance,
  W: Mat,
  seed: number,
): { predictedScale: number; fittedScale: number; scaleError: number; residual: number } {
  const pred = predictFixedFeatures(p, { rng: createRng(seed).fork(1) });
  const fit = fitScale(W, pred.Wstar);
  return {
    predictedScale: pred.scale,
    fittedScale: fit.scale,
    scaleError: Math.abs(fit.scale - pred.scale),
    residual: fit.residual,
  };
}

/** n, the samples per class, an integer ≥ 1. @throws UsageError naming `field` */
function samplesPerClass(n: unknown, field: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw new UsageError(field, `must be an integer ≥ 1; got ${describeValue(n)}`);
  return n;
}

/** The model's problem JSON: the fixtures' problem, and `n` when it differs from n₀ (absent: n = n₀). */
function parseInstance(u: unknown, where = 'problem'): FixedFeaturesInstance {
  const p = parseFixedFeaturesProblem(u, where);
  const n = (u as Record<string, unknown>)['n'];
  return { ...p, n: n === undefined ? p.n0 : samplesPerClass(n, `${where}.n`) };
}

/** The fixtures' problem JSON (without n). */
function fixtureProblemJson(p: FixedFeaturesProblem): Record<string, unknown> {
  return { K: p.K, d: p.d, n0: p.n0, lambdaW: p.lambdaW, lambdaH: p.lambdaH, sigma: p.sigma, noise: p.noise };
}

function seedOf(point: ModelPoint<FixedFeaturesInstance>): number {
  if (point.seed === undefined)
    throw new UsageError('seed', 'a fixed-features point needs the seed that drew its features');
  return point.seed;
}

export const fixedFeaturesModel: CertifiedModel<FixedFeaturesInstance, never> = {
  id: 'fixed-features',
  summary: 'ridge classifier on noisy collapsed features (Tirer & Bruna 2022 Thm 5.1; THEORY.md §2.6)',
  flags: FLAGS,
  claimPrefixes: ['fixed-features.'],
  help:
    '  fixed-features      Thm 5.1: --noise gaussian|uniform|rademacher|student-t3 --sigma X (default 0.1)\n' +
    '                      --n0 N (the n of H*, default --n); W(H) by ridge with --lambda-w, H* from --lambda-h\n',
  fromFlags(v) {
    const { K, d, n } = classFlags(v);
    const noise = (flagText(v, 'noise') ?? 'gaussian') as NoiseLaw;
    if (!NOISE_LAWS.includes(noise))
      throw new UsageError('--noise', `must be one of ${NOISE_LAWS.join(', ')}; got '${flagText(v, 'noise')}'`);
    if (n === undefined) throw new UsageError('--counts', 'fixed-features needs a balanced --n');
    const p = parseFixedFeaturesProblem({
      K,
      d,
      n0: flagIntRequired(flagText(v, 'n0'), '--n0', 1, n),
      lambdaW: flagPositive(flagText(v, 'lambda-w'), '--lambda-w', 5e-3),
      lambdaH: flagPositive(flagText(v, 'lambda-h'), '--lambda-h', 5e-3),
      sigma: flagNonNegative(flagText(v, 'sigma'), '--sigma', 0.1),
      noise,
    });
    return { problem: { ...p, n }, options: {} };
  },
  parseProblem: parseInstance,
  problemToJson: (p) => ({ ...fixtureProblemJson(p), ...(p.n !== p.n0 ? { n: p.n } : {}) }),
  solve(p, o) {
    const rng = createRng(o.seed);
    const pred = predictFixedFeatures(p, { rng: rng.fork(1) });
    const W = noisyRidgeClassifier(pred.Hbar, p.n, p.lambdaW, p.noise, p.sigma, rng.fork(2));
    const fit = fitScale(W, pred.Wstar);
    const exit = Number.isFinite(fit.scale) ? 0 : 2;
    const status = exit === 0 ? 'computed' : 'non-finite';
    return {
      point: { model: 'fixed-features', problem: p, theta: W.data, seed: o.seed },
      status,
      exit,
      summary: {
        model: 'fixed-features',
        status,
        n: p.n,
        predictedScale: pred.scale,
        fittedScale: fit.scale,
        scaleError: Math.abs(fit.scale - pred.scale),
        residual: fit.residual,
      },
    };
  },
  certify(point) {
    const f = scaleFit(
      point.problem,
      { rows: point.problem.K, cols: point.problem.d, data: point.theta },
      seedOf(point),
    );
    const finite = Number.isFinite(f.fittedScale);
    return {
      kind: 'ridge',
      certified: finite,
      why: finite
        ? "W(H) is the unique ridge minimizer (λ_W > 0): its scale is compared with Thm 5.1's limit"
        : 'non-finite fitted scale',
      evidence: f,
    };
  },
  symmetries: () => undefined,
  reduction: () => undefined,
  pointToJson(point) {
    return {
      model: 'fixed-features',
      problem: fixtureProblemJson(point.problem),
      n: point.problem.n,
      seed: seedOf(point),
      W: blockRows(point.theta, 0, point.problem.K, point.problem.d),
    };
  },
  parsePoint(u) {
    const o = pointObject(u, 'fixed-features');
    const problem: FixedFeaturesInstance = {
      ...parseFixedFeaturesProblem(o['problem'], 'problem'),
      n: samplesPerClass(o['n'], 'n'),
    };
    const seed = o['seed'];
    if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0)
      throw new UsageError('seed', `must be an integer ≥ 0; got ${describeValue(seed)}`);
    const theta = new Float64Array(problem.K * problem.d);
    readBlock(o['W'], 'W', problem.K, problem.d, theta, 0);
    return { model: 'fixed-features', problem, theta, seed };
  },
};
