import type { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import type { JsonObject } from '../contracts/check.ts';
import { ContractError } from '../contracts/errors.ts';
import { parsePreEvent, type DataObject, type PreEvent, type PreResponse } from '../contracts/pre.ts';
import { dataObjectLogFields } from './log-fields.ts';
import { defaultLogger, type HandlerLogger } from './logger.ts';
import type { AsyncHandler } from './types.ts';
import { jsonText, leftOutOfJson } from './json-check.ts';
import { child, describeType, describeValue, isObject } from '../contracts/check.ts';
import { aLogger, oneOf, optionsProblem, withMethods } from './option-rules.ts';
import { InvalidDataObjectError } from './pre-errors.ts';
import { textReaders, type ReadableStore, type ReadText } from './pre-read-text.ts';
import { lambdaResponseLimitBytes } from './limits.ts';

export { InvalidDataObjectError } from './pre-errors.ts';
export type { ReadText } from './pre-read-text.ts';

/**
 * A task input type: an object that JSON writes as an object. An array, a Date, a Map or
 * anything with toJSON() is refused by the types as the handler refuses it when it runs.
 */
export type TaskInputObject = object & { readonly [Symbol.iterator]?: never; readonly toJSON?: never };

/** What a PRE function returns for one data object. */
export interface PreResult<TTaskInput extends object> {
  taskInput: TTaskInput;
  /** Defaults to true. `false` keeps the object away from workers. */
  isHumanAnnotationRequired?: boolean;
}

export interface PreFunctionContext {
  event: PreEvent;
  lambdaContext: Context;
  logger: HandlerLogger;
  /**
   * Reads an object's text by its `s3://bucket/key` URI (strict UTF-8, a byte-order mark dropped),
   * for a task whose workers need the text itself, not a link to it: Ground Truth gives the PRE
   * only the manifest line. In Lambda it reads S3 with the function's role; under `gtkit run` and
   * `gtkit preview`, the task's local copy `s3/<bucket>/<key>`. A missing object, one that is not
   * UTF-8 or one over Lambda's 6 MB response limit throws `InvalidDataObjectError` naming the URI.
   *
   * @example
   * preHandler(async (line, { readText }) => ({ taskInput: { text: await readText(line['source-ref'] ?? '') } }))
   */
  readText: ReadText;
}

export interface PreHandlerOptions {
  /**
   * What to do with a data object that is malformed (no `source`/`source-ref`, or the function
   * threw `InvalidDataObjectError`):
   * - `'fail'` (default): throw with a clear message. Ground Truth then fails the whole job,
   *   which is right when a bad manifest should stop everything.
   * - `'skip'`: log the reason and return `isHumanAnnotationRequired: false` with a taskInput of
   *   `{ gtkitSkipped: { reason } }`, so no worker sees the object and the job goes on.
   * Other exceptions from the function always fail: they are bugs, not data problems.
   * Either way the log line names the line's `source-ref` and field names, never its values.
   */
  onInvalidDataObject?: 'fail' | 'skip';
  logger?: HandlerLogger;
  /** Where `readText` reads (tests: a MemoryObjectStore or LocalObjectStore); default S3. */
  store?: ReadableStore;
  /** The S3 client `readText` uses in Lambda; default one per container, made at the first read. */
  s3Client?: S3Client;
}

/** Lambda's synchronous response limit; a larger taskInput cannot be returned. */
const maxResponseBytes = lambdaResponseLimitBytes;

/**
 * Turns a small typed function into a pre-annotation Lambda handler. The function gets the
 * manifest line and returns the task input; the handler parses the event, applies the
 * malformed-object policy and always returns a real boolean `isHumanAnnotationRequired`.
 *
 * @example
 * export const handler = preHandler<{ taskObject: string; labels: string[] }>((line) => ({
 *   taskInput: { taskObject: line['source-ref'] ?? line.source ?? '', labels: ['cat', 'dog'] },
 * }));
 */
export function preHandler<TTaskInput extends TaskInputObject, TData extends DataObject = DataObject>(
  fn: (dataObject: TData, context: PreFunctionContext) => PreResult<TTaskInput> | Promise<PreResult<TTaskInput>>,
  options: PreHandlerOptions = {},
): AsyncHandler<unknown, PreResponse<TTaskInput | SkippedTaskInput>> {
  checkPreArguments(fn, options);
  const policy = options.onInvalidDataObject ?? 'fail';
  const readTextFor = textReaders(options);
  return async (rawEvent, lambdaContext) => {
    const logger = options.logger ?? defaultLogger();
    // A test or script may call handler(event) alone; Powertools reads the context's fields.
    if (lambdaContext) logger.addContext?.(lambdaContext);
    let event: PreEvent;
    try {
      event = parsePreEvent(rawEvent);
    } catch (error) {
      if (policy === 'skip' && error instanceof ContractError && isObjectWithDataObject(rawEvent) && onlyDataObjectIssues(error)) {
        return skip(logger, error.message, rawEvent);
      }
      logger.error('invalid PRE event', { error: (error as Error).message });
      throw error;
    }
    let result: PreResult<TTaskInput>;
    try {
      result = await fn(event.dataObject as TData, { event, lambdaContext, logger, readText: readTextFor(lambdaContext) });
    } catch (error) {
      if (error instanceof InvalidDataObjectError) {
        if (policy === 'skip') return skip(logger, error.message, event);
        logger.error('invalid data object', { reason: error.message, ...dataObjectLogFields(event.dataObject) });
        throw new Error(`invalid data object: ${error.message}`, { cause: error });
      }
      throw error;
    }
    return toResponse(result);
  };
}

/** Refuses, when the handler is built, what would otherwise fail at the first invocation or silently be the default. */
function checkPreArguments(fn: unknown, options: unknown): void {
  if (typeof fn !== 'function') throw new TypeError(`preHandler: expected a function (dataObject, context) => ({ taskInput }), got ${describeValue(fn)}`);
  if (!isObject(options)) throw new TypeError(`preHandler: expected options { onInvalidDataObject?, logger?, store?, s3Client? }, got ${describeValue(options)}`);
  const problem = optionsProblem('preHandler', options, {
    onInvalidDataObject: oneOf('fail', 'skip'),
    logger: aLogger,
    store: withMethods('an object store { getText }', ['getText']),
    s3Client: withMethods('an S3Client', ['send']),
  } satisfies { [K in keyof Required<PreHandlerOptions>]: unknown });
  if (problem) throw new TypeError(`preHandler: ${problem}`);
}

/** The task input of an object skipped under the `'skip'` policy. */
export interface SkippedTaskInput extends JsonObject {
  gtkitSkipped: { reason: string };
}

function skip(logger: HandlerLogger, reason: string, event: unknown): PreResponse<SkippedTaskInput> {
  logger.warn('data object skipped', { reason, ...dataObjectLogFields((event as { dataObject?: unknown }).dataObject) });
  return { taskInput: { gtkitSkipped: { reason } }, isHumanAnnotationRequired: false };
}

function isObjectWithDataObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'dataObject' in value;
}

