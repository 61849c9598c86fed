/**
 * The self-contained `index.html`: inline CSS, inline SVG figures (ids prefixed per figure so that several vega
 * renders never share a clip-path id), no script, no external style, font or image — it opens from file:// with no
 * network.
 */
import type { Figure } from './figures/figure.ts';
import type { ClaimRow, CoverageRow, HuntRow, ReportData } from './input.ts';
import type { FigurePlan } from './plan.ts';

/** Escapes text for HTML element content and attribute values. */
export function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Makes the ids of one SVG unique within the page (`id="x"` → `id="p-x"`, and every `#x` reference). */
export function prefixSvgIds(svg: string, prefix: string): string {
  const ids = new Set<string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) ids.add(m[1] as string);
  if (ids.size === 0) return svg;
  return svg
    .replace(/\sid="([^"]+)"/g, (_, id: string) => ` id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (m, id: string) => (ids.has(id) ? `url(#${prefix}-${id})` : m))
    .replace(/href="#([^"]+)"/g, (m, id: string) => (ids.has(id) ? `href="#${prefix}-${id}"` : m));
}

/** One-line JSON with a space after each separator, wrapped by CSS (an instance is a few fields, not a page). */
export function compactJson(u: unknown): string {
  return (JSON.stringify(u) ?? 'undefined').replace(/([,:])(?=["{[\d-]|true|false|null)/g, '$1 ');
}

/** A margin as the table shows it. */
export function marginText(m: number): string {
  if (Number.isNaN(m)) return '—';
  if (!Number.isFinite(m)) return '∞';
  return m >= 1e4 || (m > 0 && m < 1e-3) ? m.toExponential(2) : m.toPrecision(3);
}

const OUTCOME_CLASS: Readonly<Record<string, string>> = {
  pass: 'ok',
  refuted: 'ok',
  fail: 'bad',
  error: 'bad',
  'not-refuted': 'bad',
  inconclusive: 'warn',
};

function coverageCell(cov: readonly CoverageRow[] | undefined): string {
  if (cov === undefined || cov.length === 0) return '<span class="muted">—</span>';
  const items = cov.map((c) => {
    const cls = c.failed > 0 ? 'bad' : c.passed === 0 ? 'warn' : 'ok';
    return `<li class="${cls}" title="${esc(`${c.passed} passed, ${c.failed} failed, ${c.inconclusive} inconclusive`)}">${esc(c.class)} <b>${c.runs}</b></li>`;
  });
  return `<details><summary>${cov.length} classes</summary><ul class="cov">${items.join('')}</ul></details>`;
}

function verdictRow(c: ClaimRow): string {
  const cls = OUTCOME_CLASS[c.outcome] ?? 'warn';
  const anchor = c.counterexample ? `<a href="#ce-${esc(c.id)}">${esc(c.outcome)}</a>` : esc(c.outcome);
  const text = (t: string, cls: string): string =>
    c.kind === 'control'
      ? `<td class="${cls}" title="${esc(t)}"><div class="clamp">${esc(t)}</div></td>`
      : `<td class="${cls}">${esc(t)}</td>`;
  return `<tr class="${c.kind}" data-claim="${esc(c.id)}"><td class="id"><code>${esc(c.id)}</code>${c.kind === 'control' ? ' <span class="tag">control</span>' : ''}</td>${text(c.statement, 'st')}${text(c.cite, 'cite')}<td>${coverageCell(c.coverage)}</td><td class="num">${c.runs}</td><td class="num">${marginText(c.worstMargin)}</td><td class="res ${cls}">${anchor}</td></tr>`;
}

function figureHtml(f: Figure, svg: string, n: number): string {
  return `<figure id="fig-${esc(f.id)}" class="figure" data-figure="${esc(f.id)}"><figcaption><b>${esc(f.title)}</b> — ${esc(f.caption)} <a href="${esc(f.id)}.svg">${esc(f.id)}.svg</a></figcaption><div class="plot">${prefixSvgIds(svg, `f${n}`)}</div></figure>`;
}

function cmd(label: string, c: string | undefined): string {
  return c === undefined ? '' : `<div class="cmd"><span>${esc(label)}</span><code>${esc(c)}</code></div>`;
}

/** Inputs of {@link reportHtml}: the data, the figure plan and every figure's SVG by id. */
export interface HtmlInput {
  readonly data: ReportData;
  readonly plan: FigurePlan;
  readonly svgs: ReadonlyMap<string, string>;
  readonly title: string;
  /** The command that produced the report (shown in the header). */
  readonly command: string;
}

/** The page. */
export function reportHtml(input: HtmlInput): string {
  const { data, plan, svgs } = input;
  let n = 0;
  const fig = (f: Figure | undefined): string => (f === undefined ? '' : figureHtml(f, svgs.get(f.id) ?? '', n++));
  const claims = data.claims.filter((c) => c.kind === 'claim');
  const controls = data.claims.filter((c) => c.kind === 'control');
  const bad = data.claims.filter((c) => (OUTCOME_CLASS[c.outcome] ?? 'warn') !== 'ok');
  const hits = data.hunts.reduce((s, h) => s + h.hits.length, 0);
  const status =
    data.exitCode === 0
      ? ['ok', 'green']
      : data.exitCode === 2
        ? ['warn', 'inconclusive']
        : ['bad', data.hunts.length > 0 && bad.length === 0 ? 'hits found' : 'failed'];
  const parts: string[] = [];
  parts.push(`<header><h1>${esc(input.title)} <span class="badge ${status[0]}">${esc(status[1] ?? '')}</span></h1>
<p class="meta">${claims.length} claims (${claims.filter((c) => c.outcome === 'pass').length} pass), ${controls.length} controls (${controls.filter((c) => c.outcome === 'refuted').length} refuted)${data.hunts.length > 0 ? `, ${data.hunts.length} hunts (${hits} hits)` : ''} · seed${data.seeds.length > 1 ? 's' : ''} ${esc(data.seeds.join(', ') || '—')} · ${data.seconds.toFixed(1)} s · from ${esc(data.sources.join(', '))}</p>
${cmd('made by', input.command)}</header>`);
  const nav = [
    ...(plan.overview.length > 0 ? ['<a href="#figures">Figures</a>'] : []),
    ...(data.claims.length > 0 ? ['<a href="#verdicts">Verdicts</a>'] : []),
    ...(data.claims.some((c) => c.counterexample)
      ? ['<a href="#counterexamples">Failures and refuted controls</a>']
      : []),
    ...(data.hunts.length > 0 ? ['<a href="#hunts">Hunts</a>'] : []),
  ];
  parts.push(`<nav>${nav.join(' · ')}</nav>`);
  if (plan.overview.length > 0)
    parts.push(`<section id="figures"><h2>Figures</h2>${plan.overview.map(fig).join('')}</section>`);
  if (plan.problems.length > 0)
    parts.push(
      `<section id="problems"><p class="note">Not drawn (the computation behind them failed): ${plan.problems.map(esc).join('; ')}</p></section>`,
    );
  if (data.claims.length > 0) {
    parts.push(`<section id="verdicts"><h2>Verdicts</h2><table class="verdicts"><thead><tr><th>claim</th><th>statement</th><th>citation</th><th>coverage</th><th>runs</th><th>worst margin</th><th>result</th></tr></thead><tbody>${data.claims.map(verdictRow).join('')}</tbody></table>
<p class="note">Worst margin = |measured − predicted| / tolerance over the runs (≤ 1 passes; a refuted control's is its counterexample's). Tolerances are derived from each point's certificate.</p></section>`);
  }
  const withCe = data.claims.filter((c) => c.counterexample !== undefined);
  if (withCe.length > 0) {
    const order = [...withCe].sort((a, b) => Number(a.kind === 'control') - Number(b.kind === 'control'));
    parts.push(
      `<section id="counterexamples"><h2>Failures and refuted controls</h2>${order
        .map((c) => {
          const ce = c.counterexample;
          if (ce === undefined) return '';
          return `<article class="ce ${OUTCOME_CLASS[c.outcome] ?? 'warn'}" id="ce-${esc(c.id)}"><h3><code>${esc(c.id)}</code> — ${esc(c.outcome)}${c.kind === 'control' ? ' (negative control: refuting it is the expected result)' : ''}</h3>
<p>${esc(ce.why)}</p><p class="muted">margin ${marginText(ce.margin)}${ce.shrinks !== undefined ? ` · shrunk ${ce.shrinks} times` : ''} · seed ${c.seed}</p>
<details open><summary>shrunk instance</summary><pre class="inst">${esc(compactJson(ce.instance))}</pre></details>
${cmd('replay', ce.replay)}${cmd('re-run', ce.rerun)}${fig(plan.evidence.get(c.id))}</article>`;
        })
        .join('')}</section>`,
    );
  }
  if (data.hunts.length > 0) parts.push(huntsHtml(data.hunts, plan, fig));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(input.title)}</title><style>${CSS}</style></head>
<body>${parts.join('\n')}</body></html>
`;
}

function huntsHtml(hunts: readonly HuntRow[], plan: FigurePlan, fig: (f: Figure | undefined) => string): string {
  const rows = hunts
    .map(
      (h) =>
        `<tr data-hunt="${esc(h.id)}"><td class="id"><code>${esc(h.id)}</code></td><td>${esc(h.statement)}</td><td class="cite">${esc(h.cite)}</td><td class="num">${h.tried}</td><td class="num">${h.hits.length}</td><td class="num">${h.inconclusive + h.errors}</td><td class="num">${h.seed}${h.shards > 1 ? ` (${h.shards} shards)` : ''}</td></tr>`,
    )
    .join('');
  const hits = hunts.flatMap((h) =>
    h.hits.map(
      (
        hit,
      ) => `<article class="ce bad" id="hit-${esc(h.id)}-${hit.index}"><h3><code>${esc(h.id)}</code> — hit ${hit.index}</h3><p>${esc(hit.why)}</p>
<details open><summary>shrunk instance</summary><pre class="inst">${esc(compactJson(hit.instance))}</pre></details>${cmd('replay', hit.replay)}${cmd('re-run', h.rerun)}${fig(plan.hits.get(`${h.id}#${h.seed}#${hit.index}`))}</article>`,
    ),
  );
  return `<section id="hunts"><h2>Hunts</h2><table class="verdicts"><thead><tr><th>conjecture</th><th>statement</th><th>citation</th><th>tried</th><th>hits</th><th>inconclusive</th><th>seed</th></tr></thead><tbody>${rows}</tbody></table>${hits.join('')}</section>`;
}

const CSS = `
:root{--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--muted:#57606a;--line:#d0d7de}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0 auto;max-width:1440px;padding:16px 24px;color:#1f2328;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;border-bottom:1px solid var(--line);padding-bottom:4px;margin-top:28px}h3{font-size:15px;margin:0 0 6px}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}pre{background:#f6f8fa;padding:8px;overflow:auto;max-height:220px;margin:4px 0}pre.inst{white-space:pre-wrap;word-break:break-word}
.meta,.muted,.note{color:var(--muted)}.note{font-size:12px}nav{margin:8px 0 0}
.badge{font-size:13px;padding:2px 8px;border-radius:10px;color:#fff;vertical-align:middle}.badge.ok{background:var(--ok);color:#fff}.badge.bad{background:var(--bad);color:#fff}.badge.warn{background:var(--warn);color:#fff}
table.verdicts{border-collapse:collapse;width:100%;font-size:13px}table.verdicts th{text-align:left;background:#f6f8fa;position:sticky;top:0}
table.verdicts td,table.verdicts th{border-bottom:1px solid var(--line);padding:4px 6px;vertical-align:top}
td.id{white-space:nowrap}td.cite{color:var(--muted);font-size:12px;max-width:300px}td.st{max-width:520px}td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.res{font-weight:600;white-space:nowrap}td.ok,li.ok,.res.ok{color:var(--ok)}td.bad,li.bad,.res.bad{color:var(--bad)}td.warn,li.warn,.res.warn{color:var(--warn)}tr.control{background:#fafbfc;font-size:12px}.clamp{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.tag{font-size:11px;color:var(--muted);border:1px solid var(--line);border-radius:8px;padding:0 5px}
ul.cov{margin:2px 0;padding-left:16px;font-size:12px}details summary{cursor:pointer}
.cmd{display:flex;gap:8px;align-items:baseline;margin:2px 0}.cmd span{color:var(--muted);min-width:56px;font-size:12px}.cmd code{background:#f6f8fa;padding:2px 6px;border-radius:4px;word-break:break-all}
article.ce{border:1px solid var(--line);border-left:4px solid var(--line);border-radius:6px;padding:10px 12px;margin:12px 0;color:#1f2328}article.ce.bad{border-left-color:var(--bad)}article.ce.ok{border-left-color:var(--ok)}
figure{margin:14px 0}figcaption{font-size:13px;margin-bottom:6px;max-width:980px}.plot{overflow-x:auto}.plot svg{max-width:100%;height:auto}
`;
