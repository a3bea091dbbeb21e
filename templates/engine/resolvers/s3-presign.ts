import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Location, type PresignResolver } from '../resolver.ts';

/** Real presigned GET URLs (needs AWS credentials), valid for `expiresIn` seconds. */
export function s3PresignResolver(client: S3Client = new S3Client({}), expiresIn = 3600): PresignResolver {
  return {
    async resolve(uri) {
      const where = s3Location(uri);
      if (!where) return uri;
      return getSignedUrl(client, new GetObjectCommand({ Bucket: where.bucket, Key: where.key }), { expiresIn });
    },
  };
}
