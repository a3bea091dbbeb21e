import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AlgorithmName } from '../../lambdas/consolidation/registry.ts';
import { PayloadReadError } from '../../lambdas/contracts/errors.ts';
import { readSharedState, sharedStateLayout } from '../../lambdas/handlers/acs-shared-state.ts';
import type { HandlerLogger } from '../../lambdas/handlers/logger.ts';
import { LocalObjectStore } from '../../lambdas/io/local-store.ts';
import { joinS3Uri, type ObjectStore } from '../../lambdas/io/object-store.ts';
import { S3ObjectStore } from '../../lambdas/io/s3-store.ts';
import { taskStateMerge } from '../../lambdas/task-types/task-state.ts';
import { CliError, UsageError } from '../cli/exit-codes.ts';
import { withoutBom } from '../run/json-lines.ts';
import { warning, type ConsolidateWarning } from './report.ts';
import { checkCarriesState, priorOfAlgorithm } from './state.ts';

/** What --prior takes, said when what it was given is not that. */
const whatToGive = "give the job's annotations/gtkit-state/ folder (local, or s3:// with the source's --s3-endpoint and --region), or a state file written by --state-out";

/** A --prior read: the algorithm's state, and what the user should know about where it came from. */
export interface PriorRead {
  state: unknown;
  /** Advice on what was given (one part or snapshot of the job's folder), each at the --prior. */
  warnings: ConsolidateWarning[];
  /**
   * What the folder's reader left out (a damaged part, a listing that failed), without the
   * --prior: the state lacks it, so every label of the run can differ from the job's.
   */
  leftOut: string[];
}

/**
 * The algorithm's state to start from, from `prior`: the job's carried-state folder
 * (`annotations/gtkit-state/`, or the annotations or job folder above it), local or `s3://`, added
 * up as the ACS's `loadShared` adds it up (every batch's part and the newest snapshot, by the
 * library's own `readSharedState`); or one file (a --state-out file, or one file of that folder).
 * `s3` makes the S3 client (the source's endpoint and region) when an s3:// prior needs one.
 */
export async function readPrior(prior: string, name: AlgorithmName, s3: () => S3Client): Promise<PriorRead> {
  checkCarriesState('--prior', name);
  if (prior.startsWith('s3://')) {
    const store = new S3ObjectStore(s3());
    if (/\.json$/i.test(prior)) return fromFile(prior, name, () => store.getText(prior));
    const folder = await s3StateFolder(store, prior.replace(/\/+$/, ''));
    return fromFolder(store, folder, name, prior, (text) => text);
  }
  const found = await stat(prior).catch((error: unknown) => error as NodeJS.ErrnoException);
  if (found instanceof Error) throw new UsageError(`--prior ${prior}: ${found.code === 'ENOENT' || found.code === 'ENOTDIR' ? 'no such file or folder' : found.message}; ${whatToGive}`);
  if (!found.isDirectory()) return fromFile(prior, name, () => readFile(prior, 'utf8'));
  const folder = await localStateFolder(prior);
  // A local folder read as a bucket of its own: `s3://<its name>/…` is `<its parent>/<its name>/…`.
  const store = new LocalObjectStore(dirname(folder));
  const bucket = `s3://${basename(folder)}`;
  return fromFolder(store, bucket, name, prior, (text) => text.split(`${bucket}/`).join(`${folder}/`));
}

/** One state file; a batch's part or a snapshot of the job's folder is used, with a warning that it holds part of the job only. */
async function fromFile(file: string, name: AlgorithmName, read: () => Promise<string>): Promise<PriorRead> {
  let value: unknown;
  try {
    value = JSON.parse(withoutBom(await read()));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT' || (error instanceof PayloadReadError && error.missing);
    throw new UsageError(`--prior ${file}: ${missing ? 'no such file' : (error as Error).message}; ${whatToGive}`);
  }
  const warnings: ConsolidateWarning[] = [];
  const advise = (message: string) => warnings.push(warning('acs', `--prior ${file}`, message));
  // Relative too (consolidation/batches/<id>.json, given from within the state folder): its folder is then ".".
  const folder = file.replace(/(?:^|\/)consolidation\/(?:batches|snapshots)\/[^/]+$/, '') || '.';
  if (/(?:^|\/)consolidation\/batches\/[^/]+\.json$/i.test(file)) advise(`a part holds one batch's own counts, not the job's; give the folder ${folder}/ for the whole job's state, added up as the ACS adds it`);
  else if (/(?:^|\/)consolidation\/snapshots\/[^/]+\.json$/i.test(file)) advise(`a snapshot holds the parts folded into it, not those written after it; give the folder ${folder}/ for the whole job's state, added up as the ACS adds it`);
  return { state: priorOfAlgorithm(value, name, file), warnings, leftOut: [] };
}

