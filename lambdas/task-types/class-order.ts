import { isObject } from '../contracts/check.ts';

/**
 * Where the carried state keeps the output's class order when the labels come from the answers
 * (no labels in the task or the event), beside the algorithm's own state and out of its sight.
 */
const classOrderKey = 'outputClasses';

/** A carried state split into the algorithm's own part and the class order kept beside it. */
export interface CarriedState {
  own: unknown;
  classOrder: string[];
}

/**
 * Splits a loaded state. A state saved before the order was kept beside it (a Dawid–Skene
 * state) gives its own `classes`, which were the output's order then.
 */
export function splitCarriedState(saved: unknown): CarriedState {
  if (!isObject(saved)) return { own: saved, classOrder: [] };
  if (!Object.hasOwn(saved, classOrderKey)) return { own: saved, classOrder: labelList(saved.classes) };
  const { [classOrderKey]: order, ...own } = saved;
  return { own, classOrder: labelList(order) };
}

/**
 * The state to save with the class order beside it. An algorithm that keeps no state of its own
 * keeps the one already there (say, a learning algorithm's before a switch of algorithm), so
 * switching back finds it; with none, a small record of its own.
 */
export function withClassOrder(state: unknown, carried: CarriedState, algorithm: string, classes: readonly string[]): unknown {
  if (state !== undefined && !isObject(state)) return state;
  const base = state ?? (isObject(carried.own) ? carried.own : { version: 1, algorithm });
  return { ...base, [classOrderKey]: [...classes] };
}

/** The distinct non-empty strings of a list; anything else (a damaged state) gives none. */
export function labelList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return [...new Set(value.filter((l): l is string => typeof l === 'string' && l !== ''))];
}
