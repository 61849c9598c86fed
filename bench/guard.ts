/**
 * `npm run bench:guard`: fails (exit 1) when a hot-loop speed ratio falls more than the stated margin below the
 * committed baseline (bench/baseline.json). Ratios — fused kernel vs the naive JS reference measured in the same
 * process — hold on a noisy shared machine where absolute times do not.
 *
 *   npx tsx bench/guard.ts             check against the baseline (run by `npm test`, hence by .ci/run)
 *   npx tsx bench/guard.ts --record 5  measure 5 times, write the baseline = median and the spread as evidence
 *
 * The margin is set from the measured spread: margin = max(0.25, 3 × the largest relative deviation from the
 * median seen over the recorded repeats), written next to the baseline with the raw repeats.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { kernelBench } from './kernels.bench.ts';

const GUARD_SIZES: readonly (readonly [number, number, number])[] = [[4, 20, 10], [10, 20, 100], [10, 128, 200]];
const FILE = join(import.meta.dirname, 'baseline.json');

interface Baseline {
  readonly ratios: Record<string, number>;
  readonly margin: number;
  readonly evidence: { readonly repeats: Record<string, number[]>; readonly maxRelDeviation: number; readonly recorded: string; readonly how: string };
}

async function measureRatios(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const k of await kernelBench(GUARD_SIZES, 300)) {
    const tag = `K=${k.K},d=${k.d},n=${k.n}`;
    out[`grad-speedup:${tag}`] = k.gradSpeedup;
    out[`hvp-vs-naive-grad:${tag}`] = k.hvpVsNaiveGrad;
  }
  return out;
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] as number; };

const { values } = parseArgs({ options: { record: { type: 'string' } } });
if (values.record !== undefined) {
  const reps = Number(values.record);
  if (!Number.isInteger(reps) || reps < 3) throw new Error('--record takes a whole number ≥ 3');
  const repeats: Record<string, number[]> = {};
  for (let r = 0; r < reps; r++) for (const [k, v] of Object.entries(await measureRatios())) (repeats[k] ??= []).push(v);
  const ratios: Record<string, number> = {};
  let maxDev = 0;
  for (const [k, xs] of Object.entries(repeats)) {
    const m = median(xs);
    ratios[k] = m;
    for (const x of xs) maxDev = Math.max(maxDev, Math.abs(x - m) / m);
  }
  const margin = Math.max(0.25, 3 * maxDev);
  const b: Baseline = { ratios, margin, evidence: { repeats, maxRelDeviation: maxDev, recorded: new Date().toISOString(), how: `npx tsx bench/guard.ts --record ${reps}` } };
  writeFileSync(FILE, `${JSON.stringify(b, null, 2)}\n`);
  console.log(`baseline written: margin ${(margin * 100).toFixed(0)}% (max deviation over ${reps} repeats ${(maxDev * 100).toFixed(1)}%)`);
} else {
  const b = JSON.parse(readFileSync(FILE, 'utf8')) as Baseline;
  const now = await measureRatios();
  let bad = 0;
  for (const [k, base] of Object.entries(b.ratios)) {
    const got = now[k];
    const floor = base * (1 - b.margin);
    const ok = got !== undefined && got >= floor;
    if (!ok) bad++;
    console.log(`${ok ? 'ok  ' : 'SLOW'} ${k}: ${got?.toFixed(2) ?? 'missing'} (baseline ${base.toFixed(2)}, floor ${floor.toFixed(2)})`);
  }
  console.log(bad === 0 ? `bench guard: all ${Object.keys(b.ratios).length} ratios within ${(b.margin * 100).toFixed(0)}% of the baseline` : `bench guard: ${bad} ratio(s) fell below the baseline margin`);
  process.exitCode = bad === 0 ? 0 : 1;
}
