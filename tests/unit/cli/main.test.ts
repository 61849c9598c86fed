import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/cli/main.ts';
import { trueClaim } from '../claim/fakes.ts';
import { filesUnder, runCli } from './harness.ts';

let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-main-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});
const registry = [trueClaim().claim];

describe('main', () => {
  it('should print the command list for --help and exit 0', async () => {
    // Act
    const r = await runCli(['--help'], registry, cwd);
    // Assert
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/verify +run the registered claims/);
    expect(r.stdout).toMatch(/replay +re-run stored counterexamples/);
    expect(r.stderr).toBe('');
  });

  it('should print each command its own help', async () => {
    for (const name of COMMANDS.keys()) {
      // Act
      const r = await runCli([name, '--help'], registry, cwd);
      // Assert
      expect(r.code).toBe(0);
      expect(r.stdout.startsWith(`Usage: ufmcheck ${name}`)).toBe(true);
    }
  });

  it('should print the package version for --version', async () => {
    // Arrange
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    // Act
    const r = await runCli(['--version'], registry, cwd);
    // Assert
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`ufmcheck ${pkg.version}\n`);
  });

  it("should print a command's help for 'help CMD', and exit 64 for an unknown CMD", async () => {
    for (const [name, entry] of COMMANDS) {
      // Act
      const r = await runCli(['help', name], registry, cwd);
      const command = await entry.load();
      // Assert
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(command.help);
      expect([command.name, command.summary]).toEqual([name, entry.summary]);
    }
    const bad = await runCli(['help', 'frobnicate'], registry, cwd);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/^ufmcheck: error: command: unknown command 'frobnicate'/);
  });

  it('should exit 64 with one error line for a missing or unknown command, writing nothing', async () => {
    for (const argv of [[], ['frobnicate', '--K', '3'], ['toString']]) {
      // Act
      const r = await runCli(argv, registry, cwd);
      // Assert
      expect(r.code).toBe(64);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^ufmcheck: error: command: [^\n]+\n$/);
      expect(filesUnder(cwd)).toEqual([]);
    }
  });

  it('should exit 70 with the stack for an unsound registry (a bug, not a usage error)', async () => {
    // Arrange
    const t = trueClaim().claim;
    // Act
    const r = await runCli(['verify', '--seed', '1'], [t, t], cwd);
    // Assert
    expect(r.code).toBe(70);
    expect(r.stderr).toMatch(
      /^ufmcheck: internal error: Error: unsound claim registry:\n {2}fake\.x\.at-most-1000: duplicate id/,
    );
    expect(r.stdout).toBe('');
  });
});
