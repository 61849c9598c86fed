/**
 * Atomic file writes for fixtures and reports: the text goes to a temporary file in the target's directory, is
 * flushed to disk, and is renamed over the target. A reader sees the old file or the whole new one, never half of
 * it; if anything fails the temporary file is removed and the target is untouched.
 *
 * Failures are {@link OutputError}s (one line: the path and the reason — full disk, read-only file system,
 * permission, a directory that vanished), which the CLI maps to exit 73 (issue 12 item 1). Directories are created
 * one level at a time: Node's `mkdirSync(…, { recursive: true })` loops forever under /proc.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';
import { OutputError } from '../core/index.ts';

let counter = 0;

/**
 * Writes `text` to `file` atomically (temp file + fsync + rename), creating missing parent directories.
 *
 * @param file - target path
 * @param text - full contents (UTF-8)
 * @throws {OutputError} naming the file and the reason, after removing the temporary file
 */
export function writeFileAtomic(file: string, text: string): void {
  ensureDir(dirname(file));
  counter += 1;
  // Unique across processes (pid), worker threads of one process (threadId: each thread has its own counter) and
  // restarts (random bits): two writers must never share a temporary file, or one's cleanup removes the other's.
  const tmp = `${file}.${process.pid}.${threadId}.${counter}.${randomBytes(4).toString('hex')}.tmp`;
  let created = false;
  try {
    const fd = openSync(tmp, 'wx');
    created = true;
    try {
      writeFileSync(fd, text, 'utf8'); // loops until every byte is written
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    if (created) rmSync(tmp, { force: true });
    throw new OutputError(file, ioReason(e));
  }
}

/**
 * Creates `dir` and its missing parents one level at a time (bounded by the path's depth).
 *
 * @throws {OutputError} naming the directory when a level cannot be created or a path component is not a directory
 */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  let cur = dir;
  for (;;) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(cur, { throwIfNoEntry: false });
    } catch {
      st = undefined; // ENOTDIR: a component above is a file; the walk up reaches it and names it
    }
    if (st !== undefined) {
      if (!st.isDirectory()) throw new OutputError(cur, 'exists and is not a directory');
      break;
    }
    missing.push(cur);
    const up = dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as { code?: unknown }).code === 'EEXIST' && statSync(d, { throwIfNoEntry: false })?.isDirectory() === true)
        continue;
      throw new OutputError(d, `cannot create the directory: ${ioReason(e)}`);
    }
  }
}

/** A one-line reason for a file-system error. */
export function ioReason(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  switch (code) {
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EROFS':
      return 'read-only file system';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'a directory on the path does not exist (or vanished)';
    case 'ENOTDIR':
      return 'a component of the path is not a directory';
    case 'EISDIR':
      return 'is a directory';
    case 'EIO':
      return 'input/output error';
    default: {
      const m = e instanceof Error ? e.message : String(e);
      return (m.split('\n')[0] ?? m).slice(0, 160);
    }
  }
}
