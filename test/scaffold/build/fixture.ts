import { cp, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runningGtkitRoot } from '../../../scaffold/build/resolve-gtkit.ts';
import { loadTask, type LoadedTask } from '../../../scaffold/task/load-task.ts';

/** The small text-classification task folder the build and deploy tests use. */
export const fixtureDir = fileURLToPath(new URL('../../fixtures/tasks/text-classification', import.meta.url));

/**
 * A copy of the fixture task in `dir` (outside this repository, so with no `node_modules` to
 * resolve `gtkit` from). Its config is loaded from the original, since loading a config needs
 * `gtkit` resolvable by Node; the paths point at the copy, which is what gets built. With
 * `linkGtkit`, the copy gets `node_modules/gtkit` → this checkout (as `gtkit init` does), so
 * commands that load the folder themselves work too.
 */
export async function copyFixture(dir: string, options: { linkGtkit?: boolean } = {}): Promise<LoadedTask> {
  await cp(fixtureDir, dir, { recursive: true, filter: (src) => !src.includes('.gtkit') });
  if (options.linkGtkit) {
    await mkdir(join(dir, 'node_modules'), { recursive: true });
    await symlink(runningGtkitRoot, join(dir, 'node_modules', 'gtkit'), 'dir');
  }
  const original = await loadTask(fixtureDir);
  const at = (file: string) => join(dir, file.slice(fixtureDir.length + 1));
  return {
    dir,
    configFile: at(original.configFile),
    config: structuredClone(original.config),
    paths: { template: at(original.paths.template), manifest: at(original.paths.manifest), answers: at(original.paths.answers), pre: at(original.paths.pre), acs: at(original.paths.acs) },
  };
}
