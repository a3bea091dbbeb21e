import { storeBackedState } from '../handlers/acs-state.ts';
import { silentLogger } from '../handlers/logger.ts';
import type { ObjectStore } from '../io/object-store.ts';
import { taskStateMerge, type TaskState } from '../task-types/task-state.ts';

/** No batch's id (ids are hex digits): every stored part is counted. */
const noBatch = '-'.repeat(32);

/**
 * The consolidation state a task's ACS has carried so far at `stateUri` (by default
 * `<outputConfig>/gtkit-state/consolidation.json`): every batch's part added up, as the job's next
 * batch would load it. For tests and for looking at what a job has learnt.
 */
export function loadTaskState(store: ObjectStore, stateUri: string): Promise<TaskState | undefined> {
  return storeBackedState(store, stateUri, silentLogger, () => noBatch).loadShared(taskStateMerge);
}
