import type { AcsResponse } from '../contracts/acs.ts';
import { thrownReason } from '../contracts/check.ts';
import { ObjectWriteError } from '../contracts/errors.ts';
import { joinS3Uri, type ObjectStore } from '../io/object-store.ts';
import { cutEchoesToFit } from './acs-echo.ts';
import { isConsolidationFailure } from './acs-types.ts';
import { cutText } from '../contracts/list-text.ts';
import { mapLimitedSettled } from './concurrency.ts';
import type { HandlerLogger } from './logger.ts';

const offloadAdvice = `Set onOversize: 'offload' to write the largest labels to S3 and return {"annotation-ref": "s3://…"} in their place, or make the labels smaller.`;

export class ResponseTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
    advice = offloadAdvice,
    /** What the size is after, e.g. " even with onOversize: 'offload' (…)". */
    after = '',
  ) {
    super(`the ACS response would be ${bytes} bytes${after}, over Lambda's ${limit}-byte response limit. ${advice}`);
    this.name = 'ResponseTooLargeError';
  }
}

/** Offloaded labels written at once: enough to hide S3's latency, few enough not to flood it. */
const offloadConcurrency = 16;

interface FitOptions {
  limit: number;
  onOversize: 'error' | 'offload' | undefined;
  /** Where offloaded labels go (`<outputConfig>/gtkit-offload`); undefined when the event has no outputConfig. */
  prefix: string | undefined;
  store: ObjectStore;
  logger: HandlerLogger;
}

/**
 * Brings a response of `bytes` bytes under the limit, in place: first the echoed answers lose
 * their content (copies of the worker-response file), then, with `onOversize: 'offload'`, the
 * labels that a reference makes smaller move to the store, largest first. Whether that can be
 * enough is decided before anything is written; if not, it throws `ResponseTooLargeError`
 * saying what is left.
 */
export async function fitUnderLimit(response: AcsResponse, attr: string, bytes: number, options: FitOptions): Promise<void> {
  const { limit, logger } = options;
  if (bytes <= limit) return;
  const echoes = cutEchoesToFit(response, attr, bytes, limit);
  if (echoes.cut > 0) logger.warn('echoed answers left out to stay under the response limit', { cut: echoes.cut, bytes: echoes.bytes });
  if (echoes.bytes <= limit) return;
  if (options.onOversize !== 'offload') throw new ResponseTooLargeError(echoes.bytes, limit, `${failedObjectsNote(response, attr) || largestLabelsNote(response, attr)}${offloadAdvice}`);
  if (!options.prefix) {
    throw new ResponseTooLargeError(echoes.bytes, limit, "onOversize is 'offload', but the event has no outputConfig to write the labels under; make the labels smaller.");
  }
  const moved = await offloadLargestLabels(response, attr, options.store, options.prefix, echoes.bytes, limit);
  logger.info('labels offloaded to S3 to stay under the response limit', { moved, prefix: options.prefix });
}

/**
 * When objects failed, the first thing to say about a response too large: each failed entry
 * carries every answer and why, so a batch where a template change refused every answer is too
 * large because of that, and the advice to offload would send the user the wrong way.
 */
function failedObjectsNote(response: AcsResponse, attr: string): string {
  const failed = response.filter((entry) => isConsolidationFailure(entry.consolidatedAnnotation.content[attr]));
  const first = failed[0];
  if (!first) return '';
  const reason = (first.consolidatedAnnotation.content[attr] as { consolidationError: string }).consolidationError;
  return `${failed.length} of ${response.length} objects could not be consolidated, and each such entry carries its answers and why (datasetObjectId ${JSON.stringify(first.datasetObjectId)}: ${cutText(reason, 300)}); fix that first. `;
}

/** How many of the largest labels the message names. */
const namedLargestLabels = 3;

/**
 * Which objects make the response large: in a batch of a thousand, one object's huge label (a
 * worker who pasted a book into a text field) is otherwise found only by reading the payload.
 */
function largestLabelsNote(response: AcsResponse, attr: string): string {
  const sizes = response.map((entry) => ({ id: entry.datasetObjectId, bytes: labelJson(entry, attr).bytes }));
  const largest = sizes.sort((a, b) => b.bytes - a.bytes).slice(0, namedLargestLabels);
  if (largest.length === 0) return '';
  const named = largest.map((l) => `datasetObjectId ${JSON.stringify(l.id)} (${l.bytes} bytes)`).join(', ');
  return `The largest ${largest.length === 1 ? 'label is that' : 'labels are those'} of ${named}. `;
}

