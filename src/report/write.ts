/**
 * Writes a built report into a directory: each file atomically (src/claim/atomicWrite.ts), the directory created
 * when missing. Files of an earlier report with other names are left alone.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../claim/index.ts';
import type { ReportFiles } from './build.ts';

/**
 * @param dir - absolute directory
 * @param report - the files
 * @returns the paths written
 */
export function writeReport(dir: string, report: ReportFiles): string[] {
  mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (const [name, content] of report.files) {
    const p = join(dir, name);
    writeFileAtomic(p, content);
    out.push(p);
  }
  return out;
}
