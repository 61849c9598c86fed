/**
 * Cost of the compensated gradient bound (src/certified/ufm/compensatedGradient.ts: three Dot2 products of K·d·N terms
 * and the CE softmax with its bound) against one ordinary value+gradient of the same f₁ (n = 1, d′ = K, the
 * rank-reduced paper route), at a seeded random point: wall and CPU seconds, and the two ε floors there
 * (docs/paper-scale.md). Usage: npx tsx bench/compensatedGradientCost.ts [K]
 */
import { createRng } from '../src/core/index.ts';
import { ce } from '../src/losses/index.ts';
import { parseUfmProblem, randomInit, ufmObjective } from '../src/models/index.ts';
import { compensatedGradientBound } from '../src/certified/ufm/compensatedGradient.ts';
import { gradientRoundingBound } from '../src/certified/ufm/tolerance.ts';
import { pointNorms } from '../src/certified/ufm/certified.ts';

const K = Number(process.argv[2] ?? 1000);
const lambda = 0.5 / K;
const p = parseUfmProblem({ loss: 'ce', K, d: K, n: 1, lambdaW: lambda, lambdaH: lambda, lambdaB: 0, bias: true });
const f = ufmObjective(p, ce);
const th = randomInit(f.layout, createRng(1), 1);
const g = new Float64Array(f.dim);
const time = <T>(run: () => T): { value: T; wall: number; cpu: number } => {
  const c0 = process.cpuUsage(),
    t0 = performance.now();
  const value = run();
  return {
    value,
    wall: (performance.now() - t0) / 1000,
    cpu: (process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1e6,
  };
};
const plain = time(() => f.valueAndGrad(th, g));
const norms = pointNorms(p, ce, th, true);
const comp = time(() => compensatedGradientBound(p, ce, th, norms));
let gn = 0;
for (const v of g) gn += v * v;
console.log(
  JSON.stringify({
    K,
    valueAndGrad: { wall: plain.wall, cpu: plain.cpu },
    compensated: { wall: comp.wall, cpu: comp.cpu },
    errorPlain: gradientRoundingBound(norms, Math.sqrt(gn)),
    errorCompensated: comp.value?.errorBound ?? null,
  }),
);
