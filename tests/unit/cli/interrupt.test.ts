/**
 * SIGINT / SIGTERM during `verify` (issue 12 item 1): the run stops at the next claim, prints the partial results
 * (marked, also under --json with the claims not run) and exits 130 / 143; in a real process too.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Claim, Json } from '../../../src/claim/index.ts';
import { boundControl, trueClaim } from '../claim/fakes.ts';
import { runCli } from './harness.ts';

let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-interrupt-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** `claim`, whose first check raises `signal` in this process (as a Ctrl-C during that claim would). */
function raising<I extends Json>(claim: Claim<I>, signal: 'SIGINT' | 'SIGTERM'): Claim<I> {
  let raised = false;
  return {
    ...claim,
    check(i: I) {
      if (!raised) {
        raised = true;
        process.emit(signal);
      }
      return claim.check(i);
    },
  };
}

interface Partial {
  readonly claims: { id: string }[];
  readonly exitCode: number;
  readonly interrupted?: string;
  readonly notRun?: string[];
}

describe('verify under SIGINT / SIGTERM', () => {
  it('should finish the running claim, skip the rest, print the partial JSON and exit 130 on SIGINT', async () => {
    // Arrange
    const first = raising(trueClaim().claim, 'SIGINT');
    const second = boundControl().claim;
    // Act
    const r = await runCli(['verify', '--seed', '1', '--json'], [first, second], cwd);
    // Assert
    expect(r.code).toBe(130);
    const out = JSON.parse(r.stdout) as Partial;
    expect(out).toMatchObject({ exitCode: 130, interrupted: 'SIGINT', notRun: ['fake.x.at-most-100'] });
    expect(out.claims.map((c) => c.id)).toEqual(['fake.x.at-most-1000']);
    expect(r.stderr).toMatch(/interrupted by SIGINT after 1 of 2 claims/);
  });

  it('should exit 143 on SIGTERM with the table of what ran', async () => {
    const r = await runCli(
      ['verify', '--seed', '1'],
      [raising(trueClaim().claim, 'SIGTERM'), boundControl().claim],
      cwd,
    );
    expect(r.code).toBe(143);
    expect(r.stdout).toContain('fake.x.at-most-1000');
  });

  it('should stop a real verify process on SIGTERM with one JSON object on stdout and exit 143', async () => {
    // Arrange: the real registry, with enough runs to last far longer than the 8 s before the signal (the handler is installed as soon
    // as verify's flags are parsed, so a signal during the registry's loading is handled too)
    const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'ufmcheck.js');
    // --runs 200 keeps the run far longer than 8 s (the default run takes about 9 s when idle) while one claim, the
    // latency of a signal (a check is synchronous), stays a few seconds
    const child = spawn(process.execPath, [bin, 'verify', '--seed', '1', '--json', '--runs', '200'], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    // Act
    const timer = setTimeout(() => child.kill('SIGTERM'), 8000);
    const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
    clearTimeout(timer);
    // Assert
    expect(code).toBe(143);
    const out = JSON.parse(stdout) as Partial;
    expect(out.interrupted).toBe('SIGTERM');
    expect((out.notRun ?? []).length).toBeGreaterThan(0);
  }, 60_000);
});
