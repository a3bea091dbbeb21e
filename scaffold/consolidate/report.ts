import type { JsonObject } from '../../lambdas/contracts/check.ts';
import { isConsolidationFailure } from '../../lambdas/handlers/acs-types.ts';
import type { ReplacedResponse, ReplayProblem, UnusableFiles } from '../run/replay.ts';

/** Objects and lines the --json summary names one by one at most; the counts beside the lists say how many there are. */
export const namedAtMost = 100;

/** A failed object as --json names it: its id, its line's consolidationError, and the worker-response file behind it when a file was what failed. */
export interface FailedObject {
  datasetObjectId: string;
  reason: string;
  file?: string;
}

/** A manifest line no worker answered: its 1-based line number in the manifest, and its object. */
export interface UnansweredLine {
  line: number;
  datasetObjectId: string;
}

/** The objects whose line holds a consolidationError under `attr`, in the order given (the first {@link namedAtMost}). */
export function failedObjects(lines: ReadonlyMap<string, JsonObject>, attr: string, unusable: ReadonlyMap<string, UnusableFiles>): FailedObject[] {
  const failed: FailedObject[] = [];
  for (const [datasetObjectId, line] of lines) {
    const label = line[attr];
    if (!isConsolidationFailure(label)) continue;
    const file = unusable.get(datasetObjectId)?.file;
    failed.push({ datasetObjectId, reason: label.consolidationError, ...(file !== undefined ? { file } : {}) });
    if (failed.length === namedAtMost) break;
  }
  return failed;
}

/** How many lines under `attr` hold a consolidationError. */
export function failedCount(lines: ReadonlyMap<string, JsonObject>, attr: string): number {
  let n = 0;
  for (const line of lines.values()) if (isConsolidationFailure(line[attr])) n++;
  return n;
}

/** A problem as one sentence, as gtkit consolidate printed its problems before they were objects. */
export function problemLine(p: ReplayProblem): string {
  return `${p.where}: ${p.message}`;
}

/**
 * A warning as --json gives it: something the run went on with unchanged and --strict does not
 * count, in a problem's shape, marked as gtkit run --json marks the warnings among its problems.
 */
export interface ConsolidateWarning extends ReplayProblem {
  severity: 'warning';
}

export function warning(stage: ReplayProblem['stage'], where: string, message: string): ConsolidateWarning {
  return { stage, where, message, severity: 'warning' };
}

/** What is wrong with a consolidation request, as a warning: the requests only add each line's data. */
export function requestWarning(problem: ReplayProblem): ConsolidateWarning {
  return warning(problem.stage, problem.where, problem.message);
}

/** A problem of one object (its answers set aside, its line cut short), where gtkit run names the object by its line. */
export function objectProblem(id: string, message: string): ReplayProblem {
  return { stage: 'acs', where: `datasetObjectId ${id}`, message };
}

/** One note per replaced answer (the first `shown`), then how many more, as gtkit run says them. */
export function replacedNotes(replaced: readonly ReplacedResponse[], shown: number): string[] {
  const notes = replaced.slice(0, shown).map((r) => `note: worker ${JSON.stringify(r.workerId)} answered object ${r.datasetObjectId} again: ${r.where} is replaced by ${r.replacedBy}; only the later answer counts`);
  if (replaced.length > shown) notes.push(`note: … ${replaced.length - shown} more answer(s) replaced the same way, ${replaced.length} in all (see --json)`);
  return notes;
}
