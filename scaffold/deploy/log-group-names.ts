import type { AwsPlace } from '../job/aws-place.ts';

// The functions' log groups by name, apart from the CloudWatch Logs calls (log-groups.ts), so that the
// policies and the job request name them without loading the client.

/** The log group Lambda writes a function's lines to. */
export function functionLogGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** The log group's ARN, as IAM policies name it. */
export function functionLogGroupArn(place: AwsPlace, functionName: string): string {
  return `arn:${place.partition}:logs:${place.region}:${place.account}:log-group:${functionLogGroupName(functionName)}`;
}
