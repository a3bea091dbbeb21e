import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { parseAcsPayload } from '../../lambdas/contracts/acs.ts';
import type { JsonObject } from '../../lambdas/contracts/check.ts';
import { parseS3Uri } from '../../lambdas/io/object-store.ts';
import { S3ObjectStore } from '../../lambdas/io/s3-store.ts';
import type { CapturedAnswer } from './answers-file.ts';
import { answersFromWorkerResponse } from './worker-responses.ts';
import { withoutBom } from './json-lines.ts';
import { decodedOrAsWritten } from '../cli/paths.ts';
import { compareIds } from '../../lambdas/consolidation/order.ts';
import { concurrencyLimit, mapLimited } from '../../lambdas/handlers/concurrency.ts';
import type { DryRunProblem } from './dry-run.ts';

/** A problem met reading a job's files, in the shape gtkit run --json gives its problems: `${where}: ${message}` is the sentence. */
export type ReplayProblem = Pick<DryRunProblem, 'stage' | 'where' | 'message'>;

/** A worker-response path: `…/worker-response/iteration-<n>/<datasetObjectId>/<timestamp>.json`. */
const responsePath = /(?:^|\/)annotations\/worker-response\/iteration-(\d+)\/([^/]+)\/[^/]+\.json$/;

/** A consolidation-request path: `…/consolidated-annotation/consolidation-request/iteration-<n>/<time>.json` (reference §2.2). */
const requestPath = /(?:^|\/)annotations\/consolidated-annotation\/consolidation-request\/iteration-(\d+)\/[^/]+\.json$/;

export interface ReplayInput {
  /** Answers per datasetObjectId; the latest iteration wins for each (object, worker). */
  answers: Map<string, CapturedAnswer[]>;
  files: number;
  problems: ReplayProblem[];
  /**
   * With `dataObjects: true`: each object's data as a manifest line would name it (`source-ref`
   * or `source`), from the job's consolidation-request files, the one place a job's output
   * folder keeps it by datasetObjectId.
   */
  dataObjects: Map<string, JsonObject>;
  /**
   * With `requests: true`: the datasetObjectIds of each consolidation request (each ACS batch the
   * job ran), in the order the job sent them (iteration, then file name, a dry run's `-batch-<n>`
   * by its number); an object named by several requests is in the last one only, the one whose
   * label the job delivered.
   */
  requestBatches: string[][];
  /** What reading the consolidation requests found: warnings, since those files only add each line's data. */
  dataProblems: ReplayProblem[];
  /**
   * Why an object's worker-response files gave no answer, for each object that has none
   * because a file could not be read or held nothing usable: its output line says this, not
   * "no worker answered" (workers did answer; their file is what failed).
   */
  unusable: Map<string, UnusableFiles>;
  /**
   * Objects that were consolidated from fewer files than they have: of their worker-response
   * files, how many could not be read (or held no usable answer), and how many there are.
   */
  lostFiles: Map<string, { lost: number; files: number }>;
  /**
   * Answers left out because the same worker answered the same object again (a later iteration,
   * a later file of one iteration, or later in one file): the later answer counts, as the ACS's
   * does, and each replaced one is named here with the file that replaced it.
   */
  replaced: ReplacedResponse[];
}

/** Why an object has no answer though it has worker-response files: the first file that gave nothing, and the sentence its line's consolidationError says. */
export interface UnusableFiles {
  file: string;
  reason: string;
}

/** An answer another answer of the same worker on the same object replaced. */
export interface ReplacedResponse {
  workerId: string;
  datasetObjectId: string;
  /** The file of the answer left out. */
  where: string;
  /** The file of the answer that counts. */
  replacedBy: string;
}

export interface ReplayOptions {
  /** Also read the consolidation-request files for each object's data (they repeat every answer, so this costs a second read). */
  dataObjects?: boolean;
  /** Also read the consolidation-request files for the job's batches (`requestBatches`). */
  requests?: boolean;
  /** Hears how many of the worker-response files are read so far, a window of files at a time (for a progress line). */
  onFilesRead?: (read: number, files: number) => void;
}

/**
 * Reads a finished job's worker-response files from a folder (the `<S3OutputPath>/<job>/`
 * folder, its `annotations/` or `annotations/worker-response/` folder, or any folder holding
 * one job's `annotations/worker-response/`) or an `s3://` prefix. A source that holds several
 * jobs is refused: their datasetObjectIds are the same `0`, `1`, … and their answers would mix.
 */
