/**
 * `ufmcheck solve --model extended|relu|ulpm|fixed-features` (issue 5 item 5): the models beyond the plain UFM.
 *   extended / relu — Tirer & Bruna eq. (23)/(24) (THEORY.md §2.4–2.5): one seeded start, L-BFGS then Newton polish;
 *     reports f, ‖∇f‖ and the linear model's f* (σ*, ν) — the landscape is not benign, so a single start may end
 *     at a spurious minimum (the claims use multistart). Flags --lambda-w2 --lambda-w1 --lambda-h1.
 *   ulpm — Ji et al. 2022 (§3): the unregularised CE UFM by fixed-step GD for --max-iter steps (the infimum 0 is not
 *     attained, so there is no 'converged'); reports the loss and the normalised margin vs the min-norm optimum.
 *   fixed-features — Thm 5.1 (§2.6): H = H* + E (--noise, --sigma; H* the bias-free MSE minimizer for --n0), W(H) by
 *     ridge, streamed (O(d² + Kd) memory); reports the fitted scale of W(H) against W* and the predicted limit.
 * Exit codes: 0 certified (extended/relu: ‖∇f‖ ≤ tol; ulpm/fixed-features: finite), 2 inconclusive, 64 bad usage.
 */
import { UsageError, stringifyJson } from '../../claim/index.ts';
import { createRng, matOf } from '../../core/index.ts';
import { nrm2 } from '../../linalg/index.ts';
import { extendedObjective, parseExtendedProblem } from '../../models/index.ts';
import { reluExtendedObjective } from '../../models/index.ts';
import { NOISE_LAWS, noisyRidgeClassifier, parseFixedFeaturesProblem } from '../../models/index.ts';
import type { NoiseLaw } from '../../models/index.ts';
import { parseUlpmProblem, ulpmObjective } from '../../models/index.ts';
import { gradientDescent, lbfgs, trustRegion } from '../../solvers/index.ts';
import { fitScale, predictExtended, predictFixedFeatures, ulpmMargin, ulpmMinNormValue } from '../../theory/index.ts';
import type { CliContext } from '../context.ts';
import { countsFlag, int, nonNegative, positive } from '../ufmFlags.ts';

export const MODELS = ['ufm', 'extended', 'relu', 'ulpm', 'fixed-features'] as const;
export type ModelId = (typeof MODELS)[number];

export const MODEL_OPTIONS = {
  model: { type: 'string' },
  'lambda-w1': { type: 'string' },
  'lambda-w2': { type: 'string' },
  'lambda-h1': { type: 'string' },
  noise: { type: 'string' },
  sigma: { type: 'string' },
  n0: { type: 'string' },
} as const;

export const MODEL_HELP = `Models (--model, default ufm):
  extended | relu     W₂ W₁ H₁ (or W₂ σ(W₁H₁)); --lambda-w2 X --lambda-w1 X --lambda-h1 X (default 5e-3 each)
  ulpm                unregularised CE, no bias; GD with --step for --max-iter steps (default 10000)
  fixed-features      Thm 5.1: --noise gaussian|uniform|rademacher|student-t3 --sigma X (default 0.1)
                      --n0 N (the n of H*, default --n); W(H) by ridge with --lambda-w, H* from --lambda-h
`;

export interface ModelFlags {
  readonly K?: string | undefined; readonly d?: string | undefined; readonly n?: string | undefined; readonly counts?: string | undefined;
  readonly 'lambda-w'?: string | undefined; readonly 'lambda-h'?: string | undefined;
  readonly 'lambda-w1'?: string | undefined; readonly 'lambda-w2'?: string | undefined; readonly 'lambda-h1'?: string | undefined;
  readonly noise?: string | undefined; readonly sigma?: string | undefined; readonly n0?: string | undefined;
  readonly tol?: string | undefined; readonly step?: string | undefined; readonly 'max-iter'?: string | undefined;
  readonly json?: boolean | undefined;
}

/**
 * The flags each model honours (issue 12: every flag a command accepts is honoured or rejected, never ignored —
 * e.g. `--save`, `--certify`, `--loss` and `--solver` apply to the plain UFM only).
 */
export const MODEL_FLAGS: Readonly<Record<ModelId, readonly string[]>> = {
  ufm: ['loss', 'K', 'd', 'n', 'counts', 'lambda-w', 'lambda-h', 'lambda-b', 'no-bias', 'solver', 'step', 'tol', 'max-iter', 'seed', 'json', 'save', 'certify', 'trace'],
  extended: ['K', 'd', 'n', 'counts', 'lambda-w1', 'lambda-w2', 'lambda-h1', 'tol', 'seed', 'json'],
  relu: ['K', 'd', 'n', 'counts', 'lambda-w1', 'lambda-w2', 'lambda-h1', 'tol', 'seed', 'json'],
  ulpm: ['K', 'd', 'n', 'counts', 'step', 'max-iter', 'seed', 'json'],
  'fixed-features': ['K', 'd', 'n', 'lambda-w', 'lambda-h', 'noise', 'sigma', 'n0', 'seed', 'json'],
};

/**
 * Rejects a flag the model does not use.
 *
 * @param model - the --model value
 * @param given - the names of the flags given (without dashes; `model` itself is ignored)
 * @throws {UsageError} naming the first unused flag and the models that use it
 */
export function checkModelFlags(model: ModelId, given: readonly string[]): void {
  for (const f of given) {
    if (f === 'model' || MODEL_FLAGS[model].includes(f)) continue;
    const users = MODELS.filter((m) => MODEL_FLAGS[m].includes(f));
    throw new UsageError(`--${f}`, `is not used by --model ${model}${users.length > 0 ? ` (only by ${users.join(', ')})` : ''}`);
  }
}

