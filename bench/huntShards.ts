/**
 * How a hunt's throughput scales with shards run as separate processes on this machine (issue 13 item 3): the
 * same run-budget hunt of the CPU-bound fake conjecture (tests/unit/hunt/fakes.ts `fake.busy.cpu`, ~5–20 ms per
 * instance) split into n = 1, 2, 4 shards, all started at once as `ufmcheck hunt --shard i/n` processes (one
 * worker each), exactly as a CI matrix or an Indexed Job would run them, one process per core or more.
 *
 *   npx tsx bench/huntShards.ts [--budget 400] [--shards 1,2,4] [--seed 7]
 *
 * Reported per n, as JSON: `wall` (first spawn to last exit, start-up included), `rate` = budget / wall,
 * `huntRate` = budget / the slowest shard's own hunt seconds (start-up excluded), speed-ups against n = 1, and the
 * machine's cores and load average (on a shared machine a speed-up needs idle cores). The merged shards try exactly
 * the unsharded instances (checked: the tried counts add up to the budget).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    budget: { type: 'string', default: '400' },
    shards: { type: 'string', default: '1,2,4' },
    seed: { type: 'string', default: '7' },
  },
});
const ROOT = join(import.meta.dirname, '..');
const budget = Number(values.budget);

function shard(i: number, n: number, out: string): Promise<{ tried: number; seconds: number }> {
  const args = [
    join(ROOT, 'bin', 'ufmcheck.js'),
    'hunt',
    'fake.busy.cpu',
    '--conjecture',
    join(ROOT, 'tests', 'unit', 'hunt', 'fakes.ts'),
    '--seed',
    String(values.seed),
    '--budget',
    String(budget),
    '--shard',
    `${i}/${n}`,
    '--json',
    '--quiet',
    '--out',
    out,
  ];
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (b: Buffer) => {
      text += b.toString();
    });
    child.on('close', (code) => {
      if (code !== 0 && code !== 1) rej(new Error(`shard ${i}/${n} exited ${code}`));
      else res(JSON.parse(text) as { tried: number; seconds: number });
    });
  });
}

const rows: Record<string, number>[] = [];
for (const n of String(values.shards).split(',').map(Number)) {
  const out = mkdtempSync(join(tmpdir(), 'ufmcheck-shards-'));
  try {
    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: n }, (_, i) => shard(i, n, out)));
    const wall = (performance.now() - t0) / 1000;
    const tried = results.reduce((s, r) => s + r.tried, 0);
    if (tried !== budget) throw new Error(`shards tried ${tried}, not ${budget}`);
    const slowest = Math.max(...results.map((r) => r.seconds));
    rows.push({ shards: n, wall, rate: budget / wall, huntRate: budget / slowest });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
const base = rows[0];
console.log(
  JSON.stringify(
    {
      budget,
      cores: availableParallelism(),
      loadavg: loadavg(),
      rows: rows.map((r) => ({
        ...r,
        speedup: base !== undefined ? (r['rate'] as number) / (base['rate'] as number) : 1,
        huntSpeedup: base !== undefined ? (r['huntRate'] as number) / (base['huntRate'] as number) : 1,
      })),
    },
    null,
    2,
  ),
);
