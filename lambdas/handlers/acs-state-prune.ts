import { compareIds } from '../consolidation/order.ts';
import { thrownReason } from '../contracts/check.ts';
import type { ObjectStore } from '../io/object-store.ts';
import { mapLimitedSettled } from './concurrency.ts';
import type { HandlerLogger } from './logger.ts';

/** Deletions at once: a snapshot supersedes about 32 parts. */
const deletesAtOnce = 16;
/**
 * Deletions one batch makes at most, so that a backlog (the first snapshot over a long job's
 * state from before pruning) does not use up the batch's time: what is left stays listed and in
 * the next snapshot's ids, and that snapshot's batch deletes the next lot.
 */
export const deletesPerBatch = 256;

/** Per logger, the states it has been told cannot be pruned: once per container, not at every snapshot. */
const toldCannotPrune = new WeakMap<HandlerLogger, Set<string>>();

function warnOnce(logger: HandlerLogger, key: string, message: string, extra: Record<string, unknown>): void {
  let told = toldCannotPrune.get(logger);
  if (!told) toldCannotPrune.set(logger, (told = new Set()));
  if (told.has(key)) return;
  told.add(key);
  logger.warn(message, extra);
}

/**
 * Deletes what a snapshot just written supersedes: the older snapshots and the parts the one it
 * was built on holds that were folded long enough ago (acs-shared-state.ts), {@link deletesPerBatch}
 * at most. Best effort: nothing here fails the batch, and a reader that listed one of them a
 * moment ago lists again (readSharedState). A store without `delete`, or one that refuses
 * (no s3:DeleteObject), is said once per logger and state; the state is then kept whole and grows
 * with the job, as before pruning existed. One deletion goes first, so a refusing role costs one
 * request per snapshot, not one per part.
 */
export async function pruneSuperseded(store: ObjectStore, uris: readonly string[], statePrefix: string, logger: HandlerLogger): Promise<void> {
  if (uris.length === 0) return;
  if (!store.delete) {
    warnOnce(logger, `${statePrefix} no delete`, 'the store cannot delete, so the shared consolidation state keeps every snapshot and part and grows with the job; give the store a delete method', { uri: statePrefix });
    return;
  }
  const remove = (uri: string) => (store.delete as (uri: string) => Promise<void>).call(store, uri);
  const failures: Array<{ uri: string; error: unknown }> = [];
  // The caller's order, snapshots first: they are few, and each holds a whole state.
  const [first, ...rest] = uris.slice(0, deletesPerBatch) as [string, ...string[]];
  const attempt = async (uri: string) => {
    try {
      await remove(uri);
    } catch (error) {
      failures.push({ uri, error });
    }
  };
  await attempt(first);
  if (failures.length === 0) await mapLimitedSettled(rest, deletesAtOnce, attempt);
  if (failures.length === 0) return;
  failures.sort((a, b) => compareIds(a.uri, b.uri));
  const denied = failures.find((f) => (f.error as { denied?: unknown } | undefined)?.denied === true);
  if (denied) {
    warnOnce(logger, `${statePrefix} denied`, `cannot delete the superseded consolidation state (access denied), so every snapshot and part is kept and the state grows with the job. Give the role s3:DeleteObject on ${statePrefix}/*`, { uri: denied.uri, error: thrownReason(denied.error, 'the store') });
    return;
  }
  // A passing failure (throttled): the next snapshot's batch deletes what is left.
  logger.warn('some superseded consolidation state was not deleted; a later batch tries again', { count: failures.length, first: failures[0]?.uri, error: thrownReason(failures[0]?.error, 'the store') });
}
