/**
 * Reading the files a user hands us (point files, fixtures, hunt fixtures, stored JSON results) without trusting
 * them (issue 12 item 2): only regular files (a FIFO would block forever, /dev/zero never ends), a size checked
 * before anything is read, a nesting depth checked before JSON.parse (a 10 000-deep array must not exhaust the
 * stack of the validators), and one-line errors naming the field — a dangling symlink or a directory included.
 */
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { UsageError } from '../core/index.ts';
import { ioReason } from './atomicWrite.ts';

/** Largest input file read (bytes): a point file of the paper-scale collapsed form is far below it. */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;
/** Deepest JSON nesting accepted: every format of ours nests at most ~6 levels. */
export const MAX_JSON_DEPTH = 64;

/** Options of {@link readInputText} and {@link readInputJson}. */
export interface ReadInputOptions {
  /** @defaultValue MAX_INPUT_BYTES */
  readonly maxBytes?: number;
  /** @defaultValue MAX_JSON_DEPTH (JSON only) */
  readonly maxDepth?: number;
}

/**
 * Reads a regular file as UTF-8 text.
 *
 * @param file - the path
 * @param field - the name the error carries (`--point`, `fixture`, …)
 * @throws {UsageError} naming `field`: missing, dangling link, not a regular file, larger than maxBytes, unreadable
 */
export function readInputText(file: string, field: string, o: ReadInputOptions = {}): string {
  const maxBytes = o.maxBytes ?? MAX_INPUT_BYTES;
  if (file === '') throw new UsageError(field, 'is an empty path');
  let fd: number;
  try {
    // Check before opening: opening a FIFO for reading blocks until a writer appears.
    const st = statSync(file);
    if (!st.isFile()) throw new UsageError(field, `${file} is not a regular file (${kindOf(st)})`);
    fd = openSync(file, 'r');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    // The file-as-field form keeps the plain 'no such file' wording of the fixture readers.
    throw new UsageError(field, field === file ? reason(e) : `cannot read ${file}: ${reason(e)}`);
  }
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes) throw new UsageError(field, `${file} has ${size} bytes, more than the ${maxBytes} accepted`);
    const buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.toString('utf8', 0, off);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(field, `cannot read ${file}: ${reason(e)}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Parses JSON text whose nesting is at most `maxDepth` (scanned first, outside strings, so that no recursive
 * validator meets a pathological document).
 *
 * @throws {UsageError} naming `field` for invalid JSON (with the parser's position) or too deep a document
 */
export function parseInputJson(text: string, field: string, what: string, o: ReadInputOptions = {}): unknown {
  const maxDepth = o.maxDepth ?? MAX_JSON_DEPTH;
  const depth = jsonDepth(text);
  // When the field is the file itself, the message does not repeat its name.
  const subject = what === field ? '' : `${what} `;
  if (depth > maxDepth)
    throw new UsageError(field, `${subject}nests ${depth} levels deep, more than the ${maxDepth} accepted`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(field, `${subject === '' ? '' : `${subject}is `}not valid JSON (${reason(e)})`);
  }
}

/** {@link readInputText} then {@link parseInputJson}. */
export function readInputJson(file: string, field: string, o: ReadInputOptions = {}): unknown {
  return parseInputJson(readInputText(file, field, o), field, file, o);
}

/** Largest bracket nesting of a JSON text, ignoring brackets inside strings. */
export function jsonDepth(text: string): number {
  let depth = 0,
    max = 0,
    inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

/** The reason of a read failure: a missing file is named for reading; every other code as for writing (ioReason). */
function reason(e: unknown): string {
  return (e as { code?: unknown }).code === 'ENOENT' ? 'no such file (or a dangling link)' : ioReason(e);
}
