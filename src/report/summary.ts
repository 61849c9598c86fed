/**
 * `summary.md`: a short Markdown summary for a CI job page (`cat summary.md >> "$GITHUB_STEP_SUMMARY"`): one status
 * line, the counts, the claims that did not pass (with their replay command), hunts with hits, and a pointer to
 * index.html. Passing claims and refuted controls are counted, not listed, so a green run stays a few lines long.
 */
import { marginText } from './html.ts';
import type { ReportData } from './input.ts';

/** Markdown table cell text (pipes and newlines escaped). */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The summary text. */
export function summaryMarkdown(data: ReportData, command: string): string {
  const claims = data.claims.filter((c) => c.kind === 'claim');
  const controls = data.claims.filter((c) => c.kind === 'control');
  const notOk = data.claims.filter((c) => c.outcome !== 'pass' && c.outcome !== 'refuted');
  const hits = data.hunts.filter((h) => h.hits.length > 0);
  const icon = data.exitCode === 0 ? '✅' : data.exitCode === 2 ? '⚠️' : '❌';
  const out: string[] = [];
  out.push(
    `## ${icon} ufmcheck: ${data.exitCode === 0 ? 'all green' : data.exitCode === 2 ? 'inconclusive' : notOk.length > 0 ? `${notOk.length} not passing` : `${hits.length} conjecture(s) with hits`}`,
  );
  out.push('');
  const counts: string[] = [];
  if (data.claims.length > 0) {
    counts.push(`**${claims.filter((c) => c.outcome === 'pass').length}/${claims.length}** claims pass`);
    counts.push(
      `**${controls.filter((c) => c.outcome === 'refuted').length}/${controls.length}** negative controls refuted`,
    );
  }
  if (data.hunts.length > 0)
    counts.push(
      `**${data.hunts.reduce((s, h) => s + h.hits.length, 0)}** hits in ${data.hunts.length} hunt(s) over ${data.hunts.reduce((s, h) => s + h.tried, 0)} instances`,
    );
  out.push(`${counts.join(' · ')} · seed ${data.seeds.join(', ') || '—'} · ${data.seconds.toFixed(1)} s`);
  if (notOk.length > 0) {
    out.push('', '| claim | result | runs | worst margin | replay |', '|---|---|---:|---:|---|');
    for (const c of notOk.slice(0, 20)) {
      const replay = c.counterexample?.replay ?? c.counterexample?.rerun ?? '';
      out.push(
        `| \`${cell(c.id)}\` | ${c.outcome} | ${c.runs} | ${marginText(c.worstMargin)} | ${replay ? `\`${cell(replay)}\`` : ''} |`,
      );
    }
    if (notOk.length > 20) out.push(`| … ${notOk.length - 20} more in index.html | | | | |`);
  }
  if (hits.length > 0) {
    out.push('', '| conjecture | hits / tried | first replay |', '|---|---:|---|');
    for (const h of hits)
      out.push(
        `| \`${cell(h.id)}\` | ${h.hits.length} / ${h.tried} | ${h.hits[0]?.replay ? `\`${cell(h.hits[0].replay)}\`` : ''} |`,
      );
  }
  out.push('', `Full report with figures: \`index.html\` (made by \`${cell(command)}\`).`, '');
  return out.join('\n');
}
