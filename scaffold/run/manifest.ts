import { readFile, stat } from 'node:fs/promises';
import { CliError } from '../cli/exit-codes.ts';
import { fileSystemReason } from '../cli/output.ts';
import { describeType } from '../../lambdas/contracts/check.ts';
import { getOwn } from '../../lambdas/contracts/own-property.ts';
import type { DataObject } from '../../lambdas/contracts/pre.ts';
import { jsonLinesRows } from './json-lines.ts';
import { utf16Evidence } from './utf16.ts';

/** Input-manifest limits (reference §8). */
export const manifestLimits = { lineChars: 100_000, attributeChars: 20_000 } as const;

export interface ManifestLine {
  /** Ground Truth's id for the object: its 0-based position among the manifest's lines. */
  datasetObjectId: string;
  /** 1-based line number in the file, for messages. */
  lineNumber: number;
  dataObject: DataObject;
}

export interface ManifestProblem {
  lineNumber: number;
  /** What is wrong with the line, without its place. */
  reason: string;
  /** `file:line: reason`. */
  message: string;
  /** The line's bytes are not UTF-8: no fix to its JSON helps, only saving the file as UTF-8. */
  notUtf8?: true;
  /** What to do, where "one JSON object per line" is not it (a line or attribute over its size limit); `message` ends with it. */
  fix?: string;
}

/** The reason with its own fix, if it has one: how a run and the preview say a bad line (lint gives the fix as its hint). */
export function reasonWithFix(problem: Pick<ManifestProblem, 'reason' | 'fix'>): string {
  return problem.fix ? `${problem.reason}; ${problem.fix}` : problem.reason;
}

export interface ManifestReadResult {
  lines: ManifestLine[];
  problems: ManifestProblem[];
}

/** A manifest file read: its lines, and what only its bytes tell. */
export interface ManifestFileRead extends ManifestReadResult {
  /** It starts with a UTF-8 byte-order mark, which the lines do not include (lint warns: deploy uploads it). */
  byteOrderMark: boolean;
}

/**
 * Reads a JSON Lines manifest. Every bad line is reported with its number and why (not JSON,
 * not an object, no `source`/`source-ref`, over a size limit, a `$` attribute); good lines are
 * returned. Blank lines are ignored and not numbered as objects. A bad line keeps its position,
 * so the ids of the lines after it do not shift. A UTF-8 byte-order mark at the start (some
 * editors write one) is not part of the first line.
 */
