import { isObject } from '../../lambdas/contracts/check.ts';
import { getOwn } from '../../lambdas/contracts/own-property.ts';
import { algorithms, getAlgorithm, type AlgorithmName } from '../../lambdas/consolidation/registry.ts';
import { stateUriUnder } from '../../lambdas/handlers/acs-state.ts';
import { readSharedState, sharedStateLayout } from '../../lambdas/handlers/acs-shared-state.ts';
import { silentLogger } from '../../lambdas/handlers/logger.ts';
import type { ObjectStore } from '../../lambdas/io/object-store.ts';
import { taskStateMerge, type TaskState } from '../../lambdas/task-types/task-state.ts';
import { heldStatesPhrase } from '../../lambdas/task-types/carried-state-fit.ts';
import { UsageError } from '../cli/exit-codes.ts';
import { shownPath } from '../cli/paths.ts';
import { writeWhole } from '../cli/write-whole.ts';
import type { ReplayProblem } from '../run/replay.ts';

/** The algorithms that carry a state from batch to batch (what --prior and --state-out take). */
export function statefulAlgorithms(): string[] {
  return Object.values(algorithms)
    .filter((a) => a.readState && a.mergeStates)
    .map((a) => a.name);
}

/** A --prior or --state-out given with an algorithm that carries no state is a usage error that names those that do. */
export function checkCarriesState(flag: string, name: AlgorithmName): void {
  if (getAlgorithm(name).readState) return;
  throw new UsageError(`${flag}: ${name} carries no state from batch to batch; ${flag} goes with ${statefulAlgorithms().join(', ')}`);
}

/**
 * The algorithm's state in a --prior value read from `shown`: the state itself (as --state-out
 * writes it, and as the library's `prior` takes it), or a task state (a part, the one-object
 * `consolidation.json`, or a snapshot of the job's `annotations/gtkit-state/`), from which the
 * algorithm's own state is taken. The algorithm's own reader checks it, so a state of another
 * algorithm is refused in the library's words.
 */
export function priorOfAlgorithm(value: unknown, name: AlgorithmName, shown: string): unknown {
  const state = ownState(value, name, shown);
  try {
    return getAlgorithm(name).readState?.(state);
  } catch (error) {
    throw new UsageError(`--prior ${shown}: ${(error as Error).message}`);
  }
}

/** The algorithm's state inside a task state or a snapshot of one; anything else is taken as the state itself. */
function ownState(value: unknown, name: AlgorithmName, file: string): unknown {
  const task = isObject(value) && isObject(value.state) && Object.hasOwn(value, 'parts') ? value.state : value;
  if (!isObject(task) || !isObject(task.states)) return value;
  const own = getOwn(task.states, name);
  if (own !== undefined) return own;
  const held = Object.keys(task.states);
  throw new UsageError(`--prior ${file}: ${heldStatesPhrase(held, name)}; give --algorithm ${held[0] ?? '<the job\'s algorithm>'}, or a state of ${name}`);
}

/** Puts the prior where the ACS reads the carried state, under the job's annotations, as the first batch's start. */
export async function seedState(store: ObjectStore, annotations: string, name: AlgorithmName, state: unknown): Promise<void> {
  const task: TaskState = { version: 1, states: { [name]: state } };
  await store.putText(stateUriUnder(annotations), JSON.stringify(task));
}

/** The carried state after the last batch, as the ACS stored it (every batch's part added up), for the algorithm; undefined when none was stored. */
export async function finalState(store: ObjectStore, annotations: string, name: AlgorithmName): Promise<unknown> {
  const read = await readSharedState(store, sharedStateLayout(stateUriUnder(annotations)), '', taskStateMerge, silentLogger);
  if (read?.json === undefined) return undefined;
  return getOwn((JSON.parse(read.json) as TaskState).states, name);
}

/** Writes --state-out; a run that carried no state (no batch had answers to learn from) says so among the problems instead. */
export async function writeState(file: string, state: unknown, problems: ReplayProblem[]): Promise<string | undefined> {
  if (state === undefined) {
    problems.push({ stage: 'acs', where: file, message: 'no state was carried for --state-out (no batch had answers to learn from, or the ACS keeps its state elsewhere); nothing written' });
    return undefined;
  }
  await writeWhole(file, `${JSON.stringify(state)}\n`, 'give --state-out a file in a folder gtkit may write');
  return shownPath(file);
}
