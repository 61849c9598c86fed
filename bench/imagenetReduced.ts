/**
 * Cost of one value+gradient and one HVP of the equivalent n = 1 problem at ImageNet size, K = 1000, at d = 2048 and at
 * the rank-reduced d′ = K (rankReduction.ts), in the same run: what the certificate of Zhu Thm 3.1 at ImageNet size
 * costs per solver iteration and per Lanczos step (docs/paper-scale.md). Then the class-mean objective at d′ = K
 * (models/ufmCollapsed.ts, the one the certificate's solve, polish and μ′ run on) with its products on the
 * WebAssembly gemm ('auto') and on the JS kernels ('js'). Usage: npx tsx bench/imagenetReduced.ts [K]
 */
import { createRng } from '../src/core/index.ts';
import { ce } from '../src/losses/index.ts';
import { collapsedUfmObjective, parseUfmProblem, randomInit, ufmObjective } from '../src/models/index.ts';

const K = Number(process.argv[2] ?? 1000);
for (const d of [2048, K]) {
  const lambda = 0.5 / K;
  const p = parseUfmProblem({ loss: 'ce', K, d, n: 1, lambdaW: lambda, lambdaH: lambda, lambdaB: 0, bias: true });
  const f = ufmObjective(p, ce);
  const th = randomInit(f.layout, createRng(1), 1);
  const g = new Float64Array(f.dim);
  const t0 = performance.now();
  f.valueAndGrad(th, g);
  const t1 = performance.now();
  const hv = f.hessianAt(th);
  const out = new Float64Array(f.dim);
  const t2 = performance.now();
  hv.apply(g, out);
  const t3 = performance.now();
  console.log(
    `K = ${K}, d = ${d}: value+grad ${((t1 - t0) / 1000).toFixed(2)} s, hessianAt ${((t2 - t1) / 1000).toFixed(2)} s, HVP ${((t3 - t2) / 1000).toFixed(2)} s`,
  );
}
for (const engine of ['auto', 'js'] as const) {
  const lambda = 0.5 / K;
  const p = parseUfmProblem({ loss: 'ce', K, d: K, n: 1, lambdaW: lambda, lambdaH: lambda, lambdaB: 0, bias: true });
  const f = collapsedUfmObjective(p, ce, { engine });
  const th = randomInit(f.layout, createRng(1), 1);
  const g = new Float64Array(f.dim);
  const t0 = performance.now();
  f.valueAndGrad(th, g);
  const t1 = performance.now();
  const hv = f.hessianAt(th);
  const out = new Float64Array(f.dim);
  const t2 = performance.now();
  hv.apply(g, out);
  const t3 = performance.now();
  console.log(
    `K = ${K}, d = ${K}, class-mean objective, gemm '${engine}': value+grad ${((t1 - t0) / 1000).toFixed(2)} s, hessianAt ${((t2 - t1) / 1000).toFixed(2)} s, HVP ${((t3 - t2) / 1000).toFixed(2)} s`,
  );
}
