import { describe, expect, it } from 'vitest';
import { certifiedModels } from '../../../src/certified/index.ts';
import { verifyCommand } from '../../../src/cli/commands/verify.ts';

/** The `--model` entry of the help: its first line and the indented continuation lines up to the next option. */
function modelEntry(help: string): string {
  const lines = help.split('\n');
  const start = lines.findIndex((l) => l.startsWith('  --model M '));
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => !l.startsWith(' '.repeat(26)));
  return [lines[start] ?? '', ...rest.slice(0, end)].join(' ').replace(/\s+/g, ' ');
}

describe('verify --help --model', () => {
  it('should list every registered certified model, in registry order, from the registry', () => {
    // Arrange
    const ids = certifiedModels.map((m) => m.id);
    // Act
    const entry = modelEntry(verifyCommand.help);
    // Assert: every id appears as a list item, and in the registry's order
    const positions = ids.map((id) => entry.search(new RegExp(`[: ,]${id.replace(/[-]/g, '\\-')}[ ,(]`)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('should keep every help line within 114 columns after wrapping the model list', () => {
    // Act
    const lines = verifyCommand.help
      .split('\n')
      .filter((l) => l.startsWith('  --model M ') || l.includes('fixed-features'));
    // Assert
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(114);
  });
});
