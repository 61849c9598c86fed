/** Newest modification time (ms) of the .ts files under the directory URL `dir`. */
export function newestSource(dir: URL): number;
/** The compiled CLI under the package root URL: the bundle, else the unbundled build, else undefined. */
export function compiledCli(root: URL): URL | undefined;
/** Whether root's compiled CLI exists and, in a checkout, no source file is newer than it. */
export function buildIsCurrent(root: URL): boolean;
