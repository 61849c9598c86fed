/**
 * The shipped recipes, run as written (issue 13 item 3): the shard and merge steps of examples/ci/github-actions.yml
 * and the containers of examples/k8s/hunt-indexed-job.yaml are parsed from the YAML and executed as local processes
 * under exactly their environment contracts (matrix → UFMCHECK_SHARD_INDEX; JOB_COMPLETION_INDEX with
 * UFMCHECK_SHARD_COUNT), concurrently; the merged result must equal the unsharded hunt, instance for instance.
 * Only the documented knobs HUNT_ID, HUNT_BUDGET and HUNT_FLAGS are overridden (a fast fake conjecture), and the
 * paths (`npx ufmcheck` → this checkout's bin, the volume /results → a temporary directory).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { conjectures as registry } from '../../../properties/conjectures/index.ts';
import { runCli } from '../cli/harness.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'ufmcheck.js');
const FAKES = join(import.meta.dirname, 'fakes.ts');
const KNOBS = { HUNT_ID: 'fake.sum.below-22', HUNT_BUDGET: '160', HUNT_FLAGS: `--conjecture ${FAKES}` };

let tmp = '';
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ufmcheck-recipes-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

type Obj = Record<string, unknown>;
type Env = Record<string, string>;

/** Runs a shell script as the recipe's runner would; resolves with the exit code and stderr. */
function sh(
  shell: 'bash' | 'sh',
  script: string,
  cwd: string,
  env: Env,
): Promise<{ code: number | null; stderr: string }> {
  const local = script.replaceAll('npx ufmcheck', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)}`);
  return new Promise((res) => {
    const child = spawn(shell, shell === 'bash' ? ['-e', '-c', local] : ['-c', local], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: tmp, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    child.on('close', (code) => res({ code, stderr }));
  });
}

/** What the unsharded hunt reports, minus where and how fast (the merge test's notion of "the same hunt"). */
function substance(o: Obj): Obj {
  const pick = [
    'id',
    'tried',
    'noHit',
    'inconclusive',
    'errors',
    'errorSamples',
    'seed',
    'budget',
    'distribution',
    'space',
  ];
  return {
    ...Object.fromEntries(pick.map((k) => [k, o[k]])),
    hits: (o['hits'] as Obj[]).map((h) => [h['index'], h['instance'], h['evidence']]),
  };
}

async function unsharded(seed: string): Promise<Obj> {
  const r = await runCli(
    [
      'hunt',
      KNOBS.HUNT_ID,
      '--conjecture',
      FAKES,
      '--seed',
      seed,
      '--budget',
      KNOBS.HUNT_BUDGET,
      '--json',
      '--out',
      join(tmp, 'whole'),
    ],
    [],
    tmp,
  );
  return JSON.parse(r.stdout) as Obj;
}

describe('examples/ci/github-actions.yml', () => {
  it('should run its matrix of shard steps and its merge step into the unsharded hunt', async () => {
    // Arrange: the workflow as shipped
    const wf = parse(readFileSync(join(ROOT, 'examples', 'ci', 'github-actions.yml'), 'utf8')) as {
      env: Env;
      jobs: { hunt: Obj; merge: Obj };
    };
    const hunt = wf.jobs.hunt as {
      strategy: { matrix: { shard: number[] } };
      env: Env;
      steps: { name?: string; run?: string; with?: Obj; uses?: string }[];
    };
    const merge = wf.jobs.merge as {
      needs: string;
      steps: { name?: string; run?: string; with?: Obj; uses?: string }[];
    };
    const shards = hunt.strategy.matrix.shard;
    expect(shards).toEqual(Array.from({ length: Number(hunt.env['UFMCHECK_SHARD_COUNT']) }, (_, i) => i)); // the matrix covers 0 … N−1
    expect(registry.map((c) => c.id)).toContain(wf.env['HUNT_ID']);
    expect(merge.needs).toBe('hunt');
    const step = hunt.steps.find((s) => s.name === 'hunt one shard');
    const upload = hunt.steps.find((s) => s.uses?.startsWith('actions/upload-artifact') === true);
    const download = merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact') === true);
    const mergeStep = merge.steps.find((s) => s.name === 'merge the shards');
    if (
      step?.run === undefined ||
      upload?.with === undefined ||
      download?.with === undefined ||
      mergeStep?.run === undefined
    )
      throw new Error('recipe steps not found');
    // Act: every shard job at once, each in its own checkout, with the job's env (matrix value substituted)
    const results = await Promise.all(
      shards.map(async (i) => {
        const dir = join(tmp, `job-${i}`);
        mkdirSync(dir);
        const env: Env = {
          ...wf.env,
          ...Object.fromEntries(
            Object.entries(hunt.env).map(([k, v]) => [k, String(v).replace('${{ matrix.shard }}', String(i))]),
          ),
          ...KNOBS,
        };
        return sh('bash', step.run ?? '', dir, env);
      }),
    );
    // the artifacts, downloaded as actions/download-artifact does (one directory per artifact name)
    const mergeDir = join(tmp, 'merge-job');
    for (const i of shards) {
      const name = String(upload.with['name']).replace('${{ matrix.shard }}', String(i));
      cpSync(join(tmp, `job-${i}`, String(upload.with['path'])), join(mergeDir, String(download.with['path']), name), {
        recursive: true,
      });
    }
    const summary = join(tmp, 'step-summary.md');
    const merged = await sh('bash', mergeStep.run, mergeDir, { ...wf.env, ...KNOBS, GITHUB_STEP_SUMMARY: summary });
    // Assert
    expect(results.map((r) => r.code)).toEqual(shards.map(() => 0));
    expect(merged).toMatchObject({ code: 0 });
    const out = JSON.parse(
      readFileSync(join(mergeDir, 'merged', `hunt-${KNOBS.HUNT_ID}-${wf.env['UFMCHECK_SEED']}.json`), 'utf8'),
    ) as Obj;
    expect(out['shards']).toEqual({ count: shards.length, merged: shards, missing: [] });
    expect(substance(out)).toEqual(substance(await unsharded(String(wf.env['UFMCHECK_SEED']))));
    expect(readFileSync(summary, 'utf8').length).toBeGreaterThan(0);
  }, 180_000);
});

describe('examples/k8s/hunt-indexed-job.yaml', () => {
  it('should run its Indexed Job pods (JOB_COMPLETION_INDEX) on one shared volume and store, then its merge Job', async () => {
    // Arrange
    const docs = parseAllDocuments(readFileSync(join(ROOT, 'examples', 'k8s', 'hunt-indexed-job.yaml'), 'utf8')).map(
      (d) => d.toJS() as Obj,
    );
    type Container = { command: string[]; args: string[]; env?: { name: string; value: string }[] };
    type Job = {
      kind: string;
      metadata: { name: string };
      spec: {
        completionMode?: string;
        completions?: number;
        parallelism?: number;
        suspend?: boolean;
        template: { spec: { containers: Container[] } };
      };
    };
    const jobs = docs.filter((d) => d['kind'] === 'Job') as unknown as Job[];
    const indexed = jobs.find((j) => j.spec.completionMode === 'Indexed');
    const mergeJob = jobs.find((j) => j.spec.suspend === true);
    if (indexed === undefined || mergeJob === undefined) throw new Error('recipe jobs not found');
    const pod = indexed.spec.template.spec.containers[0] as Container;
    const env: Env = Object.fromEntries((pod.env ?? []).map((e) => [e.name, e.value]));
    const n = indexed.spec.completions ?? 0;
    expect(Number(env['UFMCHECK_SHARD_COUNT'])).toBe(n); // the contract: completions = shard count
    expect(indexed.spec.parallelism).toBe(n);
    expect(registry.map((c) => c.id)).toContain(env['HUNT_ID']);
    const volume = join(tmp, 'results');
    mkdirSync(volume);
    const script = (c: Container): string => {
      expect(c.command).toEqual(['sh', '-c']);
      return (c.args[0] ?? '').replaceAll('/results', volume);
    };
    // Act: all pods at once (they share the store: concurrent writers), then the merge Job
    const pods = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        sh('sh', script(pod), ROOT, { ...env, ...KNOBS, JOB_COMPLETION_INDEX: String(i) }),
      ),
    );
    const merged = await sh('sh', script(mergeJob.spec.template.spec.containers[0] as Container), ROOT, {});
    // Assert
    expect(pods.map((p) => p.code)).toEqual(pods.map(() => 0));
    expect(merged.code).toBe(0);
    const out = JSON.parse(
      readFileSync(join(volume, 'merged', `hunt-${KNOBS.HUNT_ID}-${env['UFMCHECK_SEED']}.json`), 'utf8'),
    ) as Obj;
    expect(out['shards']).toEqual({ count: n, merged: Array.from({ length: n }, (_, i) => i), missing: [] });
    expect(substance(out)).toEqual(substance(await unsharded(String(env['UFMCHECK_SEED']))));
    // The shared store holds every index once; a second run of the Job skips everything.
    const again = await sh('sh', script(pod), ROOT, { ...env, ...KNOBS, JOB_COMPLETION_INDEX: '0' });
    expect(again.code).toBe(0);
    const shard0 = JSON.parse(readFileSync(join(volume, 'shard-0', 'hunt.json'), 'utf8')) as {
      tried: number;
      store: { skipped: number };
    };
    expect(shard0).toMatchObject({ tried: 0, store: { skipped: Number(KNOBS.HUNT_BUDGET) / n } });
  }, 180_000);
});
