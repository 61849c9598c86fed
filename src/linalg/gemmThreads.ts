/**
 * Helper threads for gemmAuto.ts's large products (issue 13 item 4: both cores). The packed operands live in one
 * shared WebAssembly memory (wasmGemmShared.ts); a product's column panels are split between the calling thread and
 * `threads − 1` helper threads, each running the `panels` export of its own instance over that memory. Each entry of
 * C is computed by exactly one thread with the same arithmetic as unsplit, so results are bit-identical whatever
 * the split (tests/unit/linalg/gemmThreads.test.ts).
 *
 * This layer holds the protocol only; threads are started by a {@link HelperHost} that a higher layer installs
 * ({@link installGemmHelpers}; src/claim/runtime.ts does, with Node's worker threads), because the numeric layers
 * stay free of I/O and process-wide effects (tests/architecture.test.ts). Without one, every product runs on the
 * calling thread.
 *
 * Synchronisation: one 128-byte SharedArrayBuffer per helper — [0] job sequence number, [1] the last finished job,
 * [2] the job's opcode, [3 …] its integer arguments, [12] an error flag, [13] "started"; α, β as doubles from byte
 * 64. The caller writes a job, bumps [0] and notifies; the helper (blocked in Atomics.wait on [0]) runs it, stores its
 * number in [1] and notifies; the caller does its own share meanwhile, then waits on [1]. A new memory (gemmAuto
 * grows its heap by replacing it) goes to the helper through the host (`send`) and is picked up by a "rebind" job.
 *
 * Failure is never silent and never wrong: a helper that does not start within {@link START_TIMEOUT_MS} leaves the
 * products to the caller alone; a helper that throws sets the error flag; one that does not answer within
 * {@link JOB_TIMEOUT_MS} is stopped. Either way {@link runPanels} reports the product as failed, threading is switched
 * off for the rest of the process, and the caller (gemmAuto.ts) abandons that memory — a stopped helper might still
 * be writing into it — and computes the product again on its own from the original operands.
 */
import type { WasmMemory } from './wasmEncode.ts';
import type { SharedGemm } from './wasmGemmShared.ts';

/** Starts helper threads for {@link installGemmHelpers} (implemented above the numeric layers). */
export interface HelperHost {
  /**
   * Starts one thread running `source` (a CommonJS program using only Node's built-ins) with `workerData` =
   * { module, port, ctl }, where `port` delivers what {@link HelperHandle.send} sends (read synchronously with
   * worker_threads.receiveMessageOnPort). The thread must not keep the process alive.
   */
  start(source: string, module: object, ctl: SharedArrayBuffer): HelperHandle;
}

/** One started helper. */
export interface HelperHandle {
  /** Sends a value (a shared memory) to the helper's port. */
  send(value: WasmMemory): void;
  /** Stops the thread (asynchronously). */
  stop(): void;
}

/** The most helper-thread time a caller waits for one job before it takes the work back. */
export const JOB_TIMEOUT_MS = 120_000;

const OP_EXIT = 0,
  OP_PANELS = 1,
  OP_REBIND = 2;
const I_SEQ = 0,
  I_DONE = 1,
  I_OP = 2,
  I_ARGS = 3,
  I_ERROR = 12,
  I_READY = 13;

/** How long a new helper may take to start before threading is given up (first large product only). */
export const START_TIMEOUT_MS = 10_000;

