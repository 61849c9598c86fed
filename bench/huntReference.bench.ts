/**
 * Hunt throughput against the alternative (issue 13 item 5): certified instances per second of `ufmcheck hunt` on
 * one core against a reference hunt written the way a researcher would today — SciPy L-BFGS multistart in Python
 * (bench/reference/hunt_scipy.py) — on the same conjecture and the very same instances.
 *
 *   npx tsx bench/huntReference.bench.ts [--instances 24] [--seed 20261204] [--iterations 2]
 *
 * The instances are indices 0 … I−1 of a `ce.d-below-k-minus-1.symmetric-is-global` hunt with the given seed, drawn
 * here through the conjecture's own arbitrary (instanceSeed, as the hunt draws them) and handed to Python as JSON:
 * same K, d, n, λ's, bias mode, number of starts M and init scale. Per instance:
 * - ours: `probe` — the cyclic ansatz value (certified suboptimality), M starts of trust-region Newton, and the
 *   second-order certificate of any start below the ansatz (what a hunt does before it shrinks a hit; shrinking is
 *   left out on both sides, the reference has none);
 * - reference: the ansatz value by L-BFGS-B over its scale weights, M starts of scipy.optimize.minimize(L-BFGS-B)
 *   on the full objective (NumPy value and gradient, one BLAS thread), a hit when the best start is below the
 *   ansatz by more than 1e-9·|f| — no certificate (so the reference does strictly less work per instance).
 * Both are timed in this run: ours with tinybench (one core, main thread), the reference by its own perf_counter
 * around the solve loop (interpreter and SciPy import excluded). Printed as JSON: instances/s of each, the ratio,
 * and how often the two verdicts agree (a sanity check: the reference has no certificate and no rounding bound).
 */
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { Bench } from 'tinybench';
import { type Finding, type Json } from '../src/claim/index.ts';
import { instanceSeed } from '../src/hunt/index.ts';
import { symmetricIsGlobal } from '../properties/conjectures/ce-d-below-k-minus-1-symmetric-is-global.ts';
import { runPython } from './python.ts';
import { configureRuntime } from '../src/claim/index.ts';

/** Instance `index` of the hunt with `seed`, drawn exactly as tryInstance draws it. */
function drawInstance(seed: number, index: number): Json {
  let drawn: Json | undefined;
  fc.check(
    fc.property(symmetricIsGlobal.arbitrary, (i: Json) => {
      drawn ??= i;
      return true;
    }),
    { seed: instanceSeed(seed, index), numRuns: 1 },
  );
  if (drawn === undefined) throw new Error('no instance drawn');
  return drawn;
}

/**
 * Runs the comparison: `count` instances of the hunt with `seed`, ours timed over `iterations` tinybench iterations.
 * @returns the figures printed by the CLI entry (ratio = ours / reference, instances per second)
 */
export async function huntReferenceBench(
  count = 24,
  seed = 20261204,
  iterations = 2,
): Promise<Record<string, unknown>> {
  const instances = Array.from({ length: count }, (_, i) => drawInstance(seed, i));
  const probe = symmetricIsGlobal.probe as (i: Json) => Finding;
  let verdicts: string[] = [];
  const bench = new Bench({ iterations, warmupIterations: 1, time: 0 });
  bench.add('ours: probe every instance (one core)', () => {
    verdicts = instances.map((i) => probe(i).status);
  });
  await bench.run();
  const task = bench.tasks[0];
  const oursMs =
    task?.result?.state === 'completed' ? (task.result.latency.p50 ?? task.result.latency.mean) : Number.NaN;

  const dir = mkdtempSync(join(tmpdir(), 'ufmcheck-huntref-'));
  try {
    const file = join(dir, 'instances.json');
    writeFileSync(file, JSON.stringify(instances));
    const ref = runPython('hunt_scipy.py', 'scipy', [file]);
    const oursRate = count / (oursMs / 1000);
    if (ref === undefined)
      return { instances: count, seed, oursPerSecond: oursRate, reference: 'skipped (no python3 with SciPy)' };
    {
      const refRate = count / Number(ref['seconds']);
      const refVerdicts = ref['verdicts'] as string[];
      const agree = verdicts.filter((v, i) => v === refVerdicts[i]).length;
      return {
        instances: count,
        seed,
        conjecture: symmetricIsGlobal.id,
        oursSeconds: oursMs / 1000,
        referenceSeconds: ref['seconds'],
        oursPerSecond: oursRate,
        referencePerSecond: refRate,
        ratio: oursRate / refRate,
        target: '>= 10x on one core',
        verdicts: { ours: tally(verdicts), reference: tally(refVerdicts), agree },
        reference: { python: ref['python'], scipy: ref['scipy'], numpy: ref['numpy'] },
        loadavg: loadavg(),
      };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function tally(v: readonly string[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const x of v) t[x] = (t[x] ?? 0) + 1;
  return t;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // The command line's set-up (compiled wasm wrappers, helper threads; src/claim/runtime.ts), as `ufmcheck hunt` has it.
  configureRuntime();
  const { values } = parseArgs({
    options: {
      instances: { type: 'string', default: '24' },
      seed: { type: 'string', default: '20261204' },
      iterations: { type: 'string', default: '2' },
    },
  });
  console.log(
    JSON.stringify(
      await huntReferenceBench(Number(values.instances), Number(values.seed), Number(values.iterations)),
      null,
      2,
    ),
  );
}
