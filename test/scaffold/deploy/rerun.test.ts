import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, GetRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, GetFunctionCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { deployTask, sharedRoleLeftNote } from '../../../scaffold/deploy/deploy.ts';
import { trustsService } from '../../../scaffold/deploy/roles.ts';
import { readDeployState, writeDeployState } from '../../../scaffold/deploy/state.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import { copyFixture } from '../build/fixture.ts';
import { account, awsError } from './fake-lambda.ts';
import { deployHarness } from './harness.ts';

/** Deploy run again over what an earlier deploy, another task or someone by hand left behind. */

const bucket = 'acme-sagemaker-gt';
const harness = deployHarness([bucket], 'gtkit-rerun-');
const { lambdaMock, iamMock } = harness;
const clients = () => harness.clients();
let counter = 0;
const roleArn = (name: string) => `arn:aws:iam::${account}:role/${name}`;
const trust = (service: string) => encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] }));

async function freshTask(dir = `task-${++counter}`): Promise<LoadedTask> {
  return copyFixture(join(harness.root, dir), { linkGtkit: true });
}

beforeEach(() => {
  iamMock.on(GetRoleCommand).rejects(awsError('NoSuchEntityException', 'The role cannot be found.', 404));
  iamMock.on(CreateRoleCommand).callsFake((input: { RoleName: string }) => ({ Role: { RoleName: input.RoleName, Arn: roleArn(input.RoleName) } }));
  iamMock.on(PutRolePolicyCommand).resolves({});
});

describe('a task folder copied with its deploy state (cp -r my-task my-task-2)', () => {
  async function copiedTask(): Promise<{ first: LoadedTask; second: LoadedTask }> {
    const first = await freshTask();
    delete first.config.lambdas.executionRoleArn;
    await deployTask(first, { createRoles: true, skipUploads: true }, clients(), () => {});
    const dir = `copy-${++counter}`;
    await mkdir(join(harness.root, dir), { recursive: true });
    await cp(join(first.dir, '.gtkit'), join(harness.root, dir, '.gtkit'), { recursive: true });
    const second = await freshTask(dir);
    delete second.config.lambdas.executionRoleArn;
    second.config.jobName = 'other-job';
    second.config.lambdas.pre.functionName = 'SageMaker-other-job-pre';
    second.config.lambdas.acs.functionName = 'SageMaker-other-job-acs';
    return { first, second };
  }

  it("does not hand the other job's execution role to its functions, and says what to do", async () => {
    const { second } = await copiedTask();
    lambdaMock.resetHistory();
    const lines: string[] = [];
    await expect(deployTask(second, { skipUploads: true }, clients(), (l) => lines.push(l))).rejects.toThrow('the Lambdas need an execution role: set lambdas.executionRoleArn in gtkit.config.ts, or deploy with --create-roles');
    expect(lambdaMock.commandCalls(CreateFunctionCommand)).toHaveLength(0);
    expect(lines).toContain(
      `warning: the deploy state records the role ${roleArn('SageMaker-ticket-intent-pre-lambda')}, made by --create-roles for another job (this job's are SageMaker-other-job-pre-lambda, SageMaker-other-job-acs-lambda and SageMaker-other-job-groundtruth): not used, since its policies name that job's functions and S3 folders; deploy with --create-roles, or set lambdas.executionRoleArn to use it anyway`,
    );

    // With --create-roles it gets its own roles, and the state records only those.
    const made = await deployTask(second, { createRoles: true, skipUploads: true }, clients(), () => {});
    expect(lambdaMock.commandCalls(CreateFunctionCommand).map((c) => c.args[0].input.Role)).toEqual([roleArn('SageMaker-other-job-pre-lambda'), roleArn('SageMaker-other-job-acs-lambda')]);
    expect(made.roles).toEqual({ preExecution: roleArn('SageMaker-other-job-pre-lambda'), acsExecution: roleArn('SageMaker-other-job-acs-lambda'), groundTruthExecution: roleArn('SageMaker-other-job-groundtruth') });
    expect((await readDeployState(second.dir))?.roles).toEqual(made.roles);
  });

  it('keeps using the roles it made for this job on a re-run', async () => {
    const task = await freshTask();
    delete task.config.lambdas.executionRoleArn;
    await deployTask(task, { createRoles: true, skipUploads: true }, clients(), () => {});
    const again = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(again.warnings).toEqual([]);
    expect(again.functions.pre?.action).toBe('unchanged');
  });

  it('the dry-run plan does not call functions it never deployed "unchanged since the last deploy"', async () => {
    const { second } = await copiedTask();
    const dry = await deployTask(second, { dryRun: true, skipUploads: true }, clients(), () => {});
    expect(dry.plan.filter((p) => p.includes('Lambda SageMaker-other-job-')).map((p) => p.split(':')[0])).toEqual(['create or update', 'create or update']);
  });
});

