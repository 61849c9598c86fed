/**
 * Loaders fuzzed in-process (issue 12 item 2): point files, claim fixtures and hunt fixtures, each with 10 000
 * generated malformed documents — valid documents with one field replaced by an arbitrary JSON value, deleted, or
 * joined by an unknown field, and arbitrary JSON values outright. Every case must either load or throw a UsageError
 * whose message is one bounded line naming a field; nothing else may escape (no TypeError, no RangeError from an
 * allocation, no stack overflow). The seed is fast-check's global one (UFMCHECK_SEED, tests/globalSetup.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE, UsageError } from '../../src/core/index.ts';
import { parseFixture, parsePoint } from '../../src/claim/index.ts';
import { parseHuntFixture } from '../../src/hunt/index.ts';

const CASES = 10_000;

type JsonObj = { [k: string]: unknown };

const validPoint: JsonObj = {
  problem: { loss: 'ce', K: 2, d: 2, n: 1, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias: true },
  W: [
    [1, 0],
    [0, 1],
  ],
  H: [
    [1, 0],
    [0, 1],
  ],
  b: [0, 0],
};

const validFixture: JsonObj = {
  schema: 'ufmcheck/fixture@1',
  claim: 'ce.global-min.simplex-etf',
  kind: 'claim',
  fastCheck: { seed: 1, path: '0:1', version: '4.3.0' },
  instance: { problem: { loss: 'ce', K: 2, d: 1, n: 1, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0, bias: false }, seed: 0 },
  verdict: { status: 'fail', measured: 1, predicted: 0, tolerance: 1e-9, margin: 1e9, why: 'x' },
  replay: 'npx ufmcheck replay f.json',
  createdBy: 'npx ufmcheck verify',
};

/** Every path to a value of `o` (objects and arrays descended), root excluded. */
function paths(o: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof o !== 'object' || o === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(o) ? o.map((v, i) => [i, v]) : Object.entries(o);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
}

/** A deep copy of `o` with the value at `path` replaced (`undefined` deletes it). */
function mutate(o: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(o) as JsonObj;
  let cur: JsonObj = copy;
  for (const k of path.slice(0, -1)) cur = cur[k as string] as JsonObj;
  const last = path[path.length - 1] as string;
  if (value === undefined && !Array.isArray(cur)) delete cur[last];
  else cur[last] = value;
  return copy;
}

/** Malformed variants of `valid`: one field replaced / deleted / added, or any JSON value at all. */
function malformed(valid: JsonObj): fc.Arbitrary<unknown> {
  const ps = paths(valid);
  const odd = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(
      Number.POSITIVE_INFINITY,
      Number.NaN,
      -0,
      1e308 * 10,
      2 ** 53 + 1,
      1e9,
      -1,
      0.5,
      '',
      '1',
      null,
      [],
      {},
    ),
    fc.array(fc.double(), { maxLength: 40 }),
  );
  return fc.oneof(
    fc.record({ p: fc.constantFrom(...ps), v: odd }).map(({ p, v }) => mutate(valid, p, v)),
    fc.constantFrom(...ps).map((p) => mutate(valid, p, undefined)),
    fc.record({ k: fc.string({ maxLength: 8 }), v: odd }).map(({ k, v }) => ({ ...valid, [`x${k}`]: v })),
    odd,
  );
}

/** Loads `u`, returning 'ok' or the error; throws anything that is not a well-formed UsageError. */
function outcome(load: (u: unknown) => unknown, u: unknown): 'ok' | UsageError {
  try {
    load(u);
    return 'ok';
  } catch (e) {
    if (!(e instanceof UsageError))
      throw new Error(`not a UsageError for ${JSON.stringify(u)?.slice(0, 200)}: ${String(e)}`);
    if (e.message.includes('\n')) throw new Error(`multi-line message: ${e.message.slice(0, 200)}`);
    if (e.message.length > MAX_MESSAGE) throw new Error(`message of ${e.message.length} characters`);
    if (e.field.trim() === '') throw new Error(`no field named: ${e.message}`);
    return e;
  }
}

describe('loaders under malformed input', () => {
  it('should load a point file or name the bad field in one line, for 10 000 malformed documents', () => {
    // Arrange
    let rejected = 0;
    // Act / Assert
    fc.assert(
      fc.property(malformed(validPoint), (u) => {
        if (outcome((x) => parsePoint(x, (id) => id === 'ce' || id === 'mse'), u) !== 'ok') rejected++;
      }),
      { numRuns: CASES },
    );
    expect(rejected).toBeGreaterThan(CASES / 2); // the generator really produces malformed input
  });

  it('should load a claim fixture or name the bad field in one line, for 10 000 malformed documents', () => {
    let rejected = 0;
    fc.assert(
      fc.property(malformed(validFixture), (u) => {
        if (outcome(parseFixture, u) !== 'ok') rejected++;
      }),
      { numRuns: CASES },
    );
    expect(rejected).toBeGreaterThan(CASES / 2);
  });

  it('should load a hunt fixture or name the bad field in one line, for 10 000 malformed documents', () => {
    let rejected = 0;
    fc.assert(
      fc.property(
        malformed(validFixture).map((u) =>
          typeof u === 'object' && u !== null && !Array.isArray(u) ? { ...u, schema: 'ufmcheck/hunt-fixture@2' } : u,
        ),
        (u) => {
          if (outcome(parseHuntFixture, u) !== 'ok') rejected++;
        },
      ),
      { numRuns: CASES },
    );
    expect(rejected).toBeGreaterThan(CASES / 2);
  });

  it('should accept the valid documents the mutations start from', () => {
    expect(outcome((x) => parsePoint(x, (id) => id === 'ce'), validPoint)).toBe('ok');
    expect(outcome(parseFixture, validFixture)).toBe('ok');
  });
});
