import type { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { describeValue } from '../contracts/check.ts';
import { PayloadReadError } from '../contracts/errors.ts';
import { LocalObjectReader } from '../io/local-reader.ts';
import { ObjectTooLargeError, objectKeyProblem, parseS3Uri, type ObjectStore, type S3Location } from '../io/object-store.ts';
import { lambdaResponseLimitBytes } from './limits.ts';
import { dryRunRoot } from './dry-run-hooks.ts';
import { lazyS3Store } from '../io/lazy-s3-store.ts';
import { InvalidDataObjectError } from './pre-errors.ts';

/** Reads an object's text by its `s3://bucket/key` URI: the PRE context's `readText`. */
export type ReadText = (uri: string) => Promise<string>;

/**
 * Where gtkit's local callers (`gtkit run`, `preview`, `lint`) put the folder of the task's local
 * S3 copies (`<task>/s3/<bucket>/<key>`) on the Lambda context. A property of each call's context,
 * not an environment variable: the preview runs several PRE calls at once. Never set in Lambda.
 */
const localDataRootKey = Symbol.for('gtkit.localDataRoot');

/** The Lambda context with the folder `readText` reads `s3://bucket/key` from, as `<root>/<bucket>/<key>`. */
export function withLocalDataRoot<T extends object>(lambdaContext: T, root: string): T {
  Object.defineProperty(lambdaContext, localDataRootKey, { value: root, enumerable: false });
  return lambdaContext;
}

function localDataRootOf(lambdaContext: unknown): string | undefined {
  if (typeof lambdaContext !== 'object' || lambdaContext === null) return undefined;
  const root: unknown = (lambdaContext as Record<symbol, unknown>)[localDataRootKey];
  return typeof root === 'string' && root !== '' ? root : undefined;
}

/** What `readText` needs of a store: it only reads. */
export type ReadableStore = Pick<ObjectStore, 'getText' | 'getBytes'>;

/** Where `readText` reads from; both are optional. */
export interface TextSource {
  /** Replaces S3 altogether (tests use a MemoryObjectStore or a LocalObjectStore). */
  store?: ReadableStore;
  /** The S3 client used in Lambda; default one per container, made at the first read. */
  s3Client?: S3Client;
}

/**
 * Makes the `readText` of each invocation. The store is chosen when it reads, so a PRE that
 * never reads loads no AWS SDK: the `store` option; else the task's local copies when gtkit runs
 * the PRE locally; else `GTKIT_LOCAL_S3_ROOT` (as the ACS); else S3 with the function's role.
 */
export function textReaders(source: TextSource): (lambdaContext: Context | undefined) => ReadText {
  const s3 = lazyS3Store(source.s3Client);
  return (lambdaContext) => async (uri) => {
    if (source.store) return readObjectText(source.store, uri);
    const local = localFolderOf(lambdaContext);
    if (local) {
      const reader = new LocalObjectReader(local.root);
      return readObjectText(reader, uri, { root: reader.root, what: local.what });
    }
    return readObjectText(await s3().catch((error: unknown) => Promise.reject(sdkMissing(error, uri))), uri);
  };
}

/** The folder of local copies when gtkit runs the PRE: the task's (`s3/`), else `GTKIT_LOCAL_S3_ROOT`, as the ACS reads it. */
function localFolderOf(lambdaContext: Context | undefined): LocalFolder | undefined {
  const taskRoot = localDataRootOf(lambdaContext);
  if (taskRoot) return { root: taskRoot, what: "the task's local copy" };
  const dryRun = dryRunRoot();
  return dryRun ? { root: dryRun, what: 'GTKIT_LOCAL_S3_ROOT (the folder standing in for S3)' } : undefined;
}

/** The AWS SDK did not load (a local runner without it; Lambda's runtime always has it): say what was being read and what to do. */
function sdkMissing(error: unknown, uri: unknown): Error {
  return new Error(
    `readText: cannot load the AWS SDK to read ${String(uri)} (${(error as Error).message ?? String(error)}); Lambda's Node.js runtime provides it: to run this PRE elsewhere, install @aws-sdk/client-s3, or point GTKIT_LOCAL_S3_ROOT at a folder of local copies`,
    { cause: error },
  );
}

/** The most text a task input can carry: Lambda's response limit (the rest of the response makes it less). */
export const maxTextBytes = lambdaResponseLimitBytes;

/**
 * An object's text: strict UTF-8, a byte-order mark dropped (it would shift every offset by one),
 * line ends kept as they are. A missing object, one that is not UTF-8, one too large for a task
 * input and a URI that is not `s3://bucket/key` are the data object's problem
 * (`InvalidDataObjectError`, which `onInvalidDataObject: 'skip'` skips); no access or no network
 * are the deployment's, and fail. Every message names the URI.
 */
export async function readObjectText(store: ReadableStore, uri: unknown, local?: LocalFolder): Promise<string> {
  if (typeof uri !== 'string') throw new TypeError(`readText: expected an S3 URI (s3://bucket/key) as a string, got ${describeValue(uri)}`);
  const shape = s3ObjectUriProblem(uri);
  if (shape) throw new InvalidDataObjectError(`readText: cannot read ${JSON.stringify(uri)}: ${shape}`);
  let bytes: Uint8Array;
  try {
    bytes = store.getBytes ? await store.getBytes(uri, maxTextBytes) : Buffer.from(await store.getText(uri), 'utf8');
  } catch (error) {
    throw readFailure(error, uri, local);
  }
  if (bytes.length > maxTextBytes) throw tooLarge(uri, bytes.length);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const at = firstInvalidUtf8(bytes);
    throw new InvalidDataObjectError(
      `readText: ${uri} is not UTF-8 text (byte 0x${(bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0')} at offset ${at} does not decode); save the file as UTF-8 and upload it again`,
      { cause: error },
    );
  }
  // In the task input the text is JSON: quotes, backslashes and control characters grow it.
  const jsonBytes = Buffer.byteLength(JSON.stringify(text));
  if (jsonBytes > maxTextBytes) throw tooLarge(uri, bytes.length, jsonBytes);
  return text;
}