/**
 * The folder's parts and newest snapshot added up by the ACS's own reader, and what it left out (a
 * damaged part). `localPaths` turns the store's URIs in the reader's words into the paths the user
 * knows (a local folder is read as a bucket of its own).
 */
async function fromFolder(store: ObjectStore, folder: string, name: AlgorithmName, shown: string, localPaths: (text: string) => string): Promise<PriorRead> {
  const leftOut: string[] = [];
  const read = await readSharedState(store, sharedStateLayout(joinS3Uri(folder, 'consolidation.json')), '', taskStateMerge, collecting(leftOut, localPaths));
  if (read?.json === undefined) {
    const why = leftOut.length > 0 ? `none of its parts could be read (${leftOut.join('; ')})` : 'it holds no part, snapshot or consolidation.json';
    throw new UsageError(`--prior ${shown}: ${why}; ${whatToGive}`);
  }
  return { state: priorOfAlgorithm(JSON.parse(read.json), name, shown), warnings: [], leftOut };
}

/** A logger that keeps the reader's warnings (a part left out, a listing refused) as sentences, in the user's paths; the caller says which --prior. */
function collecting(leftOut: string[], localPaths: (text: string) => string): HandlerLogger {
  const keep = (message: string, extra?: Record<string, unknown>) => {
    const first = Array.isArray(extra?.first) ? `: ${extra.first.join('; ')}` : typeof extra?.error === 'string' ? `: ${extra.error}` : '';
    const count = typeof extra?.count === 'number' && extra.count > 3 ? ` (${extra.count} in all, the first 3 named)` : '';
    leftOut.push(localPaths(`${message}${count}${first}`));
  };
  return { debug() {}, info() {}, warn: keep, error: keep };
}

/** The names a state folder may be given by: itself, the job's annotations folder, or the job's folder. */
const stateFolderPlaces = ['', 'gtkit-state', 'annotations/gtkit-state'];

/** The carried-state folder at or below a local folder: the first that holds consolidation.json or consolidation/. */
async function localStateFolder(given: string): Promise<string> {
  for (const place of stateFolderPlaces) {
    const folder = join(given, place);
    const held = await Promise.all(['consolidation.json', 'consolidation'].map((n) => stat(join(folder, n)).catch(() => undefined)));
    if (held.some((s) => s !== undefined)) return folder;
  }
  throw new UsageError(`--prior ${given}: no carried state there (no consolidation.json or consolidation/ in it, its gtkit-state/ or its annotations/gtkit-state/); ${whatToGive}`);
}

/** The carried-state prefix at or below an s3:// prefix, found by listing. */
async function s3StateFolder(store: S3ObjectStore, given: string): Promise<string> {
  for (const place of stateFolderPlaces) {
    const folder = place === '' ? given : joinS3Uri(given, place);
    if ((await store.list(`${folder}/consolidation`)).length > 0) return folder;
  }
  throw new UsageError(`--prior ${given}/: no carried state there (nothing under consolidation.json or consolidation/ in it, its gtkit-state/ or its annotations/gtkit-state/); ${whatToGive}`);
}

/** --prior read, its S3 trouble (credentials, a network, access) said in --prior's words rather than as a stack. */
export async function readPriorFlag(prior: string, name: AlgorithmName, s3: () => S3Client): Promise<PriorRead> {
  try {
    return await readPrior(prior, name, s3);
  } catch (error) {
    if (error instanceof UsageError || !prior.startsWith('s3://')) throw error;
    throw new CliError(`--prior ${prior}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
