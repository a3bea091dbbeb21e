import { appendFile, mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CliError } from '../cli/exit-codes.ts';
import { privateFileMode } from '../cli/make-folder.ts';
import { fileSystemReason } from '../cli/output.ts';
import { isSourceDigest } from './answer-placement.ts';
import { jsonLinesRows } from './json-lines.ts';
import { utf16Evidence } from './utf16.ts';

/**
 * One captured answer: what the preview stores when a "worker" submits, and what `gtkit run`
 * replays. `answerContent` is exactly what Ground Truth stores in the worker-response file.
 */
export interface CapturedAnswer {
  datasetObjectId: string;
  workerId: string;
  answerContent: Record<string, unknown>;
  acceptanceTime?: string;
  submissionTime?: string;
  timeSpentInSeconds?: number;
  /**
   * Which data the answer was given for (`sourceDigest` of its line's `source-ref` or `source`;
   * the preview writes it), so a later edit of the manifest cannot move it to another object.
   */
  sourceDigest?: string;
}

/**
 * Appends one answer as a JSON line (the answers file is append-only, so nothing is lost). A
 * file written by hand or by a script often lacks its last newline; the answer then starts a
 * line of its own instead of being glued onto the last one, which would spoil both. A file it
 * makes is 0600: it holds answers given on the task's data; one that is there keeps its mode.
 */
export async function appendAnswer(file: string, answer: CapturedAnswer): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const separator = (await endsWithoutNewline(file)) ? '\n' : '';
  await appendFile(file, `${separator}${JSON.stringify(answer)}\n`, { mode: privateFileMode });
}

/** Whether the file exists, is not empty and its last byte is not a line break. */
async function endsWithoutNewline(file: string): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}

/** A bad line of the answers file: `where` is `file:line`. */
export interface AnswersProblem {
  where: string;
  reason: string;
}

/** A line whose answer a later line of the same worker and object replaced: both as `file:line`. */
export interface ReplacedAnswer {
  workerId: string;
  datasetObjectId: string;
  where: string;
  replacedBy: string;
}

/**
 * Reads an answers file. Bad lines are reported by number. When one worker answered the same
 * object (the same datasetObjectId and `sourceDigest`) twice, the later answer wins (a resubmission in the preview), as Ground Truth keeps one
 * answer per worker and object; each replaced line is listed, so a hand edit that repeats a
 * worker is seen.
 */
export async function readAnswers(file: string): Promise<{ answers: CapturedAnswer[]; problems: AnswersProblem[]; replaced: ReplacedAnswer[] }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { answers: [], problems: [], replaced: [] };
    // Node's EISDIR names no file; say which, in the CLI's words for file-system errors.
    const why = fileSystemReason(error) ?? (error as Error).message;
    throw new CliError(`${file}: cannot read the answers file (${why}); it holds one captured answer per line (gtkit preview writes it), or remove it to run without answers`);
  }
  // Said once for the file, as for a manifest: line by line, every line would fail on its NUL bytes.
  const utf16 = utf16Evidence(bytes);
  if (utf16) throw new CliError(`${file}: the file is UTF-16 (${utf16}); save it as UTF-8, one captured answer per line (iconv -f UTF-16 -t UTF-8), or remove it to run without answers`);
  const text = bytes.toString('utf8');
  const problems: AnswersProblem[] = [];
  const byKey = new Map<string, CapturedAnswer>();
  const lineOf = new Map<string, string>();
  const replaced: ReplacedAnswer[] = [];
  jsonLinesRows(text).forEach((row, i) => {
    if (row.trim() === '') return;
    const at = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(row);
    } catch (error) {
      problems.push({ where: at, reason: `not valid JSON (${(error as Error).message})` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return void problems.push({ where: at, reason: `expected a JSON object, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}` });
    const a = value as Partial<CapturedAnswer>;
    const id = typeof a.datasetObjectId === 'number' ? String(a.datasetObjectId) : a.datasetObjectId;
    if (typeof id !== 'string' || id === '') return void problems.push({ where: at, reason: `"datasetObjectId" is missing` });
    if (typeof a.workerId !== 'string' || a.workerId === '') return void problems.push({ where: at, reason: `"workerId" is missing` });
    if (typeof a.answerContent !== 'object' || a.answerContent === null || Array.isArray(a.answerContent)) return void problems.push({ where: at, reason: `"answerContent" must be an object` });
    if (a.sourceDigest !== undefined && !isSourceDigest(a.sourceDigest)) {
      return void problems.push({ where: at, reason: `"sourceDigest" must be the 16 hex digits gtkit preview writes, got ${JSON.stringify(a.sourceDigest)}; remove it to tie the answer to its datasetObjectId alone` });
    }
    // The data too: after a manifest edit, one position may have held two objects the worker answered each.
    const key = `${id}\u0000${a.workerId}\u0000${a.sourceDigest ?? ''}`;
    const earlier = lineOf.get(key);
    if (earlier !== undefined) replaced.push({ workerId: a.workerId, datasetObjectId: id, where: earlier, replacedBy: at });
    lineOf.set(key, at);
    byKey.set(key, { ...(a as CapturedAnswer), datasetObjectId: id });
  });
  return { answers: [...byKey.values()], problems, replaced };
}

/**
 * The note for a run with simulated workers when the answers file holds answers: they are left
 * aside without a word otherwise, and answers captured in gtkit preview are easy to think
 * replayed. Undefined when the file is missing, empty or cannot be read (the run does not read it).
 * Lines are counted, not checked: a replay would say what is wrong with them.
 *
 * @example
 * const note = await unusedAnswersNote(task.paths.answers, 'answers.jsonl'); // 'answers.jsonl (5 answers) not used: …'
 */
export async function unusedAnswersNote(file: string, shown: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const lines = jsonLinesRows(text).filter((row) => row.trim() !== '').length;
  if (lines === 0) return undefined;
  return `${shown} (${lines} ${lines === 1 ? 'answer' : 'answers'}) not used: --simulate answers with simulated workers instead; run without --simulate to replay ${lines === 1 ? 'it' : 'them'}`;
}
