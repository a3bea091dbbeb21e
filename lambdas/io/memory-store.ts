import { PayloadReadError } from '../contracts/errors.ts';
import { requireText, type ObjectStore } from './object-store.ts';

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

  async exists(uri: string): Promise<boolean> {
    return this.objects.has(uri);
  }

  async putText(uri: string, text: string): Promise<void> {
    requireText(text, 'MemoryObjectStore.putText');
    this.objects.set(uri, text);
  }
}
