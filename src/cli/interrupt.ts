/**
 * SIGINT / SIGTERM for the long commands (issue 12 item 1): the first signal is recorded, the command stops at its
 * next safe point (between claims for `verify`, between instances for `hunt`), flushes what it found, prints a
 * partial summary (also under --json) and exits 128 + signal: 130 for SIGINT, 143 for SIGTERM. A second signal while
 * flushing is left to Node's default handler, so a stuck process can still be killed.
 *
 * Safe points are needed because a check is synchronous: JavaScript cannot run the handler in the middle of it, so
 * the latency of a Ctrl-C is at most one claim (verify) or one instance (hunt).
 */
import { ExitCode } from './exitCodes.ts';

/** The signals handled. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** A watch on the stop signals; `signal` is the first one received (undefined until then). */
export interface InterruptWatch {
  readonly signal: StopSignal | undefined;
  /** Removes the handlers (always call it, in a finally). */
  dispose(): void;
}

/**
 * Installs one-shot handlers for SIGINT and SIGTERM.
 *
 * @param onSignal - called once with the first signal (e.g. to stop worker threads)
 */
export function watchInterrupts(onSignal?: (s: StopSignal) => void): InterruptWatch {
  let got: StopSignal | undefined;
  const handlers = new Map<StopSignal, () => void>();
  for (const s of ['SIGINT', 'SIGTERM'] as const) {
    const h = (): void => {
      if (got !== undefined) return;
      got = s;
      // Later signals fall through to Node's default (exit), in case flushing hangs.
      for (const [sig, fn] of handlers) process.removeListener(sig, fn);
      onSignal?.(s);
    };
    handlers.set(s, h);
    process.on(s, h);
  }
  return {
    get signal() {
      return got;
    },
    dispose() {
      for (const [sig, fn] of handlers) process.removeListener(sig, fn);
    },
  };
}

/** 130 for SIGINT, 143 for SIGTERM. */
export function signalExitCode(s: StopSignal): number {
  return s === 'SIGINT' ? ExitCode.sigint : ExitCode.sigterm;
}

export { yieldToEvents } from '../hunt/index.ts';
