import { join } from 'node:path';
import { CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand, TagRoleCommand, type Role } from '@aws-sdk/client-iam';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { runDeployCommand } from '../../../scaffold/commands/deploy-command.ts';
import { deployTask } from '../../../scaffold/deploy/deploy.ts';
import { readDeployState } from '../../../scaffold/deploy/state.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import { copyFixture } from '../build/fixture.ts';
import { account, awsError } from './fake-lambda.ts';
import { deployHarness } from './harness.ts';

/** `--create-roles` over a role of the job's role names that exists already: gtkit's own for this job, another job's, or someone else's. */

const bucket = 'acme-sagemaker-gt';
const harness = deployHarness([bucket], 'gtkit-role-owner-');
const { lambdaMock, iamMock } = harness;
const clients = () => harness.clients();
let counter = 0;
const freshTask = async (): Promise<LoadedTask> => {
  const task = await copyFixture(join(harness.root, `task-${++counter}`), { linkGtkit: true });
  delete task.config.lambdas.executionRoleArn;
  return task;
};
const preRoleName = 'SageMaker-ticket-intent-pre-lambda';
const acsRoleName = 'SageMaker-ticket-intent-acs-lambda';
const groundTruthRoleName = 'SageMaker-ticket-intent-groundtruth';
const roleArn = (name: string) => `arn:aws:iam::${account}:role/${name}`;
/** GetRole answering for the names in `roles` (tags of each), NoSuchEntity for the others. */
function existingRoles(roles: Record<string, Role['Tags']>): void {
  iamMock.on(GetRoleCommand).callsFake((input: { RoleName: string }) => {
    if (!(input.RoleName in roles)) throw awsError('NoSuchEntityException', 'The role cannot be found.', 404);
    return { Role: { RoleName: input.RoleName, Arn: roleArn(input.RoleName), ...(roles[input.RoleName] ? { Tags: roles[input.RoleName] } : {}) } };
  });
}
const policiesSetOn = () => iamMock.commandCalls(PutRolePolicyCommand).map((c) => c.args[0].input.RoleName);

beforeEach(() => {
  iamMock.on(GetRoleCommand).rejects(awsError('NoSuchEntityException', 'The role cannot be found.', 404));
  iamMock.on(CreateRoleCommand).callsFake((input: { RoleName: string }) => ({ Role: { RoleName: input.RoleName, Arn: roleArn(input.RoleName) } }));
  iamMock.on(PutRolePolicyCommand).resolves({});
});

