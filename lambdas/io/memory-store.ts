import { PayloadReadError } from '../contracts/errors.ts';
import { compareIds } from '../consolidation/order.ts';
import { ObjectTooLargeError, requireBytes, requireText, utf8Text, type ObjectStore } from './object-store.ts';

/** An object store in memory, for tests. */
export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, string>();
  /** Objects written as bytes (putBytes), apart from the text ones so that `objects` stays text. */
  readonly binary = new Map<string, Uint8Array>();

  constructor(initial: Record<string, string> = {}) {
    for (const [uri, text] of Object.entries(initial)) this.objects.set(uri, text);
  }

  async getText(uri: string): Promise<string> {
    const bytes = this.binary.get(uri);
    if (bytes !== undefined) return utf8Text(bytes);
    const text = this.objects.get(uri);
    if (text === undefined) throw new PayloadReadError(`could not read ${uri}: the object does not exist`, uri, { missing: true });
    return text;
  }

  /** The bytes written, or a text object's UTF-8 bytes. */
  async getBytes(uri: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
    const bytes = this.binary.get(uri)?.slice() ?? Buffer.from(await this.getText(uri), 'utf8');
    if (bytes.length > maxBytes) throw new ObjectTooLargeError(uri, bytes.length, maxBytes);
    return bytes;
  }

  async exists(uri: string): Promise<boolean> {
    return this.objects.has(uri) || this.binary.has(uri);
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.objects.keys(), ...this.binary.keys()].filter((uri) => uri.startsWith(prefix)).sort(compareIds);
  }

  async delete(uri: string): Promise<void> {
    this.objects.delete(uri);
    this.binary.delete(uri);
  }

  async putText(uri: string, text: string): Promise<void> {
    requireText(text, 'MemoryObjectStore.putText');
    this.binary.delete(uri);
    this.objects.set(uri, text);
  }

  async putBytes(uri: string, bytes: Uint8Array): Promise<void> {
    requireBytes(bytes, 'MemoryObjectStore.putBytes');
    this.objects.delete(uri);
    // A copy: the caller may reuse its buffer.
    this.binary.set(uri, bytes.slice());
  }
}
