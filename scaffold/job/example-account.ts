import type { TaskConfig } from '../config/define-task.ts';
import type { JobProblem } from './validate-request.ts';

/** AWS's documentation account, which `gtkit init` writes wherever it was not given yours. */
export const exampleAccount = '123456789012';

/** The account as a whole number: between colons in an ARN, between hyphens in gtkit init's default bucket name. */
const namesExampleAccount = new RegExp(`(^|[^0-9])${exampleAccount}([^0-9]|$)`);

/** The config fields of the job request that still name the example account, in the order the config lists them. */
export function exampleAccountFields(config: TaskConfig): string[] {
  const fields: Array<[string, string | undefined]> = [
    ['roleArn', config.roleArn],
    ['workforce.workteamArn', config.workforce.workteamArn],
    ['s3.bucket', config.s3.bucket],
    ['s3.outputPath', config.s3.outputPath],
    ['lambdas.pre.arn', config.lambdas.pre.arn],
    ['lambdas.acs.arn', config.lambdas.acs.arn],
  ];
  return fields.filter(([, value]) => value !== undefined && namesExampleAccount.test(value)).map(([path]) => path);
}

/**
 * A request built from fields that still name the example account is refused by AWS (no such
 * role, work team or bucket of yours), after the user has waited for it: said before, as a
 * warning, or as an error when the request is about to be submitted.
 */
export function exampleAccountProblem(config: TaskConfig, severity: JobProblem['severity']): JobProblem | undefined {
  const fields = exampleAccountFields(config);
  if (fields.length === 0) return undefined;
  const [first] = fields as [string, ...string[]];
  return {
    severity,
    path: first,
    message: `${fields.join(', ')} still name${fields.length === 1 ? 's' : ''} ${exampleAccount}, the example account gtkit init writes where it was not given yours${severity === 'error' ? '; nothing was submitted' : ''}`,
    fix: `set ${fields.join(', ')} in gtkit.config.ts to your account's (gtkit init takes --role-arn, --workteam-arn and --bucket)`,
  };
}
