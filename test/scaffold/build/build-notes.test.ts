import { statSync } from 'node:fs';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runningGtkitRoot } from '../../../scaffold/build/resolve-gtkit.ts';
import { runBuildCommand } from '../../../scaffold/commands/build.ts';
import { runTask } from '../../../scaffold/commands/run-task.ts';
import { defaultClients, deployTask } from '../../../scaffold/deploy/deploy.ts';
import { loadTask } from '../../../scaffold/task/load-task.ts';
import { lintTarget } from '../../../scaffold/commands/lint-target.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { startPreview } from '../../../scaffold/preview/server.ts';
import { otherGtkitNote } from '../../../scaffold/task/task-gtkit.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

/** The notes under a build report, and the note every command that runs task code gives when the task's gtkit is not the CLI's. */

const root = useTempRoot('gtkit-build-notes-');
let counter = 0;
async function scaffolded(type: 'text-classification' | 'bounding-box'): Promise<string> {
  const dir = join(root.path, `task-${++counter}`);
  await initTask({ dir, type });
  return dir;
}
/** What an acs.ts scaffolded before kindConsolidation (2026-11-24) calls. */
async function widenAcs(dir: string, typeExport: string, kindExport: string): Promise<void> {
  const file = join(dir, 'acs.ts');
  const text = (await readFile(file, 'utf8'))
    .replace(`import { ${kindExport}, kindConsolidation, ${typeExport} } from 'gtkit/task-types';`, `import { taskConsolidation, ${typeExport} } from 'gtkit/task-types';`)
    .replace(`kindConsolidation(${typeExport}, ${kindExport}, {`, `taskConsolidation(${typeExport}, {`);
  expect(text).toContain('taskConsolidation(');
  await writeFile(file, text);
}
/**
 * Another gtkit package: a real folder of its own whose parts link to this checkout's, as a
 * second clone or an older install is another folder.
 */
async function otherGtkit(): Promise<string> {
  const dir = join(root.path, `other-gtkit-${++counter}`);
  await mkdir(dir);
  for (const part of ['package.json', 'lambdas', 'templates', 'scaffold', 'node_modules', 'dist', 'register.js', 'tsconfig.json']) await symlink(join(runningGtkitRoot, part), join(dir, part));
  return dir;
}
async function useGtkit(taskDir: string, gtkit: string): Promise<void> {
  const link = join(taskDir, 'node_modules', 'gtkit');
  await rm(link, { force: true });
  await symlink(gtkit, link, 'dir');
}
const buildJson = async (dir: string): Promise<{ notes: string[]; acs: { bytes: number } }> => {
  const printed: string[] = [];
  await runBuildCommand(dir, { json: true }, { out: (line) => void printed.push(line), err: () => {} });
  return JSON.parse(printed.join('\n')) as { notes: string[]; acs: { bytes: number } };
};

describe('gtkit build: an ACS over the budget because acs.ts calls taskConsolidation', () => {
  it('names the call to write instead, in the type\'s names, and the size the scaffolded ACS has', async () => {
    const dir = await scaffolded('bounding-box');
    const lean = await buildJson(dir);
    expect(lean.notes).toEqual([]);
    await widenAcs(dir, 'boundingBox', 'boxAnswers');
    const wide = await buildJson(dir);
    expect(wide.acs.bytes).toBeGreaterThan(700 * 1024);
    expect(wide.notes).toHaveLength(1);
    const leanKb = `${(lean.acs.bytes / 1024).toFixed(1)} KB`;
    expect(wide.notes[0]).toBe(
      `${join(dir, 'acs.ts')} calls taskConsolidation, which carries every answer kind's algorithms and output formats: the ACS bundle is ${(wide.acs.bytes / 1024).toFixed(1)} KB, over the 700.0 KB gtkit holds it to (far below Lambda's limits). Import boxAnswers and kindConsolidation from gtkit/task-types and call kindConsolidation(boundingBox, boxAnswers, …) with the same settings: it carries this type's kind alone, and the acs.ts gtkit init writes that way bundles to ${leanKb} here (docs/task-folder.md)`,
    );
    // The text report ends with it too.
    const printed: string[] = [];
    await runBuildCommand(dir, {}, { out: (line) => void printed.push(line), err: () => {} });
    expect(printed.at(-1)).toBe(`note: ${wide.notes[0]}`);
  }, 60_000);

  it('the first build makes .gtkit 0700, as every other command that makes it', async () => {
    const dir = await scaffolded('text-classification');
    await buildJson(dir);
    expect(statSync(join(dir, '.gtkit')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, '.gtkit', 'build')).mode & 0o777).toBe(0o700);
  }, 60_000);
});

describe("a task whose gtkit is not the CLI's", () => {
  it('is said by build, deploy, run, lint and preview, naming both real paths and what to do; a link to this checkout is the same gtkit', async () => {
    const dir = await scaffolded('text-classification');
    expect(otherGtkitNote(dir)).toBeUndefined();
    // Another path to this same checkout: the same gtkit.
    const alias = join(root.path, 'alias-of-this-checkout');
    await symlink(runningGtkitRoot, alias, 'dir');
    await useGtkit(dir, alias);
    expect(otherGtkitNote(dir)).toBeUndefined();

    const other = await otherGtkit();
    await useGtkit(dir, other);
    const note = otherGtkitNote(dir);
    expect(note).toMatch(
      new RegExp(`^this task's gtkit is ${other} \\(gtkit-build [0-9a-f]{12}\\), not the one running this command, ${runningGtkitRoot} \\(gtkit-build [0-9a-f]{12}\\): pre\\.ts, acs\\.ts and the config import the task's, and gtkit build bundles it into the Lambdas\\. Run npm install in the task folder to install the gtkit its package\\.json names, or npm install ${runningGtkitRoot} there to use this one$`),
    );
    expect((await buildJson(dir)).notes).toEqual([note]);
    expect((await lintTarget(dir)).notes).toContain(`note: ${note}`);
    const runNotes: string[] = [];
    await runTask(dir, {}, undefined, (line) => runNotes.push(line));
    expect(runNotes).toEqual([`note: ${note}`]);
    // A dry run with no uploads makes no AWS call.
    const task = await loadTask(dir);
    expect((await deployTask(task, { dryRun: true, skipUploads: true }, defaultClients(task.config.region), () => {})).notes).toEqual([note]);
    const logs: string[] = [];
    const preview = await startPreview({ dir, offline: true, log: (line) => logs.push(line) });
    await preview.close();
    expect(logs).toContain(`note: ${note}`);
    // The preview made its folder 0700.
    expect(statSync(join(dir, '.gtkit', 'preview')).mode & 0o777).toBe(0o700);
  }, 60_000);
});
