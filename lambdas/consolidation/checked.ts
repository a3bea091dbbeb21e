import { isObject } from '../contracts/check.ts';
import { ContractError, type ContractIssue } from '../contracts/errors.ts';
import { checkOptions } from './options.ts';
import { checkRecords } from './records.ts';
import type { Algorithm, ConsolidationResult } from './types.ts';

/**
 * The algorithm with its arguments checked on every call, as the task config's are at cold
 * start: the records' shape for its kind of answer ({@link checkRecords}, a TypeError), and the
 * options against its `optionSpecs` with the config check's messages (a ContractError). A carried
 * `prior` goes through the algorithm's own `readState`. Without this, a call from plain
 * JavaScript with `iouThreshold: 5` or object answers returned a wrong result without a word.
 * The checks are one pass over the records, small beside any algorithm.
 */
export function checked<A, L, O = Record<string, unknown>, S = unknown>(algorithm: Algorithm<A, L, O, S>): Algorithm<A, L, O, S> {
  const consolidate = algorithm.consolidate;
  return {
    ...algorithm,
    consolidate(records, options) {
      const issues = optionIssues(algorithm, options);
      if (issues.length > 0) throw new ContractError(`${algorithm.name} options`, issues);
      checkRecords(records, algorithm.kind);
      const result = consolidate(records, options);
      return algorithm.mergeStates ? withState(result, options?.prior, algorithm.mergeStates) : result;
    },
  };
}

/**
 * For an algorithm whose states add up, the state carried on: the prior as it was plus this
 * batch's own part (`batchState`). Added up only when read: the ACS keeps `batchState` alone, and
 * the sum of a large job's state costs tens of ms per batch. Worked out here, so that an algorithm
 * returns its `batchState` and `mergeStates` and no `state` of its own.
 */
function withState<L, S>(result: ConsolidationResult<L, S>, prior: S | undefined, mergeStates: (states: readonly S[]) => S): ConsolidationResult<L, S> {
  const { batchState } = result;
  if (batchState === undefined) return result;
  let state: S | undefined;
  return {
    ...result,
    get state(): S {
      state ??= prior ? mergeStates([prior, batchState]) : batchState;
      return state;
    },
  };
}

function optionIssues<A, L, O, S>(algorithm: Algorithm<A, L, O, S>, options: unknown): ContractIssue[] {
  if (!algorithm.readState || !isObject(options) || !Object.hasOwn(options, 'prior')) return checkOptions(algorithm.optionSpecs, options, 'options');
  const { prior, ...rest } = options;
  const issues = checkOptions(algorithm.optionSpecs, rest, 'options');
  if (prior !== undefined) {
    try {
      algorithm.readState(prior);
    } catch (error) {
      issues.push({ path: 'options.prior', problem: (error as Error).message });
    }
  }
  return issues;
}
