/**
 * `verify --json` against schemas/verify-result.schema.json (issue 10 item 5), validated with ajv (draft 2020-12):
 * real output of passing, failing, refuted, unrefuted, inconclusive, timed-out and thrown runs, with and without
 * --controls, including a margin of +Infinity — which must come out as null with a `nonFinite` note, never as the
 * string "Infinity". The schema itself must reject the old string spelling, so the test can fail.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim, Json } from '../../../src/claim/index.ts';
import { judge } from '../../../src/claim/verdict.ts';
import { toResultJson } from '../../../src/claim/json.ts';
import { VERIFY_SCHEMA_VERSION } from '../../../src/cli/format/verifyJson.ts';
import {
  boundControl,
  falseClaim,
  slowOnOddClaim,
  sometimesInconclusiveClaim,
  throwingClaim,
  toothlessControl,
  trueClaim,
} from '../claim/fakes.ts';
import { claims as registeredClaims } from '../../../properties/index.ts';
import { runCli } from './harness.ts';

const schema = JSON.parse(
  readFileSync(new URL('../../../schemas/verify-result.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

let cwd = '';
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-schema-'));
});
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** A claim whose check has tolerance 0 and a nonzero error: margin +Infinity. */
function infiniteMarginClaim(): Claim {
  return {
    id: 'fake.x.exact-zero',
    cite: 'fake §0',
    statement: 'x + 1 = 0 exactly',
    kind: 'claim',
    defaultRuns: 5,
    arbitrary: trueClaim().claim.arbitrary as Claim['arbitrary'],
    parseInstance: (u: unknown): Json => u as Json,
    check: (i: Json) => judge((i as { x: number }).x + 1, 0, 0, 'x + 1 vs 0'),
  };
}

/** Every number in `u`'s tree and every string that spells a non-finite number. */
function offendingStrings(u: unknown, path = '$'): string[] {
  if (typeof u === 'string') return ['NaN', 'Infinity', '-Infinity'].includes(u) ? [path] : [];
  if (Array.isArray(u)) return u.flatMap((v: unknown, i) => offendingStrings(v, `${path}[${i}]`));
  if (u !== null && typeof u === 'object')
    return Object.entries(u).flatMap(([k, v]) => (k === 'nonFinite' ? [] : offendingStrings(v, `${path}.${k}`)));
  return [];
}

describe('verify --json and its schema', () => {
  const cases: [string, () => Claim[], string[]][] = [
    ['green', () => [trueClaim().claim, boundControl().claim], []],
    [
      'failures and an unrefuted control',
      () => [trueClaim().claim, falseClaim().claim, toothlessControl().claim, throwingClaim().claim],
      [],
    ],
    [
      'inconclusive and timed out',
      () => [sometimesInconclusiveClaim().claim, slowOnOddClaim(30).claim],
      ['--timeout-per-run', '0.01'],
    ],
    ['--controls', () => [trueClaim().claim, boundControl().claim, toothlessControl().claim], ['--controls']],
    ['infinite margin', () => [infiniteMarginClaim()], []],
    // real claims: verdict details, coverage, resolution (one claim and its control, 3 runs)
    [
      'registered mse.bias-free claim and control',
      () => registeredClaims.filter((c) => c.id.startsWith('mse.bias-free.')),
      ['--runs', '3'],
    ],
  ];

  it.each(cases)('should validate against the schema: %s', async (_name, registry, extra) => {
    // Act
    const r = await runCli(['verify', '--seed', '3', '--json', ...extra], registry(), cwd);
    const out = JSON.parse(r.stdout) as unknown;
    // Assert
    const ok = validate(out);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
    expect(offendingStrings(out)).toEqual([]);
    expect((out as { schemaVersion: number }).schemaVersion).toBe(VERIFY_SCHEMA_VERSION);
  });

  it('should write an infinite margin as null with a nonFinite note, in the claim and its counterexample', async () => {
    // Act
    const out = JSON.parse(
      (await runCli(['verify', '--seed', '3', '--json'], [infiniteMarginClaim()], cwd)).stdout,
    ) as {
      claims: { worstMargin: unknown; nonFinite?: unknown; counterexample: { margin: unknown; nonFinite?: unknown } }[];
    };
    // Assert
    const c = out.claims[0];
    expect(c?.worstMargin).toBeNull();
    expect(c?.nonFinite).toEqual({ worstMargin: 'Infinity' });
    expect(c?.counterexample.margin).toBeNull();
    expect(c?.counterexample.nonFinite).toEqual({ margin: 'Infinity' });
  });

  it('should reject the old spellings: a string margin, a missing schemaVersion, a claim without coverage', async () => {
    // Arrange
    const good = JSON.parse((await runCli(['verify', '--seed', '3', '--json'], [falseClaim().claim], cwd)).stdout) as {
      schemaVersion?: number;
      claims: Record<string, unknown>[];
    };
    const stringMargin = structuredClone(good);
    (stringMargin.claims[0] as Record<string, unknown>)['worstMargin'] = 'Infinity';
    const noVersion = structuredClone(good);
    delete noVersion.schemaVersion;
    const noCoverage = structuredClone(good);
    delete (noCoverage.claims[0] as Record<string, unknown>)['coverage'];
    // Act / Assert
    expect(validate(good)).toBe(true);
    expect(validate(stringMargin)).toBe(false);
    expect(validate(noVersion)).toBe(false);
    expect(validate(noCoverage)).toBe(false);
  });
});

describe('toResultJson', () => {
  it('should turn non-finite numbers into null with a note, leaving finite values and arrays alone', () => {
    expect(
      toResultJson({ a: Infinity, b: -Infinity, c: NaN, d: 1, e: [1, NaN], f: { g: null, h: undefined } }),
    ).toEqual({
      a: null,
      b: null,
      c: null,
      d: 1,
      e: [1, null],
      f: { g: null },
      nonFinite: { a: 'Infinity', b: '-Infinity', c: 'NaN' },
    });
  });
});
