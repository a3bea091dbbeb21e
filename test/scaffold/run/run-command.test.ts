import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../scaffold/cli/exit-codes.ts';
import { runTask } from '../../../scaffold/commands/run.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-run-command-');

describe('gtkit run on a broken task', () => {
  it('a template syntax error fails the run as a lint finding with file:line:col, not as a crash', async () => {
    const dir = join(temp.path, 'broken-template');
    await initTask({ dir, type: 'text-classification' });
    await appendFile(join(dir, 'template.liquid.html'), '\n{% if task.input.x %}\n');
    const run = runTask(dir, { source: true });
    await expect(run).rejects.toBeInstanceOf(CliError);
    await expect(run).rejects.toThrow(/lint error.*\n.*template\.liquid\.html:\d+:1: liquid-syntax: tag \{% if task\.input\.x %\} not closed/);
  }, 60_000);

  it('a template that no longer submits the field the ACS reads fails the run before any answer is consolidated', async () => {
    const dir = join(temp.path, 'renamed-field');
    await initTask({ dir, type: 'text-classification' });
    const file = join(dir, 'template.liquid.html');
    await writeFile(file, (await readFile(file, 'utf8')).replace('name="category"', 'name="intent"'));
    await expect(runTask(dir, { source: true, simulate: '3' })).rejects.toThrow(/answer-field: no field is named "category"/);
  }, 60_000);
});
