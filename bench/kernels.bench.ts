/**
 * Gradient and Hessian-vector-product kernels of the CE UFM at the issue-2 sizes (K,d,n) = (4,20,10),
 * (10,20,100), (10,512,500), (100,512,100).
 *   ce:grad       — the fused, cache-tiled value+gradient pass (src/models/ufm.ts)
 *   ce:naive-grad — bench/reference/naive.ts: textbook triple loops + a separate softmax pass
 *   ce:hvp        — the fused exact Hessian-vector product (operator built once per θ, as CG/Lanczos use it)
 *   ce:generic-hvp — the same HVP through the generic LogitLoss path (Z/G matrices, unfused): its reference
 * Ratios reported: naive/fused (speed-up, higher is better), generic/fused for the HVP, and naive-grad/fused-HVP
 * (a yardstick that does not move when the shared gemm kernels change; the guard uses it).
 */
import { ufmObjective } from '../src/models/index.ts';
import { lossById } from '../src/losses/index.ts';
import { naiveUfm } from './reference/naive.ts';
import { createCase, measure, ms } from './lib.ts';

export interface KernelResult {
  readonly K: number;
  readonly d: number;
  readonly n: number;
  readonly gradMs: number;
  readonly naiveGradMs: number;
  readonly gradGflops: number;
  readonly gradSpeedup: number;
  /** Median CPU time of one value+gradient (this process; compared with NumPy's CPU time in bench/run.ts). */
  readonly gradCpuMs: number;
  readonly hvpMs: number;
  readonly genericHvpMs: number;
  readonly hvpSpeedup: number;
  /** naive value+gradient time / fused HVP time: a fixed yardstick for the HVP (used by the guard). */
  readonly hvpVsNaiveGrad: number;
}

export const SIZES: readonly (readonly [number, number, number])[] = [
  [4, 20, 10],
  [10, 20, 100],
  [10, 512, 500],
  [100, 512, 100],
];

/** Max relative difference between two vectors (the bench's sanity check on its outputs). */
function relDiff(a: Float64Array, b: Float64Array): number {
  let num = 0,
    den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs((a[i] as number) - (b[i] as number)));
    den = Math.max(den, Math.abs(a[i] as number));
  }
  return num / Math.max(den, 1e-300);
}

/** Median CPU ms per call of `fn` over 7 batches of calls (≥ ~20 ms of CPU each), after one warm-up batch. */
export function cpuMsPerCall(fn: () => void): number {
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let t = cpu();
  fn();
  const one = Math.max(cpu() - t, 1e-3);
  const reps = Math.max(1, Math.ceil(20 / one));
  const xs: number[] = [];
  for (let b = 0; b < 8; b++) {
    t = cpu();
    for (let i = 0; i < reps; i++) fn();
    if (b > 0) xs.push((cpu() - t) / reps);
  }
  xs.sort((a, c) => a - c);
  return xs[3] as number;
}

export async function kernelBench(sizes = SIZES, timeMs = 400): Promise<KernelResult[]> {
  const out: KernelResult[] = [];
  for (const [K, d, n] of sizes) {
    const c = createCase(K, d, n, 1);
    const naive = naiveUfm(c.problem);
    const generic = ufmObjective(c.problem, lossById('ce'), { fused: false });
    const gRef = new Float64Array(c.obj.dim);
    const f1 = c.obj.valueAndGrad(c.theta, c.g);
    const f2 = naive.valueAndGrad(c.theta, gRef);
    if (Math.abs(f1 - f2) > 1e-12 * Math.abs(f2) || relDiff(gRef, c.g) > 1e-10)
      throw new Error(`fused and naive gradients disagree at ${K},${d},${n}`);
    const hop = c.obj.hessianAt(c.theta);
    const gop = generic.hessianAt(c.theta);
    const hRef = new Float64Array(c.obj.dim);
    hop.apply(c.v, c.out);
    gop.apply(c.v, hRef);
    if (relDiff(hRef, c.out) > 1e-10) throw new Error(`fused and generic HVPs disagree at ${K},${d},${n}`);
    const tag = `K=${K},d=${d},n=${n}`;
    const big = K * d * n > 1e6;
    const stats = await measure(
      `kernels:${tag}`,
      {
        [`ce:grad:${tag}`]: () => c.obj.valueAndGrad(c.theta, c.g),
        [`ce:naive-grad:${tag}`]: () => naive.valueAndGrad(c.theta, gRef),
        [`ce:hvp:${tag}`]: () => {
          hop.apply(c.v, c.out);
          return c.out[0] as number;
        },
        [`ce:generic-hvp:${tag}`]: () => {
          gop.apply(c.v, hRef);
          return hRef[0] as number;
        },
      },
      big ? 50 : timeMs,
      big ? 3 : 10,
    );
    const gradMs = ms(stats, `ce:grad:${tag}`),
      naiveGradMs = ms(stats, `ce:naive-grad:${tag}`);
    const hvpMs = ms(stats, `ce:hvp:${tag}`),
      genericHvpMs = ms(stats, `ce:generic-hvp:${tag}`);
    const gradCpuMs = cpuMsPerCall(() => {
      c.obj.valueAndGrad(c.theta, c.g);
    });
    out.push({
      K,
      d,
      n,
      gradMs,
      naiveGradMs,
      gradCpuMs,
      gradGflops: c.gradFlops / (gradMs * 1e6),
      gradSpeedup: naiveGradMs / gradMs,
      hvpMs,
      genericHvpMs,
      hvpSpeedup: genericHvpMs / hvpMs,
      hvpVsNaiveGrad: naiveGradMs / hvpMs,
    });
  }
  return out;
}
