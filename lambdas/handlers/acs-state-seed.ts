import { thrownReason } from '../contracts/check.ts';
import { PayloadReadError } from '../contracts/errors.ts';
import { joinS3Uri, type ObjectStore } from '../io/object-store.ts';
import type { StateMerge } from './acs-types.ts';
import { readSharedState, sharedStateLayout, type SharedRead } from './acs-shared-state.ts';
import type { HandlerLogger } from './logger.ts';

/**
 * Whether a shared read shows that the job has no start yet: its listing found no one-object state
 * (`consolidation.json`, where a seed is saved). A seed saved then replaces nothing: the job's parts
 * (a batch's that ran with a seed read only in part, or a damaged one) stay beside it. Not when the
 * listing failed: the start may be there, and must not be written over by another job's state.
 */
export function needsSeed(read: SharedRead<unknown>): boolean {
  return read.singleListed === false;
}

/** What a seed read gave: its state as JSON (undefined: none could be read), and whether nothing was left out for a passing reason. */
export interface SeedRead {
  json: string | undefined;
  /**
   * False when a part, the listing or the one object could not be read for a passing reason
   * (throttled, a network error): then the state must not be saved as the job's start, which would
   * lose what was left out for the whole job, and a later batch reads it again.
   */
  complete: boolean;
}

/**
 * An earlier job's carried state (`seedUri`, its `annotations/gtkit-state/` folder), added up as
 * the job's own is (every part and the newest snapshot, and its one-object `consolidation.json`;
 * that object alone where the store cannot list), as JSON. What the reader met on the way (a
 * damaged part, a throttled read, a listing refused) is said in one warning about the seed, with
 * what it means for the job.
 */
export async function readSeedState(store: ObjectStore, seedUri: string, merge: StateMerge<unknown>, logger: HandlerLogger): Promise<SeedRead> {
  const layout = sharedStateLayout(joinS3Uri(seedUri, 'consolidation.json'));
  // The reader's own warnings speak of the job's state ("this batch starts afresh"): only what they name is kept,
  // a few entries each (it names the first 3 parts left out), each reason cut by thrownReason.
  const problems: string[] = [];
  const collecting: HandlerLogger = { ...logger, warn: (message, extra) => problems.push(...problemsOf(message, extra)), error: (message, extra) => problems.push(...problemsOf(message, extra)) };
  const read = await readSharedState(store, layout, '', merge, collecting);
  const seed = read ? { json: read.json, complete: !read.incomplete } : await readSingle(store, layout.single, merge, collecting);
  // Refused (access denied, or a store that cannot list): the parts of the seed's batches are not read, only its one object.
  const unlisted = read === undefined && store.list !== undefined;
  const warning = seedWarning(seed, problems.length > 0, unlisted);
  if (warning !== undefined) logger.warn(warning, { seedState: seedUri, ...(problems.length > 0 ? { problems } : {}) });
  return seed;
}

/** What a seed read means for the job, when it is worth a warning. */
function seedWarning({ json, complete }: SeedRead, problems: boolean, unlisted: boolean): string | undefined {
  if (!complete) {
    return json === undefined
      ? 'the seed state could not be read now (a passing error, such as a throttled read): this batch starts without it, and the next batch reads it again'
      : "the seed state could be read only in part now (a passing error, such as a throttled read): this batch uses what was read, and the next batch reads it again to save it in full as the job's start";
  }
  if (unlisted) return `the seed state's folder cannot be listed (access denied), so ${json === undefined ? 'none of it was read and the job starts afresh' : "only its consolidation.json was read, without its batches' parts"}; give the role s3:ListBucket on its bucket`;
  if (json === undefined) return "the seed state holds no carried state that could be read, so the job starts afresh; check consolidation.seedState: it names an earlier job's annotations/gtkit-state/ folder, which its ACS wrote";
  if (problems) return "parts of the seed state are damaged and left out of the job's start (their counts are missing from it for good); to count them, restore them in the earlier job's folder (from S3 versioning or a copy) before the job's first batch";
  return undefined;
}

/** What one of the reader's warnings names: each part left out, or the object or listing and its error. */
function problemsOf(message: string, extra: Record<string, unknown> | undefined): string[] {
  if (Array.isArray(extra?.first)) {
    const named = extra.first.map(String);
    const count = typeof extra.count === 'number' ? extra.count : named.length;
    return count > named.length ? [...named, `and ${count - named.length} more`] : named;
  }
  if (typeof extra?.error === 'string') return [`${typeof extra.uri === 'string' ? `${extra.uri}: ` : ''}${extra.error}`];
  return [message];
}

/** The seed's one-object state, as the store that cannot list keeps it. */
async function readSingle(store: ObjectStore, uri: string, merge: StateMerge<unknown>, logger: HandlerLogger): Promise<SeedRead> {
  let text: string;
  try {
    text = await store.getText(uri);
  } catch (error) {
    if (error instanceof PayloadReadError && error.missing) return { json: undefined, complete: true };
    logger.warn('cannot read it', { uri, error: thrownReason(error, 'the store') });
    // No access, or a key the store refuses, stays so: only another error may pass.
    return { json: undefined, complete: error instanceof PayloadReadError && (error.denied || error.refused) };
  }
  try {
    return { json: JSON.stringify(merge.read(JSON.parse(text))), complete: true };
  } catch (error) {
    logger.warn('cannot use it', { uri, error: thrownReason(error, 'the state check') });
    return { json: undefined, complete: true };
  }
}
