import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTask, type LoadedTask } from '../../../scaffold/task/load-task.ts';

/** The small text-classification task folder the build and deploy tests use. */
export const fixtureDir = fileURLToPath(new URL('../../fixtures/tasks/text-classification', import.meta.url));

/**
 * A copy of the fixture task in `dir` (outside this repository, so with no `node_modules` to
 * resolve `gtkit` from). Its config is loaded from the original, since loading a config needs
 * `gtkit` resolvable by Node; the paths point at the copy, which is what gets built.
 */
export async function copyFixture(dir: string): Promise<LoadedTask> {
  await cp(fixtureDir, dir, { recursive: true, filter: (src) => !src.includes('.gtkit') });
  const original = await loadTask(fixtureDir);
  const at = (file: string) => join(dir, file.slice(fixtureDir.length + 1));
  return {
    dir,
    configFile: at(original.configFile),
    config: structuredClone(original.config),
    paths: { template: at(original.paths.template), manifest: at(original.paths.manifest), answers: at(original.paths.answers), pre: at(original.paths.pre), acs: at(original.paths.acs) },
  };
}
