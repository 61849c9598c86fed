// Worker-thread entry of `ufmcheck hunt --workers N` (started by src/hunt/pool.ts). Module loader hooks are
// per thread in Node 20, so a worker does not inherit the TypeScript loader of the main thread (bin/ufmcheck.js,
// vitest): register tsx here, exactly as bin/ufmcheck.js does, then run the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./huntWorker.ts');