/** An integer flag ≥ min; `dflt` when absent, else it is required. */
function intFlag(s: string | undefined, flag: string, min: number, dflt?: number): number {
  const x = int(s, flag, min) ?? dflt;
  if (x === undefined) throw new UsageError(flag, 'is required');
  return x;
}

/** Runs a non-UFM model; returns the exit code. */
export function runModel(model: Exclude<ModelId, 'ufm'>, v: ModelFlags, seed: number, ctx: CliContext): number {
  const K = intFlag(v.K, '--K', 2);
  const d = intFlag(v.d, '--d', 1);
  const counts = countsFlag(v.counts, K);
  const n = counts ? undefined : intFlag(v.n, '--n', 1);
  const tol = positive(v.tol, '--tol', 1e-10);
  const rng = createRng(seed);
  const t0 = performance.now();
  let out: Record<string, unknown>;
  let exit = 0;
  if (model === 'extended' || model === 'relu') {
    const p = parseExtendedProblem({
      K, d, ...(counts ? { counts } : { n }),
      lambdaW2: positive(v['lambda-w2'], '--lambda-w2', 5e-3), lambdaW1: positive(v['lambda-w1'], '--lambda-w1', 5e-3), lambdaH1: positive(v['lambda-h1'], '--lambda-h1', 5e-3),
    });
    const obj = model === 'extended' ? extendedObjective(p) : reluExtendedObjective(p);
    const theta0 = rng.fillNormal(new Float64Array(obj.dim), 0.5);
    const r1 = lbfgs(obj, theta0, { tol, maxIter: 20000 });
    const r = r1.status === 'converged' ? r1 : trustRegion(obj, r1.theta, { tol, maxIter: 500, seed });
    const g = new Float64Array(obj.dim);
    const value = obj.valueAndGrad(r.theta, g);
    const gradNorm = nrm2(g);
    let linear: Record<string, unknown> = {};
    try {
      const pr = predictExtended(p);
      linear = { fStarLinear: pr.fStar, sigmaStar: pr.sigmaStar, nu: pr.nu, regime: pr.regime, gapToLinear: value - pr.fStar };
    } catch (e) {
      linear = { linearPrediction: `unavailable: ${(e as Error).message}` };
    }
    exit = gradNorm <= tol && Number.isFinite(value) ? 0 : 2;
    out = { model, status: exit === 0 ? 'converged' : r.status, value, gradNorm, iterations: r1.iterations + (r === r1 ? 0 : r.iterations), ...linear };
  } else if (model === 'ulpm') {
    const p = parseUlpmProblem({ K, d, ...(counts ? { counts } : { n }) });
    const obj = ulpmObjective(p);
    const theta0 = rng.fillNormal(new Float64Array(obj.dim), 1);
    const maxIter = intFlag(v['max-iter'], '--max-iter', 1, 10000);
    const r = gradientDescent(obj, theta0, { step: positive(v.step, '--step', 0.1), maxIter, tol: 0 });
    const L = obj.layout;
    const W = matOf(L.K, L.d, r.theta.slice(L.offW, L.offW + L.K * L.d));
    const H = matOf(L.d, L.N, r.theta.slice(L.offH, L.offH + L.d * L.N));
    const m = ulpmMargin(W, H, p.counts);
    const nb = p.counts.every((c) => c === p.counts[0]) ? p.counts[0] as number : undefined;
    exit = Number.isFinite(r.value) ? 0 : 2;
    out = {
      model, status: r.status, value: r.value, gradNorm: r.gradNorm, iterations: r.iterations,
      margin: m.margin, normalisedMargin: m.normalised,
      ...(nb !== undefined ? { minNormValue: ulpmMinNormValue(K, nb), maxNormalisedMargin: 1 / ulpmMinNormValue(K, nb) } : {}),
    };
  } else {
    const noise = (v.noise ?? 'gaussian') as NoiseLaw;
    if (!NOISE_LAWS.includes(noise)) throw new UsageError('--noise', `must be one of ${NOISE_LAWS.join(', ')}; got '${v.noise}'`);
    if (n === undefined) throw new UsageError('--counts', 'fixed-features needs a balanced --n');
    const p = parseFixedFeaturesProblem({
      K, d, n0: intFlag(v.n0, '--n0', 1, n), lambdaW: positive(v['lambda-w'], '--lambda-w', 5e-3), lambdaH: positive(v['lambda-h'], '--lambda-h', 5e-3),
      sigma: nonNegative(v.sigma, '--sigma', 0.1), noise,
    });
    const pred = predictFixedFeatures(p, { rng: rng.fork(1) });
    const W = noisyRidgeClassifier(pred.Hbar, n, p.lambdaW, noise, p.sigma, rng.fork(2));
    const fit = fitScale(W, pred.Wstar);
    exit = Number.isFinite(fit.scale) ? 0 : 2;
    out = { model, status: exit === 0 ? 'computed' : 'non-finite', n, predictedScale: pred.scale, fittedScale: fit.scale, scaleError: Math.abs(fit.scale - pred.scale), residual: fit.residual };
  }
  const seconds = (performance.now() - t0) / 1000;
  if (v.json === true) ctx.stdout.write(`${stringifyJson({ ...out, seconds, seed, exitCode: exit }, 0)}\n`);
  else ctx.stdout.write(`${Object.entries({ ...out, seconds }).map(([k, x]) => `${k}: ${typeof x === 'number' ? x.toPrecision(8) : String(x)}`).join('\n')}\n`);
  return exit;
}
