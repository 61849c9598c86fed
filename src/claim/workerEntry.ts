/**
 * Where a worker thread starts. From the TypeScript sources (a checkout run through tsx or vitest) a worker starts
 * at `<name>.boot.mjs`, which registers tsx in the thread (loader hooks are per thread in Node 20) and imports
 * `<name>.ts`; from the compiled package (dist/, issue 14) it starts at `<name>.js` directly, with no loader.
 */

/**
 * The entry URL of the worker module `name` beside the calling module.
 * @param moduleUrl - the caller's `import.meta.url`
 * @param name - the worker module's base name, e.g. 'huntWorker'
 */
export function workerEntry(moduleUrl: string, name: string): URL {
  return /\.[mc]?ts$/.test(new URL(moduleUrl).pathname)
    ? new URL(`./${name}.boot.mjs`, moduleUrl)
    : new URL(`./${name}.js`, moduleUrl);
}
