import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import type { Context } from 'aws-lambda';
import { parseAcsEvent, type AcsEvent, type AcsPayloadObject, type AcsResponse, type AcsResponseEntry } from '../contracts/acs.ts';
import type { DecodeOptions } from '../contracts/answer-content.ts';
import type { JsonObject } from '../contracts/check.ts';
import { joinS3Uri, type ObjectStore } from '../io/object-store.ts';
import { checkAcsOptions } from './acs-options.ts';
import { lambdaResponseLimitBytes, offloadLargestLabels, ResponseTooLargeError } from './acs-oversize.ts';
import { parseObjectAnswers, readPayload } from './acs-read.ts';
import { defaultStateUri, storeBackedState } from './acs-state.ts';
import type { AcsContext, AcsLabel, AcsObject, ConsolidationFailure } from './acs-types.ts';
import { defaultLogger, type HandlerLogger } from './logger.ts';
import { dryRunS3Config, dryRunStore } from './dry-run-hooks.ts';
import type { AsyncHandler } from './types.ts';
import { jsonText } from './json-check.ts';

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
   * A response over Lambda's 6 MB limit: `'error'` (default) throws `ResponseTooLargeError`;
   * `'offload'` writes the largest labels to `<outputConfig>/gtkit-offload/` and returns
   * `{"annotation-ref": "s3://…"}` in their place.
   */
  onOversize?: 'error' | 'offload';
  responseLimitBytes?: number;
}

export type AcsHandlerOptions<TAnswer, TLabel> = AcsCommonOptions<TAnswer> &
  (
    | {
        /** Consolidates one object at a time (majority vote, box merge, …). */
        consolidateObject: (object: AcsObject<TAnswer>, context: AcsContext) => AcsLabel<TLabel> | Promise<AcsLabel<TLabel>>;
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
      }
  );

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
  let cachedStore: ObjectStore | undefined;

  const storeFor = async (event: AcsEvent): Promise<ObjectStore> => {
    if (options.store) return typeof options.store === 'function' ? options.store(event) : options.store;
    const local = dryRunStore();
    if (local) return local;
    const { S3ObjectStore } = await import('../io/s3-store.ts');
    if (options.payloadAccess === 'assume-event-role') {
      if (!event.roleArn) throw new Error('payloadAccess is "assume-event-role" but the event has no roleArn');
      const { s3ClientForRole } = await import('../io/assume-role.ts');
      const sts = options.stsClient ?? new (await import('@aws-sdk/client-sts')).STSClient({});
      return new S3ObjectStore(await s3ClientForRole(sts, event.roleArn, options.assumedS3Config));
    }
    cachedStore ??= new S3ObjectStore(options.s3Client ?? new (await import('@aws-sdk/client-s3')).S3Client(dryRunS3Config()));
    return cachedStore;
  };

  return async (rawEvent: unknown, lambdaContext: Context): Promise<AcsResponse> => {
    const logger = options.logger ?? defaultLogger();
    logger.addContext?.(lambdaContext);
    const event = parseAcsEvent(rawEvent);
    const store = await storeFor(event);
    const payload = mergeRepeatedIds(await readPayload(event, store, logger), logger);
    const state = storeBackedState(store, (options.stateUri ?? defaultStateUri)(event), logger);
    const context: AcsContext = { event, lambdaContext, logger, store, state };
    const attr = event.labelAttributeName;

    const parsed = await Promise.all(payload.map((o) => parseObjectAnswers(o, store, options.parseAnswer, options.decode ?? {})));
    const outcomes = await consolidateAll(parsed, options, context);

    const response: AcsResponse = payload.map((object, i) => toEntry(object, parsed[i] as AcsObject<TAnswer>, outcomes.get(object.datasetObjectId), attr, logger));

    const limit = options.responseLimitBytes ?? lambdaResponseLimitBytes;
    const bytes = Buffer.byteLength(jsonOrIsolate(response, payload, attr, logger));
    if (bytes > limit) {
      if (options.onOversize !== 'offload') throw new ResponseTooLargeError(bytes, limit);
      const prefix = event.outputConfig ? joinS3Uri(event.outputConfig, 'gtkit-offload') : undefined;
      if (!prefix) throw new ResponseTooLargeError(bytes, limit);
      const moved = await offloadLargestLabels(response, attr, store, prefix, limit);
      logger.info('labels offloaded to S3 to stay under the response limit', { moved, prefix });
    }
    logger.info('batch consolidated', {
      objects: response.length,
      failed: response.filter((e) => 'consolidationError' in Object(e.consolidatedAnnotation.content[attr])).length,
    });
    return response;
  };
}

/**
 * Ground Truth should never repeat an id in one payload. If it does, the copies become one
 * object (at the first copy's place, with its data object) holding every copy's answers, so
 * that the label, the echoed answers and both consolidation modes see the same answers and
 * none is lost.
 */
