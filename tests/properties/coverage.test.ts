/**
 * Sharding safety: every registered claim is owned by exactly one tests/properties/*.test.ts file (the file whose
 * `claimTests([...])` lists a prefix of its id), so `vitest --shard=i/n` (which splits by file) runs each claim
 * exactly once across the shards.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claims } from '../../properties/index.ts';

describe('property test coverage', () => {
  it('should assign every registered claim to exactly one property test file', () => {
    const dir = import.meta.dirname;
    const prefixes = new Map<string, readonly string[]>();
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.test.ts') && x !== 'coverage.test.ts')) {
      const src = readFileSync(join(dir, f), 'utf8');
      const block = /claimTests\(\[([\s\S]*?)\]\)/.exec(src)?.[1];
      if (block !== undefined)
        prefixes.set(
          f,
          [...block.matchAll(/'([^']+)'/g)].map((m) => m[1] as string),
        );
    }
    const problems: string[] = [];
    for (const c of claims) {
      const o = [...prefixes].filter(([, ps]) => ps.some((p) => c.id.startsWith(p))).map(([f]) => f);
      if (o.length !== 1) problems.push(`${c.id}: owned by ${o.length} files ${o.join(', ')}`);
    }
    for (const [f, ps] of prefixes)
      for (const p of ps)
        if (!claims.some((c) => c.id.startsWith(p))) problems.push(`${f}: prefix '${p}' matches no registered claim`);
    expect(problems).toEqual([]);
  });
});
