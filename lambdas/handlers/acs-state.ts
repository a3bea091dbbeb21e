import type { AcsEvent } from '../contracts/acs.ts';
import { thrownReason } from '../contracts/check.ts';
import { PayloadReadError } from '../contracts/errors.ts';
import { joinS3Uri, type ObjectStore } from '../io/object-store.ts';
import type { BatchState, StateMerge } from './acs-types.ts';
import { ownPart, readSharedState, sharedStateLayout, writeSharedPart, type SharedRead } from './acs-shared-state.ts';
import type { HandlerLogger } from './logger.ts';
import { needsSeed, readSeedState } from './acs-state-seed.ts';

/**
 * Default place of the cross-batch state: `<outputConfig>/gtkit-state/consolidation.json`,
 * i.e. under the job's own annotations prefix, which the reading role can already write to
 * when it can read the payload (add s3:PutObject on that prefix).
 */
export function defaultStateUri(event: AcsEvent): string | undefined {
  return event.outputConfig ? stateUriUnder(event.outputConfig) : undefined;
}

/** The default state's URI under a job's annotations prefix (the event's `outputConfig`). */
export function stateUriUnder(annotationsPrefix: string): string {
  return joinS3Uri(stateFolderUnder(annotationsPrefix), 'consolidation.json');
}

/** The folder of the default state under a job's annotations prefix: what another job's `seedState` names. */
export function stateFolderUnder(annotationsPrefix: string): string {
  return joinS3Uri(annotationsPrefix, 'gtkit-state');
}

/** A `BatchState` whose `save` takes effect only when the handler commits it. */
export interface BufferedBatchState extends BatchState {
  /** Writes the last value saved in this batch, if any; called once the response is final. */
  commit(): Promise<void>;
}

/**
 * A `BatchState` backed by the store: one JSON object for `load`/`save`, and beside it one object
 * per batch for the shared state (`loadShared`/`contribute`, acs-shared-state.ts). `save` keeps the value (as its JSON,
 * taken at once) and `commit` writes it: a batch that fails after consolidating (its response
 * too large, an offload write refused) and is then sent again must not have counted its answers
 * already. `load` sees a value saved earlier in the same batch; the object is read once per
 * batch however often it is loaded (consolidateObject loads it per object), and each load gets a
 * copy of its own. A state that may be there but could not be read for a passing reason
 * (throttled, a network error) is never overwritten: this batch's state, built without it, would
 * erase it. Access denied is not such a reason (see `readStored`).
 *
 * With `seedUri` (an earlier job's `annotations/gtkit-state/`), a shared load that finds no start in
 * the job's own state (no one-object state listed) reads that folder's state (acs-state-seed.ts) and
 * writes it as the job's one-object state, which every later load adds to the parts: the job starts
 * from it once, and batches that start at the same time each write the same seed. A seed read only
 * in part (a passing error) is used by its batch and not written, so the next batch reads it again.
 */
