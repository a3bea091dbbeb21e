import { readFile } from 'node:fs/promises';
import { isObject, type JsonObject } from '../../lambdas/contracts/check.ts';
import { isConsolidationFailure } from '../../lambdas/handlers/acs-types.ts';
import { UsageError } from '../cli/exit-codes.ts';
import { jsonLinesRows } from '../run/json-lines.ts';
import type { ReplayProblem } from '../run/replay.ts';

/** One line of a manifest as written: its text (kept byte for byte when the line is not relabelled), and the object it holds. */
export interface WrittenLine {
  datasetObjectId: string;
  /** 1-based line number in the file. */
  lineNumber: number;
  text: string;
  /** Undefined when the line is not a JSON object (kept as it is, and named among the problems). */
  line: JsonObject | undefined;
  /** An earlier line has the same datasetObjectId: that one is the object's, and this one is kept as it is (and named among the problems). */
  repeated: boolean;
}

/** An earlier output manifest, for --only-failed: its lines, and the objects it left without a label. */
export interface EarlierOutput {
  lines: WrittenLine[];
  /** The objects whose line holds a consolidationError under the label attribute, or no label. */
  unlabelled: Set<string>;
  problems: ReplayProblem[];
}

/**
 * Reads the output manifest an earlier run (or the job) wrote, for --only-failed. A line's object
 * is its `datasetObjectId` when the line holds one (gtkit consolidate writes it without --manifest),
 * else its position among the lines, as Ground Truth numbers an input manifest (blank lines not
 * counted). A line is unlabelled when its `attr` holds a consolidationError or is missing (an
 * object whose tasks expired has only `<attr>-metadata`). A file where no line holds `attr` or
 * `<attr>-metadata` was written under another label attribute, and is refused, as is a file with
 * no line at all. Two lines naming the same object (a `datasetObjectId` that is another line's, or
 * its position) cannot both be its line: the first is, and the other is kept as it is, named
 * among the problems.
 */
export async function readEarlierOutput(file: string, attr: string): Promise<EarlierOutput> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : (error as Error).message;
    throw new UsageError(`--only-failed ${file}: ${why}; give the output manifest an earlier gtkit consolidate (or the job) wrote`);
  }
  const lines: WrittenLine[] = [];
  const unlabelled = new Set<string>();
  const problems: ReplayProblem[] = [];
  let position = 0;
  let holdingAttr = 0;
  // Each object's first line, by its 1-based number.
  const firstLine = new Map<string, number>();
  jsonLinesRows(text).forEach((row, i) => {
    if (row.trim() === '') return;
    const id = String(position++);
    let value: unknown;
    try {
      value = JSON.parse(row);
    } catch (error) {
      value = undefined;
      problems.push({ stage: 'manifest', where: `${file}:${i + 1}`, message: `not valid JSON (${(error as Error).message}); the line is kept as it is` });
    }
    const line = isObject(value) ? value : undefined;
    if (value !== undefined && line === undefined) problems.push({ stage: 'manifest', where: `${file}:${i + 1}`, message: 'not a JSON object; the line is kept as it is' });
    const ownId = line?.datasetObjectId;
    const named = typeof ownId === 'string' || typeof ownId === 'number';
    const datasetObjectId = named ? String(ownId) : id;
    const first = firstLine.get(datasetObjectId);
    lines.push({ datasetObjectId, lineNumber: i + 1, text: row, line, repeated: first !== undefined });
    if (first !== undefined) {
      const how = named ? 'in its "datasetObjectId"' : 'by its position';
      problems.push({ stage: 'manifest', where: `${file}:${i + 1}`, message: `names datasetObjectId ${datasetObjectId} ${how}, as line ${first} does; line ${first} is that object's, and this line is kept as it is. Give each line its own datasetObjectId` });
      return;
    }
    firstLine.set(datasetObjectId, i + 1);
    if (!line) return;
    if (Object.hasOwn(line, attr) || Object.hasOwn(line, `${attr}-metadata`)) holdingAttr++;
    if (!Object.hasOwn(line, attr) || isConsolidationFailure(line[attr])) unlabelled.add(datasetObjectId);
  });
  if (lines.length === 0) throw new UsageError(`--only-failed ${file}: holds no line; give the output manifest an earlier gtkit consolidate (or the job) wrote`);
  if (holdingAttr === 0) {
    throw new UsageError(`--only-failed ${file}: no line holds "${attr}" or "${attr}-metadata", so none tells whether it was labelled; give --label-attribute <the label attribute that output was written with>`);
  }
  return { lines, unlabelled, problems };
}
