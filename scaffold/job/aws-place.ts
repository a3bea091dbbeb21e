/**
 * Where AWS resources live: a partition, a Region and an account. Lambda and IAM ARNs, policy
 * resources and upload ARNs are all built from one of these, with literal values or with
 * CloudFormation's `${AWS::Partition}`, `${AWS::Region}` and `${AWS::AccountId}` placeholders.
 */
export interface AwsPlace {
  partition: string;
  region: string;
  account: string;
}

/** The partition a Region belongs to (`cn-north-1` → `aws-cn`), for ARNs built before any AWS call. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}
