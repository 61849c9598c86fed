/**
 * Cold start of the CLI as a ratio to Node's own start in the same run (issue 14: `ufmcheck --help` ≤ 0.2 s, i.e.
 * ≤ 2.5× `node -e 1`; issue 13 item 4: the overhead of a `solve` beyond its solving). Each command is started
 * `reps` times, interleaved with the reference so load drifts hit both alike; medians are reported.
 *
 *   npx tsx bench/coldStart.bench.ts [reps]
 *
 * Measures the compiled package (dist/, as installed), building it first when it is missing or older than the
 * sources, and for comparison the same commands from the sources through tsx (UFMCHECK_FROM_SOURCE=1).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildIsCurrent } from '../bin/build.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/ufmcheck.js');
const SOLVE = ['solve', '--K', '10', '--d', '20', '--n', '100', '--seed', '1', '--json'];

export interface ColdStart {
  readonly reps: number;
  readonly nodeMs: number;
  readonly helpMs: number;
  readonly helpRatio: number;
  readonly helpSourceMs: number;
  readonly solveWallMs: number;
  /** The solve's own seconds (its --json), × 1000. */
  readonly solveMs: number;
  /** Wall minus solving minus Node's start: module loading, parsing, output. */
  readonly solveOverheadMs: number;
}

function ensureBuilt(): void {
  const root = pathToFileURL(`${ROOT}/`);
  // The build script's tsc exits non-zero on a type error elsewhere but still emits; what matters is a current bundle.
  if (!buildIsCurrent(root)) spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (!buildIsCurrent(root)) throw new Error('bench/coldStart: no current build of the CLI (npm run build)');
}

/** Wall ms of one process run, and its stdout. */
function once(args: readonly string[], env: NodeJS.ProcessEnv = {}): { ms: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${String(r.status)}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

export function coldStartBench(reps = 9): ColdStart {
  ensureBuilt();
  const node: number[] = [],
    help: number[] = [],
    helpSrc: number[] = [],
    solveWall: number[] = [],
    solve: number[] = [];
  once([BIN, '--help']); // warm the file cache
  for (let i = 0; i < reps; i++) {
    node.push(once(['-e', '1']).ms);
    help.push(once([BIN, '--help']).ms);
    helpSrc.push(once([BIN, '--help'], { UFMCHECK_FROM_SOURCE: '1' }).ms);
    const s = once([BIN, ...SOLVE]);
    solveWall.push(s.ms);
    solve.push(1000 * Number((JSON.parse(s.stdout) as { seconds?: unknown }).seconds));
  }
  const nodeMs = median(node),
    helpMs = median(help),
    solveWallMs = median(solveWall),
    solveMs = median(solve);
  return {
    reps,
    nodeMs,
    helpMs,
    helpRatio: helpMs / nodeMs,
    helpSourceMs: median(helpSrc),
    solveWallMs,
    solveMs,
    solveOverheadMs: solveWallMs - solveMs - nodeMs,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = coldStartBench(Number(process.argv[2] ?? 9));
  console.log(
    `node -e 1: ${r.nodeMs.toFixed(0)} ms; ufmcheck --help: ${r.helpMs.toFixed(0)} ms = ${r.helpRatio.toFixed(2)}× (target ≤ 2.5×); from the sources through tsx: ${r.helpSourceMs.toFixed(0)} ms`,
  );
  console.log(
    `solve (10,20,100) --json: ${r.solveWallMs.toFixed(0)} ms wall, ${r.solveMs.toFixed(0)} ms solving, ${r.solveOverheadMs.toFixed(0)} ms beyond Node's own start`,
  );
}
