/**
 * JSON text for records, fixtures and CLI reports. JSON has no NaN or ±Infinity, and a verdict may carry them
 * (an infinite margin when the tolerance is 0, NaN after a thrown check), so numbers that are not finite are written
 * as the strings "NaN", "Infinity", "-Infinity" and read back by {@link decodeNumber}. Instances never go through
 * this encoding: they must be plain JSON (see {@link assertPlainJson}).
 */
import type { Json } from './claim.ts';

/** The string spellings of the non-finite numbers. */
const NON_FINITE: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity };

/**
 * Serialises `value` as JSON, writing non-finite numbers as strings.
 *
 * @param value - any JSON-like value (objects, arrays, numbers, strings, booleans, null)
 * @param indent - spaces of indentation; 0 writes one line
 * @returns the JSON text (no trailing newline)
 * @example
 * stringifyJson({ margin: Infinity }, 0); // => '{"margin":"Infinity"}'
 */
export function stringifyJson(value: unknown, indent = 2): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
    indent === 0 ? undefined : indent,
  );
}

/** Spelling of a non-finite number in a `nonFinite` note of {@link toResultJson}. */
export type NonFiniteSpelling = 'NaN' | 'Infinity' | '-Infinity';

/**
 * Converts a value for a machine-readable result (`verify --json`, schemas/verify-result.schema.json): every numeric
 * field is a JSON number or null, never a string. A non-finite number becomes null; when it was an object's field,
 * the object also gets `nonFinite: {<field>: "NaN" | "Infinity" | "-Infinity"}` so nothing is lost (a margin of
 * Infinity — tolerance 0 and a nonzero error — stays distinguishable from "not measured"). Non-finite array
 * entries become null without a note. Fixtures keep {@link stringifyJson}'s spelling, which replay reads back.
 *
 * @param value - a JSON-like value
 * @returns a plain-JSON copy
 * @example
 * toResultJson({ margin: Infinity, runs: 3 }); // => { margin: null, runs: 3, nonFinite: { margin: 'Infinity' } }
 */
export function toResultJson(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map((v: unknown) => toResultJson(v));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const notes: Record<string, NonFiniteSpelling> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (typeof v === 'number' && !Number.isFinite(v)) {
      out[k] = null;
      notes[k] = String(v) as NonFiniteSpelling;
    } else out[k] = toResultJson(v);
  }
  if (Object.keys(notes).length > 0) out['nonFinite'] = notes;
  return out;
}

/**
 * Reads a number written by {@link stringifyJson}: a JSON number, or one of "NaN", "Infinity", "-Infinity".
 *
 * @returns the number, or undefined when `u` is neither
 */
export function decodeNumber(u: unknown): number | undefined {
  if (typeof u === 'number') return u;
  if (typeof u === 'string' && Object.hasOwn(NON_FINITE, u)) return NON_FINITE[u];
  return undefined;
}

/**
 * Checks that `u` survives a JSON round trip unchanged (finite numbers, no undefined, no functions, no class
 * instances, no cycles), so that a stored instance is exactly the instance that was checked.
 *
 * @param u - the value to check
 * @param where - the field name used in the message, e.g. `instance`
 * @returns the first offending field path, or undefined when `u` is plain JSON
 * @example
 * plainJsonProblem({ K: 2, lambda: NaN }, 'instance'); // => 'instance.lambda: non-finite number NaN'
 */
export function plainJsonProblem(u: unknown, where: string, seen: Set<object> = new Set()): string | undefined {
  if (u === null || typeof u === 'boolean' || typeof u === 'string') return undefined;
  if (typeof u === 'number') return Number.isFinite(u) ? undefined : `${where}: non-finite number ${String(u)}`;
  if (typeof u !== 'object') return `${where}: ${typeof u} is not JSON`;
  if (seen.has(u)) return `${where}: cycle`;
  seen.add(u);
  if (Array.isArray(u)) {
    for (let i = 0; i < u.length; i++) {
      const p = plainJsonProblem(u[i] as unknown, `${where}[${i}]`, seen);
      if (p !== undefined) return p;
    }
  } else {
    const proto = Object.getPrototypeOf(u) as unknown;
    if (proto !== Object.prototype && proto !== null) return `${where}: not a plain object`;
    for (const [k, v] of Object.entries(u)) {
      const p = plainJsonProblem(v, `${where}.${k}`, seen);
      if (p !== undefined) return p;
    }
  }
  seen.delete(u);
  return undefined;
}

/**
 * Throws unless `u` is plain JSON (see {@link plainJsonProblem}); a claim whose arbitrary produces NaN or class
 * instances cannot be stored as a fixture, and that is a bug in the claim, not a user error.
 *
 * @throws {TypeError} naming the first offending field
 */
export function assertPlainJson(u: unknown, where: string): asserts u is Json {
  const p = plainJsonProblem(u, where);
  if (p !== undefined) throw new TypeError(`not storable as JSON: ${p}`);
}
