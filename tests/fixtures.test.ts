/**
 * Every fixture under fixtures/ (shrunk counterexamples, refuted controls, hunt hits) is replayed: the instance is
 * re-run through its claim's check (replay never depends on the generators). A claim fixture must now pass (it is a
 * regression record), a control fixture must still be refuted.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFixtures, replayResolved } from '../src/claim/index.ts';
import { claims } from '../properties/index.ts';

const DIR = join(import.meta.dirname, '..', 'fixtures');

describe('fixtures', () => {
  const all = existsSync(DIR) ? loadFixtures([DIR], claims) : [];
  it('should find the committed fixture corpus', () => {
    expect(all.length).toBeGreaterThan(0);
  });
  for (const f of all) {
    it(`should replay ${relative(DIR, f.file)} healthily`, () => {
      const r = replayResolved(f.resolved);
      expect(r.healthy, `${f.file}: ${r.verdict.status} — ${r.verdict.why}`).toBe(true);
    });
  }
});
