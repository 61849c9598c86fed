/**
 * Reports of `ufmcheck hunt`: the list of conjectures, the end-of-hunt summary (counts, hits with their fixtures
 * and replay commands, errors, the distribution of the searched parameters), and their `--json` forms.
 */
import { stringifyJson, type Conjecture } from '../../claim/index.ts';
import {
  formatBudget,
  formatShard,
  formatSpace,
  hooksOf,
  isNarrowed,
  type HuntFindings,
  type HuntSpace,
  type HuntDistribution,
  type HuntHit,
  type HuntReport,
  type ParamDistribution,
  type StoredHuntHit,
  type WrittenHuntFixture,
} from '../../hunt/index.ts';
import { formatInstance, formatNumber, renderTable } from './table.ts';

/** A hit and the fixture it was saved to (absent when the fixture could not be written: exit 73). */
export interface SavedHit {
  readonly hit: HuntHit;
  readonly fixture?: WrittenHuntFixture;
}

/** What a `--store` contributed to a hunt (issue 13 item 2). */
export interface HuntStoreSummary {
  /** The key's directory as shown. */
  readonly dir: string;
  /** Indices of this shard and budget skipped because the store records them as tried. */
  readonly skipped: number;
  /** Tried records read before the hunt. */
  readonly recordsRead: number;
  /** Tried records written by this hunt. */
  readonly recordsWritten: number;
  /** Hits recorded by earlier runs (indices this run skipped). */
  readonly previousHits: readonly StoredHuntHit[];
  /** Skipped (corrupt or partial) records. */
  readonly warnings: readonly string[];
  /** The seed was taken from the store (--resume). */
  readonly resumed: boolean;
}

/** What the summary needs besides the report. */
export interface HuntSummaryContext {
  readonly hits: readonly SavedHit[];
  readonly exitCode: number;
  /** The seed was drawn from the clock (print how to repeat it). */
  readonly seedFromClock: boolean;
  /** The --conjecture module as shown, when given. */
  readonly module?: string;
  readonly maxInconclusive: number;
  /** The narrowing flags of the hunt. @defaultValue {} */
  readonly space?: HuntSpace;
  /** The signal that stopped the hunt early (SIGINT/SIGTERM: a partial summary, exit 130/143). */
  readonly interrupted?: 'SIGINT' | 'SIGTERM';
  /** The write failure that stopped the hunt (exit 73): hits found after it are listed but not saved. */
  readonly writeError?: string;
  /** The hunt store, with --store. */
  readonly store?: HuntStoreSummary;
  /** A note on stderr-worthy adjustments (e.g. --workers clamped to the cores), repeated in --json. */
  readonly notes?: readonly string[];
}

/** `hunt --list` as text: the table, then what "the symmetric configuration" means for each conjecture that says. */
export function huntListText(list: readonly Conjecture[]): string {
  if (list.length === 0)
    return 'no conjectures registered (add one to properties/conjectures/index.ts, or hunt your own with --conjecture FILE)\n';
  const table = renderTable(
    ['id', 'cite', 'statement'],
    list.map((c) => [c.id, c.cite, c.statement]),
    ['left', 'left', 'left'],
  );
  const notes = list.flatMap((c) => {
    const a = hooksOf(c).ansatz;
    return a === undefined ? [] : [`  ${c.id}:\n    ${a}\n`];
  });
  return notes.length === 0
    ? table
    : `${table}\nthe symmetric configuration (what each conjecture compares with, per d drawn; excluded and flagged cases):\n${notes.join('')}`;
}

/** `hunt --list --json`: `{"conjectures": [{"id", "cite", "statement", "ansatz"?}]}`. */
export function huntListJson(list: readonly Conjecture[]): string {
  return `${stringifyJson({
    conjectures: list.map((c) => {
      const a = hooksOf(c).ansatz;
      return { id: c.id, cite: c.cite, statement: c.statement, ...(a !== undefined ? { ansatz: a } : {}) };
    }),
  })}\n`;
}

const SPARK = '▁▂▃▄▅▆▇█';
/** Hits shown in full in the text summary. */
const MAX_HIT_BLOCKS = 10;

