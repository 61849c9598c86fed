/**
 * A hunt worker thread (started by huntPool.ts through huntWorker.boot.mjs): loads its conjecture from the
 * registry or the user's module (narrowed to the hunt's search space), claims positions of the shard from the shared counter until they run out (or the
 * deadline passes, or the pool raises its stop flag), skipping the indices already in the hunt store, and posts the tries back in batches (every 100 ms or 256 tries, and at the end), then `done`.
 * Any failure is posted as `fatal` with the message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { enableWasmFma, errorMessage } from '../claim/index.ts';
import { huntPositions, indexSet, narrowConjecture, shardIndex, skippingNext, type HuntTry } from '../hunt/index.ts';
import { conjectureFrom } from './huntSources.ts';
import { claimFrom, type HuntWorkerInput, type HuntWorkerMessage } from '../hunt/index.ts';

const port = parentPort;
if (port === null) throw new Error('huntWorker.ts must run in a worker thread');
const post = (m: HuntWorkerMessage): void => port.postMessage(m);

// The product kernels as the main thread compiles them (src/claim/runtime.ts item 3): V8 flags are per process,
// but each thread compiles its own kernel modules and keeps its own UFMCHECK_WASM_FMA decision.
enableWasmFma(process.env['UFMCHECK_WASM_FMA']);
const input = workerData as HuntWorkerInput;
const stop = new Int32Array(input.stop);
try {
  const conjecture = narrowConjecture(await conjectureFrom(input.source, input.id), input.space);
  let batch: HuntTry[] = [];
  let last = Date.now();
  const flush = (): void => {
    if (batch.length === 0) return;
    post({ type: 'tries', tries: batch });
    batch = [];
    last = Date.now();
  };
  const { tried } = huntPositions(conjecture, {
    seed: input.seed,
    shard: input.shard,
    budget: input.budget,
    deadline: input.deadline,
    next: skippingNext(
      claimFrom(input.counter),
      (m) => shardIndex(input.shard, m),
      input.skip.length > 0 ? indexSet(input.skip) : undefined,
      input.budget.kind === 'runs' ? input.budget.runs : Number.MAX_SAFE_INTEGER,
    ).next,
    atLeastOne: false,
    shouldStop: () => Atomics.load(stop, 0) !== 0,
    onTry: (t) => {
      batch.push(t);
      if (batch.length >= 256 || Date.now() - last >= 100) flush();
    },
  });
  flush();
  post({ type: 'done', tried });
} catch (e) {
  post({ type: 'fatal', message: e instanceof Error ? (e.stack ?? errorMessage(e)) : errorMessage(e) });
}
