/**
 * The report worker of `verify --report` (started by reportEarly.ts through reportWorker.boot.mjs): computes and
 * renders the seed-only overview figures (src/report/early.ts) while the main thread runs the claims, then posts
 * them back once. A failure is posted as its message; the main thread then computes the figures itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { earlyFigures } from '../report/index.ts';
import type { EarlyWorkerInput, EarlyWorkerMessage } from './reportEarly.ts';

const port = parentPort;
if (port === null) throw new Error('reportWorker.ts must run in a worker thread');
const input = workerData as EarlyWorkerInput;
try {
  port.postMessage({ type: 'done', result: await earlyFigures(input.ids, input.seed) } satisfies EarlyWorkerMessage);
} catch (e) {
  port.postMessage({
    type: 'fatal',
    message: e instanceof Error ? (e.stack ?? e.message) : String(e),
  } satisfies EarlyWorkerMessage);
}