describe('a task deployed with the one role an older gtkit gave both functions (SageMaker-<job>-lambda)', () => {
  const shared = roleArn('SageMaker-ticket-intent-lambda');
  /** A task whose functions exist and whose deploy state records the old shared role, as an older gtkit left it. */
  async function olderDeploy({ onSharedRole = true } = {}): Promise<LoadedTask> {
    const task = await freshTask();
    delete task.config.lambdas.executionRoleArn;
    await deployTask(task, { createRoles: true, skipUploads: true }, clients(), () => {});
    const state = await readDeployState(task.dir);
    if (!state) throw new Error('no deploy state');
    await writeDeployState(task.dir, { ...state, roles: { lambdaExecution: shared, groundTruthExecution: roleArn('SageMaker-ticket-intent-groundtruth') } });
    // The functions run with the old role, as an older gtkit left them.
    if (onSharedRole) await deployTask(task, { skipUploads: true }, clients(), () => {});
    lambdaMock.resetHistory();
    iamMock.resetHistory();
    return task;
  }
  const rolesSet = () => lambdaMock.commandCalls(UpdateFunctionConfigurationCommand).map((c) => [c.args[0].input.FunctionName, c.args[0].input.Role]);
  /** GetRole finds the old shared role (with `tags`), and no other: the one role gtkit left for its owner to delete. */
  const existingSharedRole = (tags: Array<{ Key: string; Value: string }> = [{ Key: 'created-by', Value: 'gtkit' }]) =>
    iamMock.on(GetRoleCommand).callsFake((input: { RoleName: string }) => {
      if (input.RoleName === 'SageMaker-ticket-intent-lambda') return { Role: { RoleName: input.RoleName, Arn: shared, Tags: tags } };
      throw awsError('NoSuchEntityException', 'The role cannot be found.', 404);
    });

  it('still deploys without --create-roles, both functions on the old role, and says how to give each its own', async () => {
    const task = await olderDeploy({ onSharedRole: false });
    const result = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(rolesSet()).toEqual([
      ['SageMaker-ticket-intent-pre', shared],
      ['SageMaker-ticket-intent-acs', shared],
    ]);
    expect(result.warnings).toEqual([
      `both functions run with ${shared}, the one role an older gtkit's --create-roles gave them: the PRE can write the ACS's state and the ACS read what the PRE reads; deploy with --create-roles to give each a role of its own with only what it needs (gtkit then leaves the old role for you to delete)`,
    ]);
    expect((await readDeployState(task.dir))?.roles?.lambdaExecution).toBe(shared);
  });

  it('--create-roles moves each function to a role of its own, leaves the old role (no IAM deletion) and says how to delete it; the state forgets it', async () => {
    const task = await olderDeploy();
    const dry = await deployTask(task, { createRoles: true, dryRun: true, skipUploads: true }, clients(), () => {});
    expect(dry.plan).toContain(`move the functions off ${shared}, the one role an older gtkit gave both, and leave that role as it is (gtkit deletes no role)`);
    const result = await deployTask(task, { createRoles: true, skipUploads: true }, clients(), () => {});
    expect(rolesSet()).toEqual([
      ['SageMaker-ticket-intent-pre', roleArn('SageMaker-ticket-intent-pre-lambda')],
      ['SageMaker-ticket-intent-acs', roleArn('SageMaker-ticket-intent-acs-lambda')],
    ]);
    expect(iamMock.commandCalls(DeleteRoleCommand)).toHaveLength(0);
    expect(iamMock.commandCalls(DeleteRolePolicyCommand)).toHaveLength(0);
    expect(iamMock.commandCalls(PutRolePolicyCommand).map((c) => c.args[0].input.RoleName)).not.toContain('SageMaker-ticket-intent-lambda');
    expect(result.sharedRoleLeft).toBe(shared);
    expect(result.warnings).toContain(
      `the functions no longer use ${shared}, the one role an older gtkit gave both: each now has a role of its own with only what it needs. gtkit leaves SageMaker-ticket-intent-lambda as it is; once nothing else uses it, delete it with aws iam delete-role-policy --role-name SageMaker-ticket-intent-lambda --policy-name gtkit-lambda and aws iam delete-role --role-name SageMaker-ticket-intent-lambda`,
    );
    expect((await readDeployState(task.dir))?.roles).toEqual({
      preExecution: roleArn('SageMaker-ticket-intent-pre-lambda'),
      acsExecution: roleArn('SageMaker-ticket-intent-acs-lambda'),
      groundTruthExecution: roleArn('SageMaker-ticket-intent-groundtruth'),
    });
    // Said again while the role exists (GetRole finds it by its name), though the state has forgotten it and nothing moves.
    existingSharedRole();
    const again = await deployTask(task, { createRoles: true, skipUploads: true }, clients(), () => {});
    expect(lambdaMock.commandCalls(UpdateFunctionConfigurationCommand).map((c) => c.args[0].input.Role)).not.toContain(shared);
    expect(again.sharedRoleLeft).toBe(shared);
    expect(again.warnings.filter((w) => w.includes('older gtkit'))).toEqual([sharedRoleLeftNote(shared)]);
    // Once its owner has deleted it, nothing more is said.
    iamMock.on(GetRoleCommand).rejects(awsError('NoSuchEntityException', 'The role cannot be found.', 404));
    const after = await deployTask(task, { createRoles: true, skipUploads: true }, clients(), () => {});
    expect(after.sharedRoleLeft).toBeUndefined();
    expect(after.warnings.some((w) => w.includes('older gtkit'))).toBe(false);
  });

  it('from a fresh clone whose functions already run on roles of their own, finds the old role by its name (GetRole) and says it is left, with the commands that delete it', async () => {
    const task = await freshTask();
    delete task.config.lambdas.executionRoleArn;
    // A teammate's clone moved the functions off it; this clone has no deploy state.
    await deployTask(task, { createRoles: true, skipUploads: true }, clients(), () => {});
    const clone = await freshTask();
    delete clone.config.lambdas.executionRoleArn;
    const dry = await deployTask(clone, { createRoles: true, dryRun: true, skipUploads: true }, clients(), () => {});
    // The dry run reads no role: it says what the deploy will look for, not that there is none.
    expect(dry.plan).toContain('look up SageMaker-ticket-intent-lambda (the one role an older gtkit gave both functions): if it exists, move the functions off it, leave it as it is (gtkit deletes no role) and say how to delete it');
    existingSharedRole();
    lambdaMock.resetHistory();
    const result = await deployTask(clone, { createRoles: true, skipUploads: true }, clients(), () => {});
    expect(iamMock.commandCalls(GetRoleCommand).map((c) => c.args[0].input.RoleName)).toContain('SageMaker-ticket-intent-lambda');
    expect(result.sharedRoleLeft).toBe(shared);
    expect(result.warnings).toContain(sharedRoleLeftNote(shared));
    expect(sharedRoleLeftNote(shared)).toContain('aws iam delete-role --role-name SageMaker-ticket-intent-lambda');
    expect(iamMock.commandCalls(PutRolePolicyCommand).map((c) => c.args[0].input.RoleName)).not.toContain('SageMaker-ticket-intent-lambda');
    expect(iamMock.commandCalls(DeleteRoleCommand)).toHaveLength(0);
  });

  it('a role of that name gtkit tagged for another job, or never tagged, is not called this task\'s; a refused GetRole of it is a warning, not a failed deploy', async () => {
    const task = await freshTask();
    delete task.config.lambdas.executionRoleArn;
    existingSharedRole([{ Key: 'created-by', Value: 'gtkit' }, { Key: 'gtkit-job', Value: 'another-job' }]);
    const other = await deployTask(task, { createRoles: true, skipUploads: true }, clients(), () => {});
    expect(other.sharedRoleLeft).toBeUndefined();
    expect(other.warnings.some((w) => w.includes('older gtkit'))).toBe(false);
    // Nor is a role of that name gtkit never tagged (a hand-made one): no delete commands for it.
    existingSharedRole([]);
    const handMade = await deployTask(task, { createRoles: true, skipUploads: true }, clients(), () => {});
    expect(handMade.sharedRoleLeft).toBeUndefined();
    expect(handMade.warnings.some((w) => w.includes('older gtkit'))).toBe(false);

    iamMock.on(GetRoleCommand).callsFake((input: { RoleName: string }) => {
      if (input.RoleName === 'SageMaker-ticket-intent-lambda') throw awsError('AccessDenied', `User: arn:aws:iam::${account}:user/dev is not authorized to perform: iam:GetRole on resource: role SageMaker-ticket-intent-lambda`, 403);
      throw awsError('NoSuchEntityException', 'The role cannot be found.', 404);
    });
    const refused = await deployTask(task, { createRoles: true, skipUploads: true }, clients(), () => {});
    expect(refused.functions.pre?.action).toBe('unchanged');
    expect(refused.warnings).toEqual([
      'could not look up SageMaker-ticket-intent-lambda, the one role an older gtkit gave both functions (iam:GetRole: AccessDenied): if it exists and nothing uses it, delete it yourself (aws iam get-role --role-name SageMaker-ticket-intent-lambda shows it)',
    ]);
  });

  it('from a fresh clone (no deploy state), recognises the old role by the functions\' own and says the same', async () => {
    await olderDeploy();
    const clone = await freshTask();
    delete clone.config.lambdas.executionRoleArn;
    lambdaMock.resetHistory();
    const result = await deployTask(clone, { createRoles: true, skipUploads: true }, clients(), () => {});
    expect(lambdaMock.commandCalls(GetFunctionCommand).length).toBeGreaterThan(0);
    expect(rolesSet().map(([, role]) => role)).toEqual([roleArn('SageMaker-ticket-intent-pre-lambda'), roleArn('SageMaker-ticket-intent-acs-lambda')]);
    expect(result.sharedRoleLeft).toBe(shared);
  });
});

