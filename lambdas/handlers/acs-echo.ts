import { cutText } from '../contracts/list-text.ts';
import type { AcsResponse, AnnotationData } from '../contracts/acs.ts';
import { isObject } from '../contracts/check.ts';
import { isConsolidationFailure } from './acs-types.ts';

/**
 * Answers the response echoes (`rejected-annotations` beside a label, `rawAnnotations` of a
 * failed object) are copies: the whole answer stays in the job's worker-response file. So they
 * are cut first, both one by one and when the response as a whole is too large.
 */

/** Most characters of an answer echoed in the response. */
const maxEchoedAnswerChars = 10_000;

/** The length of each echoed answer before it was cut, so a later cut can still say it. */
const fullLength = new WeakMap<object, number>();

/** An answer as the response echoes it: a huge one is cut to its start and its length. */
export function echoedAnswer<T extends { workerId: string }>(fields: T, data: AnnotationData): T & AnnotationData {
  const echo: T & AnnotationData = { ...fields, ...data };
  const content = data.content;
  if (content === undefined) return echo;
  fullLength.set(echo, content.length);
  if (content.length > maxEchoedAnswerChars) echo.content = cutText(content, 1000, "the whole answer is in the job's worker-response file");
  return echo;
}

/**
 * Drops the content of echoed answers, largest first, until the response fits under `limit`
 * or none is left; the worker ids, the reasons and any s3Uri stay. Returns the response's new
 * size in bytes and how many echoes were cut.
 */
export function cutEchoesToFit(response: AcsResponse, attr: string, bytes: number, limit: number): { bytes: number; cut: number } {
  const echoes = echoesIn(response, attr)
    .map((echo) => ({ echo, stub: stubFor(echo), size: jsonBytes(echo.content) }))
    .map((e) => ({ ...e, saves: e.size - jsonBytes(e.stub) }))
    .filter((e) => e.saves > 0)
    .sort((a, b) => b.saves - a.saves);
  let cut = 0;
  for (const { echo, stub, saves } of echoes) {
    if (bytes <= limit) break;
    echo.content = stub;
    bytes -= saves;
    cut++;
  }
  return { bytes, cut };
}

type Echo = { content?: string };

function echoesIn(response: AcsResponse, attr: string): Echo[] {
  const out: Echo[] = [];
  for (const entry of response) {
    const content = entry.consolidatedAnnotation.content;
    const label = content[attr];
    if (isConsolidationFailure(label)) addEchoes(out, label.rawAnnotations);
    const metadata = content[`${attr}-metadata`];
    if (isObject(metadata)) addEchoes(out, metadata['rejected-annotations']);
  }
  return out;
}

/** A loop, not push(...list): an object may echo more answers than a call can take arguments. */
function addEchoes(out: Echo[], list: unknown): void {
  if (!Array.isArray(list)) return;
  for (const e of list) if (isObject(e) && typeof e.content === 'string') out.push(e as Echo);
}

function stubFor(echo: Echo): string {
  const length = fullLength.get(echo) ?? echo.content?.length ?? 0;
  return `(${length} characters, left out to keep the response under Lambda's limit; the whole answer is in the job's worker-response file)`;
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}
