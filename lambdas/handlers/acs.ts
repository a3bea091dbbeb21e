import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import type { Context } from 'aws-lambda';
import { parseAcsEvent, placeholderWorkerId, type AcsEvent, type AcsPayloadObject, type AcsResponse, type AcsResponseEntry } from '../contracts/acs.ts';
import type { DecodeOptions } from '../contracts/answer-content.ts';
import { child, describeValue, isObject, thrownReason, type JsonObject } from '../contracts/check.ts';
import type { RoleClientCache } from '../io/assume-role.ts';
import { LocalObjectStore } from '../io/local-store.ts';
import { joinS3Uri, type ObjectStore } from '../io/object-store.ts';
import { checkAcsOptions } from './acs-options.ts';
import { consolidateEachObject, defaultObjectConcurrency } from './acs-each-object.ts';
import { echoedAnswer } from './acs-echo.ts';
import { fitUnderLimit } from './acs-oversize.ts';
import { lambdaResponseLimitBytes } from './limits.ts';
import { answerPlace, parseBatchAnswers, readPayload, setAsideSummary, type ParsedObject, type SetAside } from './acs-read.ts';
import { defaultStateUri, storeBackedState } from './acs-state.ts';
import { batchIdOf } from './acs-shared-state.ts';
import { FailureWithLogReason, type AcsContext, type AcsLabel, type AcsObject, type ConsolidationFailure, type RejectedAnnotation } from './acs-types.ts';
import { defaultLogger, type HandlerLogger } from './logger.ts';
import { dryRunRoot } from './dry-run-hooks.ts';
import { lazyS3Store } from '../io/lazy-s3-store.ts';
import type { AsyncHandler } from './types.ts';
import { jsonText, leftOutOfJson } from './json-check.ts';
import { ConsolidationThrew } from './acs-thrown.ts';
import { cappedForLog, reasonForLog, thrownFields } from './log-fields.ts';

interface AcsCommonOptions<TAnswer> {
  /** Checks and types one worker's decoded answer; throw to set that answer aside with the reason. */
  parseAnswer?: (answer: unknown) => TAnswer;
  /**
   * Which credentials read the payload and the answers:
   * - `'function-role'` (default): the Lambda's own role (give it s3:GetObject on the output bucket);
   * - `'assume-event-role'`: assume the event's `roleArn` through STS first.
   */
  payloadAccess?: 'function-role' | 'assume-event-role';
  /** Injected clients (tests, custom endpoints). Defaults are created once per container. */
  s3Client?: S3Client;
  stsClient?: STSClient;
  /** Client settings for the S3 client made with the assumed role's credentials (region, endpoint). */
  assumedS3Config?: S3ClientConfig;
  /** Replaces S3 altogether (the dry run reads a local folder; tests use memory). */
  store?: ObjectStore | ((event: AcsEvent) => ObjectStore | Promise<ObjectStore>);
  logger?: HandlerLogger;
  decode?: DecodeOptions;
  /** Where cross-batch state lives; default `<outputConfig>/gtkit-state/consolidation.json`. */
  stateUri?: (event: AcsEvent) => string | undefined;
  /**
   * An earlier job's carried state to start this job's from: that job's
   * `s3://…/<job name>/annotations/gtkit-state/` folder (a chained job, or the next job of a stopped
   * one). Read when a batch finds this job's own shared state empty (`context.state.loadShared`),
   * added up as that job's batches added it, and saved as this job's one-object state, so that it
   * counts once in every later batch. The role needs s3:GetObject on that folder and s3:ListBucket
   * on its bucket.
   */
  seedState?: string;
  /**
   * A response over Lambda's 6 MB limit: `'error'` (default) throws `ResponseTooLargeError`;
   * `'offload'` writes the largest labels to `<outputConfig>/gtkit-offload/` and returns
   * `{"annotation-ref": "s3://…"}` in their place (a failed object's keeps its
   * `consolidationError` beside it).
   */
  onOversize?: 'error' | 'offload';
  responseLimitBytes?: number;
}

