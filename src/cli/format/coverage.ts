/**
 * Coverage classes of a result (issue 9 item 1) as text: the "classes covered" cell of the table and the one-line
 * per-class summary of JUnit, the Markdown summary and the failure blocks.
 */
import type { RunRecord } from '../../claim/index.ts';

type CoverageOf = Pick<RunRecord, 'coverage' | 'minPerClass'>;

/** Certified runs (pass or fail verdicts) a class got. */
function certified(c: { readonly passed: number; readonly failed: number }): number {
  return c.passed + c.failed;
}

/**
 * `covered/total` classes (covered: ≥ minPerClass certified runs), '-' for a claim without classes.
 *
 * @example
 * classesCovered({ coverage: [{ class: 'a', passed: 3, failed: 0, … }, { class: 'b', passed: 1, … }], minPerClass: 3 }); // => '1/2'
 */
export function classesCovered(r: CoverageOf): string {
  if (r.coverage === undefined || r.coverage.length === 0) return '-';
  const m = r.minPerClass ?? 0;
  return `${r.coverage.filter((c) => certified(c) >= m).length}/${r.coverage.length}`;
}

/**
 * Every class with its certified runs against the requirement, e.g.
 * `below/bias=free 12/3 ✓, near-below 2/3 ✗ (min 3 certified runs per class)`; 'no coverage classes' without them.
 */
export function coverageLine(r: CoverageOf): string {
  if (r.coverage === undefined || r.coverage.length === 0) return 'no coverage classes';
  const m = r.minPerClass ?? 0;
  const parts = r.coverage.map(
    (c) => `${c.class} ${certified(c)}/${c.runs} certified${certified(c) >= m ? '' : ' (short)'}`,
  );
  return `${classesCovered(r)} classes covered (min ${m} certified runs each): ${parts.join(', ')}`;
}
