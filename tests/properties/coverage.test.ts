/**
 * Sharding safety: every registered claim is owned by exactly one tests/properties/*.test.ts file, so
 * `vitest --shard=i/n` (which splits by file) runs each claim exactly once across the shards.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claims } from '../../properties/index.ts';

describe('property test coverage', () => {
  it('should assign every registered claim to exactly one property test file', () => {
    const dir = import.meta.dirname;
    const owners = new Map<string, string[]>();
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.test.ts') && x !== 'coverage.test.ts')) {
      const src = readFileSync(join(dir, f), 'utf8');
      const block = /claimTests\(\[([\s\S]*?)\]\)/.exec(src)?.[1] ?? '';
      for (const m of block.matchAll(/'([^']+)'/g)) {
        const id = m[1] as string;
        owners.set(id, [...(owners.get(id) ?? []), f]);
      }
    }
    const problems: string[] = [];
    for (const c of claims) {
      const o = owners.get(c.id) ?? [];
      if (o.length !== 1) problems.push(`${c.id}: owned by ${o.length} files ${o.join(', ')}`);
    }
    for (const id of owners.keys()) if (!claims.some((c) => c.id === id)) problems.push(`${id}: listed but not registered`);
    expect(problems).toEqual([]);
  });
});
