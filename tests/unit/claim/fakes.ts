/**
 * Fake claims over small integer instances, for testing the runner, fixtures and CLI without any numerics.
 * Each check logs the instances it sees (in call order) so tests can recompute the counts independently: the first
 * `record.runs` entries are the drawn instances, later ones are shrink attempts. Also the two helpers the runner's
 * tests share: a neutral run record (runRecord) and the assertion error a call throws (thrownAssertion).
 */
import fc from 'fast-check';
import { ClaimAssertionError, type Claim, type Json, type RunRecord, type Verdict } from '../../../src/claim/index.ts';
import { UsageError } from '../../../src/core/index.ts';

export type XInstance = { readonly x: number };
export type XKInstance = { readonly x: number; readonly K: number };

/** Instance log of one fake claim. */
export interface Logged<I extends Json> {
  readonly claim: Claim<I>;
  readonly seen: I[];
}

const xArb = fc.record({ x: fc.integer({ min: 0, max: 1000 }) });
const xkArb = fc.record({ x: fc.integer({ min: 0, max: 1000 }), K: fc.integer({ min: 2, max: 12 }) });

function integerField(u: unknown, name: string): number {
  if (typeof u !== 'object' || u === null) throw new UsageError(name, 'instance must be an object');
  const v = (u as Record<string, unknown>)[name];
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new UsageError(name, `must be an integer; got ${JSON.stringify(v)}`);
  return v;
}
export function parseX(u: unknown): XInstance {
  return { x: integerField(u, 'x') };
}
export function parseXK(u: unknown): XKInstance {
  return { x: integerField(u, 'x'), K: integerField(u, 'K') };
}

/** A verdict for "measured ≤ bound": margin = measured / bound (≤ 1 passes). */
export function boundVerdict(measured: number, bound: number, ok: boolean, why: string): Verdict {
  return { status: ok ? 'pass' : 'fail', measured, predicted: bound, tolerance: 0, margin: measured / bound, why };
}

const base = { cite: 'fake §0', defaultRuns: 50 } as const;

/** True: x ≤ 1000 (margin x/1000 ≤ 1). */
export function trueClaim(): Logged<XInstance> {
  const seen: XInstance[] = [];
  return {
    seen,
    claim: {
      ...base,
      id: 'fake.x.at-most-1000',
      statement: 'x ≤ 1000',
      kind: 'claim',
      arbitrary: xArb,
      parseInstance: parseX,
      check: (i) => {
        seen.push(i);
        return boundVerdict(i.x, 1000, i.x <= 1000, `x = ${i.x} vs 1000`);
      },
    },
  };
}

/** False: x < 100. Minimal counterexample {x: 100, K: 2} (K plays no part and shrinks to its minimum). */
export function falseClaim(): Logged<XKInstance> {
  const seen: XKInstance[] = [];
  return {
    seen,
    claim: {
      ...base,
      id: 'fake.x.below-100',
      statement: 'x < 100',
      kind: 'claim',
      arbitrary: xkArb,
      parseInstance: parseXK,
      check: (i) => {
        seen.push(i);
        return boundVerdict(i.x + 1, 100, i.x < 100, `x = ${i.x} vs 100`);
      },
    },
  };
}

/** Inconclusive when x ≡ 0 (mod 3), else pass. */
export function sometimesInconclusiveClaim(): Logged<XInstance> {
  const seen: XInstance[] = [];
  return {
    seen,
    claim: {
      ...base,
      id: 'fake.x.sometimes-uncertified',
      statement: 'x ≤ 1000, uncertified when 3 | x',
      kind: 'claim',
      arbitrary: xArb,
      parseInstance: parseX,
      check: (i) => {
        seen.push(i);
        if (i.x % 3 === 0)
          return {
            status: 'inconclusive',
            measured: i.x,
            predicted: 1000,
            tolerance: 0,
            margin: 99,
            why: 'not certified',
          };
        return boundVerdict(i.x, 1000, true, `x = ${i.x}`);
      },
    },
  };
}

/** Control (false, near the true x ≤ 1000): "x ≤ 100" — refuted, minimal counterexample {x: 101}. */
export function boundControl(): Logged<XInstance> {
  const seen: XInstance[] = [];
  return {
    seen,
    claim: {
      ...base,
      id: 'fake.x.at-most-100',
      statement: 'x ≤ 100',
      kind: 'control',
      controls: 'fake.x.at-most-1000',
      arbitrary: xArb,
      parseInstance: parseX,
      check: (i) => {
        seen.push(i);
        return boundVerdict(i.x, 100, i.x <= 100, `x = ${i.x} vs 100`);
      },
    },
  };
}

/** Control that is in fact true (x ≥ 0): never refuted — a suite with it must fail. */
export function toothlessControl(): Logged<XInstance> {
  const seen: XInstance[] = [];
  return {
    seen,
    claim: {
      ...base,
      id: 'fake.x.nonnegative',
      statement: 'x ≥ 0',
      kind: 'control',
      controls: 'fake.x.at-most-1000',
      arbitrary: xArb,
      parseInstance: parseX,
      check: (i) => {
        seen.push(i);
        return boundVerdict(0, 1, i.x >= 0, 'x ≥ 0');
      },
    },
  };
}

/** A buggy claim: its check throws for x > 500 (minimal throwing instance {x: 501}). */
export function throwingClaim(): Logged<XInstance> {
  const seen: XInstance[] = [];
  return {
    seen,
    claim: {
      ...base,
      id: 'fake.x.throws',
      statement: 'x ≤ 1000 (buggy check)',
      kind: 'claim',
      arbitrary: xArb,
      parseInstance: parseX,
      check: (i) => {
        seen.push(i);
        if (i.x > 500) throw new RangeError(`boom at ${i.x}`);
        return boundVerdict(i.x, 1000, true, 'ok');
      },
    },
  };
}

/** Blocks the thread for `ms` without spinning the CPU (the machine is shared). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Passes always, but sleeps `slowMs` on odd x: with a per-run timeout below slowMs the odd runs time out. */
export function slowOnOddClaim(slowMs: number): Logged<XInstance> {
  const seen: XInstance[] = [];
  return {
    seen,
    claim: {
      ...base,
      id: 'fake.x.slow-on-odd',
      statement: 'x ≤ 1000 (slow when odd)',
      kind: 'claim',
      defaultRuns: 10,
      arbitrary: xArb,
      parseInstance: parseX,
      check: (i) => {
        seen.push(i);
        if (i.x % 2 === 1) sleepSync(slowMs);
        return boundVerdict(i.x, 1000, true, 'ok');
      },
    },
  };
}

/** A run record with the given fields over a neutral base (a claim that passed 10 of 10 runs). */
export function runRecord(over: Partial<RunRecord>): RunRecord {
  return {
    id: 'fake.a.b',
    cite: 'c',
    statement: 's',
    kind: 'claim',
    seed: 1,
    requestedRuns: 10,
    runs: 10,
    passed: 10,
    failed: 0,
    inconclusive: 0,
    timedOut: 0,
    errors: 0,
    worstMargin: 0.5,
    seconds: 0,
    refuted: false,
    fastCheckVersion: 'x',
    ...over,
  };
}

/** The ClaimAssertionError that `f` throws (any other error is rethrown; not throwing fails the test). */
export function thrownAssertion(f: () => unknown): ClaimAssertionError {
  try {
    f();
  } catch (e) {
    if (e instanceof ClaimAssertionError) return e;
    throw e;
  }
  throw new Error('expected assertClaim to throw');
}
