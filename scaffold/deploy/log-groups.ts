import { CreateLogGroupCommand, PutRetentionPolicyCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { shellWord } from '../cli/paths.ts';
import type { AwsPlace } from '../job/aws-place.ts';
import { functionLogGroupArn, functionLogGroupName } from './log-group-names.ts';
import { awsErrorName, explainAwsError, isAccessDenied, type AwsStep } from './aws-errors.ts';
import { withRetry, type Sleep } from './retry.ts';

/**
 * The functions' CloudWatch log groups. Lambda makes `/aws/lambda/<name>` on a function's first
 * run, with no retention: its lines (ids, reasons, worker ids) would stay for ever. `gtkit deploy`
 * makes the group when it is not there yet and sets its retention (`lambdas.logRetentionDays`)
 * on every deploy, so a group converges to the config whoever deployed last; the CloudFormation
 * template declares both groups with it. A group gtkit cannot set is a warning with the AWS CLI
 * commands that do the same, never a failed deploy: the functions are what a deploy is for.
 *
 * No KMS key: `s3.kmsKeyId` is the job's S3 key, and a log group can use a key only when its key
 * policy lets the Region's CloudWatch Logs service use it, which nothing in the Ground Truth
 * reference says of that key; CloudWatch Logs encrypts the groups with its own keys otherwise.
 */

/** What the deploy did with one function's log group. */
export interface LogGroupResult {
  functionName: string;
  logGroup: string;
  retentionDays: number;
  /**
   * `created`: gtkit made the group (the function had not run yet) with the retention; `set`: the
   * group was there and now has the retention; `failed`: gtkit could not (`detail` says why, and
   * `commands` do it with the AWS CLI).
   */
  status: 'created' | 'set' | 'failed';
  detail?: string;
  /** The permission whose absence kept gtkit from it. */
  missingPermission?: { action: 'logs:CreateLogGroup' | 'logs:PutRetentionPolicy'; resource: string };
  commands?: string[];
}

/**
 * The AWS CLI commands that do what `setLogRetention` does, for the user to run when gtkit could
 * not. The group is made first, since a function that never ran has none yet; that command fails
 * with ResourceAlreadyExistsException once it has run, which does no harm.
 */
function logRetentionCommands(functionName: string, days: number, region: string): string[] {
  const group = shellWord(functionLogGroupName(functionName));
  const where = shellWord(region);
  return [`aws logs create-log-group --log-group-name ${group} --region ${where}`, `aws logs put-retention-policy --log-group-name ${group} --retention-in-days ${days} --region ${where}`];
}

/**
 * Gives a function's log group the retention `days`: PutRetentionPolicy, and when the group is not
 * there yet (a function that never ran), CreateLogGroup first. ResourceAlreadyExistsException on
 * the create is the function's first run making it meanwhile, and is fine. One call per deploy
 * once the group exists.
 */
export async function setLogRetention(logs: CloudWatchLogsClient, { functionName, days, place }: { functionName: string; days: number; place: AwsPlace }, options: { sleep?: Sleep } = {}): Promise<LogGroupResult> {
  const logGroupName = functionLogGroupName(functionName);
  const resource = functionLogGroupArn(place, functionName);
  const base = { functionName, logGroup: logGroupName, retentionDays: days };
  const retry = options.sleep ? { sleep: options.sleep } : {};
  const putRetention = () => withRetry(() => logs.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays: days })), retry);
  const putStep = { doing: `setting the retention of log group ${logGroupName}`, action: 'logs:PutRetentionPolicy', resource } as const;
  try {
    await putRetention();
    return { ...base, status: 'set' };
  } catch (error) {
    if (awsErrorName(error) !== 'ResourceNotFoundException') return failed(base, error, putStep, place.region);
  }
  const createStep = { doing: `creating log group ${logGroupName}`, action: 'logs:CreateLogGroup', resource } as const;
  let made = true;
  try {
    await withRetry(() => logs.send(new CreateLogGroupCommand({ logGroupName })), retry);
  } catch (error) {
    if (awsErrorName(error) !== 'ResourceAlreadyExistsException') return failed(base, error, createStep, place.region);
    made = false;
  }
  try {
    await putRetention();
  } catch (error) {
    return failed(base, error, putStep, place.region);
  }
  return { ...base, status: made ? 'created' : 'set' };
}

/** A call that failed: the explained error, what it leaves, the permission when access was denied, and the commands to run instead. */
function failed(base: Pick<LogGroupResult, 'functionName' | 'logGroup' | 'retentionDays'>, error: unknown, step: AwsStep & { action: 'logs:CreateLogGroup' | 'logs:PutRetentionPolicy'; resource: string }, region: string): LogGroupResult {
  const commands = logRetentionCommands(base.functionName, base.retentionDays, region);
  const detail = `${explainAwsError(error, step).replace(/\.$/, '')}; ${base.logGroup} keeps the retention it has (none for a group Lambda made: its lines stay for ever): give it lambdas.logRetentionDays (${base.retentionDays} days) with ${commands.join(' and ')}`;
  return { ...base, status: 'failed', detail, ...(isAccessDenied(error) ? { missingPermission: { action: step.action, resource: step.resource } } : {}), commands };
}
