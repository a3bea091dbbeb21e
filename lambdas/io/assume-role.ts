import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';

/** Session name seen in CloudTrail when the ACS reads the payload with the job's role. */
export const assumeRoleSessionName = 'gtkit-annotation-consolidation';

/**
 * An S3 client that acts as `roleArn` (the job's execution role from the ACS event). The
 * Lambda's role needs `sts:AssumeRole` on it, and the role's trust policy must allow the
 * Lambda's role as a principal.
 */
export async function s3ClientForRole(sts: STSClient, roleArn: string, config: S3ClientConfig = {}): Promise<S3Client> {
  const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  let out;
  try {
    out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: assumeRoleSessionName, DurationSeconds: 900 }));
  } catch (error) {
    throw new Error(
      `could not assume the job's role ${roleArn}: ${(error as Error).message}. The Lambda's execution role needs sts:AssumeRole on it, and its trust policy must name the Lambda's role.`,
      { cause: error },
    );
  }
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`assuming ${roleArn} returned no credentials`);
  const { S3Client: Client } = await import('@aws-sdk/client-s3');
  return new Client({
    ...config,
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}) },
  });
}
