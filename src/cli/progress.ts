/**
 * A one-line progress display on stderr, drawn only on a terminal (and not with --quiet or --json), redrawn at
 * most ten times a second and erased when done, so stdout stays clean for pipes.
 */
import type { OutStream } from './context.ts';

export interface Progress {
  /** A new claim starts: `[i/n] id`. */
  claim(index: number, total: number, id: string): void;
  /** A run of the current claim finished. */
  run(done: number, total: number): void;
  /** Erases the line. */
  clear(): void;
}

const SILENT: Progress = { claim() {}, run() {}, clear() {} };

/**
 * @param stream - stderr
 * @param enabled - false gives a progress that writes nothing
 * @param now - clock in ms (for pacing)
 */
export function createProgress(stream: OutStream, enabled: boolean, now: () => number): Progress {
  if (!enabled) return SILENT;
  let label = '';
  let last = -Infinity;
  let drawn = false;
  const draw = (text: string): void => {
    stream.write(`\r\x1b[2K${text}`);
    drawn = true;
  };
  return {
    claim(index, total, id) {
      label = `[${index + 1}/${total}] ${id}`;
      draw(label);
      last = now();
    },
    run(done, total) {
      const t = now();
      if (t - last < 100 && done < total) return;
      last = t;
      draw(`${label}  run ${done}/${total}`);
    },
    clear() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
