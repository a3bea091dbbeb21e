import { child, describeType, isObject } from '../contracts/check.ts';
import { getOwn } from '../contracts/own-property.ts';
import type { AnyAlgorithm } from '../consolidation/registry.ts';
import type { StateMerge } from '../handlers/acs-types.ts';

/**
 * A task's consolidation state, one part per batch (`context.state.contribute`), added up across
 * the job (`context.state.loadShared`): each learning algorithm's own state, under its name, and
 * the output's class order when the labels come from the answers (no labels in the task or the
 * event). Keeping each algorithm's state under its name means a switch of algorithm mid-job and
 * back finds the earlier one again.
 */
export interface TaskState {
  version: 1;
  states: Record<string, unknown>;
  outputClasses?: string[];
}

/**
 * Reads and adds up parts of a task's state, with the states of `algorithms` (an answer kind's:
 * `classAnswers.algorithms`; a state under any other name is refused, as one gtkit cannot read).
 * A part written before states were kept per algorithm (one algorithm's state, its class order
 * beside it under `outputClasses`, or a Dawid–Skene state's own `classes` when there was none) is
 * read as such a part; an object that is neither (`{}`) is refused.
 */
export function taskStateMergeOf(algorithms: Readonly<Record<string, AnyAlgorithm>>): StateMerge<TaskState> {
  return {
    read(value) {
      if (!isObject(value)) throw new TypeError(`expected an object, got ${describeType(value)}`);
      if (!Object.hasOwn(value, 'states')) {
        // Every state written before states were kept per algorithm named its algorithm: an object
        // with neither (`{}`) is damage, not an empty state.
        if (typeof value.algorithm !== 'string') throw new TypeError(`expected a task state { "version": 1, "states": { … } } or one algorithm's state (with its "algorithm"), got an object with neither ${Object.keys(value).length === 0 ? '(it is empty)' : `(its keys: ${Object.keys(value).slice(0, 5).join(', ')})`}`);
        return fromOneAlgorithm(value, algorithms);
      }
      if (value.version !== 1) throw new TypeError(`version: expected 1, got ${JSON.stringify(value.version)}`);
      if (!isObject(value.states)) throw new TypeError(`states: expected an object, got ${describeType(value.states)}`);
      const states: Record<string, unknown> = {};
      for (const [name, state] of Object.entries(value.states)) {
        const algorithm = getOwn(algorithms, name);
        // Only states gtkit can read and add up are carried: anything else would be passed on unread.
        if (!algorithm?.readState || !algorithm.mergeStates) throw new TypeError(`${child('states', name)}: not an algorithm that carries state`);
        states[name] = algorithm.readState(state);
      }
      return withOrder({ version: 1, states }, value.outputClasses);
    },
    merge(parts) {
      const byAlgorithm = new Map<string, unknown[]>();
      for (const part of parts) for (const [name, state] of Object.entries(part.states)) byAlgorithm.set(name, [...(byAlgorithm.get(name) ?? []), state]);
      const states: Record<string, unknown> = {};
      for (const [name, list] of byAlgorithm) states[name] = (getOwn(algorithms, name)?.mergeStates as (s: readonly unknown[]) => unknown)(list);
      const orders = parts.filter((p) => p.outputClasses !== undefined);
      return withOrder({ version: 1, states }, orders.length > 0 ? orders.flatMap((p) => p.outputClasses ?? []) : undefined);
    },
  };
}

/** A state of one algorithm, as the single state object held it. */
function fromOneAlgorithm(value: Record<string, unknown>, algorithms: Readonly<Record<string, AnyAlgorithm>>): TaskState {
  const { outputClasses, ...own } = value;
  const algorithm = typeof own.algorithm === 'string' ? getOwn(algorithms, own.algorithm) : undefined;
  const states: Record<string, unknown> = {};
  // A stateless algorithm's record held only the class order.
  if (algorithm?.readState && algorithm.mergeStates) states[algorithm.name] = algorithm.readState(own);
  return withOrder({ version: 1, states }, outputClasses ?? own.classes);
}

function withOrder(state: TaskState, order: unknown): TaskState {
  const classes = labelList(order);
  return order === undefined ? state : { ...state, outputClasses: classes };
}

/** The distinct non-empty strings of a list, in order; anything else (a damaged state) gives none. */
export function labelList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return [...new Set(value.filter((l): l is string => typeof l === 'string' && l !== ''))];
}
