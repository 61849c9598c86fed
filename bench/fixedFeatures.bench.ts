/**
 * Tirer & Bruna Thm 5.1 at the issue-5 size (THEORY.md §2.6): K = 10, d = 20, n = 10⁵ per class (N = 10⁶ noisy
 * features), the ridge classifier W(H) and its fitted scale against the predicted 1/(1 + Kσ²√(n₀λ_H/λ_W)).
 *
 *   fixed-features:streamed  — models/fixedFeatures.ts `noisyRidgeClassifier`: columns drawn block by block and folded
 *                              into HHᵀ and YHᵀ, H never stored (working set O(1024·d + d² + Kd))
 *   fixed-features:stored    — the reference, in this file: the same draws (same sampler, same order) written into a
 *                              stored d×N matrix H (160 MB here), then HHᵀ and YHᵀ by direct row-by-row dot products
 *                              (every entry of the d×d Gram, no symmetry), then the same Cholesky solve
 *
 * Targets (issue 5): scale within 1e-3 of THEORY.md's value, computed in ≤ 5 s and ≤ 1 GB. Reported as JSON: the
 * scale and its error, the median times and their ratio (reference / streamed — the speed figure that is stable on
 * a shared machine), the peak RSS after each phase (process.resourceUsage().maxRSS; the streamed phase runs first, so
 * its figure is the streamed computation's peak plus the process baseline), and the sanity check that the two W's
 * agree (same draws, different summation order: relative difference ≤ 1e-9).
 *
 *   npx tsx bench/fixedFeatures.bench.ts [--n 100000] [--iterations 2]
 */
import { parseArgs } from 'node:util';
import { createRng } from '../src/core/index.ts';
import type { Mat } from '../src/core/index.ts';
import { noiseSampler, noisyRidgeClassifier, ridgeFromStats } from '../src/models/fixedFeatures.ts';
import type { FixedFeaturesProblem } from '../src/models/fixedFeatures.ts';
import { fitScale, predictFixedFeatures } from '../src/theory/index.ts';
import { measure, ms } from './lib.ts';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '100000' }, iterations: { type: 'string', default: '2' } },
});
const n = Number(values.n);
const iterations = Number(values.iterations);
if (!Number.isInteger(n) || n < 1 || !Number.isInteger(iterations) || iterations < 1)
  throw new Error('--n and --iterations must be positive integers');

const problem: FixedFeaturesProblem = {
  K: 10,
  d: 20,
  n0: 5,
  lambdaW: 0.01,
  lambdaH: 0.01,
  sigma: 0.5,
  noise: 'gaussian',
};
const SEED = 20240501;
const pred = predictFixedFeatures(problem, { rng: createRng(1) });
const { K, d } = problem;
const N = n * K;

/** The reference: store H (same draws, same order as the streamed model), direct Gram, same solve. */
function storedRidge(): Mat {
  const fill = noiseSampler(problem.noise, problem.sigma, createRng(SEED));
  const H = new Float64Array(d * N);
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < n; j++) {
      const col = k * n + j;
      fill(H, col, N, d);
      for (let a = 0; a < d; a++) H[a * N + col] = (H[a * N + col] as number) + (pred.Hbar.data[a * K + k] as number);
    }
  }
  const gram = new Float64Array(d * d),
    classSums = new Float64Array(K * d);
  for (let a = 0; a < d; a++) {
    for (let c = 0; c < d; c++) {
      let s = 0;
      for (let j = 0; j < N; j++) s += (H[a * N + j] as number) * (H[c * N + j] as number);
      gram[a * d + c] = s;
    }
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = k * n; j < (k + 1) * n; j++) s += H[a * N + j] as number;
      classSums[k * d + a] = s;
    }
  }
  return ridgeFromStats({ K, d, N, gram, classSums }, problem.lambdaW);
}

function streamedRidge(): Mat {
  return noisyRidgeClassifier(pred.Hbar, n, problem.lambdaW, problem.noise, problem.sigma, createRng(SEED));
}

const mb = (kb: number): number => kb / 1024;
const rss0 = process.resourceUsage().maxRSS;
let Ws: Mat | undefined;
const streamed = await measure(
  'fixed-features:streamed',
  {
    'fixed-features:streamed': () => {
      Ws = streamedRidge();
      return Ws.data[0] as number;
    },
  },
  1,
  iterations,
);
const rssStreamed = process.resourceUsage().maxRSS;
let Wr: Mat | undefined;
const stored = await measure(
  'fixed-features:stored',
  {
    'fixed-features:stored': () => {
      Wr = storedRidge();
      return Wr.data[0] as number;
    },
  },
  1,
  iterations,
);
const rssStored = process.resourceUsage().maxRSS;
if (Ws === undefined || Wr === undefined) throw new Error('a task did not run');

let num = 0,
  den = 0;
for (let i = 0; i < Ws.data.length; i++) {
  num += ((Ws.data[i] as number) - (Wr.data[i] as number)) ** 2;
  den += (Wr.data[i] as number) ** 2;
}
const agreement = Math.sqrt(num / den);
if (!(agreement <= 1e-9)) throw new Error(`streamed and stored ridge classifiers disagree: ${agreement}`);

const fit = fitScale(Ws, pred.Wstar);
const streamedMs = ms(streamed, 'fixed-features:streamed'),
  storedMs = ms(stored, 'fixed-features:stored');
const result = {
  bench: 'fixed-features',
  cite: pred.cite,
  K,
  d,
  n,
  N,
  problem,
  predictedScale: pred.scale,
  fittedScale: fit.scale,
  scaleError: Math.abs(fit.scale - pred.scale),
  scaleWithin1e3: Math.abs(fit.scale - pred.scale) <= 1e-3,
  residualOffDirection: fit.residual,
  streamedMs,
  storedMs,
  speedup: storedMs / streamedMs,
  streamedWithin5s: streamedMs <= 5000,
  peakRssMB: { baseline: mb(rss0), afterStreamed: mb(rssStreamed), afterStored: mb(rssStored) },
  streamedWithin1GB: mb(rssStreamed) <= 1024,
  workingSetBytes: { streamed: 8 * (1024 * d + d * d + K * d), storedH: 8 * d * N },
  agreement,
  iterations,
  node: process.version,
};
console.log(JSON.stringify(result, null, 2));
