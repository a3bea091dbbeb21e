import type { AwsPlace } from './aws-place.ts';

/**
 * Lambda function ARNs, `arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]`:
 * made in one place and read in one place, so deploy, its state file and the job request agree on
 * where the name and the version or alias stand.
 */

export interface LambdaArnParts extends AwsPlace {
  name: string;
  /** A version number or alias name; undefined for the function itself. */
  qualifier?: string;
}

/** Lambda's own rules: a 12-digit account, a 1–64 character name, an optional version or alias. */
const lambdaArnPattern = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9$_-]{1,128}))?$/;

/** The unqualified ARN of function `name` (what a labeling job references). */
export function lambdaFunctionArn(place: AwsPlace, name: string): string {
  return `arn:${place.partition}:lambda:${place.region}:${place.account}:function:${name}`;
}

/** The parts of a Lambda function ARN (qualified or not), or undefined when `arn` is not one. */
export function lambdaArnParts(arn: string): LambdaArnParts | undefined {
  const m = lambdaArnPattern.exec(arn);
  if (!m) return undefined;
  const [, partition, region, account, name, qualifier] = m as unknown as [string, string, string, string, string, string | undefined];
  return { partition, region, account, name, ...(qualifier === undefined ? {} : { qualifier }) };
}

/** The function's own ARN, without the version or alias a qualified ARN ends in; any other text as it is. */
export function unqualifiedLambdaArn(arn: string): string {
  const parts = lambdaArnParts(arn);
  return parts ? lambdaFunctionArn(parts, parts.name) : arn;
}