describe('--create-roles over a role that exists', () => {
  it('warns when its trust policy does not let the service assume it (it is not rewritten)', async () => {
    const task = await freshTask();
    delete task.config.lambdas.executionRoleArn;
    iamMock.on(GetRoleCommand).callsFake((input: { RoleName: string }) => {
      // No older gtkit's shared role here: only the roles --create-roles makes exist.
      if (input.RoleName === 'SageMaker-ticket-intent-lambda') throw awsError('NoSuchEntityException', 'The role cannot be found.', 404);
      return { Role: { RoleName: input.RoleName, Arn: roleArn(input.RoleName), AssumeRolePolicyDocument: trust(input.RoleName.endsWith('-lambda') ? 'ec2.amazonaws.com' : 'sagemaker.amazonaws.com'), Tags: [{ Key: 'created-by', Value: 'gtkit' }, { Key: 'gtkit-job', Value: task.config.jobName }] } };
    });
    const lines: string[] = [];
    const result = await deployTask(task, { createRoles: true, skipUploads: true }, clients(), (l) => lines.push(l));
    const expected =
      'role SageMaker-ticket-intent-pre-lambda exists, but its trust policy does not let lambda.amazonaws.com assume it (gtkit sets only its inline policy): add {"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"} to its trust relationships, or rename the job';
    expect(result.warnings).toEqual([expected, expected.replaceAll('SageMaker-ticket-intent-pre-lambda', 'SageMaker-ticket-intent-acs-lambda')]);
    // Printed once, beside its role's line.
    expect(lines.filter((l) => l.includes(expected))).toEqual([`warning: ${expected}`]);
    expect(lines[lines.indexOf(`warning: ${expected}`) - 1]).toMatch(/^ {2}role SageMaker-ticket-intent-pre-lambda: /);
  });

  it('reads trust policies as IAM writes them', () => {
    expect(trustsService(trust('lambda.amazonaws.com'), 'lambda.amazonaws.com')).toBe(true);
    expect(trustsService(trust('ec2.amazonaws.com'), 'lambda.amazonaws.com')).toBe(false);
    const many = { Statement: [{ Effect: 'Deny', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] };
    expect(trustsService(JSON.stringify(many), 'lambda.amazonaws.com')).toBe(true);
    expect(trustsService(JSON.stringify({ Statement: { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::1:root' }, Action: 'sts:AssumeRole' } }), 'lambda.amazonaws.com')).toBe(false);
    expect(trustsService(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:TagSession' }] }), 'lambda.amazonaws.com')).toBe(false);
    // What gtkit cannot read is not reported.
    expect(trustsService(undefined, 'lambda.amazonaws.com')).toBe(true);
    expect(trustsService('%7Bnot json', 'lambda.amazonaws.com')).toBe(true);
  });
});

describe('a deploy-state file that cannot be read', () => {
  it('names the file and what to do when it is a folder', async () => {
    const task = await freshTask();
    await mkdir(join(task.dir, '.gtkit', 'deploy-state.json'), { recursive: true });
    await expect(deployTask(task, { dryRun: true }, clients(), () => {})).rejects.toThrow(`${join(task.dir, '.gtkit', 'deploy-state.json')}: is a folder, not a file; remove it and run gtkit deploy again`);
  });
});
