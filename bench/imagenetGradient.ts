/**
 * One value+gradient and one HVP of the equivalent n = 1 problem at ImageNet size (K = 1000, d = 2048): why the
 * 60 s target is out of reach without a further reduction (docs/paper-scale.md). Usage: npx tsx bench/imagenetGradient.ts
 */
import { createRng } from '../src/core/index.ts';
import { ce } from '../src/losses/index.ts';
import { parseUfmProblem, randomInit, ufmObjective } from '../src/models/index.ts';
const p = parseUfmProblem({ loss: 'ce', K: 1000, d: 2048, n: 1, lambdaW: 1e-5, lambdaH: 1e-5, lambdaB: 0, bias: true });
const f = ufmObjective(p, ce);
const th = randomInit(f.layout, createRng(1), 1);
const g = new Float64Array(f.dim);
const t0 = performance.now();
f.valueAndGrad(th, g);
const t1 = performance.now();
const hv = f.hessianAt(th);
const out = new Float64Array(f.dim);
hv.apply(g, out);
console.log(
  `f1 (1000,2048,1): value+grad ${((t1 - t0) / 1000).toFixed(2)} s, HVP ${((performance.now() - t1) / 1000).toFixed(2)} s`,
);
