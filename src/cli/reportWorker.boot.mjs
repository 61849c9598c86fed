// Worker-thread entry of `verify --report` (started by src/cli/reportEarly.ts). Module loader hooks are per thread
// in Node 20, so register tsx here, exactly as bin/ufmcheck.js and huntWorker.boot.mjs do, then run the worker.
import { register } from 'tsx/esm/api';

register();
await import('./reportWorker.ts');
