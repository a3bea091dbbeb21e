import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../scaffold/cli/exit-codes.ts';
import { runDeployCommand } from '../../../scaffold/commands/deploy-command.ts';
import { deployTask, DeployError } from '../../../scaffold/deploy/deploy.ts';
import { readDeployState } from '../../../scaffold/deploy/state.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import { copyFixture } from '../build/fixture.ts';
import { deployHarness } from './harness.ts';

/** gtkit deploy and --emit-cloudformation stop at a template lint finds errors in: workers would open it. */

const bucket = 'acme-sagemaker-gt';
const harness = deployHarness([bucket], 'gtkit-template-check-');
const { lambdaMock } = harness;
let counter = 0;

/** The fixture task, its template writing the task input's text unescaped. */
async function unsafeTask(): Promise<LoadedTask> {
  const task = await copyFixture(join(harness.root, `task-${++counter}`), { linkGtkit: true });
  const template = await readFile(task.paths.template, 'utf8');
  await writeFile(task.paths.template, template.replace('<crowd-form>', '<crowd-form>\n  <blockquote>{{ task.input.taskObject | skip_autoescape }}</blockquote>'));
  return task;
}

describe('a template lint finds errors in', () => {
  it('gtkit deploy refuses it before any change, naming the line, the rule and the fix', async () => {
    const task = await unsafeTask();
    const error = await deployTask(task, {}, harness.clients(), () => {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    const message = (error as Error).message;
    expect(message).toMatch(/^.*template\.liquid\.html: lint finds an error in the template, which every worker opens; fix it \(gtkit lint shows each with its fix\) and deploy again:\n/);
    expect(message).toMatch(/template\.liquid\.html:\d+:\d+ error skip-autoescape-task-input: task input is written without escaping/);
    expect(message).toContain('fix: drop | skip_autoescape');
    expect(message.endsWith('. Nothing was deployed')).toBe(true);
    expect(lambdaMock.commandCalls(CreateFunctionCommand)).toHaveLength(0);
    expect(await readDeployState(task.dir)).toBeUndefined();
    // A dry run says it too; --skip-uploads uploads no template, so it is not checked.
    await expect(deployTask(task, { dryRun: true }, harness.clients(), () => {})).rejects.toThrow('skip-autoescape-task-input');
    await expect(deployTask(task, { dryRun: true, skipUploads: true }, harness.clients(), () => {})).resolves.toMatchObject({ dryRun: true });
  }, 60_000);

  it('--emit-cloudformation writes no template for it', async () => {
    const task = await unsafeTask();
    const file = join(harness.root, `stack-${counter}.json`);
    const error = await runDeployCommand(task.dir, { emitCloudformation: file }, { out: () => {}, err: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toContain('error skip-autoescape-task-input');
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
  }, 60_000);
});
