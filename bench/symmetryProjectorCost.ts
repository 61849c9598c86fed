/**
 * Cost of the rotation projector of the curvature certificate (src/certified/ufm/symmetryProjector.ts) at K = d, the
 * rank-reduced ImageNet shape when K = 1000: build time and one application, at a balanced rank-(K−1) point like
 * every CE critical point (docs/paper-scale.md). Usage: npx tsx bench/symmetryProjectorCost.ts [K]
 */
import { createRng } from '../src/core/index.ts';
import { ce } from '../src/losses/index.ts';
import { parseUfmProblem } from '../src/models/index.ts';
import { symmetryProjector } from '../src/certified/ufm/symmetryProjector.ts';
const K = Number(process.argv[2] ?? 1000),
  d = K;
const p = parseUfmProblem({ loss: 'ce', K, d, n: 1, lambdaW: 0.5 / K, lambdaH: 0.5 / K, lambdaB: 0, bias: true });
const rng = createRng(1);
// Balanced rank K−1 point: W = C·R (C centring, R random), U = Wᵀ.
const R = Float64Array.from({ length: K * d }, () => rng.normal() / Math.sqrt(d));
const u = new Float64Array(2 * K * d + K);
for (let k = 0; k < K; k++)
  for (let r = 0; r < d; r++) {
    let s = 0;
    for (let j = 0; j < K; j++) s += ((k === j ? 1 : 0) - 1 / K) * (R[j * d + r] as number);
    u[k * d + r] = s;
  }
for (let r = 0; r < d; r++) for (let k = 0; k < K; k++) u[K * d + r * K + k] = u[k * d + r] as number;
const t0 = performance.now();
const P = symmetryProjector(p, ce, u);
const t1 = performance.now();
const v = Float64Array.from({ length: u.length }, () => rng.normal()),
  out = new Float64Array(u.length);
P.project(v, out);
const t2 = performance.now();
console.log(
  `K=d=${K}: build ${((t1 - t0) / 1000).toFixed(2)} s (m = ${P.m}), one application ${((t2 - t1) / 1000).toFixed(2)} s`,
);
