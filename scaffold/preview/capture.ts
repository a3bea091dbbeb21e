import { appendAnswer, type CapturedAnswer } from '../run/answers-file.ts';
import { isSourceDigest, sourceDigest } from '../run/answer-placement.ts';
import { HttpError } from './http.ts';
import { jsonProblem } from '../../lambdas/handlers/json-check.ts';

/**
 * What a submit from an item page carries. Two routes arrive here with the same meaning:
 * - gtkit's stand-in `crowd-form` fires `gtkit:submit`; the page posts JSON
 *   `{ datasetObjectId, workerId, answerContent, acceptanceTime, sourceDigest }`.
 * - Amazon's `crowd-form` posts the form field `taskAnswers` = JSON `[answerObject]` to the form's
 *   action, which the page points at `/__gtkit/capture?item=…&worker=…&accepted=…`.
 * Both end as one `CapturedAnswer` whose `answerContent` is the object Ground Truth stores.
 */
export interface Submission {
  datasetObjectId: string;
  workerId: string;
  answerContent: Record<string, unknown>;
  acceptanceTime?: string;
  /**
   * The digest of the data the page showed (`sourceDigest` of its line, which the item page
   * carries): the manifest may have changed between the page's load and its submit.
   */
  shownDigest?: string;
}

/**
 * The form field Amazon's crowd-form posts: JSON `[answerObject]`. The name is observed on
 * MTurk (`Answer.taskAnswers`); Ground Truth's docs never name it (reference §3.5, unverified),
 * so it lives here, once.
 */
export const taskAnswersField = 'taskAnswers';

/** Worker ids as the answers file and Ground Truth's worker-response paths can hold them. */
export const workerIdPattern = /^[A-Za-z0-9._:@-]{1,128}$/;

export function checkWorkerId(value: unknown): string {
  if (typeof value !== 'string' || !workerIdPattern.test(value)) {
    throw new HttpError(400, `workerId ${JSON.stringify(value)?.slice(0, 80) ?? 'missing'}: use 1–128 letters, digits and . _ : @ -`);
  }
  return value;
}

function checkItemId(value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return String(value);
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) throw new HttpError(400, `datasetObjectId ${JSON.stringify(value)?.slice(0, 80) ?? 'missing'}: expected the item's number, e.g. "0"`);
  return value;
}

function checkAnswer(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, `${where}: expected a JSON object (the answer Ground Truth stores as answerContent), got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  // JSON.parse takes any depth, but writing the answer back out would overflow the stack.
  const problem = jsonProblem(value, where);
  if (problem) throw new HttpError(400, problem);
  return value as Record<string, unknown>;
}

/** A page's `sourceDigest` (16 hex digits); absent from a client that does not send it (curl, an old page). */
function checkDigest(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isSourceDigest(value)) throw new HttpError(400, `sourceDigest ${JSON.stringify(value)?.slice(0, 80)}: expected the 16 hex digits the item page carries (data-source-digest)`);
  return value;
}

/** An ISO time from the page, only when it is a real time not in the future. */
function checkAcceptance(value: unknown, now: Date): string | undefined {
  if (typeof value !== 'string' || value.length > 40) return undefined;
  const t = Date.parse(value);
  return Number.isFinite(t) && t <= now.getTime() ? new Date(t).toISOString() : undefined;
}

/** The stand-ins' route: a JSON body. */
export function parseJsonSubmission(body: Buffer, now = new Date()): Submission {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `the body is not JSON (${(error as Error).message})`);
  }
  const obj = checkAnswer(value, 'body');
  const accepted = checkAcceptance(obj.acceptanceTime, now);
  const shown = checkDigest(obj.sourceDigest);
  return {
    datasetObjectId: checkItemId(obj.datasetObjectId),
    workerId: checkWorkerId(obj.workerId),
    answerContent: checkAnswer(obj.answerContent, 'answerContent'),
    ...(accepted ? { acceptanceTime: accepted } : {}),
    ...(shown ? { shownDigest: shown } : {}),
  };
}

/** `taskAnswers` as crowd-form writes it: a JSON array whose first element is the answer. */
export function parseTaskAnswers(value: string | undefined): Record<string, unknown> {
  if (value === undefined) throw new HttpError(400, `the form has no ${taskAnswersField} field; is the form a crowd-form?`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new HttpError(400, `taskAnswers is not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new HttpError(400, 'taskAnswers: expected a JSON array with one answer object, [ { … } ]');
  return checkAnswer(parsed[0], 'taskAnswers[0]');
}

/** Amazon's route: a form post (urlencoded or multipart) to the capture URL. */
export function parseFormSubmission(body: Buffer, contentType: string | undefined, query: URLSearchParams, now = new Date()): Submission {
  const fields = formFields(body, contentType ?? '');
  const accepted = checkAcceptance(query.get('accepted'), now);
  const shown = checkDigest(query.get('digest'));
  return {
    datasetObjectId: checkItemId(query.get('item')),
    workerId: checkWorkerId(query.get('worker')),
    answerContent: parseTaskAnswers(fields.get(taskAnswersField)),
    ...(accepted ? { acceptanceTime: accepted } : {}),
    ...(shown ? { shownDigest: shown } : {}),
  };
}

function formFields(body: Buffer, contentType: string): Map<string, string> {
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return new Map(new URLSearchParams(body.toString('utf8')));
  if (type === 'multipart/form-data') {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (!boundary) throw new HttpError(400, 'multipart/form-data without a boundary');
    return multipartFields(body.toString('utf8'), boundary);
  }
  throw new HttpError(415, `content-type ${JSON.stringify(contentType)}: send the form as application/x-www-form-urlencoded or multipart/form-data`);
}

/** The text fields of a multipart body (files are not expected from a crowd-form). */
function multipartFields(body: string, boundary: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(part.slice(0, split))?.[1];
    if (name !== undefined && !fields.has(name)) fields.set(name, part.slice(split + 4).replace(/\r\n$/, ''));
  }
  return fields;
}

/**
 * The answers-file line for a submission, timed like Ground Truth's worker response, with the
 * digest of the data it was given for (`source`: the line's `source-ref` or `source`).
 */
export function toCapturedAnswer(sub: Submission, source: string, now = new Date()): CapturedAnswer {
  const accepted = sub.acceptanceTime ?? now.toISOString();
  const spent = Math.max(0, now.getTime() - Date.parse(accepted)) / 1000;
  return {
    datasetObjectId: sub.datasetObjectId,
    workerId: sub.workerId,
    answerContent: sub.answerContent,
    acceptanceTime: accepted,
    submissionTime: now.toISOString(),
    timeSpentInSeconds: Math.round(spent * 1000) / 1000,
    sourceDigest: sourceDigest(source),
  };
}

/** Appends answers one at a time, so two quick submits never interleave their lines. */
export class AnswerWriter {
  private queue: Promise<unknown> = Promise.resolve();

  append(file: string, answer: CapturedAnswer): Promise<void> {
    const done = this.queue.then(() => appendAnswer(file, answer));
    this.queue = done.catch(() => undefined);
    return done;
  }
}