export function parseManifest(text: string, file = 'manifest'): ManifestReadResult {
  const lines: ManifestLine[] = [];
  const problems: ManifestProblem[] = [];
  const rows = jsonLinesRows(text);
  let position = 0;
  rows.forEach((row, i) => {
    const lineNumber = i + 1;
    if (row.trim() === '') return;
    const id = String(position++);
    const bad = (reason: string) => problems.push({ lineNumber, reason, message: `${file}:${lineNumber}: ${reason}` });
    // Valid JSON, only too long: the fix is to make it shorter, not to rewrite it.
    const tooLong = (reason: string, fix: string) => problems.push({ lineNumber, reason, message: `${file}:${lineNumber}: ${reason}; ${fix}`, fix });
    if (row.length > manifestLimits.lineChars) return tooLong(`the line has ${row.length} characters; Ground Truth allows ${manifestLimits.lineChars}`, sizeFix('the line', largestAttribute(row)));
    let value: unknown;
    try {
      value = JSON.parse(row);
    } catch (error) {
      return bad(`not valid JSON (${(error as Error).message}); each line must be one complete JSON object`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad(`expected a JSON object, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`);
    const obj = value as Record<string, unknown>;
    if (typeof obj.source !== 'string' && typeof obj['source-ref'] !== 'string') return bad(missingSource(obj));
    // A given source-ref is the object (it wins over source, as the task types read it): an empty or web address would only fail later, in the template or the ACS.
    const ref = getOwn(obj, 'source-ref');
    const beside = typeof obj.source === 'string' ? '; it is used before "source" — remove it to use the text' : '';
    if (ref !== undefined && typeof ref !== 'string') return bad(`"source-ref" must be a string (an s3:// URI), got ${describeType(ref)}${beside}`);
    if (typeof ref === 'string' && !isObjectUri(ref)) return bad(`"source-ref" must be the s3:// URI of a file (s3://bucket/key), got ${JSON.stringify(clip(ref))}${beside}`);
    for (const [key, attr] of Object.entries(obj)) {
      if (key.startsWith('$')) return bad(`attribute "${key}" starts with "$", which Ground Truth reserves`);
      const size = attributeSize(attr);
      if (size > manifestLimits.attributeChars) return tooLong(`attribute "${key}" has ${size} characters; Ground Truth allows ${manifestLimits.attributeChars}`, sizeFix(`"${key}"`, key));
    }
    lines.push({ datasetObjectId: id, lineNumber, dataObject: obj as DataObject });
  });
  return { lines, problems };
}

/**
 * How to bring a line or an attribute under its limit. A long text (`source`) can be an S3 object
 * the line points to with `source-ref` (the text task types read it from there); other long data
 * can be an S3 object too, with its URI in the line for the PRE to read. For a line, `key` is its
 * largest attribute (undefined when the line is no JSON object): the one the advice is about.
 */
function sizeFix(what: string, key: string | undefined): string {
  if (key === 'source') return `shorten ${what}, or put the long text in an S3 object and give its URI as "source-ref" in place of "source"`;
  if (key === undefined) return `shorten ${what}`;
  const which = what === 'the line' ? ` (its largest attribute is "${key}")` : '';
  return `shorten ${what}${which}, or keep that data in an S3 object and give its URI in the line instead (the PRE can read it from there)`;
}

/** An attribute's size as the limits count it: a string's characters, anything else as JSON. */
function attributeSize(value: unknown): number {
  return typeof value === 'string' ? value.length : JSON.stringify(value).length;
}

/** The key of an over-long line's largest attribute (the first of equals), or undefined when the line is no JSON object. */
function largestAttribute(row: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(row);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  let largest: { key: string; size: number } | undefined;
  for (const [key, attr] of Object.entries(value)) {
    const size = attributeSize(attr);
    if (!largest || size > largest.size) largest = { key, size };
  }
  return largest?.key;
}

/**
 * Lines that give both `source` and `source-ref` as strings, with what to say. Ground Truth
 * does not document which of the two it uses (reference §8); gtkit's task types and the dry
 * run's ACS payload take `source-ref`, so such a line may label something else once deployed.
 */
export function bothSourceKeys(lines: ManifestLine[]): Array<{ line: ManifestLine; message: string }> {
  const message = 'has both "source" and "source-ref"; Ground Truth\'s behaviour here is not documented (gtkit uses "source-ref") — keep one';
  return lines.filter((line) => typeof getOwn(line.dataObject, 'source') === 'string' && typeof getOwn(line.dataObject, 'source-ref') === 'string').map((line) => ({ line, message }));
}

/**
 * Lines whose data is a `source` text that is empty or blank (spaces, tabs, line breaks), with
 * what to say. Ground Truth's reference asks only for a string, so the line is kept and
 * labelled; but workers would be shown nothing and their answers would mean nothing. A line
 * with a `source-ref` is left to it (that is its data).
 */
export function emptySources(lines: ManifestLine[]): Array<{ line: ManifestLine; message: string; fix: string }> {
  return lines.flatMap((line) => {
    const source = getOwn(line.dataObject, 'source');
    if (typeof source !== 'string' || source.trim() !== '' || typeof getOwn(line.dataObject, 'source-ref') === 'string') return [];
    const what = source === '' ? 'is empty' : 'holds only blank space';
    return [{ line, message: `"source" ${what}, so workers would be shown nothing to label`, fix: 'put the text to label in "source", or remove the line' }];
  });
}

/**
 * `s3://bucket/key` with a bucket and a key: what Ground Truth can fetch for a worker, and the one
 * rule for which manifest values are data objects (lint's image quotas, deploy's uploads and the
 * role's read access). Not parseS3Uri's rule: a bucket with a space in it is refused here (no
 * bucket has one), and a key with a line break in it is taken (parseS3Uri refuses one).
 */
export function isObjectUri(value: unknown): value is string {
  return typeof value === 'string' && /^s3:\/\/[^/\s]+\/./.test(value);
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Why a line has no usable source: none given, or given as something other than a string. */
function missingSource(obj: Record<string, unknown>): string {
  const given = (['source-ref', 'source'] as const).filter((key) => getOwn(obj, key) !== undefined);
  if (given.length === 0) return 'has neither "source" (text) nor "source-ref" (an s3:// URI)';
  return given.map((key) => `"${key}" must be a string${key === 'source-ref' ? ' (an s3:// URI)' : ' (the text)'}, got ${describeType(obj[key])}`).join('; ');
}

/** Why a manifest cannot be read as a whole; each has its own fix (lint gives it). */
export type ManifestTrouble = 'missing' | 'folder' | 'not-a-file' | 'unreadable' | 'utf-16' | 'cr-line-endings';

/** A manifest that cannot be read as a whole: the user's file to fix, a one-line error naming it. */
export class ManifestFileError extends CliError {
  constructor(
    readonly file: string,
    readonly trouble: ManifestTrouble,
    /** The why alone, without the file. */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ManifestFileError';
  }
}

export async function readManifest(file: string): Promise<ManifestFileRead> {
  const fail = (trouble: ManifestTrouble, reason: string): never => {
    throw new ManifestFileError(file, trouble, reason);
  };
  let bytes: Buffer;
  try {
    // Before reading: a pipe would wait for a writer, a device could be endless.
    const kind = await stat(file);
    if (kind.isDirectory()) fail('folder', 'is a folder, not a file: the input manifest is one JSON Lines file');
    if (!kind.isFile()) fail('not-a-file', 'is not a regular file (a pipe, a socket or a device): the input manifest is one JSON Lines file');
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof ManifestFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') fail('missing', 'no such file; give the input manifest (one JSON object per line)');
    return fail('unreadable', `cannot read it (${fileSystemReason(error) ?? (error as Error).message})`);
  }
  // Said once for the file: line by line, every line would fail with a different, puzzling reason.
  const whole = wholeFileProblem(bytes);
  if (whole) fail(whole.trouble, whole.reason);
  // One strict decode: a valid file (nearly always) is decoded once, and only a broken one line by line.
  const byteOrderMark = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = strictUtf8(bytes);
  if (text !== undefined) return { ...parseManifest(text, file), byteOrderMark };
  const result = parseManifest(bytes.toString('utf8'), file);
  const broken = linesNotUtf8(bytes);
  // Decoding would turn those bytes into U+FFFD and quietly change the line (a different S3 key): a bad line instead.
  const reason = 'not valid UTF-8 (some bytes are no character; a file saved as Latin-1?); save the manifest as UTF-8';
  const problems = result.problems.filter((p) => !broken.has(p.lineNumber));
  for (const lineNumber of broken) problems.push({ lineNumber, reason, message: `${file}:${lineNumber}: ${reason}`, notUtf8: true });
  problems.sort((a, b) => a.lineNumber - b.lineNumber);
  return { lines: result.lines.filter((l) => !broken.has(l.lineNumber)), problems, byteOrderMark };
}

/** What makes every line of a manifest unreadable at once: UTF-16 text, or lines that end in CR alone. */
function wholeFileProblem(bytes: Buffer): { trouble: ManifestTrouble; reason: string } | undefined {
  const utf16 = utf16Evidence(bytes);
  if (utf16) return { trouble: 'utf-16', reason: `the file is UTF-16 (${utf16}); save it as UTF-8, one JSON object per line` };
  const cr = bytes.indexOf(0x0d);
  if (cr !== -1 && bytes.indexOf(0x0a) === -1 && bytes.indexOf(0x0d, cr + 1) !== -1) return { trouble: 'cr-line-endings', reason: 'the lines end in CR alone (old Mac line endings), so the file reads as one line; save it with LF (or CRLF) line endings' };
  return undefined;
}

/** The file's text when every byte is UTF-8, else undefined. */
function strictUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The 1-based numbers of the lines whose bytes are not UTF-8, in a file that has some. */
export function linesNotUtf8(bytes: Buffer): Set<number> {
  const strict = new TextDecoder('utf-8', { fatal: true });
  const bad = new Set<number>();
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end < 0 ? bytes.length : end;
    try {
      strict.decode(bytes.subarray(start, stop));
    } catch {
      bad.add(line);
    }
    start = stop + 1;
  }
  return bad;
}
