import { parseAcsPayload, type AcsEvent, type AcsPayloadObject } from '../contracts/acs.ts';
import { decodeAnswerContent, type DecodeOptions } from '../contracts/answer-content.ts';
import { thrownReason } from '../contracts/check.ts';
import { ContractError } from '../contracts/errors.ts';
import type { ObjectStore } from '../io/object-store.ts';
import type { AcsObject, RejectedAnnotation, WorkerAnswer } from './acs-types.ts';
import type { HandlerLogger } from './logger.ts';
import { concurrencyLimit } from './concurrency.ts';

/** Answers fetched from S3 at once, across the whole batch, so a large batch does not open thousands of sockets. */
const s3AnswerConcurrency = 16;

/**
 * Reads and parses the payload file named in the event. A payload that is not JSON or not an
 * array fails the batch (there is nothing to answer); a malformed element is reported and, when
 * it still has an id, kept so that it gets a failure entry.
 */
export async function readPayload(event: AcsEvent, store: ObjectStore, logger: HandlerLogger): Promise<AcsPayloadObject[]> {
  const text = await store.getText(event.payload.s3Uri);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ContractError(`payload ${event.payload.s3Uri}`, [{ path: 'payload', problem: `not valid JSON (${(error as Error).message})` }]);
  }
  if (!Array.isArray(json)) {
    throw new ContractError(`payload ${event.payload.s3Uri}`, [{ path: 'payload', problem: 'expected a JSON array of data objects' }]);
  }
  const { objects, issues } = parseAcsPayload(json);
  // Elements with an id are kept even when broken elsewhere; an element without a readable id
  // cannot be answered at all, so it is logged as an error for the operator.
  for (const issue of issues) {
    const level = issue.path.endsWith('.datasetObjectId') || /^payload\[\d+\]$/.test(issue.path) ? 'error' : 'warn';
    logger[level]('payload issue', { path: issue.path, problem: issue.problem, payload: event.payload.s3Uri });
  }
  return objects;
}

/** Parses the answers of every object of a batch; reads from S3 share one bound across the batch. */
export async function parseBatchAnswers<TAnswer>(
  payload: readonly AcsPayloadObject[],
  store: ObjectStore,
  parseAnswer: ((answer: unknown) => TAnswer) | undefined,
  decode: DecodeOptions,
): Promise<Array<AcsObject<TAnswer>>> {
  const limited = concurrencyLimit(s3AnswerConcurrency);
  const read = (uri: string) => limited(() => store.getText(uri));
  return Promise.all(payload.map((o) => parseObjectAnswers(o, read, parseAnswer, decode)));
}

/**
 * Parses every annotation of an object: `content` (decoding double-encoded JSON) or `s3Uri`
 * (read with `read`), then the user's `parseAnswer`. Bad annotations are set aside with their
 * reason; the rest are consolidated. A worker who answered the object more than once counts
 * once, with the later answer (as the dry run does); the earlier ones are set aside.
 */
async function parseObjectAnswers<TAnswer>(
  object: AcsPayloadObject,
  read: (uri: string) => Promise<string>,
  parseAnswer: ((answer: unknown) => TAnswer) | undefined,
  decode: DecodeOptions,
): Promise<AcsObject<TAnswer>> {
  const annotations: Array<WorkerAnswer<TAnswer>> = [];
  const rejected: RejectedAnnotation[] = [];
  const lastAnswerOf = new Map<string, number>();
  object.annotations.forEach((ann, i) => lastAnswerOf.set(ann.workerId, i));
  const results = await Promise.all(
    object.annotations.map(async (ann, i) => {
      const at = `payload[datasetObjectId=${object.datasetObjectId}].annotations[${i}]`;
      const path = `${at}.annotationData`;
      const later = lastAnswerOf.get(ann.workerId);
      if (later !== i) {
        return { rejected: { workerId: ann.workerId, reason: `${at}: worker ${ann.workerId} answered this object again (annotations[${later}]); the later answer counts`, annotationData: ann.annotationData } };
      }
      let text = ann.annotationData.content;
      let where = `${path}.content`;
      if (text === undefined && ann.annotationData.s3Uri !== undefined) {
        where = `${path}.s3Uri (${ann.annotationData.s3Uri})`;
        try {
          text = await read(ann.annotationData.s3Uri);
        } catch (error) {
          return { rejected: { workerId: ann.workerId, reason: `${where}: ${thrownReason(error, 'the store')}`, annotationData: ann.annotationData } };
        }
      }
      if (text === undefined) return { rejected: { workerId: ann.workerId, reason: `${path}: has neither content nor s3Uri`, annotationData: ann.annotationData } };
      const decoded = decodeAnswerContent(text, decode);
      if (!decoded.ok) return { rejected: { workerId: ann.workerId, reason: `${where}: ${decoded.problem}`, annotationData: ann.annotationData } };
      try {
        const answer = parseAnswer ? parseAnswer(decoded.value) : (decoded.value as TAnswer);
        return { accepted: { workerId: ann.workerId, answer } };
      } catch (error) {
        return { rejected: { workerId: ann.workerId, reason: `${where}: ${thrownReason(error, 'parseAnswer')}`, annotationData: ann.annotationData } };
      }
    }),
  );
  for (const r of results) {
    if (r.accepted) annotations.push(r.accepted);
    else if (r.rejected) rejected.push(r.rejected);
  }
  return { datasetObjectId: object.datasetObjectId, dataObject: object.dataObject, annotations, rejected };
}

