/**
 * Fake conjectures for testing the hunt machinery without any numerics. This file is also loaded as a user module
 * (`ufmcheck hunt --conjecture tests/unit/hunt/fakes.ts`), in worker threads too, so it imports only fast-check
 * and types.
 *
 * Instances look like the UFM ones: `{ problem: { K, d, lambdaW }, seed }`, K ∈ [2, 12], d ∈ [1, 12], λ_W
 * log-uniform on [1e-4, 1e-1].
 */
import fc from 'fast-check';
import type { Conjecture, Finding } from '../../../src/claim/index.ts';
import type { HitAnalysis, HuntConjecture, HuntSpace } from '../../../src/hunt/index.ts';
import { UsageError } from '../../../src/core/index.ts';

export interface FakeInstance {
  readonly [k: string]: import('../../../src/claim/index.ts').Json;
  readonly problem: { readonly K: number; readonly d: number; readonly lambdaW: number };
  readonly seed: number;
}

export const fakeArbitrary: fc.Arbitrary<FakeInstance> = fc
  .record({
    K: fc.integer({ min: 2, max: 12 }),
    d: fc.integer({ min: 1, max: 12 }),
    e: fc.double({ min: -4, max: -1, noNaN: true }),
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
  })
  .map(({ K, d, e, seed }) => ({ problem: { K, d, lambdaW: 10 ** e }, seed }));

