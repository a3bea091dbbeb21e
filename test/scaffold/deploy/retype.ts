import { readFile, writeFile } from 'node:fs/promises';
import { getTaskType } from '../../../lambdas/task-types/registry.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';

/**
 * Makes the text-classification fixture a task of `type` (its config file and the loaded config),
 * with that type's default algorithm, for a test that gives it the catalog template of that type:
 * deploy refuses a template lint finds errors in, such as an answer field another type's ACS reads.
 */
export async function retypeFixture(task: LoadedTask, type: LoadedTask['config']['type']): Promise<void> {
  const algorithm = getTaskType(type).defaultAlgorithm;
  const source = await readFile(task.configFile, 'utf8');
  const retyped = source.replace("type: 'text-classification'", `type: '${type}'`).replace("algorithm: 'majority-vote'", `algorithm: '${algorithm}'`);
  if (retyped === source) throw new Error(`retypeFixture: ${task.configFile} is not the text-classification fixture`);
  await writeFile(task.configFile, retyped);
  task.config.type = type;
  task.config.consolidation = { ...task.config.consolidation, algorithm } as LoadedTask['config']['consolidation'];
}
