/**
 * The exact shell commands printed on every failure (STYLE.md §4.3): one replays a stored fixture, one re-runs
 * the property with the same seed and budget.
 */

/**
 * Quotes `word` for a POSIX shell when it holds anything beyond a safe set of characters.
 *
 * @example
 * shellQuote('fixtures/a b.json'); // => "'fixtures/a b.json'"
 */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that replays a fixture file.
 *
 * @param file - the fixture path as the user should type it (relative to the working directory when possible)
 * @example
 * replayCommand('fixtures/ce.x/42-0_1.json'); // => 'npx ufmcheck replay fixtures/ce.x/42-0_1.json'
 */
export function replayCommand(file: string): string {
  return `npx ufmcheck replay ${shellQuote(file)}`;
}

/**
 * The command that re-runs one claim with the same seed and number of runs.
 *
 * @example
 * rerunCommand('ce.x', 42, 100); // => 'npx ufmcheck verify --claim ce.x --seed 42 --runs 100'
 */
export function rerunCommand(id: string, seed: number, runs: number): string {
  return `npx ufmcheck verify --claim ${shellQuote(id)} --seed ${seed} --runs ${runs}`;
}
