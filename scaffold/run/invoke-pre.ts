import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import type { JsonObject } from '../../lambdas/contracts/check.ts';
import { parsePreResponse, type PreResponse } from '../../lambdas/contracts/pre.ts';
import { withLocalDataRoot } from '../../lambdas/handlers/pre-read-text.ts';
import { createLambdaContext } from '../../lambdas/testing/context.ts';
import { buildPreEvent, labelingJobArn } from '../../lambdas/testing/events.ts';
import type { TaskConfig } from '../config/define-task.ts';
import type { LocateThrow } from '../build/thrown-at.ts';
import { shownPath } from '../cli/paths.ts';
import { frameFromFile } from '../preview/problem.ts';
import { functionSettings } from '../deploy/function-settings.ts';
import { iamArnParts } from '../job/locations.ts';
import { s3Layout } from '../task/local-s3-copies.ts';
import { callHandler } from './handler-guard.ts';
import type { ManifestLine } from './manifest.ts';

/** What every local PRE call of a task shares: the job's ARN, the function's name and its timeout. */
export interface PreCall {
  jobArn: string;
  functionName: string;
  timeoutSeconds: number;
  /** The PRE's memory as its Lambda context reports it (lambdas.pre.memoryMb), so logs read as CloudWatch's would. */
  memoryMb?: number;
  /** The folder of the task's local S3 copies (`<task>/s3`), where the PRE's `readText` reads `s3://bucket/key`. */
  dataRoot?: string;
}

/**
 * The PRE call of a task as Ground Truth and Lambda would make it (`timeoutSeconds` overrides the
 * function's, for tests). Given the loaded task rather than its config alone, the PRE's
 * `readText` reads the task's local copies `s3/<bucket>/<key>`, as the preview serves them.
 */
export function preCallOf(task: { dir: string; config: TaskConfig }, timeoutSeconds?: number): PreCall {
  const { config } = task;
  return {
    jobArn: labelingJobArn(config.jobName, config.region, iamArnParts(config.roleArn)?.account),
    functionName: config.lambdas.pre.functionName,
    timeoutSeconds: timeoutSeconds ?? functionSettings(config, 'pre').timeoutSeconds,
    memoryMb: functionSettings(config, 'pre').memoryMb,
    dataRoot: join(task.dir, s3Layout.folder),
  };
}

/**
 * One manifest line through the PRE, the same way for the dry run, lint and the preview: the
 * event and the response go through JSON as Lambda passes them, the call is bounded as Lambda
 * bounds it ({@link callHandler}: the timeout, `process.exit`, console output kept off stdout),
 * and the response is checked. Throws with the reason; `on` names the line in messages.
 */
export async function invokeTaskPre(pre: (event: unknown, context: Context) => unknown, line: ManifestLine, call: PreCall, on: string): Promise<PreResponse> {
  const event = JSON.parse(JSON.stringify(buildPreEvent(line.dataObject, { labelingJobArn: call.jobArn }))) as unknown;
  const plain = createLambdaContext({ functionName: call.functionName, timeoutMs: call.timeoutSeconds * 1000, ...(call.memoryMb !== undefined ? { memoryLimitInMB: String(call.memoryMb) } : {}) });
  const context = call.dataRoot === undefined ? plain : withLocalDataRoot(plain, call.dataRoot);
  const raw = await callHandler({ stage: 'PRE', on, timeoutSeconds: call.timeoutSeconds, setting: 'lambdas.pre.timeoutSeconds' }, async () => pre(event, context));
  return parsePreResponse(JSON.parse(JSON.stringify(raw ?? null)));
}

/**
 * How lint and the preview name a line the PRE kept from workers as invalid: the job goes on
 * without it, so the line (or the object it names) needs the fix, not the PRE.
 */
export function skippedLineProblem(reason: string): { message: string; hint: string } {
  return {
    message: `the PRE keeps this line from workers (onInvalidDataObject: 'skip'): ${reason}`,
    hint: 'fix this manifest line, or the object it names: in the job it would stay unlabelled, with only a log line in CloudWatch to say why',
  };
}

/** The reason of a PRE's `{ gtkitSkipped: { reason } }` (preHandler's `onInvalidDataObject: 'skip'`), if this response is one. */
export function skipReason(response: { taskInput: JsonObject; isHumanAnnotationRequired: boolean }): string | undefined {
  if (response.isHumanAnnotationRequired) return undefined;
  const skipped = response.taskInput.gtkitSkipped;
  if (typeof skipped !== 'object' || skipped === null || Array.isArray(skipped)) return undefined;
  const reason = (skipped as { reason?: unknown }).reason;
  return typeof reason === 'string' && reason !== '' ? reason : 'no reason given';
}

/** Where a PRE threw in the task's own code, as lint and the dry run name it. */
export interface PreThrowPlace {
  /** `pre.ts:16:26`, the file as messages show paths. */
  place: string;
  /** The code around it, as the preview shows it; only the first time a place is named. */
  codeFrame?: string;
}

/**
 * Names the place in the task's source where the PRE threw, for each failure in turn, with its
 * code frame the first time that place comes up: a PRE that fails on every line at the same
 * statement shows that statement once, not once per line.
 */
export function preThrowPlaces(locate: LocateThrow | undefined): (error: unknown) => PreThrowPlace | undefined {
  const framed = new Set<string>();
  return (error) => {
    const at = locate?.(error);
    if (!at) return undefined;
    const place = `${shownPath(at.file)}:${at.line}:${at.column}`;
    if (framed.has(place)) return { place };
    framed.add(place);
    const frame = frameFromFile(at.file, at.line, at.column);
    return { place, ...(frame ? { codeFrame: frame } : {}) };
  };
}
