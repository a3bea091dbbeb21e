import type { Context } from 'aws-lambda';
import type { AcsResponse } from '../contracts/acs.ts';
import type { PreResponse } from '../contracts/pre.ts';
import { describeType, isObject, type JsonObject } from '../contracts/check.ts';
import { parseAcsResponse } from '../contracts/acs.ts';
import { parsePreResponse } from '../contracts/pre.ts';
import { createLambdaContext } from './context.ts';

type Handler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * Invokes a handler the way the Lambda runtime does: the event goes through a JSON round trip
 * (so nothing that would not survive the wire reaches the handler) and so does the result.
 */
export async function invokeHandler<R>(handler: Handler<unknown, R>, event: unknown, context: Context = createLambdaContext()): Promise<R> {
  if (typeof handler !== 'function') throw new TypeError(`invoke: expected the handler function (e.g. the module's exported handler), got ${describeType(handler)}`);
  const wireEvent: unknown = JSON.parse(JSON.stringify(event));
  const result = await handler(wireEvent, context);
  return (result === undefined ? undefined : JSON.parse(JSON.stringify(result))) as R;
}

/**
 * The task input type a PRE handler declares: `T | SkippedTaskInput` for `preHandler<T>` (a line
 * skipped under `onInvalidDataObject: 'skip'` has `{ gtkitSkipped }` instead), else any JSON object
 * (a handler typed loosely, or one returning `any`).
 */
export type PreTaskInputOf<H> = H extends Handler<never, infer R> ? (0 extends 1 & R ? JsonObject : R extends PreResponse<infer T extends object> ? T : JsonObject) : JsonObject;

/**
 * Invokes a PRE handler and checks its response against the contract. The response is typed as
 * the handler declares it, so a typed test needs no cast: narrow a `preHandler` response with
 * `'gtkitSkipped' in response.taskInput` when the handler may skip lines.
 */
export async function invokePre<H extends Handler<unknown, unknown>>(handler: H, event: unknown, context?: Context): Promise<PreResponse<PreTaskInputOf<H>>> {
  // parsePreResponse checked the shape; the fields' types are the handler's, after a JSON round trip.
  return parsePreResponse(await invokeHandler(handler, event, context)) as PreResponse<PreTaskInputOf<H>>;
}

/** Invokes an ACS handler and checks one entry per expected id, keyed by the label attribute. */
export async function invokeAcs(
  handler: Handler<unknown, unknown>,
  event: { labelAttributeName: string },
  expectedIds?: Iterable<string>,
  context?: Context,
): Promise<AcsResponse> {
  // The response is checked against the event's label attribute, so say so before invoking.
  const labelAttributeName: unknown = isObject(event) ? event.labelAttributeName : undefined;
  if (typeof labelAttributeName !== 'string') throw new TypeError(`invokeAcs: expected an ACS event with a labelAttributeName string (build one with buildAcsEvent), got ${isObject(event) ? `labelAttributeName ${describeType(labelAttributeName)}` : describeType(event)}`);
  const response = await invokeHandler(handler, event, context);
  return parseAcsResponse(response, { labelAttributeName: event.labelAttributeName, ...(expectedIds ? { expectedIds } : {}) });
}
