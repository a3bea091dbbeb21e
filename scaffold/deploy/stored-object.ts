import { createHash } from 'node:crypto';
import { HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { parseS3Uri } from '../../lambdas/io/object-store.ts';
import { awsErrorName, credentialFailureOf, httpStatusOf, isAccessDenied, type CredentialFailure } from './aws-errors.ts';
import { withRetry, type Sleep } from './retry.ts';

/**
 * Whether an object `gtkit deploy` would upload is already on S3 as it would upload it. The
 * ETag is no content hash under SSE-KMS or multipart uploads, so gtkit stores its own: every
 * object it uploads carries `x-amz-meta-gtkit-sha256` (hex SHA-256 of the body) and, with a KMS
 * key in the config, `x-amz-meta-gtkit-kms-key` (the key as configured). A HeadObject compares them.
 */

/** User-metadata keys (S3 sends them as `x-amz-meta-<key>`). */
export const digestMetadataKey = 'gtkit-sha256';
export const kmsMetadataKey = 'gtkit-kms-key';
/** The job a task file was uploaded for, and the account of the deploy (see `object-ownership.ts`). */
export const jobMetadataKey = 'gtkit-job';
export const accountMetadataKey = 'gtkit-account';

/** The labeling job a task file belongs to: its name, and the account when the deploy knows it. */
export interface ObjectJob {
  jobName: string;
  account?: string;
}

/**
 * What an upload should leave on S3: its content digest, content type and KMS key, and for a
 * task file (not a data object, which jobs share) the job it belongs to.
 */
export interface WantedObject {
  sha256: string;
  contentType: string;
  kmsKeyId?: string;
  job?: ObjectJob;
}

/** What gtkit's metadata on an object says about the job it was uploaded for; both absent on objects gtkit did not record a job for. */
export interface RecordedJob {
  jobName?: string;
  account?: string;
}

export function contentSha256(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The user metadata an upload of `wanted` carries, so the next deploy can compare. */
export function uploadMetadata(wanted: WantedObject): Record<string, string> {
  return {
    [digestMetadataKey]: wanted.sha256,
    ...(wanted.kmsKeyId ? { [kmsMetadataKey]: wanted.kmsKeyId } : {}),
    ...(wanted.job ? { [jobMetadataKey]: wanted.job.jobName, ...(wanted.job.account ? { [accountMetadataKey]: wanted.job.account } : {}) } : {}),
  };
}

/**
 * Why the object HeadObject describes is not `wanted`, or undefined when it is (same digest,
 * content type and KMS key). An object without gtkit's digest (uploaded by something else, or by
 * a gtkit before it kept one) is never taken as the same; nor is a task file without a job record
 * (a gtkit before it kept one): uploading it again records the job, so later deploys of other
 * jobs can tell it is not theirs. Whose job a recorded one is, is `object-ownership.ts`'s question.
 */
export function storedObjectDifference(head: Pick<HeadObjectCommandOutput, 'Metadata' | 'ContentType' | 'ServerSideEncryption'>, wanted: WantedObject): string | undefined {
  const meta = metadataOf(head);
  const stored = meta.get(digestMetadataKey);
  if (stored === undefined) return `no ${digestMetadataKey} metadata on S3 (uploaded by something other than gtkit deploy)`;
  if (stored !== wanted.sha256) return 'content changed';
  if ((head.ContentType ?? '') !== wanted.contentType) return `content type ${JSON.stringify(head.ContentType ?? '')} → ${JSON.stringify(wanted.contentType)}`;
  const storedKey = meta.get(kmsMetadataKey);
  if ((storedKey ?? '') !== (wanted.kmsKeyId ?? '')) return `KMS key ${storedKey ?? '(none)'} → ${wanted.kmsKeyId ?? '(none)'}`;
  if (wanted.kmsKeyId && head.ServerSideEncryption !== 'aws:kms') return `not encrypted with aws:kms on S3 (${head.ServerSideEncryption ?? 'no encryption reported'})`;
  if (wanted.job && meta.get(jobMetadataKey) === undefined) return `no ${jobMetadataKey} metadata on S3 (uploaded by a gtkit that did not record the job)`;
  return undefined;
}

/** The job gtkit's metadata on an object names, if any. */
export function recordedJobOf(head: Pick<HeadObjectCommandOutput, 'Metadata'>): RecordedJob {
  const meta = metadataOf(head);
  const jobName = meta.get(jobMetadataKey);
  const account = meta.get(accountMetadataKey);
  return { ...(jobName !== undefined ? { jobName } : {}), ...(account !== undefined ? { account } : {}) };
}

/** S3 lower-cases metadata keys; they are looked up case-blind all the same. */
function metadataOf(head: Pick<HeadObjectCommandOutput, 'Metadata'>): Map<string, string> {
  return new Map(Object.entries(head.Metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

/**
 * The result of comparing one object with S3: `same`, or why it needs an upload. `recorded`: the
 * job gtkit's metadata names, whenever HeadObject found the object. `couldNotCompare`: HeadObject
 * failed (denied, no credentials), so neither the content nor the job on S3 is known.
 * `credentials`: it failed because the credentials do not work, so every other HeadObject would too.
 */
export type Comparison = ({ same: true } | { same: false; reason: string; couldNotCompare?: boolean; credentials?: CredentialFailure }) & { recorded?: RecordedJob };

/** What a HeadObject that failed for the credentials says, by what is wrong with them (see `credentialFailureOf`). */
const credentialReasons: Record<CredentialFailure, string> = {
  missing: 'no AWS credentials found',
  expired: 'your AWS session has expired (sign in again: aws sso login, or fresh keys)',
  rejected: 'AWS does not accept these credentials (check AWS_PROFILE or the access keys, and the clock of this machine)',
};

/**
 * Compares `uri` on S3 with `wanted` through HeadObject. A missing object needs an upload; a
 * HeadObject that is denied or fails is no error here: the object is uploaded as before, and
 * the reason says why it could not be compared (the upload then reports any real problem).
 */
export async function compareWithS3(s3: S3Client, uri: string, wanted: WantedObject, options: { sleep?: Sleep } = {}): Promise<Comparison> {
  const { bucket, key } = parseS3Uri(uri);
  let head: HeadObjectCommandOutput;
  try {
    head = await withRetry(() => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })), options.sleep ? { sleep: options.sleep } : {});
  } catch (error) {
    const name = awsErrorName(error);
    if (name === 'NotFound' || name === 'NoSuchKey') return { same: false, reason: 'not on S3 yet' };
    // A dry run gets here without credentials (a deploy asks STS first): it still plans, and says why it could not look.
    const credentials = credentialFailureOf(error);
    if (credentials) return { same: false, couldNotCompare: true, credentials, reason: `${credentialReasons[credentials]}, so it could not be compared` };
    // A HEAD answer has no body: a 403 is all S3 says, for a missing s3:GetObject (or s3:ListBucket, for a missing key).
    if (isAccessDenied(error) || httpStatusOf(error) === 403) return { same: false, couldNotCompare: true, reason: `HeadObject was denied (403), so it could not be compared; allow s3:GetObject on it so gtkit can skip unchanged uploads and tell another job's files` };
    return { same: false, couldNotCompare: true, reason: `HeadObject failed (${name}), so it could not be compared` };
  }
  const recorded = recordedJobOf(head);
  const difference = storedObjectDifference(head, wanted);
  if (difference === undefined) return { same: true, recorded };
  return { same: false, reason: difference, recorded };
}
