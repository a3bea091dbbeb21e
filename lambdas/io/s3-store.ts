import type { S3Client } from '@aws-sdk/client-s3';
import { PayloadReadError } from '../contracts/errors.ts';
import { parseS3Uri, type ObjectStore } from './object-store.ts';

// The SDK is imported when first used, so that a bundle built with the runtime's SDK
// (`--sdk runtime`) does not load it at cold start unless it reads S3.
const sdk = () => import('@aws-sdk/client-s3');

/** An object store over a real S3 API (AWS, or an S3-protocol server in tests). */
export class S3ObjectStore implements ObjectStore {
  constructor(private readonly client: S3Client) {}

  async getText(uri: string): Promise<string> {
    const { bucket, key } = parseS3Uri(uri);
    try {
      const { GetObjectCommand } = await sdk();
      const out = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!out.Body) throw new Error('empty body');
      return await out.Body.transformToString('utf-8');
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      let hint = '';
      const missing = name === 'NoSuchKey' || status === 404;
      if (missing) hint = ': the object does not exist';
      else if (name === 'NoSuchBucket') hint = ': the bucket does not exist';
      else if (name === 'AccessDenied' || status === 403) {
        hint = ': access denied — give the reading role s3:GetObject on it (and kms:Decrypt if the bucket uses SSE-KMS), or set payloadAccess to "assume-event-role"';
      } else hint = `: ${(error as Error).message}`;
      throw new PayloadReadError(`could not read ${uri}${hint}`, uri, { cause: error, missing });
    }
  }

  async putText(uri: string, text: string, contentType = 'application/json'): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    const { PutObjectCommand } = await sdk();
    await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: text, ContentType: contentType }));
  }
}
