/**
 * What a command may touch: output streams, the working directory, the claim registry and a clock. `main` builds
 * it from the process by default; tests inject their own (a fake registry, string sinks, a temporary cwd).
 */
import type { Claim } from '../claim/index.ts';

/** A text sink (process.stdout/stderr satisfy it). */
export interface OutStream {
  write(chunk: string): unknown;
  /** True on a terminal: progress is drawn only there. */
  readonly isTTY?: boolean | undefined;
}

/** The environment of one CLI invocation. */
export interface CliContext {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  /** Relative paths in flags and in printed commands are relative to this directory. */
  readonly cwd: string;
  /** The registry (properties/index.ts unless injected); loaded lazily so `--help` stays fast. */
  loadRegistry(): Promise<readonly Claim[]>;
  /** Wall clock in ms: the source of a default seed when neither --seed nor UFMCHECK_SEED is set (printed, so it can be repeated) and progress pacing. */
  now(): number;
  /** The environment (UFMCHECK_SEED, NO_COLOR, CI, …); process.env unless injected. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Overrides for {@link CliContext}, as accepted by `main`. */
export interface MainOptions {
  readonly registry?: readonly Claim[];
  readonly stdout?: OutStream;
  readonly stderr?: OutStream;
  readonly cwd?: string;
  readonly now?: () => number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Fills the context from the process where `options` leaves a field out.
 *
 * @param options - injected fields (tests)
 * @returns the context
 */
export function resolveContext(options: MainOptions = {}): CliContext {
  const { registry } = options;
  return {
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    cwd: options.cwd ?? process.cwd(),
    loadRegistry:
      registry !== undefined
        ? () => Promise.resolve(registry)
        : async () => (await import('../../properties/index.ts')).claims,
    now: options.now ?? Date.now,
    env: options.env ?? process.env,
  };
}
