import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TaskConfig } from '../../scaffold/config/define-task.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A temporary task folder outside the repository with the given config, and `node_modules/gtkit`
 * linked to this checkout (what `gtkit init` does for a folder that has no gtkit installed).
 */
export async function makeTaskDir(config: TaskConfig, files: Record<string, string> = {}): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'gtkit-task-'));
  await mkdir(join(dir, 'node_modules'), { recursive: true });
  await symlink(repoRoot, join(dir, 'node_modules', 'gtkit'), 'dir');
  await writeFile(join(dir, 'gtkit.config.ts'), `import { defineTask } from 'gtkit/config';\n\nexport default defineTask(${JSON.stringify(config, null, 2)});\n`);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
