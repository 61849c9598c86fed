/**
 * Every fixture under fixtures/ is replayed from its stored instance (replay never depends on the generators):
 * claim fixtures must now pass (regression records), control fixtures must still be refuted, and hunt fixtures
 * (fixtures/hunt/, schema ufmcheck/hunt-fixture@1) must still be hits — they are the evidence of a discovery.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFixtureFiles, loadFixtures, replayResolved } from '../src/claim/index.ts';
import { isHuntFixtureFile, replayHuntFixture } from '../src/hunt/index.ts';
import { loadHuntFixtures } from '../src/cli/huntSources.ts';
import { claims } from '../properties/index.ts';

const ROOT = join(import.meta.dirname, '..');
const DIR = join(ROOT, 'fixtures');
const files = existsSync(DIR) ? listFixtureFiles(DIR) : [];
const huntFiles = files.filter((f) => isHuntFixtureFile(f));
const claimFiles = files.filter((f) => !isHuntFixtureFile(f));

describe('fixtures', () => {
  const all = loadFixtures(claimFiles, claims);
  it('should find the committed fixture corpus', () => {
    expect(all.length).toBeGreaterThan(0);
  });
  for (const f of all) {
    it(`should replay ${relative(DIR, f.file)} healthily`, () => {
      const r = replayResolved(f.resolved);
      expect(r.healthy, `${f.file}: ${r.verdict.status} — ${r.verdict.why}`).toBe(true);
    });
  }
  it(`should replay the ${huntFiles.length} hunt fixtures as hits`, async () => {
    for (const h of await loadHuntFixtures(huntFiles, ROOT)) {
      const r = replayHuntFixture(h.fixture, h.conjecture, h.instance);
      expect(r.healthy, `${h.file}: ${r.finding.status} — ${r.finding.why}`).toBe(true);
    }
  });
});
