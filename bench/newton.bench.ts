/**
 * Full-space trust-region Newton-CG on the CE UFM at (K, d, n) = (10, 512, 500) (dim 2.56·10⁶; issue 13 item 4:
 * target ≤ 5 s): the instance and seeded start of `ufmcheck solve --K 10 --d 512 --n 500 --solver newton --seed 1`
 * (λ_W = λ_H = 5e-4, learned bias with λ_b = 0, tol 1e-10).
 *   npx tsx bench/newton.bench.ts     prints one JSON object; bench/run.ts calls {@link newtonBench} (--only newton)
 *
 * Reported: the solve's wall and CPU time, its evaluation counts, and the same run's REFERENCE: one HVP and one
 * value+gradient at the start point (CPU time, median of 5), so `hvpEquivalents` = solve CPU time / HVP time and
 * `overheadShare` = 1 − (hvps·HVP + grads·grad) / solve time — the share spent outside the model's kernels (CG
 * vector passes, copies, Hessian set-up), which transfers between machines where seconds do not.
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { configureRuntime } from '../src/claim/index.ts';
import { solveUfm } from '../src/certified/ufm/index.ts';
import { createRng } from '../src/core/index.ts';
import { lossById } from '../src/losses/index.ts';
import { parseUfmProblem, randomInit, ufmObjective } from '../src/models/index.ts';

export const NEWTON_SIZE = { K: 10, d: 512, n: 500 } as const;
export const NEWTON_TARGET_S = 5;

export interface NewtonBenchResult {
  readonly K: number;
  readonly d: number;
  readonly n: number;
  readonly dim: number;
  readonly status: string;
  readonly gradNorm: number;
  readonly iterations: number;
  readonly grads: number;
  readonly hvps: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly hvpMs: number;
  readonly gradMs: number;
  readonly hvpEquivalents: number;
  readonly overheadShare: number;
  readonly targetOk: boolean;
  readonly loadavg: readonly number[];
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Median CPU ms of `fn` over 5 calls after one warm-up. */
function cpuMedian(fn: () => void): number {
  fn();
  const t: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = cpuMs();
    fn();
    t.push(cpuMs() - t0);
  }
  t.sort((a, b) => a - b);
  return t[2] as number;
}

export function newtonBench(seed = 1): NewtonBenchResult {
  const { K, d, n } = NEWTON_SIZE;
  const problem = parseUfmProblem({ loss: 'ce', K, d, n, lambdaW: 5e-4, lambdaH: 5e-4, lambdaB: 0, bias: true });
  const obj = ufmObjective(problem, lossById('ce'));
  const theta = randomInit(obj.layout, createRng(seed));
  const v = randomInit(obj.layout, createRng(seed).fork(1));
  const g = new Float64Array(obj.dim),
    out = new Float64Array(obj.dim);
  const w0 = performance.now(),
    c0 = cpuMs();
  const sol = solveUfm(problem, { seed, solver: 'newton', tol: 1e-10 });
  const seconds = (performance.now() - w0) / 1000,
    cpuSeconds = (cpuMs() - c0) / 1000;
  const r = sol.result;
  const hop = obj.hessianAt(theta);
  const hvpMs = cpuMedian(() => hop.apply(v, out));
  const gradMs = cpuMedian(() => {
    obj.valueAndGrad(theta, g);
  });
  const grads = r.evaluations.grad,
    hvps = r.evaluations.hvp;
  return {
    K,
    d,
    n,
    dim: obj.dim,
    status: r.status,
    gradNorm: r.gradNorm,
    iterations: r.iterations,
    grads,
    hvps,
    seconds,
    cpuSeconds,
    hvpMs,
    gradMs,
    hvpEquivalents: (cpuSeconds * 1000) / hvpMs,
    overheadShare: 1 - (hvps * hvpMs + grads * gradMs) / (cpuSeconds * 1000),
    targetOk: seconds <= NEWTON_TARGET_S,
    loadavg: loadavg(),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  configureRuntime(); // the kernels as the CLI runs them (compiled wrappers, fused multiply-add)
  console.log(JSON.stringify(newtonBench(), null, 2));
}
