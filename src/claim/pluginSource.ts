/**
 * Where a loaded plug-in loss came from (issue 11 item 7): path and content hash, recorded in point files and
 * fixtures so that metrics, certify and replay can load the same module again — and refuse a changed one.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Where a plug-in loss came from: recorded in point files and fixtures so that they can be replayed (issue 11 item 7). */
export interface PluginSource {
  /** Absolute path of the module when it was loaded. */
  readonly path: string;
  /** sha256 of the module's bytes, hex. */
  readonly sha256: string;
}

/** Sources of the loaded plug-ins, by loss id. */
const sources = new Map<string, PluginSource>();

/** The module a registered plug-in loss was loaded from (undefined for built-in and catalogue losses). */
export function pluginSourceOf(lossId: string): PluginSource | undefined {
  return sources.get(lossId);
}

/** sha256 of a file, hex (undefined when it cannot be read). */
export function fileSha256(file: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

/** Records the source of a plug-in loss (plugin.ts, when a module is loaded). */
export function recordPluginSource(lossId: string, source: PluginSource): void {
  sources.set(lossId, source);
}

/** Reads `{path, sha256}` from JSON (undefined when absent or malformed). */
export function parsePluginSource(u: unknown): PluginSource | undefined {
  if (typeof u !== 'object' || u === null) return undefined;
  const o = u as Record<string, unknown>;
  return typeof o['path'] === 'string' && typeof o['sha256'] === 'string' && /^[0-9a-f]{64}$/.test(o['sha256'])
    ? { path: o['path'], sha256: o['sha256'] }
    : undefined;
}
