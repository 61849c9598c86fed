/**
 * Citations that resolve (issue 10 item 6): every `cite` of every registered claim, control and conjecture (hunt hits
 * carry their conjecture's cite) names a paper — authors, year and arXiv id — and a section of docs/theory.md that
 * exists as a heading there. No cite points at a file outside the repository ("THEORY.md") or at an issue.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { claims } from '../../../properties/index.ts';
import { conjectures } from '../../../properties/conjectures/index.ts';

const THEORY_DOC = new URL('../../../docs/theory.md', import.meta.url);

/** "Zhu et al. 2021 (arXiv 2105.02375)", "Tirer & Bruna 2022 (arXiv 2202.08087)". */
const PAPER = /[A-Z][\p{L}-]+( et al\.| & [A-Z][\p{L}-]+)? (19|20)\d\d \(arXiv \d{4}\.\d{4,5}\)/u;
/** "docs/theory.md §6.4, §1.2" — captures the list of sections. */
const SECTIONS = /docs\/theory\.md (§\d+(?:\.\d+)?(?:, §\d+(?:\.\d+)?)*)/;

/** The section numbers of docs/theory.md's headings: "## 1. …" → "1", "### 2.7 …" → "2.7". */
function headings(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)) out.add(m[1] as string);
  return out;
}

/** The sections a cite points at, or undefined when it names none. */
function citedSections(cite: string): string[] | undefined {
  const m = SECTIONS.exec(cite);
  return m === null ? undefined : (m[1] as string).split(', ').map((s) => s.slice(1));
}

const everyCite: readonly { id: string; cite: string }[] = [
  ...claims.map((c) => ({ id: c.id, cite: c.cite })),
  ...conjectures.map((c) => ({ id: c.id, cite: c.cite })),
];

describe('registered citations', () => {
  it('should find the registry non-empty (so the checks below cannot pass vacuously)', () => {
    expect(claims.length).toBeGreaterThan(0);
    expect(conjectures.length).toBeGreaterThan(0);
  });

  it.each(everyCite)('should name a paper with its year and arXiv id in the cite of $id', ({ cite }) => {
    expect(cite).toMatch(PAPER);
  });

  it.each(everyCite)('should point the cite of $id at sections that exist in docs/theory.md', ({ cite }) => {
    // Arrange
    const known = headings(readFileSync(THEORY_DOC, 'utf8'));
    // Act
    const sections = citedSections(cite);
    // Assert
    expect(sections, cite).toBeDefined();
    for (const s of sections ?? []) expect(known.has(s), `${cite}: no heading §${s} in docs/theory.md`).toBe(true);
  });

  it.each(everyCite)('should not cite a file outside the repository or an issue in $id', ({ cite }) => {
    expect(cite).not.toMatch(/(^|[^/])THEORY\.md/);
    expect(cite).not.toMatch(/\bissue \d/i);
  });
});

describe('citedSections', () => {
  it('should read one or several sections and reject a cite without the document', () => {
    expect(citedSections('Zhu et al. 2021 (arXiv 2105.02375), Thm 3.1; docs/theory.md §1.1')).toEqual(['1.1']);
    expect(citedSections('x; docs/theory.md §6.4, §1.2')).toEqual(['6.4', '1.2']);
    expect(citedSections('Zhu et al. 2021, Thm 3.1; THEORY.md §1.1')).toBeUndefined();
  });

  it('should list the numbered headings of docs/theory.md and nothing else', () => {
    expect([...headings('## 1. A\n### 1.2 B\n#### 9.9 C\ntext §3\n')]).toEqual(['1', '1.2']);
  });
});