function field(o: Record<string, unknown>, k: string, where: string, integer: boolean): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw new UsageError(
      `${where}.${k}`,
      `must be ${integer ? 'an integer' : 'a finite number'}; got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

/** Validates a stored fake instance; errors name the field. */
export function parseFake(u: unknown): FakeInstance {
  if (typeof u !== 'object' || u === null) throw new UsageError('instance', 'must be an object');
  const o = u as Record<string, unknown>;
  const p = o['problem'];
  if (typeof p !== 'object' || p === null) throw new UsageError('problem', 'must be an object');
  const q = p as Record<string, unknown>;
  return {
    problem: {
      K: field(q, 'K', 'problem', true),
      d: field(q, 'd', 'problem', true),
      lambdaW: field(q, 'lambdaW', 'problem', false),
    },
    seed: field(o, 'seed', 'instance', true),
  };
}

const base = { cite: 'fake §0', arbitrary: fakeArbitrary, parseInstance: parseFake } as const;

/** Threshold of the hitting fake: K + d ≥ 22 (6 of the 132 (K, d) pairs; the minimal hits have K + d = 22). */
export const HIT_SUM = 22;
/** λ_W below this is inconclusive in the hitting fake. */
export const INCONCLUSIVE_BELOW = 2e-4;

/** Statement "K + d < 22", refuted when K + d ≥ 22; inconclusive when λ_W < 2e-4. */
export const sumConjecture: Conjecture<FakeInstance> = {
  ...base,
  id: 'fake.sum.below-22',
  statement: 'K + d < 22',
  probe: (i): Finding => {
    const { K, d, lambdaW } = i.problem;
    if (lambdaW < INCONCLUSIVE_BELOW)
      return { status: 'inconclusive', evidence: { lambdaW }, why: `λ_W = ${lambdaW} too small to decide` };
    const sum = K + d;
    return sum >= HIT_SUM
      ? { status: 'hit', evidence: { sum, bound: HIT_SUM, ratio: Infinity }, why: `K + d = ${sum} ≥ ${HIT_SUM}` }
      : { status: 'no-hit', evidence: { sum }, why: `K + d = ${sum} < ${HIT_SUM}` };
  },
};

/** Never refuted. */
export const neverConjecture: Conjecture<FakeInstance> = {
  ...base,
  id: 'fake.never.hits',
  statement: 'always true',
  probe: (i) => ({ status: 'no-hit', evidence: { K: i.problem.K }, why: 'holds' }),
};

/** Never decided. */
export const inconclusiveConjecture: Conjecture<FakeInstance> = {
  ...base,
  id: 'fake.always.inconclusive',
  statement: 'undecidable here',
  probe: () => ({ status: 'inconclusive', evidence: null, why: 'cannot certify' }),
};

/** A buggy probe: throws when K is odd, returns a malformed finding when K = 4. */
export const buggyConjecture: Conjecture<FakeInstance> = {
  ...base,
  id: 'fake.buggy.probe',
  statement: 'a probe with bugs',
  probe: (i) => {
    if (i.problem.K % 2 === 1) throw new Error(`odd K = ${i.problem.K}`);
    if (i.problem.K === 4) return { status: 'yes', evidence: 1, why: '' } as unknown as Finding;
    return { status: 'no-hit', evidence: null, why: 'fine' };
  },
};

/** Iterations of the busy loop: 5–20 ms of arithmetic (bench/hunt.bench.ts prints the measured probeMs). */
export const BUSY_ITERATIONS = 2_000_000;

/** CPU-bound, for the worker benchmark: each probe runs a fixed loop of arithmetic; a hit when the result's bits say so (rare). */
export const busyConjecture: Conjecture<FakeInstance> = {
  ...base,
  id: 'fake.busy.cpu',
  statement: 'a CPU-bound probe that rarely hits',
  probe: (i) => {
    const { K, d, lambdaW } = i.problem;
    let x = lambdaW;
    let s = 0;
    for (let t = 0; t < BUSY_ITERATIONS; t++) {
      x = x * 3.999 * (1 - x) + 1e-12 * (K + d);
      if (x >= 1 || x <= 0) x = 0.5;
      s += x;
    }
    return { status: 'no-hit', evidence: { s }, why: 'busy' };
  },
};

/** Threshold of the two-mechanism fake: K + d ≥ 14. */
export const MECHANISM_SUM = 14;

/** The two-mechanism fake's signature: 'thin' for d ≤ 2, 'wide' otherwise (hand-made stand-ins for the d-regimes). */
export function fakeSignature(d: number): string {
  return d <= 2 ? 'thin' : 'wide';
}

/** The two-mechanism fake over a space (K and d ranges narrow the arbitrary; bias is not drawn: --bias off only). */
function mechanismOver(space: HuntSpace): HuntConjecture<FakeInstance> {
  const K = space.K ?? { lo: 2, hi: 12 };
  const d = space.d ?? { lo: 1, hi: 12 };
  if (K.lo < 2 || K.hi > 12) throw new UsageError('--K', `must lie within 2..12; got ${K.lo}..${K.hi}`);
  if (d.lo < 1 || d.hi > 12) throw new UsageError('--d', `must lie within 1..12; got ${d.lo}..${d.hi}`);
  if (space.n !== undefined) throw new UsageError('--n', 'this conjecture draws no n');
  if (space.bias === 'on') throw new UsageError('--bias', "'on' leaves nothing: this conjecture draws no bias");
  return {
    id: 'fake.mechanism.two',
    cite: 'fake §0',
    statement: `K + d < ${MECHANISM_SUM}`,
    ansatz: 'none (a fake with two mechanisms: thin d ≤ 2, wide d ≥ 3)',
    arbitrary: fc
      .record({
        K: fc.integer({ min: K.lo, max: K.hi }),
        d: fc.integer({ min: d.lo, max: d.hi }),
        seed: fc.noShrink(fc.integer({ min: 0, max: 0x7fffffff })),
      })
      .map(({ K: k, d: dd, seed }) => ({ problem: { K: k, d: dd, lambdaW: 0.01 }, seed })),
    parseInstance: parseFake,
    probe: (i): Finding => {
      const sum = i.problem.K + i.problem.d;
      return sum >= MECHANISM_SUM
        ? { status: 'hit', evidence: { sum, d: i.problem.d }, why: `K + d = ${sum} ≥ ${MECHANISM_SUM}` }
        : { status: 'no-hit', evidence: { sum }, why: 'below' };
    },
    analyseHit: (i): HitAnalysis => ({
      signature: fakeSignature(i.problem.d),
      description: `K=${i.problem.K} d=${i.problem.d}: ${fakeSignature(i.problem.d)}`,
      point: { W: [[i.problem.K, i.problem.d]] },
      metrics: { nc1: 0 },
      flags: i.problem.d === 1 ? ['ill-posed: d = 1'] : [],
    }),
    problemKey: (i) => `${i.problem.K}/${i.problem.d}`,
    witnessSize: (i) => [i.problem.K, i.problem.d],
    narrow: mechanismOver,
  };
}

/** Refuted when K + d ≥ 14, with two mechanisms (thin / wide) and the dedup, size and narrowing hooks. */
export const mechanismConjecture: HuntConjecture<FakeInstance> = mechanismOver({});

export const conjectures: readonly Conjecture<FakeInstance>[] = [
  sumConjecture,
  neverConjecture,
  inconclusiveConjecture,
  buggyConjecture,
  busyConjecture,
  mechanismConjecture,
];
