import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateFunctionCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { gtkitBuildId } from '../../../scaffold/build/build-id.ts';
import { runningGtkitRoot } from '../../../scaffold/build/resolve-gtkit.ts';
import { deployTask } from '../../../scaffold/deploy/deploy.ts';
import { functionOwnership } from '../../../scaffold/deploy/function-ownership.ts';
import { deployStateFile, groundTruthRoleScopedElsewhere, readDeployState } from '../../../scaffold/deploy/state.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import { copyFixture } from '../build/fixture.ts';
import { account } from './fake-lambda.ts';
import { deployHarness } from './harness.ts';

/** A function of the configured name that exists already: gtkit's own, another job's, or someone else's. */

const bucket = 'acme-sagemaker-gt';
const preName = 'SageMaker-ticket-intent-pre';
const acsName = 'SageMaker-ticket-intent-acs';
const harness = deployHarness([bucket], 'gtkit-owner-');
const { lambdaMock, stsMock } = harness;
const clients = () => harness.clients();
let counter = 0;
const freshTask = (): Promise<LoadedTask> => copyFixture(join(harness.root, `task-${++counter}`), { linkGtkit: true });
const changes = () => [...lambdaMock.commandCalls(CreateFunctionCommand), ...lambdaMock.commandCalls(UpdateFunctionCodeCommand), ...lambdaMock.commandCalls(UpdateFunctionConfigurationCommand)];
async function changeCode(task: LoadedTask): Promise<void> {
  await writeFile(task.paths.pre, `${await readFile(task.paths.pre, 'utf8')}\nexport const changed = ${counter};\n`);
}


describe('gtkit deploy over a function that exists', () => {
  it('updates its own function (recorded by the deploy state) without a word', async () => {
    const task = await freshTask();
    await deployTask(task, { skipUploads: true }, clients(), () => {});
    await changeCode(task);
    const again = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(again.functions.pre).toMatchObject({ action: 'updated', changes: ['code'] });
    expect(again.warnings).toEqual([]);
  });

  it('refuses a function it cannot recognise, naming the function and the flag, and changes nothing', async () => {
    const task = await freshTask();
    harness.fake.addExisting(acsName);
    const lines: string[] = [];
    const error = await deployTask(task, {}, clients(), (l) => lines.push(l)).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      `${task.configFile}:\n  lambdas.acs.functionName: ${acsName} exists in ${account} eu-west-1, and gtkit cannot tell it is this task's: the deploy state does not record it, and its tags do not say created-by=gtkit\n` +
        "It may be another team's or a hand-made function. Nothing was changed. Name a function of your own in gtkit.config.ts, or deploy with --overwrite-functions to replace its code and settings with this task's.",
    );
    // Checked before the uploads and before the PRE, which exists on neither side yet.
    expect(changes()).toHaveLength(0);
    expect(lines.some((l) => l.startsWith('upload'))).toBe(false);
    expect(harness.fake.functions.get(acsName)?.config.Runtime).toBe('python3.12');
    expect(await readDeployState(task.dir)).toBeUndefined();
  });

  it('--overwrite-functions lets it through with a warning, and the state then recognises it', async () => {
    const task = await freshTask();
    harness.fake.addExisting(preName);
    const taken = await deployTask(task, { skipUploads: true, overwriteFunctions: true }, clients(), () => {});
    expect(taken.functions.pre?.action).toBe('updated');
    expect(harness.fake.functions.get(preName)?.config.Runtime).toBe('nodejs24.x');
    expect(taken.warnings).toEqual([`--overwrite-functions: replacing the code and settings of ${preName}, which gtkit cannot tell is this task's: its tags do not say created-by=gtkit`]);
    await changeCode(task);
    const next = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(next.functions.pre?.action).toBe('updated');
    expect(next.warnings).toEqual([]);
  });

  it('a state file lost: its own functions are recognised by their tags; another job\'s are refused', async () => {
    const task = await freshTask();
    await deployTask(task, { skipUploads: true }, clients(), () => {});
    await rm(deployStateFile(task.dir));
    await changeCode(task);
    const again = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(again.functions.pre).toMatchObject({ action: 'updated', changes: ['code'] });
    expect(again.warnings).toEqual([]);

    // Another folder whose config names this job's functions (copied, given a new jobName).
    const other = await freshTask();
    other.config.jobName = 'returns-triage';
    await expect(deployTask(other, { skipUploads: true }, clients(), () => {})).rejects.toThrow(
      `lambdas.pre.functionName: ${preName} exists in ${account} eu-west-1, and gtkit cannot tell it is this task's: the deploy state does not record it, and gtkit made it for the job ticket-intent (its gtkit-job tag), not for returns-triage`,
    );
    expect(harness.fake.functions.get(preName)?.config.Description).toContain('ticket-intent');
  });

  it('without lambda:ListTags the tags cannot prove anything: refused, saying which permission would', async () => {
    const task = await freshTask();
    await deployTask(task, { skipUploads: true }, clients(), () => {});
    await rm(deployStateFile(task.dir));
    harness.fake.tagsHidden = 'error';
    await expect(deployTask(task, { skipUploads: true }, clients(), () => {})).rejects.toThrow(
      `${preName} exists in ${account} eu-west-1, and gtkit cannot tell it is this task's: the deploy state does not record it, and Lambda did not return its tags (AccessDeniedException: not authorized to perform: lambda:ListTags); allow lambda:ListTags on it so gtkit can read them`,
    );
    harness.fake.tagsHidden = 'omitted';
    await expect(deployTask(task, { skipUploads: true }, clients(), () => {})).rejects.toThrow('Lambda returned no tags for it (none, or your credentials lack lambda:ListTags, which gtkit needs to read them)');
    // Recorded by the state, the function needs no tags.
    harness.fake.tagsHidden = undefined;
    await deployTask(task, { skipUploads: true }, clients(), () => {});
    harness.fake.tagsHidden = 'omitted';
    expect((await deployTask(task, { skipUploads: true }, clients(), () => {})).warnings).toEqual([]);
  });

  it("a team's second job from the same folder: warns that the first job's function gets new code, only when it does", async () => {
    const task = await freshTask();
    await deployTask(task, { skipUploads: true }, clients(), () => {});
    task.config.jobName = 'ticket-intent-2';
    const same = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(same.warnings).toEqual([]);
    await changeCode(task);
    const changed = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(changed.functions.pre?.action).toBe('updated');
    expect(changed.warnings).toEqual([
      `${preName} was made for the job ticket-intent (its gtkit-job tag), and this deploy of ticket-intent-2 changes its code: a labeling job names the function, not a version, so ticket-intent, if still running, runs the new code from now on; give lambdas.pre.functionName a name of its own if it must keep the old code`,
    ]);
  });

  it('warns that a function of a CloudFormation stack drifts from it', async () => {
    const task = await freshTask();
    // Tagged with this gtkit's build, as a stack of today's template is: only the drift is said.
    harness.fake.addExisting(preName, { 'created-by': 'gtkit', 'gtkit-job': 'ticket-intent', 'gtkit-build': gtkitBuildId(runningGtkitRoot) ?? '', 'aws:cloudformation:stack-name': 'gtkit-ticket-intent' });
    const result = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(result.warnings).toEqual([
      `${preName} belongs to the CloudFormation stack gtkit-ticket-intent: gtkit deploy changes it outside the stack, which then drifts; update the stack instead (gtkit deploy --emit-cloudformation), or give lambdas.pre.functionName a name of its own`,
    ]);
  });
});

