/**
 * A deadline for user modules (issue 12: "plug-ins … get a deadline"). A loss plug-in or conjecture module is first
 * loaded and checked in a throw-away worker thread; if that does not finish within the deadline — an infinite loop
 * at import time or in a kernel on the check's sample logits — the worker is terminated and the command ends with a
 * one-line usage error instead of hanging. Only then is the module loaded in the main thread (so its top-level code
 * runs twice: plug-ins must not have side effects at import, which the README states).
 *
 * What this does not bound: a kernel that loops only on inputs a later solve happens to reach; `--timeout-per-run`
 * cannot interrupt synchronous plug-in code either (the cooperative deadline is checked between iterations).
 */
import { workerEntry } from './workerEntry.ts';
import { Worker } from 'node:worker_threads';
import { UsageError } from '../core/index.ts';

/** Default deadline of the probe (load, shape and derivative checks), in ms; UFMCHECK_PLUGIN_TIMEOUT overrides (s). */
export const PLUGIN_TIMEOUT_MS = 30_000;

/** The probe's deadline: UFMCHECK_PLUGIN_TIMEOUT seconds when set to a positive number, else PLUGIN_TIMEOUT_MS. */
export function pluginTimeoutMs(env: Readonly<Record<string, string | undefined>>): number {
  const s = env['UFMCHECK_PLUGIN_TIMEOUT'];
  const x = s === undefined || !/^\d+(\.\d+)?$/.test(s) ? Number.NaN : Number(s) * 1000;
  return x > 0 ? x : PLUGIN_TIMEOUT_MS;
}

/**
 * Loads and checks `file` in a worker thread within `timeoutMs`.
 *
 * @throws {UsageError} naming `field` when the deadline passed or the probe thread itself died; a module that loads
 *   but fails its checks is not an error here (the main thread's load reports it)
 */
export async function probeModule(
  kind: 'loss' | 'conjecture',
  file: string,
  display: string,
  field: string,
  timeoutMs: number,
): Promise<void> {
  const worker = new Worker(workerEntry(import.meta.url, 'moduleProbeWorker'), {
    workerData: { kind, file, display, field },
    stdout: true,
    stderr: true,
  });
  const result = await new Promise<{ ok: true } | { ok: false; usage: boolean; message: string } | 'timeout' | Error>(
    (res) => {
      const timer = setTimeout(() => res('timeout'), timeoutMs);
      worker.once('message', (m: { ok: true } | { ok: false; usage: boolean; message: string }) => {
        clearTimeout(timer);
        res(m);
      });
      worker.once('error', (e: Error) => {
        clearTimeout(timer);
        res(e);
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        res(new Error(`the probe thread exited with code ${code}`));
      });
    },
  );
  await worker.terminate();
  if (result === 'timeout') {
    throw new UsageError(
      field,
      `'${display}' did not finish loading and checking within ${Math.round(timeoutMs / 1000)} s (an infinite loop at import or in a kernel?); UFMCHECK_PLUGIN_TIMEOUT sets the deadline in seconds`,
    );
  }
  if (result instanceof Error)
    throw new UsageError(field, `'${display}' could not be loaded: ${result.message.split('\n')[0] ?? ''}`);
  // A module that finished but failed (a missing export, a failed slope test, a throw) is left to the main thread's
  // load, which reproduces the failure with its full reporting (--verbose lists every failed check): the probe only
  // bounds the time.
}
