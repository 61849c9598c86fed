/**
 * Spreads one shard of a hunt over N threads of computation (`ufmcheck hunt --workers N`): this thread and N − 1
 * worker threads.
 *
 * The threads claim the shard's positions from one atomic counter in a SharedArrayBuffer (position m is index
 * shard.index + shard.count·m, src/hunt/engine.ts), one at a time, so each index is tried exactly once by whichever
 * thread is free: the load balances itself, and this thread is already hunting while the workers start up. Since
 * instance i depends on (seed, i) alone, a run-budget hunt reports exactly what the single-threaded hunt reports
 * (same tried, hits, counts, distribution; only `seconds` and `workers` differ). Each worker loads the conjecture
 * itself from its {@link ConjectureSource} (the registry, or the `--conjecture` module), hunts synchronously, and
 * posts its tries back in batches; this thread hunts in slices of 50 ms and yields between them, so the workers'
 * tries are tallied (progress, fixtures) as they arrive.
 *
 * With one worker the hunt runs in this thread alone (the reference the pool must match). Workers start through
 * the caller's worker entry (src/cli/huntWorker.boot.mjs), which registers the tsx loader in the thread (loader hooks are per thread in Node 20), so
 * this works from bin/ufmcheck.js, from `npx tsx` and from vitest alike. Thread start-up (tsx and the modules,
 * ~0.5 s on an idle core) is the fixed cost of a pool.
 */
import { Worker } from 'node:worker_threads';
import { type Conjecture } from '../claim/index.ts';
import { createTally, huntPositions, shardIndex, type HuntReport, type HuntTry } from './engine.ts';
import { indexSet, skippingNext, type IndexRange } from './indexSet.ts';
import { type HuntBudget, type Shard } from './budget.ts';
import { type HuntSpace } from './mechanism.ts';

/** How to find a conjecture: in the registry, or in a module (absolute path). Plain data, so a worker can use it. */
export type ConjectureSource = { readonly kind: 'registry' } | { readonly kind: 'module'; readonly file: string };

