import { thrownReason } from '../contracts/check.ts';
import type { AcsContext, AcsLabel, AcsObject } from './acs-types.ts';
import { ConsolidationThrew } from './acs-thrown.ts';
import { mapLimited } from './concurrency.ts';
import { OrderedState } from './ordered-state.ts';

/**
 * One call at a time unless the function asks for more: with several at once, a call's state
 * load waits for every earlier object to finish, so a consolidator that shares one load's
 * promise across objects (a per-batch cache) would wait on itself until the Lambda times out.
 * 16 is a good setting for one that reads S3 per object and loads the state in each call (the
 * S3 client keeps 50 sockets by default).
 */
export const defaultObjectConcurrency = 1;
/** More at once gains nothing inside one Lambda; a larger number is more likely a slip. */
export const maxObjectConcurrency = 256;

/**
 * Runs `consolidateObject` over the objects, at most `limit` at once, and gives each object's
 * outcome in input order: its label, or an Error with the reason it threw. One failing object
 * never fails another. Each call sees the batch state as if the calls ran one by one in input
 * order ({@link OrderedState}), so the outcomes and the saved state do not depend on which call
 * finishes first.
 */
export function consolidateEachObject<TAnswer, TLabel>(
  objects: ReadonlyArray<AcsObject<TAnswer>>,
  consolidateObject: (object: AcsObject<TAnswer>, context: AcsContext) => AcsLabel<TLabel> | Promise<AcsLabel<TLabel>>,
  context: AcsContext,
  limit: number,
): Promise<Array<AcsLabel<TLabel> | Error>> {
  const state = new OrderedState(context.state, objects.length);
  return mapLimited(objects, limit, async (object, i) => {
    try {
      return await consolidateObject(object, { ...context, state: state.view(i) });
    } catch (error) {
      return new ConsolidationThrew(thrownReason(error, 'consolidateObject'), error);
    } finally {
      state.finish(i);
    }
  });
}