export type AcsHandlerOptions<TAnswer, TLabel> = AcsCommonOptions<TAnswer> &
  (
    | {
        /** Consolidates one object at a time (majority vote, box merge, …). */
        consolidateObject: (object: AcsObject<TAnswer>, context: AcsContext) => AcsLabel<TLabel> | Promise<AcsLabel<TLabel>>;
        /**
         * How many consolidateObject calls run at once: a whole number from 1 to 256, default 1
         * (16 overlaps the waits of a function that reads S3 per object). The response keeps input
         * order and each call sees `context.state` as if the calls ran one by one in input order:
         * a load waits until every earlier object has finished, so load in each call, never share
         * one load's promise across objects (that call would wait on itself). Keep 1 when the
         * function keeps its own memory from object to object.
         */
        objectConcurrency?: number;
        consolidateBatch?: never;
      }
    | {
        /**
         * Consolidates the whole batch at once (Dawid–Skene and other models that learn worker
         * quality across objects). Return a label for every id you can; ids left out get a
         * failure entry.
         */
        consolidateBatch: (
          objects: Array<AcsObject<TAnswer>>,
          context: AcsContext,
        ) => Map<string, AcsLabel<TLabel> | Error> | Promise<Map<string, AcsLabel<TLabel> | Error>>;
        consolidateObject?: never;
        objectConcurrency?: never;
      }
  );

/** Lambda's longest timeout: the time left assumed when a context cannot tell it. */
const longestInvocationMs = 900_000;

function remainingMs(lambdaContext: Context | undefined): number {
  return typeof lambdaContext?.getRemainingTimeInMillis === 'function' ? lambdaContext.getRemainingTimeInMillis() : longestInvocationMs;
}

/**
 * Turns a consolidation function into an annotation-consolidation Lambda handler. It reads the
 * payload (own role or the event's role), parses every answer, isolates per-object failures and
 * returns exactly one entry per input `datasetObjectId`, keyed by `labelAttributeName`. Its
 * options are checked when it is built: a misspelt name or value is a TypeError at cold start.
 *
 * An object that cannot be consolidated keeps its raw answers and the reason
 * (`{ consolidationError, rawAnnotations }`) and the rest of the batch goes on.
 *
 * @example
 * export const handler = acsHandler<{ category: { label: string } }, string>({
 *   consolidateObject: (object) => ({ label: mostCommon(object.annotations.map((a) => a.answer.category.label)) }),
 * });
 */
export function acsHandler<TAnswer = unknown, TLabel = unknown>(options: AcsHandlerOptions<TAnswer, TLabel>): AsyncHandler<unknown, AcsResponse> {
  checkAcsOptions(options);
  const functionRoleStore = lazyS3Store(options.s3Client);
  let roleClients: RoleClientCache | undefined;

  const storeFor = async (event: AcsEvent, lambdaContext: Context): Promise<ObjectStore> => {
    if (options.store) return typeof options.store === 'function' ? options.store(event) : options.store;
    const localRoot = dryRunRoot();
    if (localRoot) return new LocalObjectStore(localRoot);
    if (options.payloadAccess === 'assume-event-role') {
      if (!event.roleArn) throw new Error('payloadAccess is "assume-event-role" but the event has no roleArn');
      if (!roleClients) {
        const { RoleClientCache, s3ClientForRole } = await import('../io/assume-role.ts');
        const sts = options.stsClient ?? new (await import('@aws-sdk/client-sts')).STSClient({});
        roleClients = new RoleClientCache((roleArn) => s3ClientForRole(sts, roleArn, options.assumedS3Config));
      }
      const { S3ObjectStore } = await import('../io/s3-store.ts');
      return new S3ObjectStore(await roleClients.clientFor(event.roleArn, remainingMs(lambdaContext)));
    }
    return functionRoleStore();
  };

  const consolidateEvent = async (rawEvent: unknown, lambdaContext: Context, logger: HandlerLogger): Promise<AcsResponse> => {
    const event = parseAcsEvent(rawEvent);
    const store = await storeFor(event, lambdaContext);
    const payload = mergeRepeatedIds(await readPayload(event, store, logger), logger);
    const state = storeBackedState(store, (options.stateUri ?? defaultStateUri)(event), logger, () => batchIdOf(payload), options.seedState);
    const context: AcsContext = { event, lambdaContext, logger, store, state };
    const attr = event.labelAttributeName;

    const parsed = await parseBatchAnswers(payload, store, options.parseAnswer, options.decode ?? {});
    const outcomes = await consolidateAll(parsed.map((p) => p.object), options, context);

    const response: AcsResponse = payload.map((object, i) => toEntry(object, parsed[i] as ParsedObject<TAnswer>, outcomes.get(object.datasetObjectId), attr, logger));

    const bytes = Buffer.byteLength(jsonOrIsolate(response, payload, attr, logger));
    await fitUnderLimit(response, attr, bytes, {
      limit: options.responseLimitBytes ?? lambdaResponseLimitBytes,
      onOversize: options.onOversize,
      prefix: event.outputConfig ? joinS3Uri(event.outputConfig, 'gtkit-offload') : undefined,
      store,
      logger,
    });
    // Only now is the response final: a batch that failed above saved no state, so when it is
    // sent again its answers are not counted twice. A batch that gets here saves what it
    // contributed even when every object failed afterwards (a consolidateBatch that counted the
    // answers, then threw): the answers are real, and a batch sent again replaces its own part.
    await state.commit();
    logger.info('batch consolidated', {
      objects: response.length,
      failed: response.filter((e) => 'consolidationError' in Object(e.consolidatedAnnotation.content[attr])).length,
    });
    return response;
  };

  return async (rawEvent: unknown, lambdaContext: Context): Promise<AcsResponse> => {
    const logger = options.logger ?? defaultLogger();
    // A test or script may call handler(event) alone; Powertools reads the context's fields.
    if (lambdaContext) logger.addContext?.(lambdaContext);
    try {
      return await consolidateEvent(rawEvent, lambdaContext, logger);
    } catch (error) {
      // As a structured line beside the batch's other logs: the runtime's own report of the
      // error is plain text, which a query on the logger's fields does not find.
      logger.error('batch failed', { error: thrownReason(error, 'the handler'), ...thrownFields(error), payload: payloadUriOf(rawEvent) });
      throw error;
    }
  };
}

