/**
 * Writes a built report into a directory: each file atomically (src/claim/atomicWrite.ts), the directory created
 * when missing. Files of an earlier report with other names are left alone.
 */
import { join } from 'node:path';
import { ensureDir, writeFileAtomic } from '../claim/index.ts';
import type { ReportFiles } from './build.ts';

/**
 * @param dir - absolute directory
 * @param report - the files
 * @returns the paths written
 */
export function writeReport(dir: string, report: ReportFiles): string[] {
  // ensureDir, not Node's recursive mkdir (which loops forever under /proc): a failure is an OutputError (exit 73).
  ensureDir(dir);
  const out: string[] = [];
  for (const [name, content] of report.files) {
    const p = join(dir, name);
    writeFileAtomic(p, content);
    out.push(p);
  }
  return out;
}
