/**
 * JUnit XML for CI dashboards: one `<testsuite>`, one `<testcase classname="<kind>" name="<id>">` per claim.
 * A failed claim or unrefuted control gets `<failure>` with the counterexample and the replay/re-run commands; a
 * check that threw gets `<error>`; an inconclusive budget overrun is a `<failure type="inconclusive">`. A refuted
 * control passes and puts its evidence in `<system-out>`.
 *
 * Every testcase carries `<properties>` with its citation (`cite`), coverage classes (`coverage`) and the command
 * that reproduces it (`replay`: the fixture's replay command when a counterexample was saved, else the re-run), and
 * every failure text repeats them (issue 10 item 5), so a dashboard that shows only the failure body has them too.
 */
import { stringifyJson } from '../../claim/index.ts';
import { coverageLine } from './coverage.ts';
import { escapeXml } from './xml.ts';
import type { ClaimResult } from './result.ts';

/** Suite-level facts. */
export interface JunitMeta {
  readonly seed: number;
  readonly seconds: number;
  readonly maxInconclusive: number;
}

/** Citation and coverage lines, first in every failure text. */
function about(r: ClaimResult): string[] {
  return [`cite: ${r.record.cite}`, `coverage: ${coverageLine(r.record)}`];
}

/** The command that reproduces a result. */
function replayOf(r: ClaimResult): string {
  return r.fixture?.fixture.replay ?? r.rerun;
}

/** The counterexample block shared by failures and refutations. */
function evidence(r: ClaimResult): string {
  const ce = r.record.counterexample;
  const lines: string[] = about(r);
  if (ce !== undefined) {
    const v = ce.verdict;
    lines.push(
      `instance: ${stringifyJson(ce.instance, 0)}`,
      `measured: ${v.measured}  predicted: ${v.predicted}  tolerance: ${v.tolerance}  margin: ${v.margin}`,
      `why: ${v.why}`,
      `seed: ${ce.seed}  path: ${ce.path}  shrinks: ${ce.shrinks}`,
    );
  }
  if (r.fixture !== undefined) lines.push(`fixture: ${r.fixture.display}`, `replay: ${r.fixture.fixture.replay}`);
  lines.push(`re-run: ${r.rerun}`);
  return lines.join('\n');
}

/** The `<testcase>` element of one claim. */
function testcase(r: ClaimResult, maxInconclusive: number): string {
  const rec = r.record;
  const open = `  <testcase classname="${escapeXml(rec.kind)}" name="${escapeXml(rec.id)}" time="${rec.seconds.toFixed(3)}">`;
  const counts = `${rec.runs} runs: ${rec.passed} passed, ${rec.failed} failed, ${rec.inconclusive} inconclusive`;
  let body: string;
  switch (r.outcome) {
    case 'fail':
      body = element(
        'failure',
        'counterexample',
        `claim failed: ${rec.counterexample?.verdict.why ?? ''}`,
        evidence(r),
      );
      break;
    case 'error':
      body = element('error', 'check-threw', rec.counterexample?.error ?? 'check threw', evidence(r));
      break;
    case 'not-refuted':
      body = element(
        'failure',
        'control-not-refuted',
        `negative control not refuted in ${rec.runs} runs`,
        [...about(r), counts, `re-run: ${r.rerun}`].join('\n'),
      );
      break;
    case 'inconclusive':
      body = element(
        'failure',
        'inconclusive',
        `${rec.inconclusive} of ${rec.runs} runs inconclusive (budget ${maxInconclusive * 100}%)`,
        [...about(r), `${counts} (${rec.timedOut} timed out)`, `re-run: ${r.rerun}`].join('\n'),
      );
      break;
    case 'refuted':
      body = `    <system-out>${escapeXml(`refuted as expected\n${evidence(r)}`)}</system-out>`;
      break;
    case 'pass':
      body = `    <system-out>${escapeXml(counts)}</system-out>`;
      break;
  }
  const props = [
    '    <properties>',
    `      <property name="cite" value="${escapeXml(rec.cite)}"/>`,
    `      <property name="coverage" value="${escapeXml(coverageLine(rec))}"/>`,
    `      <property name="replay" value="${escapeXml(replayOf(r))}"/>`,
    '    </properties>',
  ].join('\n');
  return `${open}\n${props}\n${body}\n  </testcase>`;
}

function element(tag: 'failure' | 'error', type: string, message: string, text: string): string {
  return `    <${tag} type="${escapeXml(type)}" message="${escapeXml(message)}">${escapeXml(text)}</${tag}>`;
}

/**
 * The JUnit report.
 *
 * @param results - per-claim results
 * @param meta - seed, total seconds, inconclusive budget
 * @returns the XML document (trailing newline)
 */
export function junitXml(results: readonly ClaimResult[], meta: JunitMeta): string {
  const failures = results.filter(
    (r) => r.outcome === 'fail' || r.outcome === 'not-refuted' || r.outcome === 'inconclusive',
  ).length;
  const errors = results.filter((r) => r.outcome === 'error').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="ufmcheck verify" tests="${results.length}" failures="${failures}" errors="${errors}" skipped="0" time="${meta.seconds.toFixed(3)}">`,
    '  <properties>',
    `    <property name="seed" value="${meta.seed}"/>`,
    `    <property name="maxInconclusive" value="${meta.maxInconclusive}"/>`,
    '  </properties>',
    ...results.map((r) => testcase(r, meta.maxInconclusive)),
    '</testsuite>',
    '',
  ].join('\n');
}
