import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { shownPath } from '../../../scaffold/cli/paths.ts';
import { lintTarget } from '../../../scaffold/commands/lint-target.ts';
import { runTask } from '../../../scaffold/commands/run-task.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-missing-');
let dir: string;
let config: string;
beforeAll(async () => {
  dir = join(temp.path, 'task');
  await initTask({ dir, type: 'text-classification' });
  config = await readFile(join(dir, 'gtkit.config.ts'), 'utf8');
}, 60_000);

const shown = (name: string) => shownPath(join(dir, name));

/** Runs `body` with `name` moved out of the task folder (to `parking`), then puts it back. */
async function without<T>(name: string, body: () => Promise<T>, parking = 'moved'): Promise<T> {
  await rename(join(dir, name), join(temp.path, parking));
  try {
    return await body();
  } finally {
    await rename(join(temp.path, parking), join(dir, name));
  }
}

const restore = (name: string, key: string) =>
  `restore ${name} from version control, or copy the one \`gtkit init <new-folder> --type text-classification\` writes; if yours has another name or folder, set files.${key} in gtkit.config.ts to its path`;

describe('gtkit lint notices a task file that is not there', () => {
  it.each([
    ['acs.ts', 'acs', 'its annotation-consolidation (ACS) Lambda'],
    ['pre.ts', 'pre', 'its pre-annotation (PRE) Lambda'],
    ['template.liquid.html', 'template', 'its worker task template'],
    ['manifest.jsonl', 'manifest', 'its sample input manifest'],
  ])('%s: an error naming the file and how to restore it', async (name, key, role) => {
    const { findings } = await without(name, () => lintTarget(dir));
    expect(findings).toEqual([
      { ruleId: 'missing-file', severity: 'error', message: `no such file; a task folder needs ${name}, ${role}`, file: shown(name), line: 1, column: 1, hint: restore(name, key) },
    ]);
  });

  it('a missing PRE leaves a note that task.input paths were not checked (not a second error)', async () => {
    const { notes } = await without('pre.ts', () => lintTarget(dir));
    expect(notes).toEqual([`${shown('template.liquid.html')}: task.input paths were not checked: pre.ts is missing`]);
  });

  it('a file the config points at with files.* is named with that field', async () => {
    await writeFile(join(dir, 'gtkit.config.ts'), config.replace('consolidation: {', 'files: { acs: "lambdas/acs.ts", template: "ui/task.html" },\n  consolidation: {'));
    try {
      const { findings, file } = await lintTarget(dir);
      expect(file).toBe(shown('ui/task.html'));
      expect(findings).toEqual([
        {
          ruleId: 'missing-file',
          severity: 'error',
          message: 'no such file; files.template in gtkit.config.ts points here (the worker task template)',
          file: shown('ui/task.html'),
          line: 1,
          column: 1,
          hint: 'fix files.template in gtkit.config.ts (a path relative to the folder that holds it), or put the file there',
        },
        {
          ruleId: 'missing-file',
          severity: 'error',
          message: 'no such file; files.acs in gtkit.config.ts points here (the annotation-consolidation (ACS) Lambda)',
          file: shown('lambdas/acs.ts'),
          line: 1,
          column: 1,
          hint: 'fix files.acs in gtkit.config.ts (a path relative to the folder that holds it), or put the file there',
        },
      ]);
    } finally {
      await writeFile(join(dir, 'gtkit.config.ts'), config);
    }
  });

  it('a folder with neither a config nor a template is still a usage error', async () => {
    await rename(join(dir, 'gtkit.config.ts'), join(temp.path, 'config-moved'));
    try {
      await expect(without('template.liquid.html', () => lintTarget(dir))).rejects.toThrow(UsageError);
    } finally {
      await rename(join(temp.path, 'config-moved'), join(dir, 'gtkit.config.ts'));
    }
  });

  it('gtkit run says the same for the same file', async () => {
    const lint = await without('acs.ts', () => lintTarget(dir));
    const run = await without('acs.ts', () => runTask(dir, {}).then(() => '', (error: Error) => error.message));
    const said = 'no such file; a task folder needs acs.ts';
    expect(lint.findings[0]?.message).toContain(said);
    expect(run).toContain(said);
    // Every missing file at once, each with its fix.
    const both = await without('acs.ts', () => without('pre.ts', () => runTask(dir, {}).then(() => '', (error: Error) => error.message), 'moved-2'));
    expect(both).toBe(
      [
        `${shown('pre.ts')}: no such file; a task folder needs pre.ts, its pre-annotation (PRE) Lambda\n  fix: ${restore('pre.ts', 'pre')}`,
        `${shown('acs.ts')}: no such file; a task folder needs acs.ts, its annotation-consolidation (ACS) Lambda\n  fix: ${restore('acs.ts', 'acs')}`,
      ].join('\n'),
    );
  }, 60_000);
});
