import { thrownReason } from '../contracts/check.ts';
import { PayloadReadError } from '../contracts/errors.ts';
import { joinS3Uri, type ObjectStore } from '../io/object-store.ts';
import type { StateMerge } from './acs-types.ts';
import { readSharedState, sharedStateLayout, type SharedRead } from './acs-shared-state.ts';
import type { HandlerLogger } from './logger.ts';

/**
 * Whether a shared read found the job's state empty: nothing at all under its prefix (no part,
 * snapshot or one-object state, readable or not) and the listing complete. Only then may a seed
 * start it: a state that is there but cannot be read now must not be replaced by another job's.
 */
export function isEmptyRead(read: SharedRead<unknown>): boolean {
  return read.listed === 0 && !read.incomplete;
}

/**
 * An earlier job's carried state (`seedUri`, its `annotations/gtkit-state/` folder), added up as
 * the job's own is (every part and the newest snapshot, and its one-object `consolidation.json`;
 * that object alone where the store cannot list), as JSON. Undefined, with a warning naming the
 * folder, when it holds none or cannot be read: the job then starts afresh, as it would without it.
 */
export async function readSeedState(store: ObjectStore, seedUri: string, merge: StateMerge<unknown>, logger: HandlerLogger): Promise<string | undefined> {
  const layout = sharedStateLayout(joinS3Uri(seedUri, 'consolidation.json'));
  // The reader's warnings (a damaged part, a listing refused) are about the seed: said so.
  const about = (message: string) => `reading the seed state ${seedUri}: ${message}`;
  const seedLogger: HandlerLogger = { ...logger, warn: (message, extra) => logger.warn(about(message), extra), error: (message, extra) => logger.error(about(message), extra) };
  const read = await readSharedState(store, layout, '', merge, seedLogger);
  const json = read ? read.json : await readSingle(store, layout.single, merge, seedLogger);
  if (json === undefined) {
    logger.warn(`the seed state holds no carried state that could be read, so the job starts afresh; check consolidation.seedState: it names an earlier job's annotations/gtkit-state/ folder, which its ACS wrote`, { seedState: seedUri });
  }
  return json;
}

/** The seed's one-object state, as the store that cannot list keeps it. */
async function readSingle(store: ObjectStore, uri: string, merge: StateMerge<unknown>, logger: HandlerLogger): Promise<string | undefined> {
  try {
    return JSON.stringify(merge.read(JSON.parse(await store.getText(uri))));
  } catch (error) {
    if (!(error instanceof PayloadReadError && error.missing)) logger.warn('cannot read it', { uri, error: thrownReason(error, 'the store') });
    return undefined;
  }
}