/** The helper's program (evaluated as CommonJS in the worker: no file to resolve from sources or the bundle). */
const HELPER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { module, port, ctl } = workerData;
const I = new Int32Array(ctl, 0, 16);
const D = new Float64Array(ctl, 64, 2);
let ex;
let seq = 0;
Atomics.store(I, ${I_READY}, 1);
Atomics.notify(I, ${I_READY});
for (;;) {
  Atomics.wait(I, ${I_SEQ}, seq);
  seq = Atomics.load(I, ${I_SEQ});
  const opc = I[${I_OP}];
  if (opc === ${OP_EXIT}) break;
  try {
    if (opc === ${OP_REBIND}) {
      const m = receiveMessageOnPort(port);
      if (m === undefined) throw new Error('no memory on the port');
      ex = new WebAssembly.Instance(module, { env: { mem: m.message } }).exports;
    } else if (opc === ${OP_PANELS}) {
      const a = ${I_ARGS};
      ex.panels(I[a], I[a + 1], I[a + 2], D[0], D[1], I[a + 3], I[a + 4], I[a + 5], I[a + 6], I[a + 7]);
    }
  } catch (e) {
    Atomics.store(I, ${I_ERROR}, 1);
  }
  Atomics.store(I, ${I_DONE}, seq);
  Atomics.notify(I, ${I_DONE});
}
`;

interface Helper {
  readonly handle: HelperHandle;
  readonly I: Int32Array;
  readonly D: Float64Array;
  seq: number;
  memory: WasmMemory | undefined;
}

let helpers: Helper[] | undefined;
let disabled = false;
let host: HelperHost | undefined;
let threadCount = 1;
let splitProducts = 0;

/** How many products have been split between threads in this thread's lifetime (for tests and benches). */
export function splitProductCount(): number {
  return splitProducts;
}

/**
 * Installs the thread host and the number of threads a product may use (1: none), replacing any running helpers;
 * `undefined` removes the host. Called once at start-up by src/claim/runtime.ts (and by tests).
 */
export function installGemmHelpers(threads: number, h: HelperHost | undefined): void {
  shutdown();
  disabled = false;
  host = h;
  threadCount = h === undefined || !(Number.isInteger(threads) && threads >= 1) ? 1 : threads;
}

/** Number of threads a product may use (1 without a host). */
export function gemmThreadCount(): number {
  return disabled || host === undefined ? 1 : threadCount;
}

/** The helpers (started on first use), or an empty list when threading is off or cannot start. */
function helpersFor(module: object): Helper[] {
  if (disabled || host === undefined) return [];
  if (helpers !== undefined) return helpers;
  helpers = [];
  try {
    for (let t = 1; t < threadCount; t++) {
      const ctl = new SharedArrayBuffer(128);
      const I = new Int32Array(ctl, 0, 16);
      const handle = host.start(HELPER_SOURCE, module, ctl);
      helpers.push({ handle, I, D: new Float64Array(ctl, 64, 2), seq: 0, memory: undefined });
      if (Atomics.wait(I, I_READY, 0, START_TIMEOUT_MS) === 'timed-out' && Atomics.load(I, I_READY) !== 1)
        throw new Error('helper did not start');
    }
  } catch {
    shutdown();
  }
  return helpers ?? [];
}

/** Posts a job to a helper (arguments already written) and wakes it. */
function post(h: Helper, opc: number): void {
  Atomics.store(h.I, I_OP, opc);
  h.seq++;
  Atomics.store(h.I, I_SEQ, h.seq);
  Atomics.notify(h.I, I_SEQ);
}

/** Waits for the helper's current job; false when it failed or did not answer in time (module doc). */
function finished(h: Helper): boolean {
  const deadline = performance.now() + JOB_TIMEOUT_MS;
  for (;;) {
    const done = Atomics.load(h.I, I_DONE);
    if (done === h.seq) return Atomics.load(h.I, I_ERROR) === 0;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    Atomics.wait(h.I, I_DONE, done, Math.min(left, 1000));
  }
}

/** Stops the helpers and switches threading off until the next {@link installGemmHelpers}. */
function shutdown(): void {
  for (const h of helpers ?? []) {
    Atomics.store(h.I, I_OP, OP_EXIT);
    Atomics.store(h.I, I_SEQ, h.seq + 1);
    Atomics.notify(h.I, I_SEQ);
    h.handle.stop();
  }
  if (helpers !== undefined) disabled = true;
  helpers = undefined;
}

/**
 * Runs `panels` over the column panels [0, N) of a packed product (wasmGemmShared.ts), split between this thread
 * (instance `own`) and the helpers.
 * @returns the number of threads that took part, or 0 when a helper failed (module doc: C in the memory is then
 *   not to be used)
 */
export function runPanels(
  module: object,
  own: SharedGemm,
  M: number,
  N: number,
  K: number,
  alpha: number,
  beta: number,
  oA: number,
  oB: number,
  oC: number,
  panelWidth: number,
): number {
  const hs = helpersFor(module);
  const panels = Math.ceil(N / panelWidth);
  const parts = Math.min(hs.length + 1, panels);
  if (parts <= 1) {
    own.panels(M, N, K, alpha, beta, oA, oB, oC, 0, N);
    return 1;
  }
  // Panel ranges: part t gets panels [⌊t·P/parts⌋, ⌊(t+1)·P/parts⌋); part 0 is this thread's.
  const edge = (t: number): number => Math.min(N, Math.floor((t * panels) / parts) * panelWidth);
  const used: Helper[] = [];
  for (let t = 1; t < parts; t++) {
    const h = hs[t - 1] as Helper;
    if (h.memory !== own.memory) {
      h.handle.send(own.memory);
      post(h, OP_REBIND);
      if (!finished(h)) {
        shutdown();
        return 0;
      }
      h.memory = own.memory;
    }
    const a = I_ARGS;
    h.I.set([M, N, K, oA, oB, oC, edge(t), edge(t + 1)], a);
    h.D[0] = alpha;
    h.D[1] = beta;
    post(h, OP_PANELS);
    used.push(h);
  }
  own.panels(M, N, K, alpha, beta, oA, oB, oC, 0, edge(1));
  let ok = true;
  for (const h of used) ok = finished(h) && ok;
  if (!ok) {
    shutdown();
    return 0;
  }
  splitProducts++;
  return parts;
}