function mergeRepeatedIds(payload: AcsPayloadObject[], logger: HandlerLogger): AcsPayloadObject[] {
  const byId = new Map<string, AcsPayloadObject>();
  for (const object of payload) {
    const first = byId.get(object.datasetObjectId);
    if (!first) byId.set(object.datasetObjectId, { ...object, annotations: [...object.annotations] });
    else {
      logger.warn('duplicate datasetObjectId in payload; its copies are merged into one object', { datasetObjectId: object.datasetObjectId, answers: object.annotations.length });
      first.annotations.push(...object.annotations);
    }
  }
  return byId.size === payload.length ? payload : [...byId.values()];
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
    const why = o.rejected.length > 0 ? `none of the ${o.rejected.length} answers could be used` : 'no worker answered';
    out.set(o.datasetObjectId, new Error(why));
    return false;
  });
  if (options.consolidateBatch) {
    try {
      const results: unknown = await options.consolidateBatch(usable, context);
      if (!(results instanceof Map)) throw new TypeError(`consolidateBatch returned ${results === null ? 'null' : Array.isArray(results) ? 'an array' : typeof results}; return a Map from datasetObjectId to { label } or an Error`);
      for (const o of usable) out.set(o.datasetObjectId, results.get(o.datasetObjectId) ?? new Error('consolidation returned no result for this object'));
    } catch (error) {
      context.logger.error('batch consolidation failed; every object keeps its raw answers', { error: (error as Error).message });
      for (const o of usable) out.set(o.datasetObjectId, error instanceof Error ? error : new Error(String(error)));
    }
    return out;
  }
  for (const o of usable) {
    try {
      out.set(o.datasetObjectId, await options.consolidateObject(o, context));
    } catch (error) {
      out.set(o.datasetObjectId, error instanceof Error ? error : new Error(String(error)));
    }
  }
  return out;
}

function toEntry<TAnswer, TLabel>(
  raw: AcsPayloadObject,
  parsed: AcsObject<TAnswer>,
  outcome: AcsLabel<TLabel> | Error | undefined,
  attr: string,
  logger: HandlerLogger,
): AcsResponseEntry {
  const id = raw.datasetObjectId;
  if (outcome === undefined || outcome instanceof Error || !isLabel(outcome)) {
    const reason = outcome instanceof Error ? outcome.message : outcome === undefined ? 'no result' : isObjectWith(outcome, 'label') ? 'consolidation returned { label: undefined }; return the label, or throw to mark the object failed' : 'consolidation returned something other than { label }';
    return failureEntry(raw, parsed.rejected.length > 0 ? `${reason} (${parsed.rejected.map((r) => r.reason).join('; ')})` : reason, attr, logger);
  }
  const content: JsonObject = { [attr]: outcome.label as unknown };
  const metadata: JsonObject = { ...(outcome.metadata ?? {}) };
  if (parsed.rejected.length > 0) {
    logger.warn('answers set aside', { datasetObjectId: id, rejected: parsed.rejected.map((r) => r.reason) });
    metadata['rejected-annotations'] = parsed.rejected.map((r) => ({ workerId: r.workerId, reason: r.reason, ...shortened(r.annotationData) }));
  }
  if (Object.keys(metadata).length > 0) content[`${attr}-metadata`] = metadata;
  return { datasetObjectId: id, consolidatedAnnotation: { content } };
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
    response[i] = failureEntry(object, `the label is not JSON: ${content.problem}`, attr, logger);
    return JSON.stringify(response[i]);
  });
  return `[${parts.join(',')}]`;
}

/** One entry's JSON around its content's text (an entry is exactly `{ datasetObjectId, consolidatedAnnotation: { content } }`). */
function entryJson(datasetObjectId: string, contentText: string): string {
  return `{"datasetObjectId":${JSON.stringify(datasetObjectId)},"consolidatedAnnotation":{"content":${contentText}}}`;
}

/** The entry of an object that could not be consolidated: the reason and its raw answers, logged. */
function failureEntry(raw: Pick<AcsPayloadObject, 'datasetObjectId' | 'annotations'>, reason: string, attr: string, logger: HandlerLogger): AcsResponseEntry {
  const failure: ConsolidationFailure = { consolidationError: reason, rawAnnotations: raw.annotations.map((a) => ({ workerId: a.workerId, ...a.annotationData })) };
  logger.error('object not consolidated', { datasetObjectId: raw.datasetObjectId, reason, answers: raw.annotations.length });
  return { datasetObjectId: raw.datasetObjectId, consolidatedAnnotation: { content: { [attr]: failure } } };
}

/** Most characters of a set-aside answer echoed in the metadata. */
const maxEchoedAnswerChars = 10_000;

/**
 * A set-aside answer as the metadata echoes it: a huge one is cut, since it would push the
 * response past Lambda's limit where offloading (which moves labels) cannot help. The whole
 * answer stays in the job's worker-response file.
 */
function shortened(data: AcsPayloadObject['annotations'][number]['annotationData']): AcsPayloadObject['annotations'][number]['annotationData'] {
  const content = data.content;
  if (content === undefined || content.length <= maxEchoedAnswerChars) return data;
  return { ...data, content: `${content.slice(0, 1000)}… (${content.length} characters; the whole answer is in the job's worker-response file)` };
}

/** `{ label }` with a label: `undefined` would vanish from the JSON and leave the entry without its key. */
function isLabel(value: unknown): value is AcsLabel<unknown> {
  return isObjectWith(value, 'label') && (value as { label: unknown }).label !== undefined;
}

function isObjectWith(value: unknown, key: string): boolean {
  return typeof value === 'object' && value !== null && key in value;
}
