/**
 * `replay` under damaged fixture directories (issue 12): a truncated fixture or a dangling `*.json` link inside a
 * directory is reported on stderr and skipped while the rest is replayed (exit 2: not a clean pass), an empty path
 * is a usage error, and an empty directory is not a green run.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { boundControl, trueClaim } from '../claim/fakes.ts';
import { filesUnder, runCli } from './harness.ts';

let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-replay-robust-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** One healthy fixture (a refuted control) under fixtures/. */
async function oneFixture(): Promise<string> {
  const r = await runCli(
    ['verify', '--seed', '5', '--out', 'fixtures'],
    [trueClaim().claim, boundControl().claim],
    cwd,
  );
  if (r.code !== 0) throw new Error(`verify should refute the control: ${r.stderr}`);
  const f = filesUnder(cwd).find((x) => x.endsWith('.json'));
  if (f === undefined) throw new Error('no fixture written');
  return f;
}

describe('ufmcheck replay on damaged input', () => {
  it('should skip a truncated fixture and a dangling link in a directory, replay the rest, and exit 2', async () => {
    // Arrange
    const good = await oneFixture();
    const text = readFileSync(join(cwd, good), 'utf8');
    mkdirSync(join(cwd, 'fixtures', 'broken'), { recursive: true });
    writeFileSync(join(cwd, 'fixtures', 'broken', 'truncated.json'), text.slice(0, text.length >> 1));
    symlinkSync(join(cwd, 'nowhere.json'), join(cwd, 'fixtures', 'broken', 'dangling.json'));
    // Act
    const r = await runCli(['replay', 'fixtures'], [trueClaim().claim, boundControl().claim], cwd);
    // Assert
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('1/1 fixtures healthy, 2 skipped');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.some((l) => /skipped fixtures\/broken\/truncated\.json: .*not valid JSON/.test(l))).toBe(true);
    expect(lines.some((l) => /skipped fixtures\/broken\/dangling\.json: cannot be read/.test(l))).toBe(true);
  });

  it('should still refuse a malformed fixture named directly, with nothing replayed', async () => {
    writeFileSync(join(cwd, 'bad.json'), '{"schema": "ufmcheck/fixture@1"');
    const r = await runCli(['replay', 'bad.json'], [trueClaim().claim, boundControl().claim], cwd);
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
  });

  it('should refuse an empty path and not call an empty directory green', async () => {
    const empty = await runCli(['replay', ''], [trueClaim().claim, boundControl().claim], cwd);
    expect(empty.code).toBe(64);
    expect(empty.stderr).toMatch(/^ufmcheck: error: FILE: is an empty path\n$/);
    mkdirSync(join(cwd, 'none'));
    const none = await runCli(['replay', 'none'], [trueClaim().claim, boundControl().claim], cwd);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('no fixtures under none');
  });
});
