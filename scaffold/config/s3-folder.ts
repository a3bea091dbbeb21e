/**
 * The one rule for a value of `streaming.dataPrefixes` (and of `gtkit init --data-prefixes`): an
 * S3 folder the roles gtkit makes can be granted. The config check, the job check (for a config
 * made in code, as `initTask` makes one) and the flag all use it, so each says the same.
 */

/** `s3://bucket`, `s3://bucket/` or `s3://bucket/folder/…`: a bucket, then any key prefix. */
export function isS3FolderUri(value: string): boolean {
  return /^s3:\/\/[^/\s]+(\/.*)?$/.test(value);
}

/** Why `value` is not an S3 folder, for a message that names its field or flag first; undefined when it is one. */
export function s3FolderProblem(value: string): string | undefined {
  if (isS3FolderUri(value)) return undefined;
  return `expected an S3 folder such as "s3://my-bucket/incoming/" (s3://, a bucket, then the key prefix), got ${JSON.stringify(value)}`;
}