/** A histogram in one line: `2:40 3:55 …` for a few distinct values, a sparkline with its range otherwise. */
export function histogramText(d: ParamDistribution): string {
  if (d.scale === 'values') return d.bins.map((b) => `${formatNumber(b.lo)}:${b.count}`).join(' ');
  const peak = Math.max(...d.bins.map((b) => b.count));
  const spark = d.bins
    .map((b) => (b.count === 0 ? ' ' : (SPARK[Math.min(7, Math.floor((8 * b.count) / (peak + 1)))] ?? '█')))
    .join('');
  return `${d.scale === 'log' ? 'log' : 'lin'} ${formatNumber(d.min)} ▕${spark}▏ ${formatNumber(d.max)}`;
}

/** The distribution table. */
export function distributionText(dist: HuntDistribution): string {
  const rows = Object.entries(dist).map(([k, d]) => [
    k,
    formatNumber(d.min),
    formatNumber(d.median),
    formatNumber(d.max),
    histogramText(d),
  ]);
  if (rows.length === 0) return '  (no numeric parameters in the instances)\n';
  return renderTable(['parameter', 'min', 'median', 'max', 'histogram'], rows, [
    'left',
    'right',
    'right',
    'right',
    'left',
  ])
    .split('\n')
    .map((l) => (l === '' ? l : `  ${l}`))
    .join('\n');
}

/** The command that re-runs this hunt (same seed, budget, shard, module and narrowing). */
export function huntRerunCommand(
  r: Pick<HuntReport, 'id' | 'seed' | 'budget' | 'shard'>,
  module?: string,
  space: HuntSpace = {},
): string {
  const parts = ['npx ufmcheck hunt', r.id, '--seed', String(r.seed), '--budget', formatBudget(r.budget)];
  if (r.shard.count > 1) parts.push('--shard', formatShard(r.shard));
  if (isNarrowed(space)) parts.push(formatSpace(space));
  if (module !== undefined) parts.push('--conjecture', module);
  return parts.join(' ');
}

/** Distinct problems listed per finding in the text summary. */
const MAX_WITNESSES = 4;

/**
 * The findings block: one entry per mechanism, most hits first — the signature, raw hits and distinct witnesses,
 * the smallest witness's description, instance and fixture, and the other witnesses with their counts.
 */
export function findingsText(f: HuntFindings, saved: readonly SavedHit[]): string {
  if (f.groups.length === 0) return '';
  const fixtureOf = (index: number): string =>
    saved.find((s) => s.hit.index === index)?.fixture?.display ?? '(not saved)';
  const out = [
    `findings: ${f.groups.length} mechanism${f.groups.length === 1 ? '' : 's'}, ${f.distinctWitnesses} distinct problem${f.distinctWitnesses === 1 ? '' : 's'} from ${f.rawHits} hit${f.rawHits === 1 ? '' : 's'}\n`,
  ];
  f.groups.forEach((g, i) => {
    const w = g.smallest;
    out.push(`\n[${i + 1}] ${g.signature}\n`);
    out.push(
      `    ${g.hits} hit${g.hits === 1 ? '' : 's'}, ${g.witnesses.length} distinct problem${g.witnesses.length === 1 ? '' : 's'}${g.flags.length > 0 ? `; flags: ${g.flags.join('; ')}` : ''}\n`,
    );
    out.push(`    smallest: ${w.hit.analysis.description}\n`);
    out.push(
      `      instance: ${formatInstance(stringifyJson(w.hit.instance, 0))} (×${w.count}, indices ${w.indices.join(', ')})\n`,
    );
    out.push(`      fixture:  ${fixtureOf(w.hit.index)}\n`);
    for (const o of g.witnesses.slice(1, MAX_WITNESSES))
      out.push(`    also: ${formatInstance(o.hit.analysis.description, 160)} (×${o.count})\n`);
    if (g.witnesses.length > MAX_WITNESSES)
      out.push(`    … and ${g.witnesses.length - MAX_WITNESSES} more distinct problems (--json lists every one)\n`);
  });
  return out.join('');
}

