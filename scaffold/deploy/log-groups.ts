import { shellWord } from '../cli/paths.ts';
import type { TaskConfig } from '../config/define-task.ts';
import { logRetentionOf } from '../config/log-retention.ts';

/**
 * The functions' CloudWatch log groups. Lambda makes `/aws/lambda/<name>` on a function's first
 * run, with no retention: its lines (ids, reasons, worker ids) would stay for ever. The
 * CloudFormation template declares both groups with `lambdas.logRetentionDays`; `gtkit deploy`
 * has no CloudWatch Logs client, so it prints the AWS CLI commands that set the retention.
 *
 * No KMS key: `s3.kmsKeyId` is the job's S3 key, and a log group can use a key only when its key
 * policy lets the Region's CloudWatch Logs service use it, which nothing in the Ground Truth
 * reference says of that key; CloudWatch Logs encrypts the groups with its own keys otherwise.
 */

/** The log group Lambda writes a function's lines to. */
export function functionLogGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/**
 * The AWS CLI commands that give the log groups of the functions `which` (both by default) the
 * task's retention, as `gtkit deploy` prints them. The group is made first, since a function that
 * never ran has none yet; that command fails with ResourceAlreadyExistsException once it has run,
 * which does no harm.
 */
export function logRetentionCommands(config: Pick<TaskConfig, 'lambdas' | 'region'>, which: readonly ('pre' | 'acs')[] = ['pre', 'acs']): string[] {
  const days = logRetentionOf(config);
  return which.flatMap((which) => {
    const group = shellWord(functionLogGroupName(config.lambdas[which].functionName));
    const region = shellWord(config.region);
    return [`aws logs create-log-group --log-group-name ${group} --region ${region}`, `aws logs put-retention-policy --log-group-name ${group} --retention-in-days ${days} --region ${region}`];
  });
}