describe('gtkit deploy: the job name', () => {
  it('refuses a job name CreateLabelingJob would refuse, before any AWS call (its tag would fail late)', async () => {
    const task = await freshTask();
    task.config.jobName = 'ticket intent #2';
    await expect(deployTask(task, { skipUploads: true }, clients(), () => {})).rejects.toThrow(
      `${task.configFile}:\n  jobName: "ticket intent #2" is not a labeling job name; use 1–63 letters, digits and hyphens, starting and ending with a letter or digit (CreateLabelingJob's rule)`,
    );
    expect(stsMock.calls()).toHaveLength(0);
    task.config.jobName = `a${'-b'.repeat(31)}`; // 63 characters: allowed
    await expect(deployTask(task, { skipUploads: true, dryRun: true }, clients(), () => {})).resolves.toMatchObject({ dryRun: true });
    task.config.jobName = `a${'-b'.repeat(31)}c`;
    await expect(deployTask(task, { skipUploads: true, dryRun: true }, clients(), () => {})).rejects.toThrow('jobName: "a-b-b');
  });
});

describe('functionOwnership', () => {
  const job = 'ticket-intent';
  it('tells absent, own (by the state or by tags), and unrecognised apart', () => {
    expect(functionOwnership(undefined, false, job)).toEqual({ kind: 'absent' });
    expect(functionOwnership({ Tags: {} }, true, job)).toEqual({ kind: 'own' });
    expect(functionOwnership({ Tags: { 'created-by': 'gtkit', 'gtkit-job': job } }, false, job)).toEqual({ kind: 'own' });
    expect(functionOwnership({ Tags: { 'created-by': 'gtkit', 'gtkit-job': 'first' } }, true, job)).toEqual({ kind: 'own', madeForJob: 'first' });
    expect(functionOwnership({ Tags: { 'gtkit-job': job } }, false, job)).toMatchObject({ kind: 'unrecognised', why: 'its tags do not say created-by=gtkit' });
    expect(functionOwnership({ Tags: { 'created-by': 'someone', 'gtkit-job': job } }, false, job).kind).toBe('unrecognised');
  });
});

describe('groundTruthRoleScopedElsewhere (deploy and gtkit job share it)', () => {
  const made = `arn:aws:iam::${account}:role/SageMaker-ticket-intent-groundtruth`;
  const state = { region: 'eu-west-1', roles: { groundTruthExecution: made } };
  it('names the old Region only when roleArn is the role --create-roles made and the region changed', () => {
    expect(groundTruthRoleScopedElsewhere(state, { roleArn: made, region: 'us-east-1' })).toBe('eu-west-1');
    expect(groundTruthRoleScopedElsewhere({ ...state, rolesRegion: 'eu-central-1' }, { roleArn: made, region: 'eu-west-1' })).toBe('eu-central-1');
    expect(groundTruthRoleScopedElsewhere(state, { roleArn: made, region: 'eu-west-1' })).toBeUndefined();
    expect(groundTruthRoleScopedElsewhere(state, { roleArn: `arn:aws:iam::${account}:role/other`, region: 'us-east-1' })).toBeUndefined();
    expect(groundTruthRoleScopedElsewhere({ region: 'eu-west-1' }, { roleArn: made, region: 'us-east-1' })).toBeUndefined();
  });
});
