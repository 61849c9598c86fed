/**
 * The probe's worker body (src/claim/moduleProbe.ts): loads the user's module the way the main thread will — for a
 * loss, import + shape + Taylor-slope and trait checks; for conjectures, import + shape — and reports success or the
 * one-line error. Never registers anything (the probe's thread is thrown away).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UsageError } from '../core/index.ts';
import { loadConjectureModule } from './userModule.ts';
import { loadLossModule } from './plugin.ts';
import { errorMessage } from './run.ts';

interface ProbeInput {
  readonly kind: 'loss' | 'conjecture';
  readonly file: string;
  readonly display: string;
  readonly field: string;
}

const input = workerData as ProbeInput;
try {
  if (input.kind === 'loss')
    await loadLossModule(input.file, { display: input.display, field: input.field, register: false, probe: false });
  else await loadConjectureModule(input.file, input.display, input.field, { probe: false });
  parentPort?.postMessage({ ok: true });
} catch (e) {
  parentPort?.postMessage({
    ok: false,
    usage: e instanceof UsageError,
    message: e instanceof UsageError ? e.message : errorMessage(e),
  });
}
