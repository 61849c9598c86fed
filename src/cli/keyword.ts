/**
 * `verify -k EXPR` (issue 10 item 7): select claims by keyword expression, like pytest's `-k`.
 *
 * Grammar: `expr := term ('or' term)*`, `term := factor ('and' factor)*`, `factor := 'not' factor | '(' expr ')' | WORD`.
 * A WORD matches a claim id when it is a case-insensitive substring of it; a WORD with `*` or `?` is a glob over
 * the whole id (`*` any run of characters, `?` one character), e.g. `ce.*.simplex-etf`. Examples:
 * `-k landscape`, `-k 'ce and not landscape'`, `-k 'saddle.* or ulpm'`.
 */
import { UsageError } from '../claim/index.ts';

/** A compiled keyword expression: true when a claim id is selected. */
export type KeywordMatcher = (id: string) => boolean;

const OPERATORS = new Set(['and', 'or', 'not']);

function tokenize(expr: string): string[] {
  return expr.match(/[()]|[^\s()]+/g) ?? [];
}

function wordMatcher(word: string): KeywordMatcher {
  const w = word.toLowerCase();
  if (!/[*?]/.test(w)) return (id) => id.toLowerCase().includes(w);
  const re = new RegExp(
    `^${w
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return (id) => re.test(id.toLowerCase());
}

/**
 * Compiles a keyword expression.
 *
 * @param expr - the expression given to `-k`
 * @returns the matcher
 * @throws {UsageError} naming `-k` for an empty or malformed expression
 * @example
 * compileKeyword('ce and not landscape')('ce.global-min.simplex-etf'); // => true
 */
export function compileKeyword(expr: string): KeywordMatcher {
  const tokens = tokenize(expr);
  if (tokens.length === 0) throw new UsageError('-k', 'must not be empty');
  let i = 0;
  const fail = (what: string): never => {
    throw new UsageError('-k', `${what} in '${expr}' (grammar: WORD, not X, X and Y, X or Y, parentheses)`);
  };
  const peek = (): string | undefined => tokens[i];
  const parseOr = (): KeywordMatcher => {
    let left = parseAnd();
    while (peek()?.toLowerCase() === 'or') {
      i++;
      const l = left,
        r = parseAnd();
      left = (id) => l(id) || r(id);
    }
    return left;
  };
  const parseAnd = (): KeywordMatcher => {
    let left = parseNot();
    while (peek()?.toLowerCase() === 'and') {
      i++;
      const l = left,
        r = parseNot();
      left = (id) => l(id) && r(id);
    }
    return left;
  };
  const parseNot = (): KeywordMatcher => {
    const t = peek();
    if (t === undefined) return fail('unexpected end');
    if (t.toLowerCase() === 'not') {
      i++;
      const inner = parseNot();
      return (id) => !inner(id);
    }
    if (t === '(') {
      i++;
      const inner = parseOr();
      if (peek() !== ')') return fail("missing ')'");
      i++;
      return inner;
    }
    if (t === ')' || OPERATORS.has(t.toLowerCase())) return fail(`unexpected '${t}'`);
    i++;
    return wordMatcher(t);
  };
  const m = parseOr();
  if (i < tokens.length) fail(`unexpected '${tokens[i] ?? ''}'`);
  return m;
}
