/**
 * `npm run bench`: every benchmark of ufmcheck, with its references measured in the same run, written to
 * bench/results.json and printed as a table. Targets are ratios (DEVELOPERS guide: never timed tests).
 *   kernels   — fused CE value+gradient and HVP vs the naive JS reference (bench/kernels.bench.ts)
 *   numpy     — the same value+gradient in NumPy, one BLAS thread (bench/reference/numpy_grad.py; skipped if absent)
 *   certify   — time to ‖∇f‖ ≤ 1e-8 on the issue-2 instance vs PyTorch L-BFGS (bench/certify.bench.ts)
 *   huntref   — certified hunt instances/s against a SciPy L-BFGS multistart hunt (bench/huntReference.bench.ts)
 *   coldstart — `ufmcheck --help` and a small `solve` from process start, against `node -e 1` (bench/coldStart.bench.ts)
 *   lanczos   — λ_min at 10⁵ parameters, cost per matvec (bench/lanczos.bench.ts)
 *   newton    — full-space Newton at (10, 512, 500) (bench/newton.bench.ts)
 *   fma       — the product kernels with fused multiply-add against mul + add, same process (bench/fma.bench.ts)
 * Options: --quick (small sizes only), --only kernels,numpy,certify,torch,lanczos,newton,huntref,coldstart,fma,ceiling
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { kernelBench, SIZES } from './kernels.bench.ts';
import { runPython } from './python.ts';
import { configureRuntime } from '../src/claim/index.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
const only = new Set(
  (values.only ?? 'kernels,numpy,certify,torch,lanczos,newton,huntref,coldstart,fma,ceiling').split(','),
);
const sizes = values.quick ? SIZES.slice(0, 2) : SIZES;
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
// The command line's set-up (compiled wasm wrappers, helper threads; src/claim/runtime.ts), before any kernel compiles.
results['runtime'] = configureRuntime();

if (only.has('kernels')) {
  const kernels = await kernelBench(sizes);
  results['kernels'] = kernels;
  console.log('\nCE value+gradient and HVP (median ms; speed-up = reference / ours)');
  console.table(
    kernels.map((k) => ({
      'K,d,n': `${k.K},${k.d},${k.n}`,
      'grad ms': k.gradMs.toPrecision(3),
      GFLOPs: k.gradGflops.toFixed(2),
      'naive ms': k.naiveGradMs.toPrecision(3),
      'speed-up': k.gradSpeedup.toFixed(2),
      'hvp ms': k.hvpMs.toPrecision(3),
      'generic hvp ms': k.genericHvpMs.toPrecision(3),
      'hvp speed-up': k.hvpSpeedup.toFixed(2),
    })),
  );
  if (only.has('numpy')) {
    const np = runPython(
      'numpy_grad.py',
      'numpy',
      sizes.map((s) => s.join(',')),
    );
    if (np === undefined) console.log('numpy: skipped (no python3 with NumPy)');
    else {
      const cases = np['cases'] as { K: number; d: number; n: number; ms: number; cpuMs: number }[];
      const vs = kernels.map((k, i) => {
        const c = cases[i] as { ms: number; cpuMs: number };
        return {
          K: k.K,
          d: k.d,
          n: k.n,
          oursMs: k.gradMs,
          numpyMs: c.ms,
          speedVsNumpy: c.ms / k.gradMs,
          oursCpuMs: k.gradCpuMs,
          numpyCpuMs: c.cpuMs,
          cpuSpeedVsNumpy: c.cpuMs / k.gradCpuMs,
        };
      });
      results['numpy'] = { python: np['python'], version: np['numpy'], cases: vs };
      console.log(
        `\nvs NumPy ${String(np['numpy'])} (${String(np['python'])}, 1 BLAS thread); target ≥ 1.0× at every size (issue 13 item 4)`,
      );
      console.table(
        vs.map((v) => ({
          'K,d,n': `${v.K},${v.d},${v.n}`,
          'ours ms': v.oursMs.toPrecision(3),
          'numpy ms': v.numpyMs.toPrecision(3),
          'speed vs numpy': `${v.speedVsNumpy.toFixed(2)}×`,
          'ours CPU ms': v.oursCpuMs.toPrecision(3),
          'numpy CPU ms': v.numpyCpuMs.toPrecision(3),
          'CPU-time speed': `${v.cpuSpeedVsNumpy.toFixed(2)}×`,
        })),
      );
    }
  }
}

if (only.has('certify')) {
  const { certifyBench } = await import('./certify.bench.ts');
  const c = await certifyBench();
  results['certify'] = c;
  console.log('\nTime to certify ‖∇f‖ ≤ 1e-8, CE K=10 d=20 n=100 λ=5e-4 (median over seeds)');
  console.table(c.rows);
  if (only.has('torch')) {
    const t = runPython('torch_lbfgs.py', 'torch', ['5']);
    if (t === undefined) console.log('torch: skipped (no python3 with torch)');
    else {
      results['torch'] = t;
      const best = c.best;
      console.log(
        `PyTorch ${String(t['torch'])} L-BFGS: ${(Number(t['seconds']) * 1e3).toFixed(1)} ms, iterations ${JSON.stringify(t['iterations'])}; ours (${best.solver}): ${best.ms.toFixed(1)} ms → ${((Number(t['seconds']) * 1e3) / best.ms).toFixed(1)}× (target ≥ 10×)`,
      );
    }
  }
}

if (only.has('lanczos')) {
  const { lanczosBench } = await import('./lanczos.bench.ts');
  const l = await lanczosBench();
  results['lanczos'] = l;
  console.log(
    '\nLanczos λ_min on the CE UFM, K=10 d=20 n=500 (10⁵ parameters); target residual ≤ 1e-6 in ≤ 2 s, costPerMatvec ≤ 1.3',
  );
  console.table(l.points);
}

if (only.has('newton')) {
  const { newtonBench } = await import('./newton.bench.ts');
  const nb = newtonBench();
  results['newton'] = nb;
  console.log(
    `\nFull-space Newton, CE (${nb.K},${nb.d},${nb.n}) (dim ${nb.dim}): ${nb.seconds.toFixed(2)} s wall, ${nb.cpuSeconds.toFixed(2)} s CPU (target ≤ 5 s), ${nb.iterations} iterations, ${nb.grads} gradients + ${nb.hvps} HVPs = ${nb.hvpEquivalents.toFixed(0)} HVP-equivalents; ${(100 * nb.overheadShare).toFixed(0)} % outside the model's kernels`,
  );
}

if (only.has('huntref')) {
  const { huntReferenceBench } = await import('./huntReference.bench.ts');
  const h = await huntReferenceBench();
  results['huntReference'] = h;
  console.log(
    `\nHunt throughput, ${String(h['conjecture'] ?? '')} (${String(h['instances'])} instances, one core): ours ${Number(h['oursPerSecond']).toFixed(1)}/s, SciPy L-BFGS multistart ${Number(h['referencePerSecond']).toFixed(1)}/s → ${Number(h['ratio']).toFixed(2)}× (target ≥ 10×)`,
  );
}

if (only.has('coldstart')) {
  const { coldStartBench } = await import('./coldStart.bench.ts');
  const c = coldStartBench();
  results['coldStart'] = c;
  console.log(
    `\nCold start (median of ${c.reps}): ufmcheck --help ${c.helpMs.toFixed(0)} ms = ${c.helpRatio.toFixed(2)}× node -e 1 (target ≤ 2.5×; tsx from the sources: ${c.helpSourceMs.toFixed(0)} ms); solve (10,20,100): ${c.solveWallMs.toFixed(0)} ms wall, ${c.solveMs.toFixed(0)} ms solving, ${c.solveOverheadMs.toFixed(0)} ms beyond Node's start`,
  );
}

if (only.has('fma')) {
  const { fmaBench, fmaTable } = await import('./fma.bench.ts');
  const f = fmaBench();
  results['fma'] = f;
  console.log(
    `\nProduct kernels, fused multiply-add vs mul + add (CPU time, same process; fuses here: ${String(f.fused)})`,
  );
  console.table(fmaTable(f.rows));
}

if (only.has('ceiling')) {
  const { wasmCeiling } = await import('./wasmCeiling.bench.ts');
  const c = wasmCeiling();
  results['wasmCeiling'] = c;
  console.log(
    `\nWebAssembly f64x2 ceiling of one core: ${c.ceilingGflops.toFixed(1)} GFLOP/s (mul + add ${c.mulAddGflops.toFixed(1)}); ` +
      `the three gradient products at (100,512,100) need ≥ ${c.floorMs.toFixed(1)} ms at that rate` +
      (c.numpyMs === undefined
        ? ' (no NumPy here)'
        : `, NumPy (1 thread) takes ${c.numpyMs.toFixed(1)} ms: floor / NumPy = ${(c.floorOverNumpy ?? NaN).toFixed(2)}`),
  );
}

writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwrote bench/results.json');
