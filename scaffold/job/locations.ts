import type { TaskConfig } from '../config/define-task.ts';
import { lambdaFunctionArn } from './lambda-arn.ts';

/**
 * Where a task's files go on S3, derived from `s3.bucket` and `s3.prefix`. `gtkit deploy`
 * uploads to these and `gtkit job` points the request at them.
 */
export interface JobLocations {
  manifest: string;
  template: string;
  labelCategories: string;
  outputPath: string;
}

export function jobLocations(config: Pick<TaskConfig, 's3'>): JobLocations {
  const prefix = config.s3.prefix.replace(/^\/+|\/+$/g, '');
  const base = `s3://${config.s3.bucket}${prefix ? `/${prefix}` : ''}`;
  return {
    manifest: `${base}/input/manifest.jsonl`,
    template: `${base}/templates/template.liquid.html`,
    labelCategories: `${base}/config/label-categories.json`,
    outputPath: config.s3.outputPath ?? `${base}/output/`,
  };
}

/**
 * The partition (`aws`, `aws-cn`, `aws-us-gov`) and account of an IAM ARN, if it is one, and for a
 * role's ARN the role's name (the part after its path: `role/service/x` → `x`).
 */
export function iamArnParts(arn: string | undefined): { partition: string; account: string; roleName?: string } | undefined {
  const match = /^arn:(aws[a-z-]*):iam::(\d{12}):(?:role\/(?:.*\/)?([^/]+)$)?/.exec(arn ?? '');
  if (!match) return undefined;
  return { partition: match[1] as string, account: match[2] as string, ...(match[3] === undefined ? {} : { roleName: match[3] }) };
}

/** The ARN a function will have once deployed under its configured name, in the job's account and partition. */
export function derivedLambdaArn(config: Pick<TaskConfig, 'region' | 'roleArn'>, functionName: string): string | undefined {
  const role = iamArnParts(config.roleArn);
  return role ? lambdaFunctionArn({ partition: role.partition, region: config.region, account: role.account }, functionName) : undefined;
}
