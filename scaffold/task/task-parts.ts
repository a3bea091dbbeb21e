import { readFile } from 'node:fs/promises';
import { S3Client } from '@aws-sdk/client-s3';
import { LocalObjectStore } from '../../lambdas/io/local-store.ts';
import type { ObjectStore } from '../../lambdas/io/object-store.ts';
import { S3ObjectStore } from '../../lambdas/io/s3-store.ts';
import { compileTemplate } from '../../templates/engine/index.ts';
import { lintTemplate } from '../../templates/lint/index.ts';
import type { DryRunParts } from '../run/dry-run.ts';
import { buildTaskLambdas } from '../../build.ts';
import { BundleLoadError, loadBuiltHandlers } from './load-bundles.ts';
import { importTaskHandlers, type LambdaHandler } from './load-handlers.ts';
import type { LoadedTask } from './load-task.ts';
import { acsFieldsOf } from './task-cross-checks.ts';
import { CliError, UsageError } from '../cli/exit-codes.ts';
import { causeChain } from '../deploy/cause-chain.ts';
import { awsErrorName } from '../deploy/aws-errors.ts';
import { networkFailures } from '../deploy/network-failures.ts';
import { getOwn } from '../../lambdas/contracts/own-property.ts';
import { bundleLocator, inTaskFolder, loadedSourceLocator, type LocateThrow } from '../build/thrown-at.ts';
import { taskFileOfSource } from '../build/source-map.ts';
export { withEnv } from './with-env.ts';

/** An S3 client for a local S3-protocol endpoint (path style, s3rver's key unless credentials are set). */
export function localS3Client(endpoint: string, region: string): S3Client {
  const hasCredentials = Boolean(process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE);
  return new S3Client({ region, endpoint, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', ...(hasCredentials ? {} : { credentials: { accessKeyId: localKey, secretAccessKey: localKey } }) });
}

/** Checks an `--s3-endpoint` value: an http(s) URL, or a usage error that shows one. */
export function checkS3Endpoint(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new UsageError(`--s3-endpoint must be an http(s) URL such as http://127.0.0.1:4568, got ${JSON.stringify(value)}`);
  return value;
}

/** A network failure (the S3 endpoint is down or unknown) as words, or undefined for any other error. */
export function unreachable(error: unknown, endpoint: string | undefined): string | undefined {
  // The stores wrap S3 errors with the URI; the network's code (a socket's) or name (the SDK's) is on the cause.
  for (const link of causeChain(error)) {
    const name = awsErrorName(link);
    const why = getOwn(networkFailures, name);
    if (why === undefined) continue;
    return endpoint ? `cannot reach the S3 endpoint ${endpoint}: ${why} (${name}); start the server or check the URL` : `cannot reach S3: ${why} (${name}); check the network and the region`;
  }
  return undefined;
}

/** Key used against a local S3-protocol endpoint when no AWS credentials are set (s3rver's default). */
const localKey = 'S3RVER';

export type StoreChoice = { kind: 'local'; root: string } | { kind: 's3'; endpoint?: string; region: string };

/** The object store for a choice, and the environment the task's ACS needs to read from it. */
export function storeFor(choice: StoreChoice): { store: ObjectStore; env: Record<string, string> } {
  if (choice.kind === 'local') return { store: new LocalObjectStore(choice.root), env: { GTKIT_LOCAL_S3_ROOT: choice.root } };
  const env: Record<string, string> = { AWS_REGION: choice.region };
  if (choice.endpoint === undefined) return { store: new S3ObjectStore(new S3Client({ region: choice.region })), env };
  // For a handler that reads the payload with its own S3Client (as AWS's samples do): the SDK's own
  // settings send it to the server too, and keep its checksums to what s3rver understands. The SDK
  // asks `<bucket>.localhost` for a host name, which does not resolve, and the server's path for an
  // IP address, so localhost is given as 127.0.0.1.
  const forHandlers = choice.endpoint.replace(/^(https?:\/\/)localhost(?=[:/]|$)/i, '$1127.0.0.1');
  Object.assign(env, { GTKIT_S3_ENDPOINT: choice.endpoint, AWS_ENDPOINT_URL_S3: forHandlers, AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED', AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED' });
  // A local S3-protocol server gets s3rver's default key; real S3 uses the usual credential chain.
  if (!process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE) Object.assign(env, { AWS_ACCESS_KEY_ID: localKey, AWS_SECRET_ACCESS_KEY: localKey });
  return { store: new S3ObjectStore(localS3Client(choice.endpoint, choice.region)), env };
}

/**
 * The task's handlers as they will run in Lambda: bundled with esbuild and imported from the
 * bundle (`'bundle'`, the default), or straight from the TypeScript source (`'source'`, quicker
 * to iterate on). `locatePre` names where in the task's own files the PRE threw: through the
 * bundle's source map, or the one tsx compiles the source with.
 */
export async function taskHandlers(task: LoadedTask, from: 'bundle' | 'source' = 'bundle'): Promise<{ pre: LambdaHandler; acs: LambdaHandler; locatePre: LocateThrow }> {
  if (from === 'source') return { ...(await importTaskHandlers(task)), locatePre: loadedSourceLocator(inTaskFolder(task.dir)) };
  let built;
  try {
    built = await buildTaskLambdas(task);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  // Loading runs the module's top level, as Lambda's cold start does: its errors are the task's.
  let pre: LambdaHandler;
  let acs: LambdaHandler;
  try {
    ({ pre, acs } = await loadBuiltHandlers(task, built));
  } catch (error) {
    if (error instanceof BundleLoadError) throw new CliError(error.message);
    throw error;
  }
  // The build writes the map beside the bundle; without it, failures are named by manifest line alone.
  const map = await readFile(built.pre.sourceMapFile, 'utf8').catch(() => undefined);
  const locatePre: LocateThrow = map === undefined ? () => undefined : bundleLocator(built.pre.bundleFile, map, (source) => taskFileOfSource(source, task.dir));
  return { pre, acs, locatePre };
}

/** The real parts of a dry run for a task: its handlers, its template, a store. */
export async function taskParts(task: LoadedTask, store: ObjectStore, from: 'bundle' | 'source' = 'bundle'): Promise<DryRunParts> {
  let source: string;
  try {
    source = await readFile(task.paths.template, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CliError(`${task.paths.template}: ${missing ? 'no such file; the task needs its template' : `cannot read it (${(error as Error).message})`}`);
  }
  // Compiled on first render: the dry run lints first, so a syntax error arrives as a lint finding.
  let template: ReturnType<typeof compileTemplate> | undefined;
  return {
    handlers: await taskHandlers(task, from),
    render: async (taskInput) => (template ??= compileTemplate(source, { file: task.paths.template })).render(taskInput),
    lint: (taskInputs) => lintTemplate(source, { file: task.paths.template, taskInputs, ...acsFieldsOf(task.config) }),
    store,
  };
}