/** An entry's label as its JSON (what offloading writes) and that JSON's size in the response. */
function labelJson(entry: AcsResponse[number], attr: string): { text: string; bytes: number } {
  const text = JSON.stringify(entry.consolidatedAnnotation.content[attr] ?? null);
  return { text, bytes: Buffer.byteLength(text) };
}

interface Move {
  index: number;
  uri: string;
  text: string;
  /** What stays in the response in the label's place. */
  reference: Record<string, string>;
  /** Bytes the response loses when this label becomes its reference. */
  saves: number;
}

/**
 * Moves labels to the store, each replaced by `{ "annotation-ref": "<uri>" }` (the convention
 * AWS's own samples use): only those the reference is smaller than, largest saving first, and no
 * more than the response needs. Throws before writing anything when even all of them would not do.
 */
async function offloadLargestLabels(response: AcsResponse, attr: string, store: ObjectStore, prefix: string, bytes: number, limit: number): Promise<number> {
  const plan = offloadPlan(response, attr, prefix, bytes, limit);
  if (plan.bytes > limit) {
    throw new ResponseTooLargeError(plan.bytes, limit, 'Nothing was offloaded: make the metadata smaller, since it always stays in the response.', ` even with onOversize: 'offload' (${breakdown(response, attr, plan)})`);
  }
  // Every write settles before a failure is thrown, so the error names the first failed label in plan order.
  await mapLimitedSettled(plan.moves, offloadConcurrency, (m) => offloadOne(store, m.uri, m.text, response[m.index]?.datasetObjectId ?? ''));
  for (const m of plan.moves) {
    const entry = response[m.index];
    if (entry) entry.consolidatedAnnotation.content[attr] = m.reference;
  }
  return plan.moves.length;
}

/**
 * What an offloaded label leaves in the response: its reference, and for an object that could
 * not be consolidated its reason too, so that the output still says it failed (a bare reference
 * reads as a label) and why; its raw answers go to the store.
 */
function referenceTo(label: unknown, uri: string): Record<string, string> {
  if (!isConsolidationFailure(label)) return { 'annotation-ref': uri };
  return { consolidationError: cutText(label.consolidationError, maxKeptReasonChars, 'the whole reason is in the offloaded object'), 'annotation-ref': uri };
}

/** Most characters of a failed object's reason kept beside its reference; a thrown message can be any size. */
const maxKeptReasonChars = 1000;

function offloadPlan(response: AcsResponse, attr: string, prefix: string, bytes: number, limit: number): { moves: Move[]; bytes: number; labelBytes: number } {
  let labelBytes = 0;
  const candidates: Move[] = [];
  response.forEach((entry, index) => {
    const { text, bytes: size } = labelJson(entry, attr);
    const uri = joinS3Uri(prefix, `${encodeURIComponent(entry.datasetObjectId)}.json`);
    labelBytes += size;
    const reference = referenceTo(entry.consolidatedAnnotation.content[attr], uri);
    const saves = size - Buffer.byteLength(JSON.stringify(reference));
    if (saves > 0) candidates.push({ index, uri, text, reference, saves });
  });
  candidates.sort((a, b) => b.saves - a.saves || a.index - b.index);
  const moves: Move[] = [];
  for (const c of candidates) {
    if (bytes <= limit) break;
    moves.push(c);
    bytes -= c.saves;
    labelBytes -= c.saves;
  }
  return { moves, bytes, labelBytes };
}

/** What a response that offloading cannot fit is made of, once every label that shrinks is offloaded. */
function breakdown(response: AcsResponse, attr: string, plan: { bytes: number; labelBytes: number }): string {
  let metadataBytes = 0;
  for (const entry of response) {
    const metadata = entry.consolidatedAnnotation.content[`${attr}-metadata`];
    if (metadata !== undefined) metadataBytes += Buffer.byteLength(JSON.stringify(metadata));
  }
  return `labels ${plan.labelBytes} bytes with every label a reference shrinks offloaded, metadata ${metadataBytes} bytes, ids and JSON structure ${plan.bytes - plan.labelBytes - metadataBytes} bytes`;
}

/** Writes one label; a failure says that it was offloading, which object's label, and where to. */
async function offloadOne(store: ObjectStore, uri: string, text: string, datasetObjectId: string): Promise<void> {
  try {
    await store.putText(uri, text);
  } catch (error) {
    // The store's own reason, without its naming of the URI, which this message does.
    const reason = error instanceof ObjectWriteError && error.uri === uri ? error.reason : thrownReason(error, 'the store');
    throw new ObjectWriteError(`could not offload the label of datasetObjectId ${JSON.stringify(datasetObjectId)} to ${uri}: ${reason}`, uri, { cause: error });
  }
}
