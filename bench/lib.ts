/**
 * Shared bench plumbing (STYLE.md §1.3–1.4): seeded cases built outside the timed function, tinybench tasks whose
 * outputs are consumed (so the engine cannot drop them), completed-state checks, and ratio reporting.
 * Speed targets are RATIOS against a reference measured in the same process — never absolute times.
 */
import { Bench } from 'tinybench';
import { createRng } from '../src/core/index.ts';
import { lossById } from '../src/losses/index.ts';
import { parseUfmProblem, randomInit, ufmObjective } from '../src/models/index.ts';
import type { UfmObjective, UfmProblem } from '../src/models/index.ts';

export interface Case {
  readonly K: number;
  readonly d: number;
  readonly n: number;
  readonly problem: UfmProblem;
  readonly obj: UfmObjective;
  readonly theta: Float64Array;
  readonly v: Float64Array;
  readonly g: Float64Array;
  readonly out: Float64Array;
  /** 6·K·d·N: the flops of the three products of one value+gradient (Z = WH, GHᵀ, WᵀG). */
  readonly gradFlops: number;
}

/** Builds a seeded CE case (λ = 5e-4 everywhere, learned bias) with buffers allocated once. */
export function createCase(K: number, d: number, n: number, seed: number, loss = 'ce'): Case {
  const problem = parseUfmProblem({ loss, K, d, n, lambdaW: 5e-4, lambdaH: 5e-4, lambdaB: 5e-4, bias: true });
  const obj = ufmObjective(problem, lossById(loss));
  const rng = createRng(seed);
  const theta = randomInit(obj.layout, rng);
  const v = randomInit(obj.layout, rng.fork(1));
  return {
    K,
    d,
    n,
    problem,
    obj,
    theta,
    v,
    g: new Float64Array(obj.dim),
    out: new Float64Array(obj.dim),
    gradFlops: 6 * K * d * K * n,
  };
}

export interface TaskStat {
  readonly name: string;
  /** Median latency in ms. */
  readonly ms: number;
  /** Relative margin of error (%) of the mean. */
  readonly rme: number;
  readonly samples: number;
}

/** Runs a tinybench over `tasks` and returns median latencies; throws if a task did not complete. */
export async function measure(
  name: string,
  tasks: Record<string, () => number>,
  timeMs: number,
  iterations = 10,
): Promise<Map<string, TaskStat>> {
  const bench = new Bench({
    name,
    time: timeMs,
    iterations,
    warmupTime: Math.min(200, timeMs / 4),
    warmupIterations: Math.min(5, iterations),
  });
  let sink = 0;
  for (const [k, fn] of Object.entries(tasks))
    bench.add(k, () => {
      sink += fn();
    });
  await bench.run();
  if (!Number.isFinite(sink)) throw new Error(`${name}: a task produced a non-finite result`);
  const out = new Map<string, TaskStat>();
  for (const t of bench.tasks) {
    const r = t.result;
    if (r.state !== 'completed') throw new Error(`${name}: task ${t.name} ended in state ${r.state}`);
    out.set(t.name, { name: t.name, ms: r.latency.p50, rme: r.latency.rme, samples: r.latency.samplesCount });
  }
  return out;
}

/** ms of a named task (throws when missing). */
export function ms(stats: Map<string, TaskStat>, name: string): number {
  const s = stats.get(name);
  if (s === undefined) throw new Error(`missing bench task ${name}`);
  return s.ms;
}
