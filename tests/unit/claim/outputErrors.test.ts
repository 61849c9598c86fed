/**
 * Write failures (issue 12 item 1): every failure of writeFileAtomic is one OutputError line naming the path and
 * the reason, never a raw fs error; a directory that cannot be created (here under /proc, where Node's recursive
 * mkdir loops forever) fails at once; and the CLI maps the error to exit 73 after printing its results.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDir, ioReason, OutputError, writeFileAtomic } from '../../../src/claim/index.ts';
import { trueClaim, boundControl } from './fakes.ts';
import { runCli } from '../cli/harness.ts';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ufmcheck-output-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('write failures', () => {
  it('should fail at once with an OutputError when the directory cannot be created (under /proc)', () => {
    // Act / Assert: Node's mkdirSync(…, { recursive: true }) never returns here; ours stops at the first level
    expect(() => writeFileAtomic('/proc/ufmcheck-no-such/deeper/x.json', '{}')).toThrow(OutputError);
    expect(() => ensureDir('/proc/ufmcheck-no-such/deeper')).toThrow(
      /^cannot write \/proc\/ufmcheck-no-such: cannot create the directory/,
    );
  });

  it('should name a path component that is a file, and leave no temporary file behind', () => {
    // Arrange
    writeFileSync(join(dir, 'plain'), 'x');
    // Act / Assert
    expect(() => writeFileAtomic(join(dir, 'plain', 'sub', 'f.json'), '{}')).toThrow(
      /plain: exists and is not a directory$/,
    );
    expect(readdirSync(dir)).toEqual(['plain']);
  });

  it('should say what an fs error code means in words', () => {
    expect(ioReason(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe('no space left on the device');
    expect(ioReason(Object.assign(new Error('x'), { code: 'EROFS' }))).toBe('read-only file system');
    expect(ioReason(new Error('first line\nsecond'))).toBe('first line');
  });

  it('should print the results, then one error line, and exit 73 when the JUnit file cannot be written', async () => {
    // Arrange: --junit's directory exists (it is checked up front) but /proc refuses new files
    // Act
    const r = await runCli(
      ['verify', '--seed', '1', '--out', dir, '--junit', '/proc/ufmcheck-junit.xml'],
      [trueClaim().claim, boundControl().claim],
      dir,
    );
    // Assert
    expect(r.code).toBe(73);
    expect(r.stdout).toContain('fake.x.at-most-1000'); // the results were printed before the failed write
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^ufmcheck: error: cannot write \/proc\/ufmcheck-junit\.xml: /);
  });
});
