// Worker-thread entry of the plug-in probe (src/claim/moduleProbe.ts): register tsx in this thread (loader hooks are
// per thread in Node 20), then run the TypeScript probe.
import { register } from 'tsx/esm/api';

register();
await import('./moduleProbeWorker.ts');