export function storeBackedState(store: ObjectStore, uri: string | undefined, logger: HandlerLogger, batchIdOf: () => string, seedUri?: string): BufferedBatchState {
  let pending: string | undefined;
  /**
   * What this batch contributed (consolidateObject gives one part per object), each kept as JSON so
   * a consolidator may go on changing its value, and how parts add up. The parts not yet summed are
   * added to the running sum only when it is read (`pendingPart`): each part is merged once, however
   * the reads and contributions interleave (a load and a contribution per object stays linear).
   */
  const unsummed: string[] = [];
  let contributedMerge: StateMerge<unknown> | undefined;
  let summed: { json: string; merge: StateMerge<unknown> } | undefined;
  /** This batch's part: the sum of everything it contributed so far. */
  const pendingPart = (): { json: string; merge: StateMerge<unknown> } | undefined => {
    if (contributedMerge === undefined || unsummed.length === 0) return summed;
    const merge = contributedMerge;
    const parts = [...(summed ? [summed.json] : []), ...unsummed];
    const json = parts.length === 1 ? (parts[0] as string) : JSON.stringify(merge.merge(parts.map((part) => JSON.parse(part) as unknown)));
    unsummed.length = 0;
    summed = { json, merge };
    return summed;
  };
  // A digest of every answer in the batch: only worked out for a consolidator that shares state.
  let batchId: string | undefined;
  const ownId = () => (batchId ??= batchIdOf());
  /** The shared read, once per batch; undefined inside: the store cannot list, so the one object holds the sum. */
  let shared: Promise<SharedRead<unknown> | undefined> | undefined;
  const layout = uri ? sharedStateLayout(uri) : undefined;
  let stored: Promise<string | undefined> | undefined;
  /** Why a state that may be there could not be read (throttled, a network error): then it must not be overwritten. */
  let unreadable: string | undefined;
  /** The one object is not there (or, without s3:ListBucket, refused as S3 refuses a missing one): the job has no state yet. */
  let storedAbsent = false;
  /** The seed of a store that cannot list was not read for a passing reason: the one object, which would hold the sum without it, must not be written. */
  let seedUnread = false;
  const readStored = async (where: string): Promise<string | undefined> => {
    try {
      return await store.getText(where);
    } catch (error) {
      // No object: the job's first batch. Anything else (no access, a network error) is worth
      // a warning, but the state only speeds learning up: the batch goes on without it.
      if (error instanceof PayloadReadError && error.missing) {
        storedAbsent = true;
        return undefined;
      }
      const reason = thrownReason(error, 'the store');
      // S3 refuses a read of an object that is not there yet (403, not 404) when the role may not
      // list the bucket, as gtkit's own least-privilege role may not: on a job's first batch this
      // is the normal case, and the batch must save its state. A role that really cannot read the
      // state could never use it either, so writing over it loses nothing this role could read.
      if (error instanceof PayloadReadError && error.denied) {
        logger.warn('cannot read the consolidation state (access denied); this batch starts afresh and saves its own. On a job\'s first batch this is expected: S3 refuses a read of an object that does not exist yet when the role has no s3:ListBucket. Otherwise give the role s3:GetObject on it', { uri: where, error: reason });
        storedAbsent = true;
        return undefined;
      }
      unreadable = reason;
      logger.warn('cannot read the consolidation state; this batch starts afresh', { uri: where, error: unreadable });
      return undefined;
    }
  };
  const loadSingle = async <T>(): Promise<T | undefined> => {
    if (pending !== undefined) return JSON.parse(pending) as T;
    if (!uri) return undefined;
    stored ??= readStored(uri);
    const text = await stored;
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      logger.warn('ignoring unreadable consolidation state', { uri, error: (error as Error).message });
      return undefined;
    }
  };
  /** The one object's value as a part (as JSON), read and checked once per batch: a large state is parsed once, not per use. */
  let singlePart: Promise<string | undefined> | undefined;
  /** The one object's value as a part, a copy for each caller, or undefined (with a warning) when it is not one. */
  const singleAsPart = async <T>(merge: StateMerge<T>): Promise<T | undefined> => {
    singlePart ??= (async () => {
      const value = await loadSingle<unknown>();
      // No state yet (not one that could not be read): the seed is the start, and the commit adds this batch's part to it.
      if (value === undefined) return seedUri && storedAbsent ? seedStart(merge as StateMerge<unknown>, false) : undefined;
      try {
        return JSON.stringify(merge.read(value));
      } catch (error) {
        logger.warn('ignoring unreadable consolidation state', { uri, error: (error as Error).message });
        return undefined;
      }
    })();
    const json = await singlePart;
    return json === undefined ? undefined : (JSON.parse(json) as T);
  };
  /** The seed's state as JSON, read once per batch. */
  let seed: Promise<string | undefined> | undefined;
  /**
   * The seed's state, the start of a job that has none (only called with `uri` and `seedUri` set).
   * `write`: saved now as the job's one object, which a store that lists adds to the parts on every
   * load; where the store cannot list, the commit writes it with this batch's part added. A seed
   * read only in part for a passing reason is this batch's alone: saved, what was left out would be
   * lost for the whole job, so the job's start is left for a later batch to save.
   */
  const seedStart = (merge: StateMerge<unknown>, write: boolean): Promise<string | undefined> =>
    (seed ??= (async () => {
      const { json, complete } = await readSeedState(store, seedUri as string, merge, logger);
      if (!complete) {
        seedUnread = !write;
        return json;
      }
      if (json === undefined) return undefined;
      if (write) {
        try {
          await store.putText(uri as string, json);
        } catch (error) {
          logger.warn("the seed state is used by this batch but could not be saved as the job's own, so the next batch reads it again; give the role s3:PutObject on the state's place", { uri, seedState: seedUri, error: thrownReason(error, 'the store') });
          return json;
        }
      }
      logger.info("the job's carried state starts from the seed state (the job's own had no start saved)", { seedState: seedUri, stateUri: uri });
      return json;
    })());
  /** A value's JSON for a later write, or undefined with a warning saying why it will not be saved. */
  const jsonToSave = (value: unknown): { json: string | undefined } | undefined => {
    if (!uri) {
      logger.warn('consolidation state not saved: the event has no outputConfig and no stateUri was configured');
      return undefined;
    }
    try {
      return { json: JSON.stringify(value) };
    } catch (error) {
      logger.warn('consolidation state not saved; the next batch starts without it', { uri, error: (error as Error).message });
      return undefined;
    }
  };
  /** The one object's value with this batch's part added (the shared state without a listing). */
  const sumIntoSingle = async ({ json, merge }: { json: string; merge: StateMerge<unknown> }): Promise<string | undefined> => {
    const before = await singleAsPart(merge);
    const part = ownPart(json, merge, logger);
    if (part === undefined) return undefined;
    return JSON.stringify(before === undefined ? part : merge.merge([before, part]));
  };
  return {
    uri,
    load: loadSingle,
    async loadShared<T>(merge: StateMerge<T>) {
      if (!layout) return undefined;
      shared ??= readSharedState(store, layout, ownId(), merge as StateMerge<unknown>, logger).then(async (read) => {
        if (!read || !seedUri || !needsSeed(read)) return read;
        const seedJson = await seedStart(merge as StateMerge<unknown>, true);
        if (seedJson === undefined) return read;
        // The job's parts (batches that ran before the seed could be read in full) count beside it.
        return { ...read, json: read.json === undefined ? seedJson : JSON.stringify(read.merge.merge([JSON.parse(seedJson), JSON.parse(read.json)])) };
      });
      const read = await shared;
      const others = !read ? await singleAsPart(merge) : read.json === undefined ? undefined : (JSON.parse(read.json) as T);
      // What this batch has contributed so far counts too: consolidateObject contributes per object.
      const part = pendingPart();
      const own = part === undefined ? undefined : (JSON.parse(part.json) as T);
      return own === undefined ? others : others === undefined ? own : merge.merge([others, own]);
    },
    async contribute<T>(part: T, merge: StateMerge<T>) {
      const saved = jsonToSave(part);
      if (saved?.json === undefined) return;
      // Parts add up: consolidateObject gives one per object, and the batch's part is their sum.
      unsummed.push(saved.json);
      contributedMerge = merge as StateMerge<unknown>;
    },
    async save(value: unknown) {
      const saved = jsonToSave(value);
      if (saved) pending = saved.json;
    },
    async commit() {
      if (!uri || !layout) return;
      const part = pendingPart();
      if (part !== undefined) {
        const read = shared ? await shared : undefined;
        const listable = shared ? read !== undefined : store.list !== undefined;
        if (listable) await writeSharedPart(store, layout, ownId(), part.json, read, logger);
        // The store cannot list: the one object holds the sum, this batch's part added to it.
        else if (pending === undefined) pending = await sumIntoSingle(part);
      }
      if (pending === undefined) return;
      // This batch's state was built without the stored one: written over it, a transient read
      // error would erase what every earlier batch learnt (and the class order they used).
      if (unreadable !== undefined) {
        logger.warn('consolidation state not saved: the stored state could not be read, so it is kept for the next batch', { uri, error: unreadable });
        return;
      }
      // Saved without the seed, the job's state would have a start and never read the seed again.
      if (seedUnread) {
        logger.warn("consolidation state not saved: the seed state could not be read now, and the job's state saved without it would lose it for good; the next batch reads it again (this batch's counts are left out)", { uri, seedState: seedUri });
        return;
      }
      try {
        await store.putText(uri, pending);
      } catch (error) {
        // The labels of this batch are done; losing them over the state would be the worse loss.
        logger.warn('consolidation state not saved; the next batch starts without it', { uri, error: thrownReason(error, 'the store') });
      }
    },
  };
}
