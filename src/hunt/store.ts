/**
 * The hunt store (`ufmcheck hunt --store DIR`, issue 13 item 2): an append-only record of which instance indices
 * of a hunt were tried and which hits were found, so that a re-run, a later shard or `hunt --resume` skips what
 * was tried — the role Hypothesis's example database plays for property tests.
 *
 * **Layout.** One directory per hunt key (conjecture id, seed, narrowed search space — instance i depends on
 * exactly these, src/hunt/engine.ts):
 * ```
 * DIR/<id>/seed-<S>[-<space hash>]/key.json          { id, seed, space }   (the same bytes from every writer)
 * DIR/<id>/seed-<S>[-…]/tried/<time>-<pid>-<thread>-<n>-<random>.json   one record per flush
 * DIR/<id>/seed-<S>[-…]/hits/<index>.json            one record per hit
 * ```
 * A record is `{ "schema": "ufmcheck/hunt-store@1", "sha256": H, "body": B }` with H the SHA-256 of
 * `JSON.stringify(B)`. A tried record's body is `{ kind: "tried", ranges: [[lo, hi, step], …], counts }`
 * (huntIndexSet.ts), a hit's `{ kind: "hit", index, why, signature, instance, fixture }`.
 *
 * **Why this is safe for concurrent writers.** Every record is a file of its own, written with
 * {@link writeFileAtomic} (temporary file, fsync, rename): a reader sees a whole record or none, and two writers
 * never write the same name — tried records carry the writer's pid, thread, a per-process counter and 32 random
 * bits, so no record can overwrite (lose) another, and nothing is ever rewritten or appended to in place (so there
 * is no interleaving of partial appends to reason about, unlike O_APPEND lines, whose atomicity holds only under
 * PIPE_BUF on some file systems and not on NFS). Hit records are named by index: two writers that find the same
 * hit (same seed, index and space ⇒ same instance) write the same content, and the rename keeps one. A record that
 * fails its checksum or schema (a disk error, a hand edit, a leftover `*.tmp` of a killed writer) is skipped with a
 * warning and never stops a hunt. A hunt writes an index into a tried record only after its hit (if any) is saved,
 * so a crash can lose tries (they are tried again) but never a hit.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Json } from '../claim/index.ts';
import { writeFileAtomic } from '../claim/index.ts';
import { safeSegment } from '../claim/index.ts';
import { formatSpace, isNarrowed, type HuntSpace } from './mechanism.ts';
import { compressIndices, indexSet, rangeIndices, type IndexRange, type IndexSet } from './indexSet.ts';
import { stringifyJson } from '../claim/index.ts';

/** The schema tag of every store record. */
export const HUNT_STORE_SCHEMA = 'ufmcheck/hunt-store@1';

/** What identifies a hunt's instance stream. */
export interface HuntStoreKey {
  readonly id: string;
  readonly seed: number;
  readonly space: HuntSpace;
}

/** Counts of one tried record. */
export interface TriedCounts {
  readonly noHit: number;
  readonly inconclusive: number;
  readonly errors: number;
  readonly hits: number;
}

/** A hit as the store keeps it. */
export interface StoredHuntHit {
  readonly index: number;
  readonly why: string;
  readonly signature: string;
  readonly instance: Json;
  /** The fixture it was saved to (as shown to the user), or null. */
  readonly fixture: string | null;
}

/** What a store holds for one key. */
export interface HuntStoreContents {
  /** The key's directory. */
  readonly dir: string;
  /** Every index recorded as tried. */
  readonly tried: IndexSet;
  /** Number of distinct tried indices. */
  readonly triedCount: number;
  /** Tried records read. */
  readonly records: number;
  /** Hits, by index. */
  readonly hits: readonly StoredHuntHit[];
  /** One line per skipped (corrupt, partial or foreign) record. */
  readonly warnings: readonly string[];
}

/** The directory of a key under the store root. */
export function huntStoreKeyDir(root: string, key: HuntStoreKey): string {
  const space = isNarrowed(key.space)
    ? `-${createHash('sha256').update(formatSpace(key.space)).digest('hex').slice(0, 12)}`
    : '';
  return join(root, safeSegment(key.id), `seed-${key.seed}${space}`);
}

function record(body: Readonly<Record<string, Json>>): string {
  const text = JSON.stringify(body);
  return `${JSON.stringify({ schema: HUNT_STORE_SCHEMA, sha256: createHash('sha256').update(text).digest('hex'), body: JSON.parse(text) as Json })}\n`;
}

/** The body of a record file, or why it is rejected. */
function readRecord(file: string): { readonly body: Record<string, unknown> } | { readonly problem: string } {
  let u: unknown;
  try {
    u = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { problem: `not readable JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)})` };
  }
  if (typeof u !== 'object' || u === null) return { problem: 'not an object' };
  const o = u as Record<string, unknown>;
  if (o['schema'] !== HUNT_STORE_SCHEMA) return { problem: `schema is not ${HUNT_STORE_SCHEMA}` };
  const body = o['body'];
  if (typeof body !== 'object' || body === null) return { problem: 'no body' };
  const sum = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  if (o['sha256'] !== sum) return { problem: 'checksum mismatch (corrupt or edited)' };
  return { body: body as Record<string, unknown> };
}