/** Why a string is not an object's `s3://bucket/key`, or undefined: the stores' own reading of it. A path or `file://` would read the machine's files under a local run. */
function s3ObjectUriProblem(uri: string): string | undefined {
  let location: S3Location;
  try {
    location = parseS3Uri(uri);
  } catch {
    return 'not an S3 URI (expected s3://bucket/key)';
  }
  return objectKeyProblem(location);
}

function tooLarge(uri: string, bytes: number, jsonBytes?: number): InvalidDataObjectError {
  const size = jsonBytes === undefined ? `is ${bytes} bytes,` : `holds ${bytes} bytes of text, ${jsonBytes} once written as JSON,`;
  return new InvalidDataObjectError(
    `readText: ${uri} ${size} over the ${maxTextBytes} bytes a PRE response can carry (Lambda's 6 MB limit); split the document into smaller objects`,
  );
}

/** A local folder read in place of S3, for the message about a missing file: its root and what it is. */
interface LocalFolder {
  root: string;
  what: string;
}

function readFailure(error: unknown, uri: string, local: LocalFolder | undefined): Error {
  if (error instanceof ObjectTooLargeError) return tooLarge(uri, error.bytes);
  if (error instanceof PayloadReadError && error.missing) {
    const where = local
      ? `; gtkit reads s3://<bucket>/<key> here from ${local.what} ${local.root}/<bucket>/<key>: put the file there, or fix the URI`
      : '; check the URI in the manifest line, or upload the object';
    return new InvalidDataObjectError(`readText: ${uri} does not exist (${error.message})${where}`, { cause: error });
  }
  // A key a local folder cannot hold apart (S3 would answer it, most likely "no such key"): the line's problem, as on S3.
  if (error instanceof PayloadReadError && error.refused) {
    return new InvalidDataObjectError(`readText: ${error.message}; check the URI in the manifest line`, { cause: error });
  }
  if (error instanceof PayloadReadError && (error.cause as { name?: unknown } | undefined)?.name === 'NoSuchBucket') {
    return new InvalidDataObjectError(`readText: ${uri}: its bucket does not exist; check the URI in the manifest line`, { cause: error });
  }
  if (error instanceof PayloadReadError && error.denied) {
    return new Error(
      `readText: access denied to ${uri}: the PRE Lambda's role needs s3:GetObject on it and s3:ListBucket on its bucket (without which S3 answers a missing object so too), ` +
        "and kms:Decrypt if the bucket uses SSE-KMS; gtkit deploy grants them for the manifest's data folders to a task type that reads text",
      { cause: error },
    );
  }
  return new Error(`readText: ${(error as Error).message ?? String(error)}`, { cause: error });
}

/** The offset of the first byte that breaks UTF-8 (overlong forms and surrogates included), or the length when none does. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    // The sequence length and the allowed range of its second byte (which rules out overlong forms and surrogates).
    const [length, low, high] =
      b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf] : b === 0xe0 ? [3, 0xa0, 0xbf] : b === 0xed ? [3, 0x80, 0x9f] : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf] : b === 0xf0 ? [4, 0x90, 0xbf] : b === 0xf4 ? [4, 0x80, 0x8f] : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf] : [0, 0, 0];
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      const [lo, hi] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < lo || next > hi) return i;
    }
    i += length;
  }
  return i;
}
