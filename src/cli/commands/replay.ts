/**
 * `ufmcheck replay FILE|DIR…` — re-run stored counterexamples by their instance (never through the
 * generators). Every fixture is read, validated and matched to its claim before any check runs, so a malformed
 * file is a usage error (64) with nothing done. Exit 0 when every fixture is healthy (claims pass, controls are
 * still refuted — see src/claim/replay.ts for why), 1 when one is not, 2 when the worst is an inconclusive verdict.
 */
import { resolve } from 'node:path';
import { preloadFixtureLosses } from '../../claim/index.ts';
import {
  displayPath,
  listFixtureTargets,
  loadFixtures,
  loadFixturesLenient,
  replayResolved,
  UsageError,
  worstSeverity,
  type ReplayResult,
} from '../../claim/index.ts';
import { isHuntFixtureFile, replayHuntFixture } from '../../hunt/index.ts';
import { oneLine } from '../../core/index.ts';
import { parseStrict, wantsHelp } from '../args.ts';
import type { Command } from '../command.ts';
import type { CliContext } from '../context.ts';
import { replayBlock, replayJson, replayLine, replaySeverity } from '../format/replayText.ts';
import { huntReplayBlock, huntReplayJsonItem, huntReplayLine, huntReplaySeverity } from '../format/huntReplay.ts';
import { loadHuntFixtures } from '../huntSources.ts';

const OPTIONS = {
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
} as const;

const HELP = `Usage: ufmcheck replay FILE|DIR... [--json] [--quiet]

Re-run stored counterexamples (fixtures/<claim-id>/<seed>-<path>.json): the claim's check on the stored instance.
A directory is searched recursively for *.json.

A fixture is healthy when its claim now passes (a fixed counterexample, kept as a regression test) or its
negative control is still refuted.

Options:
  --json        print exactly one JSON object {"fixtures": [...], "seconds", "exitCode"}
  --quiet       one line per fixture, no detail blocks
  -h, --help    this help

A file named directly must be a valid fixture (else exit 64 with nothing run); inside a directory an unreadable or
malformed file is reported on stderr and skipped, and the others are replayed.

Exit codes: 0 every fixture healthy; 1 a claim still fails or a control is no longer refuted; 2 inconclusive,
nothing replayed, or a file skipped; 64 bad usage or a malformed fixture named directly.
`;

async function run(args: readonly string[], ctx: CliContext): Promise<number> {
  if (wantsHelp(args)) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const { values, positionals } = parseStrict(args, OPTIONS, true);
  if (positionals.length === 0) throw new UsageError('FILE', 'give a fixture file or directory');
  // '' would resolve to the working directory and replay whatever lies there: refuse it (issue 12).
  if (positionals.some((p) => p === '')) throw new UsageError('FILE', 'is an empty path');
  const json = values.json === true;
  const quiet = values.quiet === true;
  const registry = await ctx.loadRegistry();
  // Hunt fixtures (schema ufmcheck/hunt-fixture@1, src/hunt/fixture.ts) are replayed against the conjectures;
  // every other file goes to the claim-fixture reader, which validates it.
  // A file named on the command line must be valid (usage error, 64, nothing run); inside a directory a corrupt or
  // unreadable file is reported and skipped, and the rest is replayed (issue 12).
  const targets = positionals.map((p) => ({ p, ...listFixtureTargets(resolve(ctx.cwd, p)) }));
  const direct = new Set(
    targets.filter((t) => t.files.length === 1 && t.files[0] === resolve(ctx.cwd, t.p)).flatMap((t) => t.files),
  );
  const files = [...new Set(targets.flatMap((t) => t.files))];
  const claimFiles = files.filter((f) => !isHuntFixtureFile(f));
  await preloadFixtureLosses(claimFiles, ctx.cwd); // plug-in losses recorded by verify --loss FILE (issue 11 item 7)
  const strict = loadFixtures(
    claimFiles.filter((f) => direct.has(f)),
    registry,
  );
  const lenient = loadFixturesLenient(
    claimFiles.filter((f) => !direct.has(f)),
    registry,
  );
  const loaded = [...strict, ...lenient.loaded].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const skipped = [...targets.flatMap((t) => t.skipped), ...lenient.skipped];
  const hunts = await loadHuntFixtures(files.filter(isHuntFixtureFile), ctx.cwd);

  const t0 = performance.now();
  const items: { display: string; result: ReplayResult }[] = loaded.map(({ file, resolved }) => ({
    display: displayPath(ctx.cwd, file),
    result: replayResolved(resolved),
  }));
  const huntItems = hunts.map((h) => ({
    display: displayPath(ctx.cwd, h.file),
    result: replayHuntFixture(h.fixture, h.conjecture, h.instance),
  }));
  const seconds = (performance.now() - t0) / 1000;
  const replayed = worstSeverity([
    ...items.map((i) => replaySeverity(i.result)),
    ...huntItems.map((i) => huntReplaySeverity(i.result)),
  ]);
  // Nothing replayed, or files skipped, cannot be a clean pass: exit 2 (inconclusive) unless something failed.
  const exitCode = replayed === 0 && (skipped.length > 0 || items.length + huntItems.length === 0) ? 2 : replayed;
  for (const k of skipped)
    ctx.stderr.write(`ufmcheck: skipped ${displayPath(ctx.cwd, k.file)}: ${oneLine(k.reason, 300)}\n`);

  if (json) {
    ctx.stdout.write(
      replayJson(
        items,
        seconds,
        exitCode,
        huntItems.map((i) => huntReplayJsonItem(i.result, i.display)),
      ),
    );
    return exitCode;
  }
  const out: string[] = [];
  const count = items.length + huntItems.length;
  if (count === 0) out.push(`no fixtures under ${positionals.join(', ')}\n`);
  const single = count === 1;
  for (const { display, result } of items) {
    out.push(single && !quiet ? replayBlock(result, display) : replayLine(result, display));
  }
  for (const { display, result } of huntItems) {
    out.push(single && !quiet ? huntReplayBlock(result, display) : huntReplayLine(result, display));
  }
  if (!single && !quiet) {
    for (const { display, result } of items) if (!result.healthy) out.push(`\n${replayBlock(result, display)}`);
    for (const { display, result } of huntItems) if (!result.healthy) out.push(`\n${huntReplayBlock(result, display)}`);
  }
  const healthy = items.filter((i) => i.result.healthy).length + huntItems.filter((i) => i.result.healthy).length;
  out.push(
    `\n${healthy}/${count} fixtures healthy${skipped.length > 0 ? `, ${skipped.length} skipped (unreadable or malformed, listed on stderr)` : ''}, ${seconds.toFixed(2)}s, exit ${exitCode}\n`,
  );
  ctx.stdout.write(out.join(''));
  return exitCode;
}

/** The `replay` command. */
export const replayCommand: Command = {
  name: 'replay',
  summary: 're-run stored counterexamples (fixtures) by their instance',
  help: HELP,
  run,
};