/** Resolves after pending I/O callbacks (signals, worker messages) have run. */
export function yieldToEvents(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** Input of a worker (its `workerData`). */
export interface HuntWorkerInput {
  readonly source: ConjectureSource;
  readonly id: string;
  readonly seed: number;
  readonly shard: Shard;
  readonly budget: HuntBudget;
  /** Absolute deadline in Date.now() ms (time budgets). */
  readonly deadline: number;
  /** The narrowing of the search space (the worker narrows its copy of the conjecture the same way). */
  readonly space: HuntSpace;
  /** One BigInt64 slot: the next position of the shard to claim (Atomics.add). */
  readonly counter: SharedArrayBuffer;
  /** One Int32 slot: non-zero asks every thread to stop before its next instance (a signal, a write failure). */
  readonly stop: SharedArrayBuffer;
  /** Indices not to try (already in the hunt store). */
  readonly skip: readonly IndexRange[];
}

/** Messages from a worker. */
export type HuntWorkerMessage =
  | { readonly type: 'tries'; readonly tries: readonly HuntTry[] }
  | { readonly type: 'done'; readonly tried: number }
  | { readonly type: 'fatal'; readonly message: string };

/** Options of {@link runHuntPool}. */
export interface HuntPoolOptions {
  /** The conjecture (this thread hunts it directly). */
  readonly conjecture: Conjecture;
  /** Where the workers find it. */
  readonly source: ConjectureSource;
  /**
   * The worker thread's entry module (the CLI's huntWorker): the engine does not know where conjectures are
   * registered, so the caller, which does, names the module that loads them in a thread.
   */
  readonly workerEntry: URL;
  readonly seed: number;
  readonly shard: Shard;
  readonly budget: HuntBudget;
  /** Threads of computation, ≥ 1 (this one and workers − 1 worker threads). */
  readonly workers: number;
  /** The space `conjecture` was narrowed to (the workers narrow theirs the same way). @defaultValue {} */
  readonly space?: HuntSpace;
  /**
   * Called for every try as it arrives (by index within a thread, interleaved across threads). If it throws, the
   * hunt stops (every thread, before its next instance) and runHuntPool rejects with that error.
   */
  readonly onTry?: (t: HuntTry) => void;
  /**
   * Asked between instances (this thread) and every slice of 50 ms; true stops every thread before its next
   * instance (a signal, a write failure): the report then holds what was tried so far.
   */
  readonly shouldStop?: () => boolean;
  /** Indices not to try (the hunt store's tried ranges). @defaultValue none */
  readonly skip?: readonly IndexRange[];
}

/** How long a stopped pool waits for its workers to finish their current instance before terminating them. */
export const STOP_GRACE_MS = 2000;

/** Largest accepted --workers. */
export const MAX_WORKERS = 256;

/** A claim on the shared position counter. */
export function claimFrom(counter: SharedArrayBuffer): () => number {
  const slot = new BigInt64Array(counter);
  return () => Number(Atomics.add(slot, 0, 1n));
}

/** Starts one worker thread; the promise settles when it is done (or fails). */
function startWorker(
  w: number,
  entry: URL,
  input: HuntWorkerInput,
  onTries: (tries: readonly HuntTry[]) => void,
): { readonly thread: Worker; readonly done: Promise<void> } {
  const thread = new Worker(entry, { workerData: input });
  const done = new Promise<void>((resolveDone, reject) => {
    let settled = false;
    thread.on('message', (m: HuntWorkerMessage) => {
      if (m.type === 'tries') onTries(m.tries);
      else {
        settled = true;
        if (m.type === 'done') resolveDone();
        else reject(new Error(`hunt worker ${w}: ${m.message}`));
      }
    });
    thread.on('error', (e) => {
      settled = true;
      reject(new Error(`hunt worker ${w} crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
    });
    thread.on('exit', (code) => {
      if (!settled) reject(new Error(`hunt worker ${w} exited with code ${code} before finishing`));
    });
  });
  return { thread, done };
}

/**
 * Runs one shard of a hunt on `workers` threads.
 *
 * @param o - conjecture, source, seed, shard, budget, workers, callback
 * @returns the report (independent of `workers` for a run budget, except `seconds` and `workers`)
 * @throws {Error} when a worker fails (it could not load the conjecture, or crashed)
 * @example
 * await runHuntPool({ conjecture, source: { kind: 'registry' }, seed: 1, shard: { index: 0, count: 1 },
 *   budget: { kind: 'runs', runs: 500 }, workers: 2 }); // => { tried: 500, hits: [...], … }
 */
export async function runHuntPool(o: HuntPoolOptions): Promise<HuntReport> {
  if (!Number.isInteger(o.workers) || o.workers < 1 || o.workers > MAX_WORKERS)
    throw new RangeError(`workers must be an integer in [1, ${MAX_WORKERS}]; got ${o.workers}`);
  const t0 = performance.now();
  const tally = createTally();
  const stop = new SharedArrayBuffer(4);
  const stopFlag = new Int32Array(stop);
  const stopped = (): boolean => Atomics.load(stopFlag, 0) !== 0;
  const requestStop = (): void => {
    Atomics.store(stopFlag, 0, 1);
  };
  let failure: unknown;
  const add = (t: HuntTry): void => {
    if (failure !== undefined) return; // after a failure nothing more is tallied or saved
    try {
      tally.add(t);
      o.onTry?.(t);
    } catch (e) {
      failure = e;
      requestStop();
    }
  };
  const counter = new SharedArrayBuffer(8);
  const limit = o.budget.kind === 'runs' ? o.budget.runs : Number.MAX_SAFE_INTEGER;
  const skip = o.skip ?? [];
  const { next } = skippingNext(
    claimFrom(counter),
    (m) => shardIndex(o.shard, m),
    skip.length > 0 ? indexSet(skip) : undefined,
    limit,
  );
  const deadline = o.budget.kind === 'time' ? Date.now() + o.budget.ms : Number.MAX_SAFE_INTEGER;
  const input: HuntWorkerInput = {
    source: o.source,
    id: o.conjecture.id,
    seed: o.seed,
    shard: o.shard,
    budget: o.budget,
    deadline,
    counter,
    stop,
    skip,
    space: o.space ?? {},
  };
  const workers = Array.from({ length: o.workers - 1 }, (_, w) =>
    startWorker(w + 1, o.workerEntry, input, (tries) => tries.forEach(add)),
  );
  const all = Promise.all(workers.map((w) => w.done));
  all.catch((e: unknown) => {
    failure ??= e;
    requestStop();
  });
  const shouldStop = (): boolean => {
    if (!stopped() && o.shouldStop?.() === true) requestStop();
    return stopped();
  };
  try {
    // This thread is participant 0: it hunts in 50 ms slices and yields between them, so that signals are handled
    // and the workers' batches are tallied (with one worker too: a Ctrl-C is seen within one instance).
    for (let first = true; ; first = false) {
      const r = huntPositions(o.conjecture, {
        seed: o.seed,
        shard: o.shard,
        budget: o.budget,
        deadline,
        next,
        onTry: add,
        shouldStop,
        sliceMs: 50,
        atLeastOne: first && !shouldStop(),
      });
      if (failure !== undefined) throw failure;
      if (r.finished) break;
      await yieldToEvents();
    }
    if (workers.length > 0) {
      // Wait for the workers, asking the stop condition every 50 ms (a bounded wait, never a spin); once stopped,
      // they get STOP_GRACE_MS to finish their instance and post their batch, then they are terminated.
      let done = false;
      void all.then(
        () => {
          done = true;
        },
        () => {
          done = true;
        },
      );
      let stoppedAt: number | undefined;
      while (!done) {
        await new Promise<void>((r) => setTimeout(r, 50));
        if (shouldStop()) stoppedAt ??= performance.now();
        if (stoppedAt !== undefined && performance.now() - stoppedAt > STOP_GRACE_MS) break;
      }
      await yieldToEvents(); // lets the last batches' messages be handled
      if (failure !== undefined) throw failure;
    }
  } finally {
    requestStop();
    await Promise.all(workers.map((w) => w.thread.terminate()));
  }
  return tally.report(
    {
      id: o.conjecture.id,
      cite: o.conjecture.cite,
      statement: o.conjecture.statement,
      seed: o.seed,
      budget: o.budget,
      shard: o.shard,
      workers: o.workers,
      seconds: (performance.now() - t0) / 1000,
    },
    o.conjecture,
  );
}
