import type { S3Client } from '@aws-sdk/client-s3';
import { describeType } from '../contracts/check.ts';
import { compareIds } from '../consolidation/order.ts';
import { ObjectWriteError, PayloadReadError } from '../contracts/errors.ts';
import { ObjectDeleteError, ObjectTooLargeError, objectKeyProblem, parseS3Uri, requireBytes, requireText, utf8Text, type ObjectStore, type S3Location } from './object-store.ts';

// The SDK is imported when first used, so that a bundle built with the runtime's SDK
// (`--sdk runtime`) does not load it at cold start unless it reads S3.
const sdk = () => import('@aws-sdk/client-s3');

/** What to do when the SDK finds no AWS Region, unless the store's maker knows better (a handler's store: lazy-s3-store.ts). */
const setRegionAdvice = 'set AWS_REGION, or give the S3Client a region';

/** An object store over a real S3 API (AWS, or an S3-protocol server in tests). */
export class S3ObjectStore implements ObjectStore {
  /** `noRegionAdvice`: the way out named when the SDK finds no AWS Region (no AWS_REGION, no profile Region). */
  constructor(
    private readonly client: S3Client,
    private readonly noRegionAdvice = setRegionAdvice,
  ) {
    if (typeof (client as { send?: unknown } | null | undefined)?.send !== 'function') {
      const got = typeof client === 'object' && client !== null ? 'an object without send' : describeType(client);
      throw new TypeError(`S3ObjectStore: expected an S3Client, got ${got}; pass new S3Client({ region })`);
    }
  }

  /** The object's text (UTF-8), read as getBytes reads it, so the two cannot drift apart in their errors. */
  async getText(uri: string): Promise<string> {
    return utf8Text(await this.getBytes(uri));
  }

  /**
   * The object's bytes. One over `maxBytes` is refused from the response's Content-Length and its
   * body left unread (the connection is closed), so a 20 MB object costs no 20 MB download.
   */
  async getBytes(uri: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
    const location = objectAt(uri, (noKey) => new PayloadReadError(`could not read ${uri}: ${noKey}`, uri));
    let bytes: Uint8Array;
    try {
      const { GetObjectCommand } = await sdk();
      const out = await this.client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
      if (!out.Body) throw new Error('empty body');
      if (out.ContentLength !== undefined && out.ContentLength > maxBytes) {
        (out.Body as { destroy?: () => void }).destroy?.();
        throw new ObjectTooLargeError(uri, out.ContentLength, maxBytes);
      }
      bytes = await out.Body.transformToByteArray();
    } catch (error) {
      if (error instanceof ObjectTooLargeError) throw error;
      const { hint, missing, denied } = s3Problem(error, 'read', this.noRegionAdvice);
      throw new PayloadReadError(`could not read ${uri}: ${hint}`, uri, { cause: error, missing, denied });
    }
    // Without a Content-Length the size is known only now.
    if (bytes.length > maxBytes) throw new ObjectTooLargeError(uri, bytes.length, maxBytes);
    return bytes;
  }

  /** A HEAD request: nothing is downloaded. A missing object is `false`; access denied and the like throw as a read does. */
  async exists(uri: string): Promise<boolean> {
    const location = objectAt(uri, (noKey) => new PayloadReadError(`could not check ${uri}: ${noKey}`, uri));
    try {
      const { HeadObjectCommand } = await sdk();
      await this.client.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
      return true;
    } catch (error) {
      // A HEAD response has no body, so S3 cannot say NoSuchBucket: a missing bucket is a 404 too, and no object.
      const { hint, missing, denied } = s3Problem(error, 'read', this.noRegionAdvice);
      if (missing) return false;
      throw new PayloadReadError(`could not check ${uri}: ${hint}`, uri, { cause: error, denied });
    }
  }

