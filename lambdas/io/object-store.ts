/**
 * Where payloads, answers and state live. Ground Truth uses S3; the dry run uses a local
 * folder laid out like S3; tests use memory. One small interface, one file per source.
 */
export interface ObjectStore {
  /** Reads an object as UTF-8 text. Throws `PayloadReadError` naming the URI when it is missing. */
  getText(uri: string): Promise<string>;
  /** Writes an object (creating folders or buckets as the store needs). */
  putText(uri: string, text: string, contentType?: string): Promise<void>;
}

export interface S3Location {
  bucket: string;
  key: string;
}

/** Splits `s3://bucket/key`; throws a message that names the bad URI. */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match || !match[1]) throw new Error(`not an S3 URI: ${JSON.stringify(uri)} (expected s3://bucket/key)`);
  return { bucket: match[1], key: match[2] ?? '' };
}

/** Joins an S3 prefix URI and a relative key with exactly one slash. */
export function joinS3Uri(prefix: string, ...parts: string[]): string {
  let out = prefix.replace(/\/+$/, '');
  for (const part of parts) out += `/${part.replace(/^\/+/, '')}`;
  return out;
}