/** The payload URI of an event, for a log line, whether or not the event is valid. */
function payloadUriOf(rawEvent: unknown): unknown {
  return isObject(rawEvent) && isObject(rawEvent.payload) ? rawEvent.payload.s3Uri : undefined;
}

/**
 * Ground Truth should never repeat an id in one payload. If it does, the copies become one
 * object (at the first copy's place, with its data object) holding every copy's answers, so
 * that the label, the echoed answers and both consolidation modes see the same answers and
 * none is lost. An answer a later copy repeats exactly (same worker, same data) is the same
 * answer sent again and counts once.
 */
function mergeRepeatedIds(payload: AcsPayloadObject[], logger: HandlerLogger): AcsPayloadObject[] {
  const byId = new Map<string, { object: AcsPayloadObject; seen?: Set<string> }>();
  for (const object of payload) {
    const id = object.datasetObjectId;
    const first = byId.get(id);
    if (!first) {
      byId.set(id, { object: { ...object, annotations: [...object.annotations] } });
      continue;
    }
    const seen = (first.seen ??= new Set(first.object.annotations.map(answerKey)));
    let repeated = 0;
    // A loop: spreading a huge array into push() overflows the call stack.
    object.annotations.forEach((annotation, i) => {
      const key = answerKey(annotation);
      if (seen.has(key)) return void repeated++;
      seen.add(key);
      first.object.annotations.push(renumbered(annotation, id, i, first.object.annotations.length));
    });
    logger.warn('duplicate datasetObjectId in payload; its copies are merged into one object', { datasetObjectId: id, answers: object.annotations.length, repeatedAnswers: repeated });
  }
  return byId.size === payload.length ? payload : [...byId.values()].map((m) => m.object);
}

function answerKey(annotation: AcsPayloadObject['annotations'][number]): string {
  return JSON.stringify([annotation.workerId, annotation.annotationData.content, annotation.annotationData.s3Uri]);
}

/**
 * A later copy's answer without a worker id has the placeholder of its index in that copy,
 * which the first copy may use too; at its merged index it stays a worker of its own.
 */
function renumbered(annotation: AcsPayloadObject['annotations'][number], id: string, index: number, mergedIndex: number): AcsPayloadObject['annotations'][number] {
  return annotation.workerId === placeholderWorkerId(id, index) ? { ...annotation, workerId: placeholderWorkerId(id, mergedIndex) } : annotation;
}