/** Only a problem with the manifest line may skip it: one with the event itself would skip every line of the job. */
function onlyDataObjectIssues(error: ContractError): boolean {
  return error.issues.every((issue) => issue.path === 'event.dataObject' || issue.path.startsWith('event.dataObject.') || issue.path.startsWith('event.dataObject['));
}

/** The bytes of the response around its task input: `{"taskInput":…,"isHumanAnnotationRequired":false}` at most. */
const envelopeBytes = Buffer.byteLength(JSON.stringify({ taskInput: null, isHumanAnnotationRequired: false })) - 'null'.length;

function toResponse<TTaskInput extends object>(result: PreResult<TTaskInput>): PreResponse<TTaskInput> {
  if (!isObject(result)) throw new TypeError(`the PRE function must return { taskInput: { … } }, got ${describeValue(result)}`);
  if (!isObject(result.taskInput)) throw new TypeError(`the PRE function must return { taskInput: { … } } with taskInput a plain object, got taskInput ${describeValue(result.taskInput)}`);
  const flag: unknown = result.isHumanAnnotationRequired;
  if (flag !== undefined && typeof flag !== 'boolean') {
    throw new TypeError(`isHumanAnnotationRequired must be a boolean, got ${flag === null ? 'null' : `${describeType(flag)} ${JSON.stringify(flag) ?? String(flag)}`}`);
  }
  const response: PreResponse<TTaskInput> = { taskInput: result.taskInput, isHumanAnnotationRequired: flag !== false };
  const json = jsonText(response.taskInput, 'taskInput');
  if ('problem' in json) throw new TypeError(`the PRE response is not JSON: ${json.problem}`);
  const shape = taskInputShapeProblem(response.taskInput, json.text);
  if (shape) throw new TypeError(`the PRE response is not what Ground Truth reads: ${shape}`);
  const bytes = Buffer.byteLength(json.text) + envelopeBytes;
  if (bytes > maxResponseBytes) {
    throw new Error(`the PRE response is ${bytes} bytes, over Lambda's 6 MB limit: put large data on S3 and pass its URI in taskInput`);
  }
  return response;
}

/**
 * Why the task input, as JSON writes it, is not the JSON object Ground Truth needs, or
 * undefined: a Date or an object with toJSON() is written as what that gives (a string, an
 * array), and a function or Symbol value is left out with its key.
 */
function taskInputShapeProblem(taskInput: object, text: string): string | undefined {
  if (!text.startsWith('{')) {
    const what = taskInput instanceof Date ? 'is a Date' : 'has a toJSON() method';
    return `taskInput ${what}, so JSON writes it as ${jsonKind(text)} (${text.length > 60 ? `${text.slice(0, 60)}…` : text}); Ground Truth needs a JSON object: return a plain object { … }`;
  }
  if (typeof (taskInput as { toJSON?: unknown }).toJSON === 'function') return undefined;
  // undefined is left out too, but there it means "absent", as JavaScript writes it.
  const dropped = Object.entries(taskInput).flatMap(([k, v]) => {
    const kind = v === undefined ? undefined : leftOutOfJson(v);
    return kind ? [`${child('taskInput', k)} is ${kind}`] : [];
  });
  if (dropped.length === 0) return undefined;
  return `${dropped.join(', ')}, which JSON leaves out with ${dropped.length === 1 ? 'its key' : 'their keys'}; give a JSON value, or leave the key out`;
}

/** The kind of JSON value a JSON text is, from its first character. */
function jsonKind(text: string): string {
  const first = text[0];
  if (first === '[') return 'an array';
  if (first === '"') return 'a string';
  if (first === 'n') return 'null';
  if (first === 't' || first === 'f') return 'a boolean';
  return 'a number';
}
