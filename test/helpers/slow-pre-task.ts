import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initTask } from '../../scaffold/init/init-task.ts';

/**
 * A scaffolded text-classification task whose PRE takes five seconds per line, so a run is still
 * at work when a test acts on it (a Ctrl-C, a second run), however slowly a loaded machine starts
 * the second process; every test stops such a run itself. Each PRE call appends a dot to the file
 * the `PRE_MARK` variable names: a test knows the run is past its start when the mark is there.
 */
export async function slowPreTask(dir: string): Promise<string> {
  await initTask({ dir, type: 'text-classification' });
  const pre = join(dir, 'pre.ts');
  const slow = '=> (process.env.PRE_MARK && (await import("node:fs")).appendFileSync(process.env.PRE_MARK, "."), await new Promise((r) => setTimeout(r, 5000)), {';
  await writeFile(pre, (await readFile(pre, 'utf8')).replace('=> ({', slow).replace('>((line)', '>(async (line)'));
  return dir;
}
