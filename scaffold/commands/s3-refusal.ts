import { awsErrorName, isAccessDenied, isCredentialFailure } from '../deploy/aws-errors.ts';
import { causeChain } from '../deploy/cause-chain.ts';

/**
 * The link of an error's cause chain (the stores and listings wrap S3's error) that says S3
 * turned the request away: no credentials, credentials it does not accept, access denied, and,
 * with `noSuchBucket`, a bucket that is not there. Undefined for any other error (a network
 * failure is `unreachable`'s). Hand it to explainAwsError for the words, as deploy words them.
 */
export function s3Refusal(error: unknown, { noSuchBucket }: { noSuchBucket: boolean }): unknown {
  for (const link of causeChain(error)) {
    if (isCredentialFailure(link) || isAccessDenied(link) || (noSuchBucket && awsErrorName(link) === 'NoSuchBucket')) return link;
  }
  return undefined;
}
