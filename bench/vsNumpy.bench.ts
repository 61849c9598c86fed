/**
 * CE value+gradient against NumPy with one BLAS thread (issue 13 item 4: ≥ 1.0× at every size), both sides timed
 * in CPU time of their own process, alternated three times (NumPy script, then ours, per round) and the median
 * ratio per size reported — on a shared machine this holds where wall-time medians measured minutes apart do not.
 * No naive reference here (bench/kernels.bench.ts has it; at (100,512,100) it alone takes ~15 s a call).
 *   npx tsx bench/vsNumpy.bench.ts [--rounds 3]
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { configureRuntime } from '../src/claim/index.ts';
import { cpuMsPerCall, SIZES } from './kernels.bench.ts';
import { createCase } from './lib.ts';
import { runPython } from './python.ts';

export interface VsNumpyRow {
  readonly K: number;
  readonly d: number;
  readonly n: number;
  /** Per round: ours and NumPy CPU ms per value+gradient, and NumPy / ours. */
  readonly oursCpuMs: number[];
  readonly numpyCpuMs: number[];
  readonly ratios: number[];
  readonly medianRatio: number;
}

export function vsNumpyBench(
  rounds = 3,
): { readonly numpy: string; readonly rows: VsNumpyRow[]; readonly loadavg: readonly number[] } | undefined {
  const cases = SIZES.map(([K, d, n]) => createCase(K, d, n, 1));
  const rows = SIZES.map(([K, d, n]) => ({
    K,
    d,
    n,
    oursCpuMs: [] as number[],
    numpyCpuMs: [] as number[],
    ratios: [] as number[],
  }));
  let version = '';
  for (let r = 0; r < rounds; r++) {
    const np = runPython(
      'numpy_grad.py',
      'numpy',
      SIZES.map((s) => s.join(',')),
    );
    if (np === undefined) return undefined;
    version = String(np['numpy']);
    const npCases = np['cases'] as { cpuMs: number }[];
    cases.forEach((c, i) => {
      const ours = cpuMsPerCall(() => {
        c.obj.valueAndGrad(c.theta, c.g);
      });
      const theirs = (npCases[i] as { cpuMs: number }).cpuMs;
      const row = rows[i] as (typeof rows)[number];
      row.oursCpuMs.push(ours);
      row.numpyCpuMs.push(theirs);
      row.ratios.push(theirs / ours);
    });
  }
  return {
    numpy: version,
    loadavg: loadavg(),
    rows: rows.map((r) => ({
      ...r,
      medianRatio: [...r.ratios].sort((a, b) => a - b)[Math.floor(r.ratios.length / 2)] as number,
    })),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
  configureRuntime(); // the kernels as the CLI runs them (compiled wrappers, fused multiply-add)
  const res = vsNumpyBench(Number(values.rounds));
  if (res === undefined) console.log('numpy: skipped (no python3 with NumPy)');
  else {
    console.log(
      `NumPy ${res.numpy}, 1 BLAS thread; CPU time; load average ${res.loadavg.map((x) => x.toFixed(1)).join(' ')}`,
    );
    console.table(
      res.rows.map((r) => ({
        'K,d,n': `${r.K},${r.d},${r.n}`,
        'ours CPU ms': r.oursCpuMs.map((x) => x.toPrecision(3)).join(' '),
        'numpy CPU ms': r.numpyCpuMs.map((x) => x.toPrecision(3)).join(' '),
        'speed vs numpy (median)': `${r.medianRatio.toFixed(2)}×`,
      })),
    );
  }
}
