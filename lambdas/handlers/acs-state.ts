import type { AcsEvent } from '../contracts/acs.ts';
import { joinS3Uri, type ObjectStore } from '../io/object-store.ts';
import type { BatchState } from './acs-types.ts';
import type { HandlerLogger } from './logger.ts';

/**
 * Default place of the cross-batch state: `<outputConfig>/gtkit-state/consolidation.json`,
 * i.e. under the job's own annotations prefix, which the reading role can already write to
 * when it can read the payload (add s3:PutObject on that prefix).
 */
export function defaultStateUri(event: AcsEvent): string | undefined {
  return event.outputConfig ? joinS3Uri(event.outputConfig, 'gtkit-state', 'consolidation.json') : undefined;
}

/** A `BatchState` backed by one JSON object in the store. */
export function storeBackedState(store: ObjectStore, uri: string | undefined, logger: HandlerLogger): BatchState {
  return {
    uri,
    async load<T>() {
      if (!uri) return undefined;
      let text: string;
      try {
        text = await store.getText(uri);
      } catch {
        return undefined; // First batch of the job: no state yet.
      }
      try {
        return JSON.parse(text) as T;
      } catch (error) {
        logger.warn('ignoring unreadable consolidation state', { uri, error: (error as Error).message });
        return undefined;
      }
    },
    async save(value: unknown) {
      if (!uri) {
        logger.warn('consolidation state not saved: the event has no outputConfig and no stateUri was configured');
        return;
      }
      await store.putText(uri, JSON.stringify(value));
    },
  };
}
