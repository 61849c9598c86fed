/**
 * Starts the seed-only overview figures of `verify --report` on a worker thread, before the claims run: they depend
 * on the seed and the selection only (src/report/plan.ts `seedOverview`), so on a machine with a spare core they
 * cost the run nothing. Whatever goes wrong there (the thread cannot start, a figure throws) resolves to undefined
 * and the report computes those figures on the main thread instead.
 */
import { Worker } from 'node:worker_threads';
import type { EarlyFigures, RenderedFigures } from '../report/index.ts';
import { workerEntry } from '../claim/index.ts';

/** The worker's input. */
export interface EarlyWorkerInput {
  readonly ids: readonly string[];
  readonly seed: number;
}

/** The worker's one message. */
export type EarlyWorkerMessage =
  { readonly type: 'done'; readonly result: EarlyFigures } | { readonly type: 'fatal'; readonly message: string };

/** A running early computation. */
export interface EarlyReport {
  /** The figures, or undefined when the worker failed. */
  readonly result: Promise<RenderedFigures | undefined>;
  /** Stops the worker (e.g. the run failed before the report): the result then resolves to undefined. */
  cancel(): void;
}

/**
 * @param ids - the selected claim ids
 * @param seed - the run's seed
 */
export function startEarlyReport(ids: readonly string[], seed: number): EarlyReport {
  let thread: Worker | undefined;
  const result = new Promise<RenderedFigures | undefined>((resolve) => {
    try {
      thread = new Worker(workerEntry(import.meta.url, 'reportWorker'), {
        workerData: { ids: [...ids], seed } satisfies EarlyWorkerInput,
      });
    } catch {
      resolve(undefined);
      return;
    }
    thread.on('message', (m: EarlyWorkerMessage) => {
      resolve(
        m.type === 'done'
          ? { figures: m.result.figures, svgs: new Map(m.result.svgs), problems: m.result.problems }
          : undefined,
      );
    });
    thread.on('error', () => resolve(undefined));
    thread.on('exit', () => resolve(undefined));
  });
  // The worker must not keep the process alive once the command is done with it.
  void result.then(() => thread?.unref());
  return { result, cancel: () => void thread?.terminate() };
}
