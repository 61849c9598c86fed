/**
 * Statistical soak of the Thm 5.1 rate decision (issue 9 item 4; not a timed benchmark): over S verify seeds
 * (default 60) it counts the outcomes of `fixed-features.limit.rate` (false fails), whether the planted n^{−1/3}
 * control `fixed-features.limit.rate.n-third-law` is refuted, and — per instance, 3 fresh draws a seed — how often
 * the planted law would pass the rate test (false passes); and how the test decides on Student-t(3) noise (outside
 * the theorem, fixed-features-student-t.ts). Run: `npx tsx bench/fixedFeaturesRateSoak.ts 60` (≈ 10 min on a
 * loaded 2-core machine).
 */
import fc from 'fast-check';
import { runClaim, judgeRecord } from '../src/claim/index.ts';
import { fixedFeaturesRate, fixedFeaturesNThirdLaw } from '../properties/fixed-features-rate.ts';
import { probeStudentT } from '../properties/fixed-features-student-t.ts';
import { rateInstance } from '../src/arbitraries/fixedFeatures.ts';
const S = Number(process.argv[2] ?? 60);
const DEFAULT_RUNS = fixedFeaturesRate.defaultRuns;
let claimPass = 0,
  claimFail = 0,
  claimInc = 0,
  inst = 0,
  instFail = 0,
  instInc = 0;
let ctlRefuted = 0,
  ctlInst = 0,
  ctlInstPass = 0,
  ctlInstInc = 0;
let tPass = 0,
  tHit = 0,
  tInc = 0;
const slopes: number[] = [];
const t0 = performance.now();
for (let seed = 1; seed <= S; seed++) {
  const r = runClaim(fixedFeaturesRate, { seed, runs: DEFAULT_RUNS });
  const o = judgeRecord(r);
  if (o === 'pass') claimPass++;
  else if (o === 'fail') claimFail++;
  else claimInc++;
  inst += r.runs;
  instFail += r.failed;
  instInc += r.inconclusive;
  if (o !== 'pass')
    console.log(
      'claim seed',
      seed,
      o,
      r.counterexample ? JSON.stringify(r.counterexample.instance) + ' ' + r.counterexample.verdict.why : '',
    );
  const c = runClaim(fixedFeaturesNThirdLaw, { seed, runs: fixedFeaturesNThirdLaw.defaultRuns });
  if (judgeRecord(c) === 'refuted') ctlRefuted++;
  else console.log('control NOT refuted at seed', seed);
  for (const i of fc.sample(fixedFeaturesNThirdLaw.arbitrary, { seed: 1000 + seed, numRuns: 3 })) {
    const v = fixedFeaturesNThirdLaw.check(i);
    ctlInst++;
    if (v.status === 'pass') ctlInstPass++;
    if (v.status === 'inconclusive') ctlInstInc++;
    slopes.push(Number((v.details as Record<string, unknown>)?.['slope']));
  }
  const ti = fc.sample(rateInstance({ noises: ['student-t3'] }), { seed: 2000 + seed, numRuns: 1 })[0];
  if (ti === undefined) continue;
  const f = probeStudentT(ti);
  if (f.status === 'hit') tHit++;
  else if (f.status === 'no-hit') tPass++;
  else tInc++;
  if (seed % 10 === 0) console.log(`.. seed ${seed} ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
const m = slopes.reduce((a, b) => a + b, 0) / slopes.length;
console.log(
  `claim over ${S} verify seeds: pass ${claimPass}, fail ${claimFail}, inconclusive ${claimInc}; instances ${inst}, failed ${instFail}, inconclusive ${instInc}`,
);
console.log(
  `n^{-1/3} control over ${S} seeds: refuted ${ctlRefuted}/${S}; per instance: ${ctlInst} drawn, passed (false pass) ${ctlInstPass}, inconclusive ${ctlInstInc}; mean slope ${m.toFixed(4)}`,
);
console.log(
  `Student-t(3), nMax 1e4, ${S} instances: no-hit (passes) ${tPass}, hit (rejects -1/2) ${tHit}, inconclusive ${tInc}`,
);
