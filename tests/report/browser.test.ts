/**
 * The report in a real browser (issue 10 item 3): Debian's chromium, driven by playwright-core (no browser
 * download), opens index.html from disk. Checks: no console errors or uncaught exceptions, no failed request and
 * no request leaving file://, every figure rendered with data marks, the verdict table lists every registered
 * claim, and a screenshot of the first screenful is not blank (pixel variance measured in a canvas of the same browser).
 *
 * Chromium: UFMCHECK_CHROMIUM or /usr/bin/chromium (`apt-get install chromium`; .ci/run installs it). Without it the
 * test is skipped with that message — except in CI (CI=true), where a missing browser fails the test.
 * One browser launch for everything; set UFMCHECK_SCREENSHOT=FILE to keep the screenshot.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { claims as registry } from '../../properties/index.ts';
import { runCli } from '../unit/cli/harness.ts';

const CHROMIUM = process.env['UFMCHECK_CHROMIUM'] ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** What the page reports about itself. */
interface PageFacts {
  readonly figures: { readonly id: string; readonly marks: number; readonly width: number; readonly height: number }[];
  readonly claimIds: string[];
}

/** Pixel variance of a PNG, computed in the browser (one grey channel, 0–255). */
const VARIANCE_IN_PAGE = `async (dataUrl) => {
  const img = new Image();
  img.src = dataUrl;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  let s = 0, s2 = 0, n = 0;
  for (let i = 0; i < d.length; i += 4) { const v = (d[i] + d[i + 1] + d[i + 2]) / 3; s += v; s2 += v * v; n++; }
  const m = s / n;
  return { variance: s2 / n - m * m, width: c.width, height: c.height };
}`;

describe('report in a browser', () => {
  it('should render every figure, list every claim and load nothing from the network', async ({ skip }) => {
    // Arrange
    if (!existsSync(CHROMIUM)) {
      if (process.env['CI'] === 'true')
        throw new Error(
          `chromium not found at ${CHROMIUM}: CI must install it (apt-get install -y chromium; .ci/run does)`,
        );
      skip(
        `chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set UFMCHECK_CHROMIUM); the browser test needs it`,
      );
    }
    const root = mkdtempSync(join(tmpdir(), 'ufm-report-'));
    try {
      const v = await runCli(
        ['verify', '--seed', '1', '--runs', '1', '--json', '--out', join(root, 'fixtures')],
        registry,
        root,
      );
      writeFileSync(join(root, 'verify.json'), v.stdout);
      const h = await runCli(
        [
          'hunt',
          'ce.d-below-k-minus-1.symmetric-is-global',
          '--seed',
          '1',
          '--budget',
          '2',
          '--json',
          '--quiet',
          '--out',
          join(root, 'hunt'),
        ],
        registry,
        root,
      );
      writeFileSync(join(root, 'hunt.json'), h.stdout);
      const r = await runCli(['report', 'verify.json', 'hunt.json', '--out', 'report'], registry, root);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const page0 = pathToFileURL(join(root, 'report', 'index.html')).href;

      const context = await chromium.launchPersistentContext(join(root, 'profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        viewport: { width: 1280, height: 1200 },
      });
      try {
        const page = await context.newPage();
        const problems: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') problems.push(`console: ${m.text()}`);
        });
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        page.on('requestfailed', (q) => problems.push(`failed request: ${q.url()}`));
        page.on('request', (q) => {
          if (!q.url().startsWith('file:')) problems.push(`network request: ${q.url()}`);
        });

        // Act
        await page.goto(page0, { waitUntil: 'load' });
        const facts = (await page.evaluate(`(() => ({
          figures: [...document.querySelectorAll('figure[data-figure]')].map((f) => {
            const svg = f.querySelector('svg');
            const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
            return { id: f.dataset.figure, marks: f.querySelectorAll('g.role-mark path, g.role-mark rect, g.role-mark line, g.role-mark circle').length, width: box.width, height: box.height };
          }),
          claimIds: [...document.querySelectorAll('table.verdicts tr[data-claim]')].map((tr) => tr.dataset.claim),
        }))()`)) as PageFacts;
        // The first screenful (header and the first figures): a full-page shot of a 100-claim report is ~70 000 px tall.
        const png = await page.screenshot({
          ...(process.env['UFMCHECK_SCREENSHOT'] ? { path: process.env['UFMCHECK_SCREENSHOT'] } : {}),
        });
        const blank = await context.newPage();
        await blank.setContent('<!doctype html><title>probe</title>');
        const pixels = (await blank.evaluate(
          `(${VARIANCE_IN_PAGE})(${JSON.stringify(`data:image/png;base64,${png.toString('base64')}`)})`,
        )) as { variance: number; width: number; height: number };

        // Assert
        expect(problems).toEqual([]);
        const svgFiles = readFileSync(join(root, 'report', 'index.html'), 'utf8').match(/data-figure="[^"]+"/g) ?? [];
        expect(facts.figures.length).toBe(svgFiles.length);
        expect(facts.figures.length).toBeGreaterThanOrEqual(6);
        expect(facts.figures.filter((f) => f.marks === 0 || f.width === 0 || f.height === 0)).toEqual([]);
        expect([...facts.claimIds].sort()).toEqual(registry.map((c) => c.id).sort());
        expect(facts.figures.map((f) => f.id)).toEqual(
          expect.arrayContaining([
            'nc-curves',
            'gram-pass',
            'configuration',
            'landscape',
            'thm51-rate',
            'origin-curvature',
          ]),
        );
        // A blank page has variance 0; text, tables and plots on white give hundreds. 50 is far from both.
        expect(pixels.variance).toBeGreaterThan(50);
        expect(pixels).toMatchObject({ width: 1280, height: 1200 });
      } finally {
        await context.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
