import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliError, UsageError } from '../../scaffold/cli/exit-codes.ts';
import { registerDemoCommand } from '../../scaffold/commands/demo.ts';
import { useTempRoot } from '../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-demo-test-');

async function demo(args: string[]): Promise<{ lines: string[]; error: unknown }> {
  const lines: string[] = [];
  const program = new Command().exitOverride();
  registerDemoCommand(program, { out: (l) => lines.push(l), err: (l) => lines.push(`[err] ${l}`) });
  const error = await program.parseAsync(['demo', ...args], { from: 'user' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { lines, error };
}

describe('gtkit demo (npm start)', () => {
  it('scaffolds a task and dry-runs it end to end with simulated workers', async () => {
    const dir = join(temp.path, 'sample');
    const { lines, error } = await demo(['--dir', dir, '--type', 'text-classification', '--workers', '3']);
    expect(error).toBeUndefined();
    expect(lines[0]).toBe(`1/2 gtkit init ${dir} --type text-classification`);
    expect(lines[1]).toBe(`2/2 gtkit run ${dir} --simulate 3 --spammers 0.2`);
    expect(lines).toContain('objects: 6 manifest lines, 6 sent to workers, 18 answers, 6 labeled');
    expect(lines.at(-1)).toMatch(/^done in \d+\.\d s\. Next, from this checkout: npx gtkit preview /);
    const output = (await readFile(join(dir, '.gtkit', 'run', 'output.manifest'), 'utf8')).trim().split('\n');
    expect(output).toHaveLength(6);
  }, 60_000);

  it('keeps the files of a task already in --dir unless --force is given', async () => {
    const dir = join(temp.path, 'sample');
    await appendFile(join(dir, 'pre.ts'), '// mine\n');
    const { error } = await demo(['--dir', dir, '--type', 'text-classification']);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toMatch(/already has gtkit\.config\.ts, .*; nothing was written\. Use --force to overwrite, or pick another folder\.$/);
    expect(await readFile(join(dir, 'pre.ts'), 'utf8')).toContain('// mine');
    expect((await demo(['--dir', dir, '--type', 'text-classification', '--force'])).error).toBeUndefined();
    expect(await readFile(join(dir, 'pre.ts'), 'utf8')).not.toContain('// mine');
  }, 60_000);

  it('--workers outside 1–9 is refused in its own words before anything is written', async () => {
    const dir = join(temp.path, 'too-many');
    const { error } = await demo(['--dir', dir, '--workers', '12']);
    expect(error).toEqual(new UsageError('--workers must be 1–9 (Ground Truth allows at most 9 workers per object), got "12"'));
    expect(existsSync(dir)).toBe(false);
  });

  it('a misspelt --type is echoed with the near type, in the words gtkit init uses', async () => {
    const { error } = await demo(['--type', 'bounding-bx']);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^--type "bounding-bx" is not a task type; use one of .* \(did you mean bounding-box\?\)$/);
  });
});
