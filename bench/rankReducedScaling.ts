/**
 * Certified CE minimizer of the equivalent n = 1 problem (collapsedProblem.ts) of the paper profile's instances —
 * λ_W = λ_H = 1/(2K√n), so f₁ has λ′ = 1/(2K) for every n — with and without the rank reduction d → K
 * (rankReduction.ts): wall time, μ, ε, δ and the Newton–Kantorovich h, to see how the cost and h scale with K
 * (docs/paper-scale.md). Usage: [STARTS=s] npx tsx bench/rankReducedScaling.ts K d [on|off] [ce|mse] [free|none]
 */
import { ce, mse } from '../src/losses/index.ts';
import { parseUfmProblem } from '../src/models/index.ts';
import { certifiedMinimizer, isCertified } from '../src/certified/ufm/certified.ts';
import { configureRuntime } from '../src/claim/index.ts';

// The command line's set-up (compiled wasm wrappers, helper threads on UFMCHECK_THREADS; src/claim/runtime.ts).
const runtime = configureRuntime();
console.error(`runtime: ${JSON.stringify(runtime)}`);
const [K, d] = process.argv.slice(2, 4).map(Number) as [number, number];
const mode = (process.argv[4] ?? 'on') as 'on' | 'off';
const lossId = process.argv[5] ?? 'ce';
const bias = (process.argv[6] ?? 'free') !== 'none';
const lambda = 0.5 / K;
const p = parseUfmProblem({ loss: lossId, K, d, n: 1, lambdaW: lambda, lambdaH: lambda, lambdaB: 0, bias });
const t0 = performance.now();
const c = certifiedMinimizer(p, {
  seed: 1,
  loss: lossId === 'mse' ? mse : ce,
  rankReduction: mode,
  starts: Number(process.env['STARTS'] ?? 3),
});
const seconds = (performance.now() - t0) / 1000;
if (!isCertified(c)) {
  console.log(JSON.stringify({ K, d, mode, seconds, verdict: c }));
} else {
  const e = c.evidence;
  console.log(
    JSON.stringify({
      K,
      d,
      mode,
      seconds,
      iterations: e['iterations'],
      value: c.value,
      gradNorm: c.gradNorm,
      eps: c.gradBound,
      epsPlain: e['gradBoundPlain'] ?? null,
      compensated: e['compensated'] ?? null,
      mu: c.curvature.mu,
      delta: c.delta,
      kantorovichH: e['kantorovichH'],
      rho: e['hessianLipschitz'],
      rankReduced: e['rankReduced'] ?? null,
    }),
  );
}
