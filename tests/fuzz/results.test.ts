/**
 * The stored-results loader of `ufmcheck report` fuzzed in-process (issue 12 item 2): 10 000 malformed `verify
 * --json` documents — a real result with one field replaced by an arbitrary JSON value, deleted or joined by an
 * unknown one, and arbitrary JSON values outright. `reportData` must either read each or throw a UsageError whose
 * message is one bounded line naming a field; nothing else may escape.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE, UsageError } from '../../src/core/index.ts';
import { reportData } from '../../src/report/index.ts';
import { boundControl, falseClaim, trueClaim } from '../unit/claim/fakes.ts';
import { runCli } from '../unit/cli/harness.ts';

const CASES = 10_000;
let cwd = '';
let valid: unknown;

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-results-fuzz-'));
  // A real result with a pass, a failure (counterexample) and a refuted control.
  const r = await runCli(
    ['verify', '--seed', '5', '--json', '--out', cwd],
    [trueClaim().claim, falseClaim().claim, boundControl().claim],
    cwd,
  );
  valid = JSON.parse(r.stdout) as unknown;
});
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function paths(o: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof o !== 'object' || o === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(o) ? o.map((v, i) => [i, v]) : Object.entries(o);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
}

function mutate(o: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(o) as Record<string, unknown>;
  let cur: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) cur = cur[k as string] as Record<string, unknown>;
  const last = path[path.length - 1] as string;
  if (value === undefined && !Array.isArray(cur)) delete cur[last];
  else cur[last] = value;
  return copy;
}

describe('report results loader under malformed input', () => {
  it('should read a result or name the bad field in one line, for 10 000 malformed documents', () => {
    const ps = paths(valid);
    const odd = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom(null, [], {}, '', -1, 1e308, 0.5, 'Infinity', true),
    );
    const doc = fc.oneof(
      fc.record({ p: fc.constantFrom(...ps), v: odd }).map(({ p, v }) => mutate(valid, p, v)),
      fc.constantFrom(...ps).map((p) => mutate(valid, p, undefined)),
      odd,
    );
    let rejected = 0;
    fc.assert(
      fc.property(doc, (u) => {
        try {
          reportData([{ source: 'r.json', value: u }]);
        } catch (e) {
          if (!(e instanceof UsageError))
            throw new Error(`not a UsageError for ${JSON.stringify(u)?.slice(0, 300)}: ${String(e)}`);
          if (e.message.includes('\n') || e.message.length > MAX_MESSAGE || e.field.trim() === '')
            throw new Error(`malformed message: ${e.message.slice(0, 200)}`);
          rejected++;
        }
      }),
      { numRuns: CASES },
    );
    expect(rejected).toBeGreaterThan(0);
    expect(() => reportData([{ source: 'r.json', value: valid }])).not.toThrow();
  });
});
