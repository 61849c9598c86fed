/**
 * Plain-text tables for the terminal: columns padded to their widest cell, numbers right-aligned.
 */

/** Column alignment. */
export type Align = 'left' | 'right';

/**
 * Renders a table with a header row and a rule under it.
 *
 * @param headers - column titles
 * @param rows - cells (each row as long as `headers`)
 * @param align - per-column alignment
 * @returns the lines joined with '\n', ending with '\n'
 * @example
 * renderTable(['id', 'runs'], [['a', '10']], ['left', 'right']);
 * // => 'id  runs\n--  ----\na     10\n'
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[],
): string {
  const widths = headers.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, j) => {
        const w = widths[j] ?? 0;
        return align[j] === 'right' ? c.padStart(w) : c.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  const out = [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(r))];
  return `${out.join('\n')}\n`;
}

/**
 * A margin for a table cell: '-' when absent, 3 significant digits, exponent form outside [1e-3, 1e4).
 *
 * @example
 * formatNumber(0.12345); // => '0.123'
 * formatNumber(123456);  // => '1.23e+5'
 */
export function formatNumber(x: number | null): string {
  if (x === null) return '-';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? x.toExponential(2) : String(Number(x.toPrecision(3)));
}

/** Seconds for a table cell, e.g. '1.23s'. */
export function formatSeconds(s: number): string {
  return `${s.toFixed(2)}s`;
}

/**
 * One-line JSON of an instance for the terminal, cut at `max` characters (the fixture holds the whole).
 */
export function formatInstance(json: string, max = 2000): string {
  return json.length <= max ? json : `${json.slice(0, max)}… (${json.length} chars; the fixture has it whole)`;
}
