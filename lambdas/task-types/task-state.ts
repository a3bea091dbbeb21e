import { algorithms } from '../consolidation/registry.ts';
import { taskStateMergeOf, type TaskState } from './state-merge.ts';
import type { StateMerge } from '../handlers/acs-types.ts';

export { labelList, taskStateMergeOf, type TaskState } from './state-merge.ts';

/**
 * Reads and adds up parts of a task's state with every registered algorithm's states: for tools
 * that read a job's state without knowing its type (`gtkit consolidate`, `readTaskState`). An ACS
 * reads its own answer kind's only (`taskStateMergeOf(classAnswers.algorithms)`).
 */
export const taskStateMerge: StateMerge<TaskState> = /* @__PURE__ */ taskStateMergeOf(algorithms);