describe('gtkit deploy --create-roles over a role that exists', () => {
  it('tags the roles it makes with the job, as it tags functions', async () => {
    await deployTask(await freshTask(), { createRoles: true, skipUploads: true }, clients(), () => {});
    expect(iamMock.commandCalls(CreateRoleCommand).map((c) => c.args[0].input.Tags)).toEqual([
      [{ Key: 'created-by', Value: 'gtkit' }, { Key: 'gtkit-job', Value: 'ticket-intent' }],
      [{ Key: 'created-by', Value: 'gtkit' }, { Key: 'gtkit-job', Value: 'ticket-intent' }],
      [{ Key: 'created-by', Value: 'gtkit' }, { Key: 'gtkit-job', Value: 'ticket-intent' }],
    ]);
  });

  it('refuses a role it cannot recognise, naming the role and the flag, and changes nothing', async () => {
    const task = await freshTask();
    existingRoles({ [preRoleName]: undefined, [groundTruthRoleName]: [{ Key: 'team', Value: 'returns' }] });
    const error = await deployTask(task, { createRoles: true }, clients(), () => {}).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      `${task.configFile}:\n` +
        `  jobName: the role ${preRoleName} (--create-roles names it after the job) exists, and gtkit cannot tell it is this task's: the deploy state does not record it, and its tags do not say created-by=gtkit\n` +
        `  jobName: the role ${groundTruthRoleName} (--create-roles names it after the job) exists, and gtkit cannot tell it is this task's: the deploy state does not record it, and its tags do not say created-by=gtkit\n` +
        "It may be another team's role or a hand-made one: rewriting its policy would take away what it grants now, and whatever it trusts would gain this job's data. Nothing was changed. " +
        'Give the job a name of its own (jobName), set lambdas.executionRoleArn and roleArn and deploy without --create-roles, or deploy with --overwrite-roles to set this task\'s inline policies on it.',
    );
    expect(policiesSetOn()).toEqual([]);
    expect(iamMock.commandCalls(CreateRoleCommand)).toHaveLength(0);
    expect(lambdaMock.commandCalls(CreateFunctionCommand)).toHaveLength(0);
    expect(await readDeployState(task.dir)).toBeUndefined();
  });

  it("refuses an earlier gtkit's role (created-by=gtkit, no gtkit-job tag) with --overwrite-roles as the first fix, not a new job name", async () => {
    const task = await freshTask();
    existingRoles({ [groundTruthRoleName]: [{ Key: 'created-by', Value: 'gtkit' }] });
    const error = await deployTask(task, { createRoles: true, skipUploads: true }, clients(), () => {}).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      `${task.configFile}:\n` +
        `  jobName: the role ${groundTruthRoleName} (--create-roles names it after the job) exists, and gtkit cannot tell it is this task's: the deploy state does not record it, and it was made by an earlier gtkit, which tagged its roles created-by=gtkit only (no gtkit-job tag)\n` +
        "It may be another team's role or a hand-made one: rewriting its policy would take away what it grants now, and whatever it trusts would gain this job's data. Nothing was changed. " +
        "If this task's earlier deploys made it, deploy once with --overwrite-roles: it adds the gtkit-job=ticket-intent tag, and later deploys, from any clone, recognise it.",
    );
    expect(policiesSetOn()).toEqual([]);
  });

  it("gives both fixes when an earlier gtkit's role and a role of someone else's are refused together", async () => {
    existingRoles({ [preRoleName]: [{ Key: 'team', Value: 'returns' }], [groundTruthRoleName]: [{ Key: 'created-by', Value: 'gtkit' }] });
    const error = await deployTask(await freshTask(), { createRoles: true, skipUploads: true }, clients(), () => {}).catch((e: Error) => e);
    expect((error as Error).message).toContain(
      "Nothing was changed. If this task's earlier deploys made it, deploy once with --overwrite-roles: it adds the gtkit-job=ticket-intent tag, and later deploys, from any clone, recognise it. Give the job a name of its own (jobName),",
    );
  });

  it('refuses a role gtkit made for another job of the same role name', async () => {
    existingRoles({ [acsRoleName]: [{ Key: 'created-by', Value: 'gtkit' }, { Key: 'gtkit-job', Value: 'other-team-job' }] });
    await expect(deployTask(await freshTask(), { createRoles: true, skipUploads: true }, clients(), () => {})).rejects.toThrow(
      `the role ${acsRoleName} (--create-roles names it after the job) exists, and gtkit cannot tell it is this task's: the deploy state does not record it, and gtkit made it for the job other-team-job (its gtkit-job tag), not for ticket-intent`,
    );
    expect(policiesSetOn()).toEqual([]);
  });

  it('--overwrite-roles sets the policies with a warning; the deploy state then recognises the roles', async () => {
    const task = await freshTask();
    existingRoles({ [preRoleName]: undefined, [acsRoleName]: undefined, [groundTruthRoleName]: undefined });
    const taken = await deployTask(task, { createRoles: true, overwriteRoles: true, skipUploads: true }, clients(), () => {});
    expect(policiesSetOn()).toEqual([preRoleName, acsRoleName, groundTruthRoleName]);
    expect(taken.warnings).toEqual([
      `--overwrite-roles: setting the inline policy of role ${preRoleName}, which gtkit cannot tell is this task's: its tags do not say created-by=gtkit`,
      `--overwrite-roles: setting the inline policy of role ${acsRoleName}, which gtkit cannot tell is this task's: its tags do not say created-by=gtkit`,
      `--overwrite-roles: setting the inline policy of role ${groundTruthRoleName}, which gtkit cannot tell is this task's: its tags do not say created-by=gtkit`,
    ]);
    const again = await deployTask(task, { createRoles: true, skipUploads: true }, clients(), () => {});
    expect(again.warnings).toEqual([]);
    expect(policiesSetOn()).toHaveLength(6);
  });

  it("--overwrite-roles tags the roles as this job's, so a deploy from a fresh clone (no deploy state) recognises them; a tag refused is a warning", async () => {
    // Roles an older gtkit made carry created-by alone.
    existingRoles({ [preRoleName]: [{ Key: 'created-by', Value: 'gtkit' }], [groundTruthRoleName]: [{ Key: 'created-by', Value: 'gtkit' }] });
    await deployTask(await freshTask(), { createRoles: true, overwriteRoles: true, skipUploads: true }, clients(), () => {});
    const tagged = iamMock.commandCalls(TagRoleCommand).map((c) => c.args[0].input);
    expect(tagged.map((t) => t.RoleName)).toEqual([preRoleName, groundTruthRoleName]);
    expect(tagged[0]?.Tags).toEqual([{ Key: 'gtkit-job', Value: 'ticket-intent' }]);
    iamMock.on(TagRoleCommand).rejects(awsError('AccessDenied', 'not allowed to tag', 403));
    const refused = await deployTask(await freshTask(), { createRoles: true, overwriteRoles: true, skipUploads: true }, clients(), () => {});
    expect(refused.warnings.filter((w) => w.includes('iam:TagRole'))).toEqual([
      `could not tag role ${preRoleName} as this job's (iam:TagRole: AccessDenied): a deploy without this folder's .gtkit/ state will ask for --overwrite-roles again`,
      `could not tag role ${groundTruthRoleName} as this job's (iam:TagRole: AccessDenied): a deploy without this folder's .gtkit/ state will ask for --overwrite-roles again`,
    ]);
  });

  it('--overwrite-roles without --create-roles is a usage error', async () => {
    await expect(runDeployCommand((await freshTask()).dir, { overwriteRoles: true })).rejects.toThrow(UsageError);
  });
});
