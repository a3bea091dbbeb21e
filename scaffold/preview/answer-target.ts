import type { Submission } from './capture.ts';
import { HttpError } from './http.ts';
import type { PreviewItem } from './task-snapshot.ts';

/** Where a submission is stored: the item, and whether it is another one than the page named. */
export interface AnswerTarget {
  item: PreviewItem;
  /** The page was loaded before a manifest edit moved its data to this item. */
  moved: boolean;
}

/** An item Ground Truth would make a task of: the PRE ran on it and sent it to workers. */
export function shownToWorkers(i: PreviewItem | undefined): i is PreviewItem {
  return i !== undefined && i.isHumanAnnotationRequired === true && !i.problem;
}

/**
 * The item a submission is for. A page names its item by datasetObjectId, which is only a
 * position: after a manifest edit that the page has not reloaded for yet, that position may hold
 * other data. So the data the page showed (`shownDigest`) decides: the answer goes to the one
 * line for workers that holds it now, and is refused when none or several do, rather than being
 * stored for data the worker never saw. A submission without it (curl, a script) goes by id.
 */
export function answerTarget(items: readonly PreviewItem[], sub: Submission): AnswerTarget {
  const named = items.find((i) => i.id === sub.datasetObjectId);
  const stale = sub.shownDigest !== undefined && (!named || named.digest !== sub.shownDigest);
  if (!stale) {
    if (!named) throw new HttpError(404, `no item ${sub.datasetObjectId}: the manifest has ${items.length} line(s)`);
    if (named.problem) throw new HttpError(409, `item ${named.id}: the PRE failed on it, so Ground Truth would make no task of it`);
    if (named.skipped) throw new HttpError(409, `item ${named.id}: ${named.skipped.message}; no worker would see it, so no answer is stored`);
    if (!named.isHumanAnnotationRequired) throw new HttpError(409, `item ${named.id}: the PRE returned isHumanAnnotationRequired: false, so no worker would see it`);
    return { item: named, moved: false };
  }
  const holders = items.filter((i) => shownToWorkers(i) && i.digest === sub.shownDigest);
  if (holders.length === 1) return { item: holders[0] as PreviewItem, moved: true };
  const where = holders.length === 0 ? 'no line for workers holds it now' : `${holders.length} lines hold it now (items ${holders.slice(0, 5).map((i) => i.id).join(', ')})`;
  throw new HttpError(409, `not stored: the manifest changed since this page was loaded, and item ${sub.datasetObjectId} no longer shows the data you answered (${where}); reload the page and answer again`);
}