async function consolidateAll<TAnswer, TLabel>(
  objects: Array<AcsObject<TAnswer>>,
  options: AcsHandlerOptions<TAnswer, TLabel>,
  context: AcsContext,
): Promise<Map<string, AcsLabel<TLabel> | Error>> {
  const out = new Map<string, AcsLabel<TLabel> | Error>();
  // Objects where no answer survived parsing cannot be consolidated by any algorithm.
  const usable = objects.filter((o) => {
    if (o.annotations.length > 0) return true;
    // Why the payload holds none is not known here (an expired task, a worker-response file that
    // could not be read): the reason says what the ACS saw, not that no worker answered.
    const why = o.rejected.length > 0 ? `none of the ${o.rejected.length} answers could be used` : 'no answers in the payload';
    out.set(o.datasetObjectId, new Error(why));
    return false;
  });
  if (options.consolidateBatch) {
    try {
      const results: unknown = await options.consolidateBatch(usable, context);
      if (!(results instanceof Map)) throw new TypeError(`consolidateBatch returned ${results === null ? 'null' : Array.isArray(results) ? 'an array' : typeof results}; return a Map from datasetObjectId to { label } or an Error`);
      for (const o of usable) out.set(o.datasetObjectId, results.get(o.datasetObjectId) ?? new Error(noResultReason(results, o.datasetObjectId)));
    } catch (error) {
      const reason = thrownReason(error, 'consolidateBatch');
      // One line for the batch, with where it was thrown and which request to replay: each object's
      // entry keeps the reason, without a line of its own that would only repeat this one.
      const ids = usable.map((o) => o.datasetObjectId);
      context.logger.error('batch consolidation failed; every object keeps its raw answers', {
        error: reason,
        ...thrownFields(error),
        payload: context.event.payload.s3Uri,
        ...cappedForLog('datasetObjectIds', 'datasetObjectIdCount', ids),
      });
      for (const o of usable) out.set(o.datasetObjectId, new ConsolidationThrew(reason, error, true));
    }
    return out;
  }
  const outcomes = await consolidateEachObject(usable, options.consolidateObject, context, options.objectConcurrency ?? defaultObjectConcurrency);
  usable.forEach((o, i) => out.set(o.datasetObjectId, outcomes[i] as AcsLabel<TLabel> | Error));
  return out;
}

/** Why a batch result has no entry for an id; ids are strings, and a Map keyed by numbers is an easy slip. */
function noResultReason(results: Map<unknown, unknown>, id: string): string {
  const asNumber = Number(id);
  if (id !== '' && results.has(asNumber)) return `consolidation returned no result for this object: the Map has the number ${asNumber} as a key; key it by the datasetObjectId string "${id}"`;
  return 'consolidation returned no result for this object';
}

function toEntry<TAnswer, TLabel>(
  raw: AcsPayloadObject,
  { object: parsed, setAside }: ParsedObject<TAnswer>,
  outcome: AcsLabel<TLabel> | Error | undefined,
  attr: string,
  logger: HandlerLogger,
): AcsResponseEntry {
  const id = raw.datasetObjectId;
  const problem = outcomeProblem(outcome, attr);
  if (problem !== undefined || !isLabel(outcome)) {
    const reason = problem ?? 'no result';
    // The log line's reason names no text a worker wrote: the failure's own log form, and the set-aside answers' reasons with what they quote digested.
    const logReason = outcome instanceof FailureWithLogReason ? outcome.logReason : reason;
    const withSetAside = (why: string, list: readonly SetAside[]) => (list.length > 0 ? `${why} (${setAsideSummary(list)})` : why);
    const reasons = { reason: withSetAside(reason, setAside), logReason: withSetAside(logReason, setAside.map((s) => ({ ...s, problem: reasonForLog(s.problem) }))) };
    return failureEntry(raw, reasons, attr, logger, outcome instanceof ConsolidationThrew ? outcome : undefined);
  }
  const content: JsonObject = { [attr]: outcome.label as unknown };
  const metadata: JsonObject = { ...(outcome.metadata ?? {}) };
  if (parsed.rejected.length > 0) {
    // The worker beside each reason: a reason names the answer by its place, which the operator looking for a worker's broken answers cannot see in the log.
    logger.warn('answers set aside', { datasetObjectId: id, rejected: parsed.rejected.map((r, i) => ({ workerId: r.workerId, reason: rejectionForLog(id, r, setAside[i]) })) });
    metadata['rejected-annotations'] = parsed.rejected.map((r) => echoedAnswer({ workerId: r.workerId, reason: r.reason }, r.annotationData));
  }
  if (Object.keys(metadata).length > 0) content[`${attr}-metadata`] = metadata;
  return { datasetObjectId: id, consolidatedAnnotation: { content } };
}

/**
 * A set-aside answer's reason for the log line: its place, and the problem with what the answer
 * held digested ({@link reasonForLog}); the output's `rejected-annotations` keep the whole reason.
 */
function rejectionForLog(datasetObjectId: string, rejected: RejectedAnnotation, setAside: SetAside | undefined): string {
  return setAside ? `${answerPlace(datasetObjectId, setAside.index)}${reasonForLog(setAside.problem)}` : reasonForLog(rejected.reason);
}

