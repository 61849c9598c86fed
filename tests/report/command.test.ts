import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Claim } from '../../src/claim/index.ts';
import { boundControl, trueClaim } from '../unit/claim/fakes.ts';
import { filesUnder, runCli } from '../unit/cli/harness.ts';

let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-report-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const registry = (): Claim[] => [trueClaim().claim, boundControl().claim];

/** Every reference index.html makes to another resource (src=, href= other than in-page anchors and sibling SVGs). */
function externalRefs(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)]
    .map((m) => m[1] as string)
    .filter((u) => !u.startsWith('#') && !/^[\w.-]+\.svg$/.test(u));
}

describe('ufmcheck verify --report and ufmcheck report', () => {
  it('should write a self-contained index.html, a short summary.md and one SVG per figure', async () => {
    // Arrange / Act
    const r = await runCli(['verify', '--seed', '3', '--report', 'rep'], registry(), cwd);
    // Assert
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/report: rep\/index\.html \(\d+ figures\)/);
    const html = readFileSync(join(cwd, 'rep', 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|@import|url\(http/i);
    expect(externalRefs(html)).toEqual([]);
    for (const c of registry()) expect(html).toContain(`data-claim="${c.id}"`);
    const figures = [...html.matchAll(/data-figure="([^"]+)"/g)].map((m) => m[1] as string);
    expect(figures.length).toBeGreaterThan(0);
    for (const f of figures) expect(readFileSync(join(cwd, 'rep', `${f}.svg`), 'utf8')).toMatch(/^<\?xml[^>]*>\n<svg /);
    const md = readFileSync(join(cwd, 'rep', 'summary.md'), 'utf8');
    expect(md.split('\n').length).toBeLessThan(40);
    expect(md).toContain('1/1** claims pass');
  });

  it("should put a refuted control's fixture in the report and nowhere else when --out is not given", async () => {
    // Arrange / Act
    const r = await runCli(['verify', '--seed', '3', '--report', 'rep'], registry(), cwd);
    // Assert
    expect(r.code).toBe(0);
    expect(filesUnder(cwd).filter((p) => p.endsWith('.json'))).toEqual(
      filesUnder(cwd).filter((p) => p.startsWith('rep/fixtures/') && p.endsWith('.json')),
    );
    expect(filesUnder(join(cwd, 'rep', 'fixtures')).some((p) => p.endsWith('.json'))).toBe(true);
    expect(readFileSync(join(cwd, 'rep', 'index.html'), 'utf8')).toContain('npx ufmcheck replay');
  });

  it('should render stored JSON results, several files merged, the same as the live run', async () => {
    // Arrange
    const a = await runCli(['verify', '--seed', '3', '--json', '--claim', trueClaim().claim.id], registry(), cwd);
    const b = await runCli(
      ['verify', '--seed', '4', '--json', '--claim', boundControl().claim.id, '--out', 'fx'],
      registry(),
      cwd,
    );
    writeFileSync(join(cwd, 'a.json'), a.stdout);
    writeFileSync(join(cwd, 'b.json'), b.stdout);
    // Act
    const r = await runCli(['report', 'a.json', 'b.json', '--out', 'merged'], registry(), cwd);
    // Assert
    expect(r.code).toBe(0);
    const html = readFileSync(join(cwd, 'merged', 'index.html'), 'utf8');
    for (const c of registry()) expect(html).toContain(`data-claim="${c.id}"`);
    expect(html).toContain('seeds 3, 4');
  });

  it('should exit 64 naming the file and field of a malformed result, writing nothing', async () => {
    // Arrange
    writeFileSync(join(cwd, 'bad.json'), JSON.stringify({ claims: [{ id: 'x' }], seed: 1 }));
    // Act
    const r = await runCli(['report', 'bad.json', '--out', 'rep'], registry(), cwd);
    // Assert
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/^ufmcheck: error: bad\.json\.claims\[0\]\.kind: must be a string/);
    expect(existsSync(join(cwd, 'rep'))).toBe(false);
  });

  it('should exit 64 when --out is missing or a file cannot be read', async () => {
    // Arrange / Act
    const noOut = await runCli(['report', 'a.json'], registry(), cwd);
    const missing = await runCli(['report', 'nope.json', '--out', 'rep'], registry(), cwd);
    // Assert
    expect(noOut.code).toBe(64);
    expect(noOut.stderr).toContain('--out');
    expect(missing.code).toBe(64);
    expect(missing.stderr).toContain('nope.json: cannot read');
  });

  it('should still write the page when a counterexample cannot be re-solved, drawing its verdict instead', async () => {
    // Arrange: a refuted control whose instance names a loss this process does not know
    const v = {
      claims: [
        {
          id: 'x.control',
          cite: 'c',
          statement: 's',
          kind: 'control',
          outcome: 'refuted',
          runs: 1,
          passed: 0,
          failed: 1,
          inconclusive: 0,
          worstMargin: 5,
          seconds: 0.1,
          counterexample: {
            instance: {
              problem: { loss: 'no-such-loss', K: 2, d: 2, n: 1, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0, bias: false },
              seed: 0,
            },
            status: 'fail',
            measured: 2,
            predicted: 1,
            tolerance: 0.2,
            margin: 5,
            why: 'w',
          },
        },
      ],
      seed: 1,
      seconds: 1,
      exitCode: 0,
    };
    writeFileSync(join(cwd, 'v.json'), JSON.stringify(v));
    // Act
    const r = await runCli(['report', 'v.json', '--out', 'rep'], registry(), cwd);
    // Assert
    expect(r.code).toBe(0);
    const html = readFileSync(join(cwd, 'rep', 'index.html'), 'utf8');
    expect(html).toContain('data-figure="evidence-x.control"');
    expect(html).toContain('The verdict&#39;s own numbers');
  });
});