  /** Every key under the prefix, a page of up to 1,000 at a time, in code-unit order (S3 sorts by UTF-8 bytes, s3rver by its files). */
  async list(prefix: string): Promise<string[]> {
    const { bucket, key } = parseS3Uri(prefix);
    const uris: string[] = [];
    try {
      const { ListObjectsV2Command } = await sdk();
      let token: string | undefined;
      do {
        const page = await this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, ContinuationToken: token }));
        for (const object of page.Contents ?? []) if (object.Key !== undefined) uris.push(`s3://${bucket}/${object.Key}`);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      const { hint, denied } = s3Problem(error, 'list', this.noRegionAdvice);
      throw new PayloadReadError(`could not list ${prefix}: ${hint}`, prefix, { cause: error, denied });
    }
    return uris.sort(compareIds);
  }

  /** DeleteObject: S3 answers a key that is not there with success, so a second delete is no error. */
  async delete(uri: string): Promise<void> {
    const location = objectAt(uri, (noKey) => new ObjectDeleteError(`could not delete ${uri}: ${noKey}`, uri, { reason: noKey }));
    try {
      const { DeleteObjectCommand } = await sdk();
      await this.client.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key }));
    } catch (error) {
      const { hint, denied } = s3Problem(error, 'delete', this.noRegionAdvice);
      throw new ObjectDeleteError(`could not delete ${uri}: ${hint}`, uri, { cause: error, reason: hint, denied });
    }
  }

  async putText(uri: string, text: string, contentType = 'application/json'): Promise<void> {
    requireText(text, 'S3ObjectStore.putText');
    await this.put(uri, text, contentType);
  }

  async putBytes(uri: string, bytes: Uint8Array, contentType = 'application/octet-stream'): Promise<void> {
    requireBytes(bytes, 'S3ObjectStore.putBytes');
    await this.put(uri, bytes, contentType);
  }

  private async put(uri: string, body: string | Uint8Array, contentType: string): Promise<void> {
    const location = objectAt(uri, (noKey) => new ObjectWriteError(`could not write ${uri}: ${noKey}`, uri, { reason: noKey }));
    try {
      const { PutObjectCommand } = await sdk();
      await this.client.send(new PutObjectCommand({ Bucket: location.bucket, Key: location.key, Body: body, ContentType: contentType }));
    } catch (error) {
      const reason = s3Problem(error, 'write', this.noRegionAdvice).hint;
      throw new ObjectWriteError(`could not write ${uri}: ${reason}`, uri, { cause: error, reason });
    }
  }
}

/** The bucket and key of an object's URI; `refuse` makes the error to throw when the URI names no object. */
function objectAt(uri: string, refuse: (noKey: string) => Error): S3Location {
  const location = parseS3Uri(uri);
  const noKey = objectKeyProblem(location);
  if (noKey) throw refuse(noKey);
  return location;
}

/**
 * What an S3 error means for the caller. The error's name is tested before its status: S3 sends
 * NoSuchBucket with 404 too, and a missing bucket is not "no object yet" (a state that does not
 * exist yet is normal; a bucket that does not exist is a mistake to report).
 */
function s3Problem(error: unknown, access: 'read' | 'write' | 'list' | 'delete', noRegionAdvice: string): { hint: string; missing: boolean; denied: boolean } {
  // The SDK's own words, a plain Error thrown before any request: the only way to know it.
  if (error instanceof Error && error.message === 'Region is missing') return { hint: `no AWS Region is set, so S3 cannot be reached; ${noRegionAdvice}`, missing: false, denied: false };
  const name = (error as { name?: string }).name ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (name === 'NoSuchBucket') return { hint: 'the bucket does not exist', missing: false, denied: false };
  if (access === 'read' && (name === 'NoSuchKey' || status === 404)) return { hint: 'the object does not exist', missing: true, denied: false };
  if (name === 'AccessDenied' || status === 403) {
    const hint =
      access === 'read'
        ? 'access denied — give the reading role s3:GetObject on it (and kms:Decrypt if the bucket uses SSE-KMS), or set payloadAccess to "assume-event-role"'
        : access === 'list'
          ? 'access denied — give the role s3:ListBucket on the bucket (a condition on s3:prefix may limit it to this prefix)'
          : access === 'delete'
            ? 'access denied — give the role s3:DeleteObject on it'
            : 'access denied — give the writing role s3:PutObject on it (and kms:GenerateDataKey if the bucket uses SSE-KMS)';
    return { hint, missing: false, denied: true };
  }
  return { hint: error instanceof Error ? error.message : String(error), missing: false, denied: false };
}
