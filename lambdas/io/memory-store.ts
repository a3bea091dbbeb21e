import { PayloadReadError } from '../contracts/errors.ts';
import { compareIds } from '../consolidation/order.ts';
import { ObjectTooLargeError, requireText, type ObjectStore } from './object-store.ts';

/** An object store in memory, for tests. */
export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, string>();

  constructor(initial: Record<string, string> = {}) {
    for (const [uri, text] of Object.entries(initial)) this.objects.set(uri, text);
  }

  async getText(uri: string): Promise<string> {
    const text = this.objects.get(uri);
    if (text === undefined) throw new PayloadReadError(`could not read ${uri}: the object does not exist`, uri, { missing: true });
    return text;
  }

  /** The text's UTF-8 bytes (the store keeps text, so they always decode). */
  async getBytes(uri: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
    const bytes = Buffer.from(await this.getText(uri), 'utf8');
    if (bytes.length > maxBytes) throw new ObjectTooLargeError(uri, bytes.length, maxBytes);
    return bytes;
  }

  async exists(uri: string): Promise<boolean> {
    return this.objects.has(uri);
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.objects.keys()].filter((uri) => uri.startsWith(prefix)).sort(compareIds);
  }

  async delete(uri: string): Promise<void> {
    this.objects.delete(uri);
  }

  async putText(uri: string, text: string): Promise<void> {
    requireText(text, 'MemoryObjectStore.putText');
    this.objects.set(uri, text);
  }
}
