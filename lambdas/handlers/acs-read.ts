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

/**
 * Where and why an answer of an object was set aside. Internal: it groups like reasons in the
 * object's failure summary, while the public `RejectedAnnotation` says both in its `reason`.
 */
export interface SetAside {
  index: number;
  problem: string;
}

/** An object with its answers parsed, and where its set-aside answers were (one per `rejected` entry). */
export interface ParsedObject<TAnswer> {
  object: AcsObject<TAnswer>;
  setAside: SetAside[];
}

/** Parses the answers of every object of a batch; reads from S3 share one bound across the batch. */
export async function parseBatchAnswers<TAnswer>(
  payload: readonly AcsPayloadObject[],
  store: ObjectStore,
  parseAnswer: ((answer: unknown) => TAnswer) | undefined,
  decode: DecodeOptions,
): Promise<Array<ParsedObject<TAnswer>>> {
  const limited = concurrencyLimit(s3AnswerConcurrency);
  const read = (uri: string) => limited(() => store.getText(uri));
  return Promise.all(payload.map((o) => parseObjectAnswers(o, read, parseAnswer, decode)));
}

/**
 * Parses every annotation of an object: `content` (decoding double-encoded JSON) or `s3Uri`
 * (read with `read`), then the user's `parseAnswer`. Bad annotations are set aside with their
 * reason; the rest are consolidated. A worker who answered the object more than once counts
 * once, with the later answer (as the dry run does); the earlier ones are set aside. Only usable
 * answers compete: a later copy that cannot be read or parsed never costs the worker a good one.
 */
async function parseObjectAnswers<TAnswer>(
  object: AcsPayloadObject,
  read: (uri: string) => Promise<string>,
  parseAnswer: ((answer: unknown) => TAnswer) | undefined,
  decode: DecodeOptions,
): Promise<ParsedObject<TAnswer>> {
  const results = await Promise.all(object.annotations.map((ann) => parseOneAnswer(ann, read, parseAnswer, decode)));
  const lastUsable = new Map<string, number>();
  results.forEach((r, i) => {
    if ('answer' in r) lastUsable.set(r.workerId, i);
  });
  const annotations: Array<WorkerAnswer<TAnswer>> = [];
  const rejected: RejectedAnnotation[] = [];
  const setAside: SetAside[] = [];
  // The reason starts with where the answer is in the payload; its place and problem are kept apart for grouping.
  const putAside = (index: number, problem: string) => {
    const ann = object.annotations[index] as AcsPayloadObject['annotations'][number];
    rejected.push({ workerId: ann.workerId, reason: `${answerPlace(object.datasetObjectId, index)}${problem}`, annotationData: ann.annotationData });
    setAside.push({ index, problem });
  };
  results.forEach((r, i) => {
    if (!('answer' in r)) return putAside(i, r.problem);
    const later = lastUsable.get(r.workerId) as number;
    if (later === i) return void annotations.push(r);
    putAside(i, `: worker ${r.workerId} answered this object again (annotations[${later}]); the later answer counts`);
  });
  return { object: { datasetObjectId: object.datasetObjectId, dataObject: object.dataObject, annotations, rejected }, setAside };
}

/** Where an answer is in the payload, as a set-aside answer's reason starts. */
export function answerPlace(datasetObjectId: string, index: number): string {
  return `payload[datasetObjectId=${datasetObjectId}].annotations[${index}]`;
}

/** One annotation's answer, or why it cannot be used (said after its place, `.annotationData…: …`). */
async function parseOneAnswer<TAnswer>(
  ann: AcsPayloadObject['annotations'][number],
  read: (uri: string) => Promise<string>,
  parseAnswer: ((answer: unknown) => TAnswer) | undefined,
  decode: DecodeOptions,
): Promise<WorkerAnswer<TAnswer> | { problem: string }> {
  const path = '.annotationData';
  const refuse = (problem: string) => ({ problem });
  let text = ann.annotationData.content;
  let where = `${path}.content`;
  if (text === undefined && ann.annotationData.s3Uri !== undefined) {
    where = `${path}.s3Uri (${ann.annotationData.s3Uri})`;
    try {
      text = await read(ann.annotationData.s3Uri);
    } catch (error) {
      return refuse(`${where}: ${thrownReason(error, 'the store')}`);
    }
  }
  if (text === undefined) return refuse(`${path}: has neither content nor s3Uri`);
  const decoded = decodeAnswerContent(text, decode);
  if (!decoded.ok) return refuse(`${where}: ${decoded.problem}`);
  try {
    return { workerId: ann.workerId, answer: parseAnswer ? parseAnswer(decoded.value) : (decoded.value as TAnswer) };
  } catch (error) {
    return refuse(`${where}: ${thrownReason(error, 'parseAnswer')}`);
  }
}

/** Most distinct reasons a summary lists. */
const maxSummaryReasons = 10;

/**
 * Why an object's set-aside answers could not be used, for its own failure entry: there the id
 * goes without saying, and answers refused for the same reason are named once
 * (`annotations[0–8].annotationData.content: answer.category: is missing …`). A template whose
 * field was renamed refuses every answer of a batch; said once per answer, the reasons alone
 * took a few thousand objects over Lambda's response limit and hid why.
 */
export function setAsideSummary(setAside: readonly SetAside[]): string {
  const byProblem = new Map<string, number[]>();
  for (const { index, problem } of setAside) {
    const indices = byProblem.get(problem) ?? [];
    indices.push(index);
    byProblem.set(problem, indices);
  }
  const reasons = [...byProblem].map(([problem, indices]) => `annotations[${indexRanges(indices)}]${problem}`);
  const shown = reasons.slice(0, maxSummaryReasons);
  if (reasons.length > shown.length) shown.push(`and ${reasons.length - shown.length} other reasons`);
  return shown.join('; ');
}

/** Ascending indices as runs: [0, 1, 2, 5] is "0–2, 5". */
function indexRanges(indices: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < indices.length; ) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === (indices[j] as number) + 1) j++;
    runs.push(j === i ? String(indices[i]) : `${indices[i]}–${indices[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}
