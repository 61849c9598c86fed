/**
 * In-process CLI harness: runs `main` with an injected registry, string sinks and a temporary cwd.
 */
import { readdirSync } from 'node:fs';
import type { Claim } from '../../../src/claim/index.ts';
import { main } from '../../../src/cli/main.ts';
import type { OutStream } from '../../../src/cli/context.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A string sink; `isTTY` as given. */
export function sink(isTTY = false): OutStream & { text: string } {
  const s = {
    text: '',
    isTTY,
    write(chunk: string): boolean {
      s.text += chunk;
      return true;
    },
  };
  return s;
}

/** Runs `ufmcheck <argv>` in `cwd` against `registry`; `tty` makes stderr a terminal, `stdoutTty` stdout. */
export async function runCli(
  argv: readonly string[],
  registry: readonly Claim[],
  cwd: string,
  options: {
    tty?: boolean;
    stdoutTty?: boolean;
    now?: () => number;
    env?: Readonly<Record<string, string | undefined>>;
  } = {},
): Promise<CliRun> {
  const stdout = sink(options.stdoutTty ?? false);
  const stderr = sink(options.tty ?? false);
  // The environment is injected (empty by default) so that the ambient UFMCHECK_SEED of the test run cannot leak in.
  const code = await main(argv, {
    registry,
    stdout,
    stderr,
    cwd,
    env: options.env ?? {},
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Every path under `root`, relative, sorted. */
export function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).sort();
}

/**
 * Checks that `xml` is a well-formed document for our purposes: an XML declaration, one root element, balanced
 * tags, quoted attributes, no raw `<` or bare `&` in text or attribute values. Returns the element names in
 * document order (open tags only) or throws with the reason.
 */
export function wellFormedElements(xml: string): string[] {
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/;
  if (!decl.test(xml)) throw new Error('missing XML declaration');
  const body = xml.replace(decl, '');
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>/g;
  const stack: string[] = [];
  const names: string[] = [];
  let roots = 0;
  let last = 0;
  const checkText = (t: string): void => {
    if (t.includes('<')) throw new Error(`raw '<' in text: ${t.slice(0, 40)}`);
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(t)) throw new Error(`bare '&' in text: ${t.slice(0, 40)}`);
  };
  for (let m = tag.exec(body); m !== null; m = tag.exec(body)) {
    checkText(body.slice(last, m.index));
    last = m.index + m[0].length;
    const [, close, name = '', attrs = '', selfClose] = m;
    checkText(attrs.replace(/"/g, ''));
    if (close === '/') {
      if (stack.pop() !== name) throw new Error(`unbalanced </${name}>`);
      continue;
    }
    if (stack.length === 0) roots++;
    names.push(name);
    if (selfClose !== '/') stack.push(name);
  }
  checkText(body.slice(last));
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
  return names;
}
