import { describeType } from '../contracts/check.ts';
import { ObjectWriteError } from '../contracts/errors.ts';

/**
 * Where payloads, answers and state live. Ground Truth uses S3; the dry run uses a local
 * folder laid out like S3; tests use memory. One small interface, one file per source.
 */
export interface ObjectStore {
  /** Reads an object as UTF-8 text. Throws `PayloadReadError` naming the URI when it is missing. */
  getText(uri: string): Promise<string>;
  /** Writes an object (creating folders or buckets as the store needs). */
  putText(uri: string, text: string, contentType?: string): Promise<void>;
  /**
   * Writes an object's bytes as they are (a PNG mask). Optional: only the semantic-segmentation
   * ACS writes binary objects, and it says which store lacks it ({@link putObjectBytes}).
   */
  putBytes?(uri: string, bytes: Uint8Array, contentType?: string): Promise<void>;
  /**
   * Whether the object is there, without reading it. Optional: a store without it is asked with
   * `getText` ({@link objectExists}). Throws `PayloadReadError` when it cannot tell (access denied).
   */
  exists?(uri: string): Promise<boolean>;
  /**
   * Reads an object's bytes as they are (no decoding), refusing one over `maxBytes` with
   * {@link ObjectTooLargeError} before it is downloaded whole. Optional: the PRE's `readText` needs
   * it to check UTF-8 strictly; without it, `getText` is read instead.
   */
  getBytes?(uri: string, maxBytes?: number): Promise<Uint8Array>;
  /**
   * The URIs of the objects whose keys start with `prefix` (`s3://bucket/` and any start of a key,
   * not only a folder), in key order (code units). Optional: the ACS's shared state needs it to
   * find every batch's contribution, and without it keeps one object that the last batch writes.
   * Throws `PayloadReadError` when it cannot list (`denied` without s3:ListBucket).
   */
  list?(prefix: string): Promise<string[]>;
  /**
   * Deletes an object; one that is not there is no error (S3 answers so too). Optional: the ACS's
   * shared state deletes the snapshots and parts a newer snapshot holds with it, and without it
   * keeps them all. Throws {@link ObjectDeleteError} (`denied` without s3:DeleteObject).
   */
  delete?(uri: string): Promise<void>;
  /**
   * The clock (ms since the epoch) the ACS's shared state dates its snapshots by and measures
   * their age with. Optional: `Date.now` without it. Tests and benches give one that they move on.
   */
  now?(): number;
}

/** The store's clock, else the system's. */
export function storeNow(store: ObjectStore): number {
  return store.now ? store.now() : Date.now();
}

/** An object could not be deleted: a write of its own kind. `denied`: the store refused (S3's 403). */
export class ObjectDeleteError extends ObjectWriteError {
  readonly denied: boolean;
  constructor(message: string, uri: string, options?: { cause?: unknown; reason?: string; denied?: boolean }) {
    super(message, uri, options);
    this.name = 'ObjectDeleteError';
    this.denied = options?.denied ?? false;
  }
}

/** An object is larger than the reader may take; it was not read whole. */
export class ObjectTooLargeError extends Error {
  constructor(
    readonly uri: string,
    /** The object's size, or at least this many bytes when the store could not tell it up front. */
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`${uri} is ${bytes} bytes, over the ${maxBytes}-byte limit`);
    this.name = 'ObjectTooLargeError';
  }
}

/**
 * Whether a store holds an object: its own `exists` when it has one, else a read of the whole
 * object (what a store written before `exists` offers), where a missing object is `false`.
 */
export async function objectExists(store: ObjectStore, uri: string): Promise<boolean> {
  if (store.exists) return store.exists(uri);
  try {
    await store.getText(uri);
    return true;
  } catch (error) {
    if ((error as { missing?: unknown }).missing === true) return false;
    throw error;
  }
}

export interface S3Location {
  bucket: string;
  key: string;
}

/**
 * Splits `s3://bucket/key`; throws a message that names the bad URI. A bare bucket is taken (its
 * key is empty): prefixes such as output paths may be one. Stores refuse it as an object
 * ({@link objectKeyProblem}).
 */
export function parseS3Uri(uri: string): S3Location {
  // `s`: a key may hold any character, a line break too (S3 allows it).
  const match = /^s3:\/\/([^/]+)\/?(.*)$/s.exec(uri);
  if (!match || !match[1]) throw new Error(`not an S3 URI: ${JSON.stringify(uri)} (expected s3://bucket/key)`);
  return { bucket: match[1], key: match[2] ?? '' };
}

/** Why a location cannot be read or written as an object, or undefined. S3 would list the bucket instead. */
export function objectKeyProblem(location: S3Location): string | undefined {
  return location.key === '' ? 'the URI names a bucket but no object key (s3://bucket/key)' : undefined;
}

/** Joins an S3 prefix URI and a relative key with exactly one slash. */
export function joinS3Uri(prefix: string, ...parts: string[]): string {
  if (typeof prefix !== 'string') throw new TypeError(`joinS3Uri: expected the prefix as a string (s3://bucket/prefix), got ${describeType(prefix)}`);
  parts.forEach((part: unknown, i) => {
    if (typeof part !== 'string') throw new TypeError(`joinS3Uri: part ${i + 1}: expected a string, got ${describeType(part)}`);
  });
  let out = prefix.replace(/\/+$/, '');
  for (const part of parts) out += `/${part.replace(/^\/+/, '')}`;
  return out;
}

/**
 * Writes bytes through a store's `putBytes`, or refuses a store without it by name: a store
 * written before binary objects (a hand-made one) can still read and write the text objects.
 */
export async function putObjectBytes(store: ObjectStore, uri: string, bytes: Uint8Array, contentType: string): Promise<void> {
  if (typeof store.putBytes !== 'function') {
    const name = (store as { constructor?: { name?: unknown } }).constructor?.name;
    throw new ObjectWriteError(`could not write ${uri}: the object store${typeof name === 'string' && name !== 'Object' ? ` (${name})` : ''} cannot write bytes; give it putBytes(uri, bytes, contentType)`, uri, { reason: 'the store cannot write bytes' });
  }
  await store.putBytes(uri, bytes, contentType);
}

/** Refuses text that is not a string: S3 and a folder would keep `[object Object]` or fail deep inside. */
export function requireText(text: unknown, where: string): asserts text is string {
  if (typeof text !== 'string') throw new TypeError(`${where}: expected the text as a string, got ${describeType(text)}; pass JSON.stringify(value)`);
}

/** Refuses bytes that are not a Uint8Array (a Buffer is one): a string or an array would be written as something else. */
export function requireBytes(bytes: unknown, where: string): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${where}: expected the bytes as a Uint8Array, got ${describeType(bytes)}`);
}

/**
 * Bytes read as UTF-8 text, without copying them first (a 64 MB payload would be held twice). A
 * byte-order mark is kept, as S3's own text read keeps it; invalid bytes become U+FFFD.
 */
export function utf8Text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
