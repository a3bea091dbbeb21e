import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { startPreview, type PreviewOptions, type PreviewServer } from '../../../scaffold/preview/server.ts';
import type { TaskTypeName } from '../../../lambdas/task-types/names.ts';

/** A scaffolded task folder in a temp dir (gtkit init), with an empty answers file. */
export async function scaffoldTask(type: TaskTypeName = 'text-classification'): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'gtkit-preview-'));
  const dir = join(root, 'task');
  await initTask({ dir, type });
  await writeFile(join(dir, 'answers.jsonl'), '');
  return { dir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** A task and its preview (stand-ins, free port); `stop` closes both. */
export async function previewTask(
  type: TaskTypeName = 'text-classification',
  options: Partial<PreviewOptions> = {},
  editTemplate?: (template: string) => string,
): Promise<{ dir: string; server: PreviewServer; logs: string[]; stop(): Promise<void> }> {
  const task = await scaffoldTask(type);
  if (editTemplate) {
    const file = join(task.dir, 'template.liquid.html');
    await writeFile(file, editTemplate(await readFile(file, 'utf8')));
  }
  const logs: string[] = [];
  const server = await startPreview({ dir: task.dir, offline: true, log: (l) => logs.push(l), ...options });
  return {
    dir: task.dir,
    server,
    logs,
    async stop() {
      await server.close();
      await task.cleanup();
    },
  };
}

/**
 * Rewrites a file of the task and waits until the preview has picked that change up (a reload
 * for another, earlier change does not count).
 */
export async function editAndWait(server: PreviewServer, file: string, edit: (text: string) => string): Promise<void> {
  const before = await readFile(file, 'utf8');
  let reloaded = server.nextReload();
  await writeFile(file, edit(before));
  for (let i = 0; i < 10 && !(await reloaded).includes(basename(file)); i++) reloaded = server.nextReload();
}
