/**
 * The progress bar of `ufmcheck hunt` on stderr: drawn only on a terminal and not with --quiet or --json, redrawn
 * at most ten times a second, erased at the end (stdout stays clean). No dependency: one line of text.
 *
 *   hunt ce.small-d.sym ▕██████████░░░░░░░░░░░░░░▏ 312/500  62%  41.2/s  hits 1  inconclusive 0  eta 5s
 *
 * With a time budget the bar shows elapsed time out of the budget, and the count of instances tried.
 */
import type { HuntBudget } from '../../hunt/index.ts';
import type { OutStream } from '../context.ts';

/** Counts shown by the bar. */
export interface HuntCounts {
  readonly tried: number;
  readonly hits: number;
  readonly inconclusive: number;
}

export interface HuntProgress {
  /** New counts (throttled: drawn at most every 100 ms, and always when the run budget is reached). */
  update(c: HuntCounts): void;
  /** Erases the line. */
  clear(): void;
}

const SILENT: HuntProgress = { update() {}, clear() {} };
const WIDTH = 24;

/**
 * A bar `[████░░░░]` of `WIDTH` cells for a fraction in [0, 1].
 *
 * @example
 * bar(0.5, 4); // => '▕██░░▏'
 */
export function bar(fraction: number, width = WIDTH): string {
  const f = Math.min(1, Math.max(0, fraction));
  const full = Math.round(f * width);
  return `▕${'█'.repeat(full)}${'░'.repeat(width - full)}▏`;
}

/** Seconds as '5s', '3m05s', '1h02m'. */
export function shortDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  const t = Math.round(s);
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s`;
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * @param stream - stderr
 * @param enabled - false gives a progress that writes nothing
 * @param now - clock in ms
 * @param label - e.g. the conjecture id
 * @param budget - the hunt budget
 * @param total - instances this shard will try under a run budget (ignored for a time budget)
 */
export function createHuntProgress(
  stream: OutStream,
  enabled: boolean,
  now: () => number,
  label: string,
  budget: HuntBudget,
  total: number,
): HuntProgress {
  if (!enabled) return SILENT;
  const t0 = now();
  let last = -Infinity;
  let drawn = false;
  return {
    update(c) {
      const t = now();
      const finished = budget.kind === 'runs' && c.tried >= total;
      if (t - last < 100 && !finished) return;
      last = t;
      const elapsed = (t - t0) / 1000;
      const rate = elapsed > 0 ? c.tried / elapsed : 0;
      const tail = `${rate.toFixed(1)}/s  hits ${c.hits}  inconclusive ${c.inconclusive}`;
      let text: string;
      if (budget.kind === 'runs') {
        const f = total > 0 ? c.tried / total : 1;
        const eta = rate > 0 ? (total - c.tried) / rate : Infinity;
        text = `hunt ${label} ${bar(f)} ${c.tried}/${total}  ${Math.floor(100 * f)}%  ${tail}  eta ${shortDuration(eta)}`;
      } else {
        const f = (t - t0) / budget.ms;
        text = `hunt ${label} ${bar(f)} ${shortDuration(elapsed)}/${shortDuration(budget.ms / 1000)}  tried ${c.tried}  ${tail}`;
      }
      stream.write(`\r\x1b[2K${text}`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
