import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Location, type PresignResolver } from '../resolver.ts';

/** S3's own bounds on a presigned URL's lifetime (SigV4): 1 second to 7 days. */
const maxExpiresIn = 7 * 24 * 3600;

/**
 * Real presigned GET URLs, as Ground Truth serves them, valid for `expiresIn` seconds. Needs AWS
 * credentials in the client (inject one: tests use a client pointed at a local S3 server). URIs
 * that are not S3 objects pass through unchanged; signing errors (no credentials) reject.
 */
export function s3PresignResolver(client: S3Client = new S3Client({}), expiresIn = 3600): PresignResolver {
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > maxExpiresIn) {
    throw new RangeError(`expiresIn must be a whole number of seconds from 1 to ${maxExpiresIn}, got ${expiresIn}`);
  }
  return {
    async resolve(uri) {
      const where = s3Location(uri);
      if (!where) return uri;
      return getSignedUrl(client, new GetObjectCommand({ Bucket: where.bucket, Key: where.key }), { expiresIn });
    },
  };
}
