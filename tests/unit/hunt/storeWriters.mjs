// Stress writer for tests/unit/hunt/store.test.ts: one process with WORKERS worker threads, each appending RECORDS
// tried records (3 distinct indices each) to one hunt-store key, all at once. Run twice at the same time against one
// store: 2 processes × 2 threads. argv: storeDir writerId. Prints nothing; exits non-zero on any failure.
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const WORKERS = 2;
const RECORDS = 100;
const KEY = { id: 'fake.sum.below-22', seed: 7, space: {} };

if (isMainThread) {
  const [store, writer] = process.argv.slice(2);
  const threads = Array.from(
    { length: WORKERS },
    (_, t) => new Worker(new URL(import.meta.url), { workerData: { store, slot: Number(writer) * WORKERS + t } }),
  );
  const codes = await Promise.all(threads.map((w) => new Promise((res) => w.on('exit', res))));
  process.exitCode = codes.every((c) => c === 0) ? 0 : 1;
} else {
  const { openHuntStore } = await import('../../../src/hunt/store.ts');
  const { store, slot } = workerData;
  const w = openHuntStore(store, KEY);
  for (let r = 0; r < RECORDS; r++) {
    const base = 3 * (r * 4 + slot); // 4 writers (2 processes × 2 threads) interleave disjoint blocks of 3 indices
    w.appendTried([base, base + 1, base + 2], { noHit: 3, inconclusive: 0, errors: 0, hits: 0 });
  }
}
