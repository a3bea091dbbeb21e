import { AttachRolePolicyCommand, CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { TaskConfig } from '../config/define-task.ts';
import { withRetry } from './aws-errors.ts';
import { groundTruthExecutionPolicy, groundTruthManagedPolicyArn, lambdaExecutionPolicy, lambdaTrustPolicy, roleNames, sageMakerTrustPolicy } from './policies.ts';

async function ensureRole(iam: IAMClient, name: string, trust: object, description: string, sleep?: (ms: number) => Promise<void>): Promise<{ arn: string; created: boolean }> {
  const retry = <T>(call: () => Promise<T>) => withRetry(call, sleep ? { sleep } : {});
  try {
    const existing = await retry(() => iam.send(new GetRoleCommand({ RoleName: name })));
    return { arn: existing.Role?.Arn ?? '', created: false };
  } catch (error) {
    if ((error as { name?: string }).name !== 'NoSuchEntityException') throw error;
  }
  const made = await retry(() => iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust), Description: description, Tags: [{ Key: 'created-by', Value: 'gtkit' }] })));
  return { arn: made.Role?.Arn ?? '', created: true };
}

/**
 * Creates (or keeps) the Lambdas' execution role and Ground Truth's execution role, and sets
 * their least-privilege inline policies (rewritten on every deploy, so they follow the config).
 */
export async function ensureRoles(iam: IAMClient, config: TaskConfig, account: string, progress: (line: string) => void, sleep?: (ms: number) => Promise<void>) {
  const names = roleNames(config);
  const retry = <T>(call: () => Promise<T>) => withRetry(call, sleep ? { sleep } : {});
  const lambdaRole = await ensureRole(iam, names.lambdaExecution, lambdaTrustPolicy(), `gtkit: PRE and ACS Lambdas of ${config.jobName}`, sleep);
  progress(`  role ${names.lambdaExecution}: ${lambdaRole.created ? 'created' : 'exists'}`);
  await retry(() => iam.send(new PutRolePolicyCommand({ RoleName: names.lambdaExecution, PolicyName: 'gtkit-lambda', PolicyDocument: JSON.stringify(lambdaExecutionPolicy(config, account)) })));
  const gtRole = await ensureRole(iam, names.groundTruthExecution, sageMakerTrustPolicy(), `gtkit: Ground Truth execution role of ${config.jobName}`, sleep);
  progress(`  role ${names.groundTruthExecution}: ${gtRole.created ? 'created' : 'exists'}`);
  await retry(() => iam.send(new AttachRolePolicyCommand({ RoleName: names.groundTruthExecution, PolicyArn: groundTruthManagedPolicyArn })));
  await retry(() => iam.send(new PutRolePolicyCommand({ RoleName: names.groundTruthExecution, PolicyName: 'gtkit-groundtruth', PolicyDocument: JSON.stringify(groundTruthExecutionPolicy(config, account)) })));
  return { lambdaExecution: lambdaRole.arn, groundTruthExecution: gtRole.arn };
}