/** One hit block. */
function hitBlock(s: SavedHit): string {
  const { hit, fixture } = s;
  return [
    `HIT at index ${hit.index}: ${hit.finding.why}`,
    `  mechanism: ${hit.analysis.signature}`,
    `  found:     ${hit.analysis.description}`,
    `  instance:  ${formatInstance(stringifyJson(hit.instance, 0))}`,
    `  evidence:  ${formatInstance(stringifyJson(hit.finding.evidence, 0))}`,
    `  shrunk:    ${hit.shrinks} steps from ${formatInstance(stringifyJson(hit.original, 0), 200)}`,
    `  fixture:   ${fixture?.display ?? '(not saved: the output could not be written)'}`,
    `  replay:    ${fixture?.fixture.replay ?? '(re-run the hunt command below with a writable --out)'}`,
    '',
  ].join('\n');
}

/** The end-of-hunt summary in text. */
export function huntSummaryText(r: HuntReport, c: HuntSummaryContext): string {
  const out: string[] = [];
  const seedNote = c.seedFromClock ? ` (drawn from the clock; repeat with --seed ${r.seed})` : '';
  const budget = r.budget.kind === 'runs' ? `${r.budget.runs} runs` : `${formatBudget(r.budget)} of wall-clock time`;
  out.push(`ufmcheck hunt ${r.id} — ${r.statement}\n`);
  out.push(`  ${r.cite}\n`);
  out.push(
    `seed ${r.seed}${seedNote}, budget ${budget}, shard ${formatShard(r.shard)}, ${r.workers} worker${r.workers === 1 ? '' : 's'}\n\n`,
  );
  const rate = r.seconds > 0 ? ` (${(r.tried / r.seconds).toFixed(1)}/s)` : '';
  out.push(
    `tried ${r.tried} instances in ${r.seconds.toFixed(2)}s${rate}: ${r.hits.length} hit${r.hits.length === 1 ? '' : 's'}, ${r.noHit} no-hit, ${r.inconclusive} inconclusive, ${r.errors} errors\n`,
  );
  if (isNarrowed(c.space ?? {})) out.push(`search space narrowed: ${formatSpace(c.space ?? {})}\n`);
  if (r.findings.groups.length > 0) out.push(`\n${findingsText(r.findings, c.hits)}`);
  if (c.hits.length > 0)
    out.push(`\nhits (raw, by index):\n${c.hits.slice(0, MAX_HIT_BLOCKS).map(hitBlock).join('\n')}`);
  if (c.hits.length > MAX_HIT_BLOCKS) {
    const dir = c.hits.find((h) => h.fixture !== undefined)?.fixture?.display.replace(/\/[^/]*$/, '') ?? '--out';
    out.push(`… and ${c.hits.length - MAX_HIT_BLOCKS} more hits (all saved under ${dir}/; --json lists every one)\n`);
  }
  if (r.errors > 0) {
    out.push(
      `\n${r.errors} probe error${r.errors === 1 ? '' : 's'} (a bug in the conjecture; counted as inconclusive for the exit code):\n`,
    );
    for (const e of r.errorSamples) out.push(`  index ${e.index}: ${e.error}\n`);
  }
  if (c.store !== undefined) out.push(storeText(c.store));
  out.push(`\nsearched parameters (${r.tried} instances):\n${distributionText(r.distribution)}`);
  out.push(`\nre-run: ${huntRerunCommand(r, c.module, c.space)}\n`);
  out.push(`${verdictLine(r, c)}\n`);
  return out.join('');
}

/** The store block of the text summary. */
function storeText(s: HuntStoreSummary): string {
  const out = [
    `\nstore ${s.dir}: skipped ${s.skipped} instance${s.skipped === 1 ? '' : 's'} already tried (${s.recordsRead} record${s.recordsRead === 1 ? '' : 's'} read${s.resumed ? ', seed resumed from the store' : ''}); wrote ${s.recordsWritten} record${s.recordsWritten === 1 ? '' : 's'}\n`,
  ];
  if (s.previousHits.length > 0) {
    out.push(`  ${s.previousHits.length} hit${s.previousHits.length === 1 ? '' : 's'} found by earlier runs:\n`);
    for (const h of s.previousHits.slice(0, MAX_HIT_BLOCKS))
      out.push(`    index ${h.index}: ${h.why}${h.fixture !== null ? ` (${h.fixture})` : ''}\n`);
  }
  if (s.warnings.length > 0)
    out.push(`  ${s.warnings.length} record${s.warnings.length === 1 ? '' : 's'} skipped (see stderr)\n`);
  return out.join('');
}

