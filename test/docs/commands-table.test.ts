import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../scaffold/cli.ts';

/**
 * docs/commands.md lists each command's options in one table row. An option added to the CLI and
 * not to the table is one a reader of the guide never learns of; this test names each one.
 */
const table = readFileSync(new URL('../../docs/commands.md', import.meta.url), 'utf8');

/** The table row of one command: the line that starts with `| \`name\` |`. */
function rowOf(name: string): string | undefined {
  return table.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
}

describe('docs/commands.md', () => {
  const program = createProgram();
  for (const command of program.commands)
    it(`lists every option of gtkit ${command.name()}`, () => {
      const row = rowOf(command.name());
      expect(row, `docs/commands.md has no row for \`${command.name()}\``).toBeDefined();
      const missing = command.options.map((option) => option.long ?? option.short ?? option.flags).filter((flag) => !new RegExp(`\`[^\`]*${flag}(?![\\w-])`).test(row ?? ''));
      expect(missing, `options of gtkit ${command.name()} missing from its docs/commands.md row`).toEqual([]);
    });
});