export async function readWorkerResponses(source: string, s3?: S3Client, options: ReplayOptions = {}): Promise<ReplayInput> {
  const start = jobFolderAround(source);
  const entries = start.startsWith('s3://') ? await listS3(start, s3) : await listLocal(start);
  const responses = entries.flatMap((entry) => {
    const match = responsePath.exec(entry.path);
    return match ? [{ entry, match, job: jobFolderOf(entry.path, match) }] : [];
  });
  const jobs = [...new Set(responses.map((r) => r.job))].sort();
  if (jobs.length > 1) throw new SeveralJobsError(severalJobs(source, start, jobs));
  const job = jobs[0] ?? '';
  const problems: ReplayProblem[] = [];
  const dataProblems: ReplayProblem[] = [];
  const requests = options.dataObjects || options.requests ? await readRequests(entries, job, dataProblems) : { dataObjects: new Map<string, JsonObject>(), batches: [] };
  const dataObjects = options.dataObjects ? requests.dataObjects : new Map<string, JsonObject>();
  const latest = new Map<string, { iteration: number; answer: CapturedAnswer; where: string }>();
  const replaced: ReplacedResponse[] = [];
  // Per object: its files, and those that gave nothing (read per object, for the lines' notes).
  const filesOf = new Map<string, { lost: number; files: number }>();
  const countFile = (id: string, lost: boolean) => {
    const n = filesOf.get(id) ?? { lost: 0, files: 0 };
    n.files++;
    if (lost) n.lost++;
    filesOf.set(id, n);
  };
  // Every object with a worker-response file, usable or not: none may vanish from the output.
  const objects = new Set<string>();
  // The first file of each object that gave nothing, and why (kept only for objects left with no answer).
  const failedFiles = new Map<string, UnusableFiles>();
  const fileFailed = (id: string, file: string, reason: string) => {
    if (!failedFiles.has(id)) failedFiles.set(id, { file, reason });
  };
  const problem = (where: string, message: string) => problems.push({ stage: 'answers', where, message });
  // Other job folders (manifests, consolidation requests) are not ours; a stray file among the
  // worker responses is worth a word, since its answers are not counted.
  for (const entry of entries) {
    if (!responsePath.test(entry.path) && /(?:^|\/)annotations\/worker-response\//.test(entry.path)) problem(entry.where, 'not a worker-response file (expected iteration-N/<datasetObjectId>/<time>.json); skipped');
  }
  const { onFilesRead } = options;
  onFilesRead?.(0, responses.length);
  await readEach(responses, ({ entry, match }, text) => {
    const iteration = Number(match[1]);
    // A datasetObjectId from its folder name: percent-decoded where that is valid, else as written.
    const id = decodedOrAsWritten(match[2] ?? '');
    objects.add(id);
    if (text instanceof Error) {
      problem(entry.where, `cannot read it (${text.message}); its answers are not counted`);
      fileFailed(id, entry.where, `the worker-response file ${entry.where} could not be read: ${text.message}`);
      countFile(id, true);
      return;
    }
    let json: unknown;
    try {
      // A byte-order mark (some editors write one) is not part of the JSON, as in manifests.
      json = JSON.parse(withoutBom(text));
    } catch (error) {
      problem(entry.where, `not valid JSON (${(error as Error).message})`);
      // Empty or cut short (a copy that stopped half-way) more often than written wrong.
      fileFailed(id, entry.where, `the worker-response file ${entry.where} could not be read: it is not valid JSON (${text.trim() === '' ? 'the file is empty' : (error as Error).message})`);
      countFile(id, true);
      return;
    }
    const { answers, problems: p } = answersFromWorkerResponse(id, json);
    for (const why of p) problem(entry.where, why);
    if (answers.length === 0 && p.length > 0) fileFailed(id, entry.where, `the worker-response file ${entry.where} holds no usable answer: ${p.join('; ')}`);
    countFile(id, answers.length === 0 && p.length > 0);
    for (const a of answers) {
      const key = `${id}\u0000${a.workerId}`;
      const seen = latest.get(key);
      if (!seen || seen.iteration <= iteration) {
        if (seen) replaced.push({ workerId: a.workerId, datasetObjectId: id, where: seen.where, replacedBy: entry.where });
        latest.set(key, { iteration, answer: a, where: entry.where });
      } else replaced.push({ workerId: a.workerId, datasetObjectId: id, where: entry.where, replacedBy: seen.where });
    }
  }, onFilesRead && ((read) => onFilesRead(read, responses.length)));
  const files = responses.length;
  if (files === 0) problem(source, 'no worker-response files found (expected annotations/worker-response/iteration-N/<id>/<time>.json below it)');
  const answers = new Map<string, CapturedAnswer[]>();
  // An object whose files held no usable answer is kept with none: it is consolidated as a
  // failure (its reason in `unusable`) and counted, instead of disappearing.
  for (const id of objects) answers.set(id, []);
  for (const { answer } of latest.values()) {
    const list = answers.get(answer.datasetObjectId) ?? [];
    list.push(answer);
    answers.set(answer.datasetObjectId, list);
  }
  const unusable = new Map([...failedFiles].filter(([id]) => answers.get(id)?.length === 0));
  // Objects left with no answer say so in their consolidationError (`unusable`) instead.
  const lostFiles = new Map([...filesOf].filter(([id, n]) => n.lost > 0 && (answers.get(id)?.length ?? 0) > 0));
  return { answers, files, problems, dataObjects, requestBatches: requests.batches, dataProblems, unusable, lostFiles, replaced };
}

/**
 * Each object's data from the consolidation-request files (the ACS payloads Ground Truth wrote),
 * as `source-ref` (the payload's `dataObject.s3Uri`) or `source` (its `content`), and each
 * request's objects (the job's batches). The requests are read in the order the job sent them; a
 * later one wins; an object whose requests disagree keeps the latest and is named. Only the
 * requests in the job folder of the worker responses (`job`, relative to the listing) count.
 */
async function readRequests(entries: Entry[], job: string, problems: ReplayProblem[]): Promise<{ dataObjects: Map<string, JsonObject>; batches: string[][] }> {
  const found = new Map<string, { line: JsonObject; text: string }>();
  const requests = entries
    .flatMap((entry) => {
      const match = requestPath.exec(entry.path);
      // Another job's requests would name other data under the same ids.
      return match && jobFolderOf(entry.path, match) === job ? [{ entry, match, order: requestOrder(entry.path, Number(match[1])) }] : [];
    })
    .sort((a, b) => a.order.iteration - b.order.iteration || compareIds(a.order.stem, b.order.stem) || a.order.batch - b.order.batch);
  const batches: string[][] = [];
  await readEach(requests, ({ entry }, text) => {
    let json: unknown;
    try {
      if (text instanceof Error) throw text;
      json = JSON.parse(withoutBom(text));
    } catch (error) {
      problems.push({ stage: 'answers', where: entry.where, message: `cannot read this consolidation request (${(error as Error).message}); its objects' data and their batch (--batches job) are not known from it` });
      return;
    }
    const { objects, issues } = parseAcsPayload(json, 'request');
    // Its answers are the worker-response files' business; only where each object's data is matters here.
    const dataIssues = issues.filter((i) => !/\.annotations(\[|$)/.test(i.path));
    if (dataIssues.length > 0) problems.push({ stage: 'answers', where: entry.where, message: `${dataIssues.slice(0, 3).map((i) => `${i.path} ${i.problem}`).join('; ')}${dataIssues.length > 3 ? ` (and ${dataIssues.length - 3} more)` : ''}` });
    batches.push(objects.map((o) => o.datasetObjectId));
    for (const object of objects) {
      const { s3Uri, content } = object.dataObject;
      const line: JsonObject = typeof s3Uri === 'string' ? { 'source-ref': s3Uri } : typeof content === 'string' ? { source: content } : {};
      if (Object.keys(line).length === 0) continue;
      const text = JSON.stringify(line);
      const seen = found.get(object.datasetObjectId);
      if (seen && seen.text !== text) problems.push({ stage: 'answers', where: `datasetObjectId ${object.datasetObjectId}`, message: `the consolidation requests name different data (${entry.where} and an earlier one); the latest iteration's is used` });
      found.set(object.datasetObjectId, { line, text });
    }
  });
  return { dataObjects: new Map([...found].map(([id, { line }]) => [id, line])), batches: lastRequestOnly(batches) };
}

/**
 * Where a consolidation request comes in the job: by iteration, then by its file's name (Ground
 * Truth's `<YYYY-MM-DD_HH:MM:SS>.json`), a dry run's `<time>-batch-<n>.json` by n (batch 0 has no
 * suffix), not by the characters ("-batch-10" would come before "-batch-2", and "-" before ".").
 */
function requestOrder(path: string, iteration: number): { iteration: number; stem: string; batch: number } {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const match = /^(.*?)(?:-batch-(\d+))?\.json$/.exec(name);
  return { iteration, stem: match?.[1] ?? name, batch: Number(match?.[2] ?? 0) };
}

/** The batches with each object in the last batch naming it only (a request sent again, an object of a later iteration); empty batches dropped. */
function lastRequestOnly(batches: string[][]): string[][] {
  const last = new Map<string, number>();
  batches.forEach((ids, i) => ids.forEach((id) => last.set(id, i)));
  return batches.map((ids, i) => [...new Set(ids)].filter((id) => last.get(id) === i)).filter((ids) => ids.length > 0);
}

/** The job folder of a matched path, relative to the listing: what comes before its `annotations/` ('' for the listed folder itself). */
function jobFolderOf(path: string, match: RegExpExecArray): string {
  return path.slice(0, match.index);
}

/**
 * The folder to list for a source: a job's `annotations/` or `annotations/worker-response/`
 * folder is read from the job folder around it, where the consolidation requests are too.
 */
function jobFolderAround(source: string): string {
  const inside = /(?:^|\/)annotations(?:\/worker-response)?\/*$/;
  if (source.startsWith('s3://')) {
    const { bucket, key } = parseS3Uri(source);
    const match = inside.exec(key);
    return match ? `s3://${bucket}/${key.slice(0, match.index)}${match.index > 0 ? '/' : ''}` : source;
  }
  const match = inside.exec(source.split(sep).join('/'));
  return match ? join(source.slice(0, match.index) || '.', '.') : source;
}

/** A source that holds several jobs' worker responses: the message names them and says what to give. */
export class SeveralJobsError extends Error {
  override name = 'SeveralJobsError';
}

/** Why a source that holds several jobs' worker responses is refused, with the folders to give instead. */
function severalJobs(source: string, start: string, jobs: string[]): string {
  const folder = (job: string) => (start.startsWith('s3://') ? `${start.replace(/\/*$/, '/')}${job}/` : join(start, job));
  const shown = jobs.slice(0, 3).map((job) => (job === '' ? `${source} itself` : folder(job)));
  return `${source} holds the worker responses of ${jobs.length} jobs (${shown.join(', ')}${jobs.length > 3 ? `, and ${jobs.length - 3} more` : ''}), whose datasetObjectIds would mix; give one job's folder`;
}

interface Entry {
  path: string;
  where: string;
  read(): Promise<string>;
}

/** Files read at once: one at a time, a 50,000-object job took most of a replay waiting on reads (on S3, each read is a round trip). */
const readConcurrency = 16;
/** Texts held at most at once, so a job of large answers (segmentation masks) is not all in memory. */
const readWindow = readConcurrency * 4;

/**
 * Reads each item's file, several at once, and hands the text (or why it could not be read) to
 * `take` in the items' order, so what the caller keeps does not depend on which read ends first.
 * `onWindowRead` hears the count read so far after each window: once per file would cost more than the count is worth.
 */
async function readEach<T extends { entry: Entry }>(items: readonly T[], take: (item: T, text: string | Error) => void, onWindowRead?: (read: number) => void): Promise<void> {
  for (let start = 0; start < items.length; start += readWindow) {
    const slice = items.slice(start, start + readWindow);
    const texts = await mapLimited(slice, readConcurrency, ({ entry }) => entry.read().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
    slice.forEach((item, i) => take(item, texts[i] as string | Error));
    onWindowRead?.(start + slice.length);
  }
}

async function listLocal(root: string): Promise<Entry[]> {
  const out: Entry[] = [];
  // Folders listed several at once (a job has a folder per object); the list is sorted at the end.
  const limit = concurrencyLimit(readConcurrency);
  const walk = async (dir: string): Promise<void> => {
    let items;
    try {
      items = await limit(() => readdir(dir, { withFileTypes: true }));
    } catch (error) {
      throw new Error(`${dir}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (error as Error).message}`);
    }
    const folders: string[] = [];
    for (const item of items) {
      const path = join(dir, item.name);
      if (item.isDirectory()) folders.push(path);
      // Every file, whatever its name, and a link to one: the caller names what it cannot use instead of skipping it unseen.
      else if (item.isFile() || item.isSymbolicLink()) out.push({ path: relative(root, path).split(sep).join('/'), where: path, read: () => readLinkedFile(path) });
    }
    await Promise.all(folders.map(walk));
  };
  await walk(root);
  // The order an S3 listing has, so a folder and its copy on S3 are read alike.
  return out.sort((a, b) => compareIds(a.path, b.path));
}

/** A file's text, following a link to a file; a link to a folder or to nothing is named as such (and never walked, so a loop cannot trap the walk). */
async function readLinkedFile(path: string): Promise<string> {
  const target = await stat(path).catch(() => undefined);
  if (!target) throw new Error('a link to nothing');
  if (!target.isFile()) throw new Error('a link to a folder, not a file');
  return readFile(path, 'utf8');
}

async function listS3(uri: string, client: S3Client | undefined): Promise<Entry[]> {
  if (!client) throw new Error('reading s3:// needs an S3 client');
  const { bucket, key } = parseS3Uri(uri);
  // A prefix is a folder here: `s3://b/out/job` must not take in `out/job-v2/`.
  const prefix = key === '' || key.endsWith('/') ? key : `${key}/`;
  const store = new S3ObjectStore(client);
  const out: Entry[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      if (!o.Key || o.Key.endsWith('/')) continue;
      const objectUri = `s3://${bucket}/${o.Key}`;
      out.push({ path: o.Key.slice(prefix.length).replace(/^\/+/, '') || o.Key, where: objectUri, read: () => store.getText(objectUri) });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out.sort((a, b) => compareIds(a.path, b.path));
}
