/**
 * Atomic file writes for fixtures and reports: the text goes to a temporary file in the target's directory, is
 * flushed to disk, and is renamed over the target. A reader sees the old file or the whole new one, never half of
 * it; if anything fails the temporary file is removed and the target is untouched.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

let counter = 0;

/**
 * Writes `text` to `file` atomically (temp file + fsync + rename), creating missing parent directories.
 *
 * @param file - target path
 * @param text - full contents (UTF-8)
 * @throws the underlying fs error (ENOSPC, EACCES, …) after removing the temporary file
 */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  counter += 1;
  const tmp = `${file}.${process.pid}.${counter}.tmp`;
  try {
    const fd = openSync(tmp, 'wx');
    try {
      writeFileSync(fd, text, 'utf8'); // loops until every byte is written
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