/** Why consolidation's outcome for an object cannot be its entry, or undefined when it can. */
function outcomeProblem(outcome: unknown, attr: string): string | undefined {
  if (outcome === undefined) return 'no result';
  // The reason of what was thrown, made (and cut) once; an Error the batch returned for the object is the user's, and may be as long or as hostile as a thrown one.
  if (outcome instanceof ConsolidationThrew) return outcome.message;
  if (outcome instanceof Error) return thrownReason(outcome, 'consolidation', 'returned');
  if (!isObjectWith(outcome, 'label')) return `consolidation returned ${describeValue(outcome)}, not { label }; return { label: … }, or throw to mark the object failed`;
  const { label, metadata } = outcome as { label: unknown; metadata?: unknown };
  if (label === undefined) return 'consolidation returned { label: undefined }; return the label, or throw to mark the object failed';
  // JSON leaves such a label out with its key: the entry would have no label attribute at all.
  const dropped = leftOutOfJson(label);
  if (dropped) return `the label is not JSON: ${child('content', attr)} is ${dropped}, which JSON leaves out, so the entry would have no "${attr}" key; return a JSON value as the label`;
  // Spread into the metadata, a string would become one key per character, an array one per index.
  if (metadata !== undefined && metadata !== null && !isPlainObject(metadata)) return `metadata must be an object, got ${describeKind(metadata)}; return { label, metadata: { name: value, … } }`;
  return undefined;
}

function isPlainObject(value: unknown): value is JsonObject {
  if (!isObject(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** describeValue, with the class of an object that is not a plain one (a Date, a Map). */
function describeKind(value: unknown): string {
  if (!isObject(value) || isPlainObject(value)) return describeValue(value);
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : describeValue(value);
}

/**
 * The response as JSON. When a label cannot be written as JSON as it is (a BigInt, a circular
 * reference, or NaN/±Infinity, which would silently become null), that object alone becomes a
 * consolidation failure naming the culprit; the batch goes on. Entry by entry, so what one
 * entry holds never decides how another is checked.
 */
function jsonOrIsolate(response: AcsResponse, payload: AcsPayloadObject[], attr: string, logger: HandlerLogger): string {
  let raw: Map<string, AcsPayloadObject> | undefined;
  const parts = response.map((entry, i) => {
    const content = jsonText(entry.consolidatedAnnotation.content, 'content');
    if ('text' in content) return entryJson(entry.datasetObjectId, content.text);
    raw ??= new Map(payload.map((o) => [o.datasetObjectId, o]));
    const object = raw.get(entry.datasetObjectId) ?? { datasetObjectId: entry.datasetObjectId, annotations: [] };
    const reason = `the label is not JSON: ${content.problem}`;
    response[i] = failureEntry(object, { reason, logReason: reason }, attr, logger);
    return JSON.stringify(response[i]);
  });
  return `[${parts.join(',')}]`;
}

/** One entry's JSON around its content's text (an entry is exactly `{ datasetObjectId, consolidatedAnnotation: { content } }`). */
function entryJson(datasetObjectId: string, contentText: string): string {
  return `{"datasetObjectId":${JSON.stringify(datasetObjectId)},"consolidatedAnnotation":{"content":${contentText}}}`;
}

/**
 * The entry of an object that could not be consolidated: the reason and its raw answers, logged
 * (with the class and stack of what was thrown for it) unless the batch's line reported it. The
 * log line says `logReason`: the reason with no text a worker wrote, which the job's output keeps
 * beside the answers it came from.
 */
function failureEntry(raw: Pick<AcsPayloadObject, 'datasetObjectId' | 'annotations'>, { reason, logReason }: { reason: string; logReason: string }, attr: string, logger: HandlerLogger, threw?: ConsolidationThrew): AcsResponseEntry {
  // Each answer echoed cut like a set-aside one: the whole answer stays in the worker-response file.
  const failure: ConsolidationFailure = { consolidationError: reason, rawAnnotations: raw.annotations.map((a) => echoedAnswer({ workerId: a.workerId }, a.annotationData)) };
  if (!threw?.reportedWithBatch) logger.error('object not consolidated', { datasetObjectId: raw.datasetObjectId, reason: logReason, answers: raw.annotations.length, ...thrownFields(threw?.cause) });
  return { datasetObjectId: raw.datasetObjectId, consolidatedAnnotation: { content: { [attr]: failure } } };
}

/** `{ label }` with a label: `undefined` would vanish from the JSON and leave the entry without its key. */
function isLabel(value: unknown): value is AcsLabel<unknown> {
  return isObjectWith(value, 'label') && (value as { label: unknown }).label !== undefined;
}

function isObjectWith(value: unknown, key: string): boolean {
  return typeof value === 'object' && value !== null && key in value;
}