/** The last line: what the exit code means. */
function verdictLine(r: HuntReport, c: HuntSummaryContext): string {
  if (c.interrupted !== undefined)
    return `exit ${c.exitCode}: interrupted by ${c.interrupted} after ${r.tried} instances (partial results above; hits found so far are saved)`;
  if (c.writeError !== undefined) return `exit ${c.exitCode}: stopped after ${r.tried} instances: ${c.writeError}`;
  const earlier = c.store?.previousHits.length ?? 0;
  if (c.exitCode === 1 && r.hits.length === 0 && earlier > 0)
    return `exit 1: no new hits, but the store holds ${earlier} hit${earlier === 1 ? '' : 's'} of this hunt from earlier runs — the conjecture is refuted`;
  if (c.exitCode === 1)
    return `exit 1: ${r.hits.length} hit${r.hits.length === 1 ? '' : 's'} — the conjecture is refuted on the instance${r.hits.length === 1 ? '' : 's'} above (a discovery)`;
  if (c.exitCode === 2) {
    return `exit 2: no hits, but ${r.inconclusive + r.errors} of ${r.tried} instances were inconclusive or errors (more than ${formatNumber(c.maxInconclusive)} of them)`;
  }
  return `exit 0: no hits in ${r.tried} instances`;
}

/** The `hunt --json` object. */
export function huntJson(r: HuntReport, c: HuntSummaryContext): string {
  return `${stringifyJson({
    id: r.id,
    cite: r.cite,
    statement: r.statement,
    tried: r.tried,
    hits: c.hits.map(({ hit, fixture }) => ({
      index: hit.index,
      instance: hit.instance,
      evidence: hit.finding.evidence,
      why: hit.finding.why,
      mechanism: {
        signature: hit.analysis.signature,
        description: hit.analysis.description,
        flags: hit.analysis.flags,
      },
      point: hit.analysis.point,
      metrics: hit.analysis.metrics,
      fixture: fixture?.display ?? null,
      ...(fixture !== undefined ? { replay: fixture.fixture.replay } : {}),
      original: hit.original,
      shrinks: hit.shrinks,
      fastCheck: { seed: hit.fcSeed, path: hit.path },
    })),
    findings: findingsJson(r.findings, c.hits),
    noHit: r.noHit,
    inconclusive: r.inconclusive,
    errors: r.errors,
    errorSamples: r.errorSamples,
    seconds: r.seconds,
    shard: { index: r.shard.index, count: r.shard.count },
    workers: r.workers,
    seed: r.seed,
    budget: formatBudget(r.budget),
    distribution: r.distribution,
    space: c.space ?? {},
    rerun: huntRerunCommand(r, c.module, c.space),
    ...(c.interrupted !== undefined ? { interrupted: c.interrupted } : {}),
    ...(c.writeError !== undefined ? { writeError: c.writeError } : {}),
    ...(c.store !== undefined ? { store: c.store } : {}),
    ...(c.notes !== undefined && c.notes.length > 0 ? { notes: c.notes } : {}),
    exitCode: c.exitCode,
  })}\n`;
}

/**
 * The findings as JSON: `{ rawHits, distinctWitnesses, groups: [{ signature, hits, flags, smallest: {…},
 * witnesses: [{ count, indices, instance, description, fixture }] }] }` (smallest = witnesses[0]).
 */
export function findingsJson(f: HuntFindings, saved: readonly SavedHit[]): unknown {
  const fixtureOf = (index: number): string | null =>
    saved.find((s) => s.hit.index === index)?.fixture?.display ?? null;
  const witness = (w: HuntFindings['groups'][number]['witnesses'][number]): unknown => ({
    count: w.count,
    indices: w.indices,
    instance: w.hit.instance,
    description: w.hit.analysis.description,
    fixture: fixtureOf(w.hit.index),
  });
  return {
    rawHits: f.rawHits,
    distinctWitnesses: f.distinctWitnesses,
    groups: f.groups.map((g) => ({
      signature: g.signature,
      hits: g.hits,
      flags: g.flags,
      smallest: witness(g.smallest),
      witnesses: g.witnesses.map(witness),
    })),
  };
}
