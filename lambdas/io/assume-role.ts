import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';

/** Session name seen in CloudTrail when the ACS reads the payload with the job's role. */
export const assumeRoleSessionName = 'gtkit-annotation-consolidation';

/**
 * How long the assumed credentials last. An hour is the most a chained role session may last
 * (a Lambda's role assuming another role), and no role's maximum session is shorter.
 */
export const assumedSessionSeconds = 3600;

/** Headroom kept on top of the invocation's remaining time before credentials count as too old. */
const expiryMarginMs = 60_000;

export interface RoleClient {
  client: S3Client;
  /** When the credentials expire (epoch ms); `Infinity` when STS gave no expiry. */
  expiresAt: number;
}

/**
 * An S3 client that acts as `roleArn` (the job's execution role from the ACS event). The
 * Lambda's role needs `sts:AssumeRole` on it, and the role's trust policy must allow the
 * Lambda's role as a principal.
 */
export async function s3ClientForRole(sts: STSClient, roleArn: string, config: S3ClientConfig = {}): Promise<RoleClient> {
  const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  let out;
  try {
    out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: assumeRoleSessionName, DurationSeconds: assumedSessionSeconds }));
  } catch (error) {
    throw new Error(
      `could not assume the job's role ${roleArn}: ${(error as Error).message}. The Lambda's execution role needs sts:AssumeRole on it, and its trust policy must name the Lambda's role.`,
      { cause: error },
    );
  }
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`assuming ${roleArn} returned no credentials`);
  const { S3Client: Client } = await import('@aws-sdk/client-s3');
  const client = new Client({
    ...config,
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}) },
  });
  const expiresAt = c.Expiration instanceof Date ? c.Expiration.getTime() : Number.POSITIVE_INFINITY;
  return { client, expiresAt };
}

/**
 * Keeps each role's client between invocations of a warm Lambda, so a job's batches do not
 * each call STS: a client is reused while its credentials outlast the invocation that asks
 * (its remaining time plus a minute), and assumed afresh otherwise.
 */
export class RoleClientCache {
  private readonly clients = new Map<string, RoleClient>();

  constructor(private readonly assume: (roleArn: string) => Promise<RoleClient>) {}

  async clientFor(roleArn: string, neededMs: number, now = Date.now()): Promise<S3Client> {
    const kept = this.clients.get(roleArn);
    if (kept && kept.expiresAt - now > neededMs + expiryMarginMs) return kept.client;
    // Expired entries of other roles go too, so a function serving many jobs keeps few clients.
    for (const [arn, entry] of this.clients) if (entry.expiresAt - now <= expiryMarginMs) this.clients.delete(arn);
    const fresh = await this.assume(roleArn);
    this.clients.set(roleArn, fresh);
    return fresh.client;
  }
}
