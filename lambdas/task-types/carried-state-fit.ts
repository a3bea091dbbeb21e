import { isObject } from '../contracts/check.ts';

/**
 * How a carried worker-quality state fits the algorithm and the labels it is used with: a state
 * of another algorithm (the config changed mid-job) or of other classes (a label renamed, another
 * task's state) is used only in part or not at all, which must be said. The ACS's warning and
 * `gtkit consolidate --prior` use these same words.
 */

/** Names shown in one sentence at most; the rest are counted. */
const namesShown = 10;

/** `it holds the state of dawid-skene, not one-coin-dawid-skene's` (`held`: the algorithms whose states the carried state holds). */
export function heldStatesPhrase(held: readonly string[], name: string): string {
  return `it holds ${held.length === 0 ? "no algorithm's state" : `the state of ${held.join(', ')}`}, not ${name}'s`;
}

/** The classes of a carried state and the task's labels that the other lacks, and how many they share. */
export interface ClassMismatch {
  /** The state's classes that are not task labels: their counts are carried on but not used. */
  stateOnly: string[];
  /** The task's labels the state lacks: they start without counts. */
  taskOnly: string[];
  shared: number;
}

/**
 * How the classes a carried state records (a Dawid–Skene state's `classes`) and the task's labels
 * differ, or undefined when they are the same set (in any order), when the state records no classes
 * (majority vote's) or when the task names no labels (the state's classes are then the labels).
 */
export function stateClassMismatch(state: unknown, labels: readonly string[]): ClassMismatch | undefined {
  if (!isObject(state) || !Array.isArray(state.classes) || labels.length === 0) return undefined;
  return classMismatch(state.classes.filter((c): c is string => typeof c === 'string'), labels);
}

function classMismatch(classes: readonly string[], labels: readonly string[]): ClassMismatch | undefined {
  const inState = new Set(classes);
  const inTask = new Set(labels);
  const stateOnly = classes.filter((c) => !inTask.has(c));
  const taskOnly = labels.filter((l) => !inState.has(l));
  if (stateOnly.length === 0 && taskOnly.length === 0) return undefined;
  return { stateOnly, taskOnly, shared: labels.length - taskOnly.length };
}

/**
 * What differs and what it does, as one sentence: `its classes cat, dog are not among the task's
 * labels (their counts are carried on, unused); the task's labels pos, neg are not in it (they
 * start without counts); the 1 shared class keeps its counts`, or, with no class in common, that
 * nothing of it is used (`what` names what starts afresh: "this batch starts afresh for dawid-skene").
 */
export function classMismatchPhrase({ stateOnly, taskOnly, shared }: ClassMismatch, what: string): string {
  const parts = [
    ...(stateOnly.length > 0 ? [`its ${stateOnly.length === 1 ? 'class' : 'classes'} ${names(stateOnly)} ${stateOnly.length === 1 ? 'is' : 'are'} not among the task's labels (${stateOnly.length === 1 ? 'its' : 'their'} counts are carried on, unused)`] : []),
    ...(taskOnly.length > 0 ? [`the task's ${taskOnly.length === 1 ? 'label' : 'labels'} ${names(taskOnly)} ${taskOnly.length === 1 ? 'is' : 'are'} not in it (${taskOnly.length === 1 ? 'it starts' : 'they start'} without counts)`] : []),
  ];
  const outcome = shared === 0 ? `no class is shared, so ${what}` : `the ${shared} shared class${shared === 1 ? '' : 'es'} keep${shared === 1 ? 's' : ''} ${shared === 1 ? 'its' : 'their'} counts`;
  return [...parts, outcome].join('; ');
}

function names(list: readonly string[]): string {
  const shown = list.slice(0, namesShown).map((n) => JSON.stringify(n));
  return list.length > namesShown ? `${shown.join(', ')} and ${list.length - namesShown} more` : shown.join(', ');
}
