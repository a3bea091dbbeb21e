// Run by loadInNode (sdk-task-folder.ts) in a plain Node process, as the gtkit CLI runs: vitest
// resolves a test's imports its own way, which would hide what Node itself finds.
import { importHandler, type LambdaHandler } from '../../../scaffold/task/load-handlers.ts';
import { loadTask } from '../../../scaffold/task/load-task.ts';
import { taskHandlers } from '../../../scaffold/task/task-parts.ts';

const { files, taskDir, event } = JSON.parse(process.argv[2] ?? '{}') as { files?: string[]; taskDir?: string; event: unknown };
const outcomes: Record<string, { ok: true; value: unknown } | { ok: false; message: string }> = {};
const attempt = async (name: string, load: () => Promise<LambdaHandler>) => {
  try {
    outcomes[name] = { ok: true, value: await (await load())(event, {} as never) };
  } catch (error) {
    outcomes[name] = { ok: false, message: (error as Error).message };
  }
};
for (const file of files ?? []) await attempt(file, () => importHandler(file));
if (taskDir !== undefined) {
  await attempt('bundled pre', async () => (await taskHandlers(await loadTask(taskDir), 'bundle')).pre);
}
process.stdout.write(JSON.stringify(outcomes));
