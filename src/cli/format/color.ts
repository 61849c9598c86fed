/**
 * Colour for the terminal (issue 10 item 4): only when the stream is a TTY, never when `NO_COLOR` is set to a
 * non-empty value (https://no-color.org) or `TERM=dumb`. Pipes, files and CI logs get plain text.
 */

/** Wraps text in a style; the identity when colour is off. */
export type Paint = (s: string) => string;

/** The styles the reports use. */
export interface Palette {
  readonly enabled: boolean;
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly bold: Paint;
  readonly dim: Paint;
}

const sgr =
  (open: number, close: number): Paint =>
  (s) =>
    `\x1b[${open}m${s}\x1b[${close}m`;

/** No colour. */
export const PLAIN: Palette = {
  enabled: false,
  red: (s) => s,
  green: (s) => s,
  yellow: (s) => s,
  bold: (s) => s,
  dim: (s) => s,
};

/** ANSI SGR colours. */
export const ANSI: Palette = {
  enabled: true,
  red: sgr(31, 39),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  bold: sgr(1, 22),
  dim: sgr(2, 22),
};

/**
 * Whether to colour output written to `stream`.
 *
 * @param stream - the output stream (its `isTTY`)
 * @param env - the environment (NO_COLOR, TERM)
 * @example
 * colorEnabled({ isTTY: true }, { NO_COLOR: '1' }); // => false
 */
export function colorEnabled(
  stream: { readonly isTTY?: boolean | undefined },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (stream.isTTY !== true) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return env['TERM'] !== 'dumb';
}

/** The palette for `stream` under `env`. */
export function paletteFor(
  stream: { readonly isTTY?: boolean | undefined },
  env: Readonly<Record<string, string | undefined>>,
): Palette {
  return colorEnabled(stream, env) ? ANSI : PLAIN;
}

/** Length of `s` as displayed (ANSI escapes removed). */
export function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '').length;
}