function isRange(u: unknown): u is IndexRange {
  return (
    Array.isArray(u) &&
    u.length === 3 &&
    u.every((x) => Number.isSafeInteger(x) && (x as number) >= 0) &&
    (u[0] as number) < (u[1] as number) &&
    (u[2] as number) >= 1
  );
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/**
 * The records of one store directory whose checksum holds, in name order; partial (`*.tmp`) and corrupt records are
 * skipped with a warning each.
 */
function intactRecords(dir: string, warnings: string[]): { file: string; body: Record<string, unknown> }[] {
  const out: { file: string; body: Record<string, unknown> }[] = [];
  for (const name of listDir(dir)) {
    const file = join(dir, name);
    if (name.endsWith('.tmp')) {
      warnings.push(`${file}: skipped: partial record (a writer stopped while writing it)`);
      continue;
    }
    const r = readRecord(file);
    if ('problem' in r) warnings.push(`${file}: skipped: ${r.problem}`);
    else out.push({ file, body: r.body });
  }
  return out;
}

/**
 * Reads what the store holds for a key (a missing store is empty). Never throws on bad records: each one is
 * skipped with a warning naming the file and the reason.
 *
 * @param root - the store directory (--store)
 * @param key - id, seed, space
 */
export function readHuntStore(root: string, key: HuntStoreKey): HuntStoreContents {
  const dir = huntStoreKeyDir(root, key);
  const warnings: string[] = [];
  const ranges: IndexRange[] = [];
  let records = 0;
  for (const { file, body } of intactRecords(join(dir, 'tried'), warnings)) {
    const rs = body['ranges'];
    if (body['kind'] !== 'tried' || !Array.isArray(rs) || !rs.every(isRange)) {
      warnings.push(`${file}: skipped: not a tried record with ranges [[lo, hi, step], …]`);
      continue;
    }
    records++;
    ranges.push(...rs);
  }
  const hits: StoredHuntHit[] = [];
  for (const { file, body: b } of intactRecords(join(dir, 'hits'), warnings)) {
    if (
      b['kind'] !== 'hit' ||
      !Number.isSafeInteger(b['index']) ||
      typeof b['why'] !== 'string' ||
      typeof b['signature'] !== 'string'
    ) {
      warnings.push(`${file}: skipped: not a hit record`);
      continue;
    }
    hits.push({
      index: b['index'] as number,
      why: b['why'],
      signature: b['signature'],
      instance: (b['instance'] ?? null) as Json,
      fixture: typeof b['fixture'] === 'string' ? b['fixture'] : null,
    });
  }
  hits.sort((a, b) => a.index - b.index);
  const tried = indexSet(ranges);
  return { dir, tried, triedCount: countDistinct(ranges), records, hits, warnings };
}

/** Distinct indices covered by ranges (they were all tried, so enumerating them is bounded by the work done). */
function countDistinct(ranges: readonly IndexRange[]): number {
  const seen = new Set<number>();
  for (const r of ranges) for (const i of rangeIndices(r)) seen.add(i);
  return seen.size;
}

let sequence = 0;

/** A writer of one key's records. Every method throws OutputError (exit 73) when the disk refuses. */
export interface HuntStoreWriter {
  readonly dir: string;
  /** Appends one tried record for these indices (no-op for none). Returns the record's file, or undefined. */
  appendTried(indices: readonly number[], counts: TriedCounts): string | undefined;
  /** Records a hit (call before its index is appended as tried). */
  recordHit(hit: StoredHuntHit): void;
}

/**
 * Opens a key for writing (writes key.json; creates the directories).
 *
 * @throws {OutputError} when the store cannot be written
 */
export function openHuntStore(root: string, key: HuntStoreKey): HuntStoreWriter {
  const dir = huntStoreKeyDir(root, key);
  writeFileAtomic(
    join(dir, 'key.json'),
    `${stringifyJson({ id: key.id, seed: key.seed, space: key.space as unknown as Json })}\n`,
  );
  return {
    dir,
    appendTried(indices, counts) {
      if (indices.length === 0) return undefined;
      sequence += 1;
      const name = `${Date.now().toString(36)}-${process.pid}-${threadId}-${sequence}-${randomBytes(4).toString('hex')}.json`;
      const file = join(dir, 'tried', name);
      writeFileAtomic(
        file,
        record({ kind: 'tried', ranges: compressIndices(indices) as unknown as Json, counts: { ...counts } }),
      );
      return file;
    },
    recordHit(hit) {
      writeFileAtomic(
        join(dir, 'hits', `${hit.index}.json`),
        record({
          kind: 'hit',
          index: hit.index,
          why: hit.why,
          signature: hit.signature,
          instance: hit.instance,
          fixture: hit.fixture,
        }),
      );
    },
  };
}

/**
 * The seeds recorded for a conjecture and search space, most recently written first (for `hunt --resume`).
 *
 * @param root - the store directory
 * @param id - the conjecture id
 * @param space - the narrowing (a seed recorded under another space is another hunt)
 */
export function storedSeeds(root: string, id: string, space: HuntSpace): number[] {
  const base = join(root, safeSegment(id));
  const found: { seed: number; mtime: number }[] = [];
  for (const name of listDir(base)) {
    const m = /^seed-(\d+)(?:-[0-9a-f]{12})?$/.exec(name);
    if (m === null) continue;
    const seed = Number(m[1]);
    if (huntStoreKeyDir(root, { id, seed, space }) !== join(base, name)) continue;
    let mtime = 0;
    for (const sub of ['tried', 'hits']) {
      for (const f of listDir(join(base, name, sub))) {
        try {
          mtime = Math.max(mtime, statSync(join(base, name, sub, f)).mtimeMs);
        } catch {
          // vanished meanwhile: ignore
        }
      }
    }
    found.push({ seed, mtime });
  }
  return found.sort((a, b) => b.mtime - a.mtime || a.seed - b.seed).map((f) => f.seed);
}
