/**
 * `ufmcheck metrics --point FILE [--json]` — the NC metrics (THEORY.md §2.7) of a stored point, the same `metrics`
 * object `solve --json` prints. A malformed point file is a usage error naming the field (exit 64).
 */
import { resolve } from 'node:path';
import { UsageError, stringifyJson } from '../../claim/index.ts';
import { parseInputJson, readInputText, readPointWithLoss } from '../../claim/index.ts';
import { pointModel } from './certifyModel.ts';
import { toResultJson } from '../../claim/index.ts';
import { pointReport } from '../../certified/index.ts';
import { problemToJson } from '../../models/index.ts';
import { parseStrict, wantsHelp } from '../args.ts';
import type { Command } from '../command.ts';
import type { CliContext } from '../context.ts';
import { metricLines, problemLine } from '../format/solveText.ts';

const OPTIONS = { point: { type: 'string' }, json: { type: 'boolean' }, loss: { type: 'string' } } as const;

const HELP = `Usage: ufmcheck metrics --point FILE [--json]

NC metrics of a point file ({"problem", "W", "H", "b"}, as written by 'ufmcheck solve --save'):
nc1 (pinv variant, rank cut-off), nc2W, nc2H (ETF target, centred means), nc2WOf, nc2HOf (orthogonal frame),
nc3, nc4 (Zhu's residual ‖W h_G + b‖), nccAgreement (Papyan's NC4), self-duality, and cdnv (class-distance
normalised variance, Galanti et al. 2022, as in the rhubarbwu/neural-collapse package; docs/theory.md §2.7).

Options:
  --point FILE   the point file (required)
  --loss FILE    the plug-in module of a point saved with solve --loss FILE (default: the one recorded in the point)
  --json         print {"metrics": {...}, "bias", "wNormsSq", "gramW", "problem"} only (numbers or null: an
                 undefined metric is null, named in the object's "nonFinite")
  -h, --help     this help
`;

async function run(args: readonly string[], ctx: CliContext): Promise<number> {
  if (wantsHelp(args)) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const { values } = parseStrict(args, OPTIONS, false);
  if (values.point === undefined) throw new UsageError('--point', 'is required');
  // The NC report reads plain-UFM points; a point of another registered model (its `model` field) is named as such.
  const file = resolve(ctx.cwd, values.point);
  const other = pointModel(parseInputJson(readInputText(file, '--point'), 'point', file));
  if (other !== undefined)
    throw new UsageError(
      '--point',
      `metrics reads plain-UFM points; this point is --model ${other.id} (ufmcheck certify --point reads it)`,
    );
  // A plug-in loss recorded in the point (path + sha256) is reloaded, or taken from --loss (issue 11 item 7).
  const { problem, theta } = await readPointWithLoss(file, ctx.cwd, values.loss);
  const report = pointReport(problem, theta);
  // Numbers or null only: a NaN metric (undefined normaliser, e.g. CDNV with coinciding means) is null with a nonFinite note.
  if (values.json === true)
    ctx.stdout.write(`${stringifyJson(toResultJson({ problem: problemToJson(problem), ...report }), 0)}\n`);
  else ctx.stdout.write([problemLine(problem), ...metricLines(report)].join('\n') + '\n');
  return 0;
}

export const metricsCommand: Command = { name: 'metrics', summary: 'NC metrics of a stored point', help: HELP, run };
