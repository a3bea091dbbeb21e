import type { Context } from 'aws-lambda';
import { parseAcsResponse, type AcsEvent, type AcsPayloadObject } from '../../lambdas/contracts/acs.ts';
import type { JsonObject } from '../../lambdas/contracts/check.ts';
import type { DataObject } from '../../lambdas/contracts/pre.ts';
import type { ObjectStore } from '../../lambdas/io/object-store.ts';
import { createLambdaContext } from '../../lambdas/testing/context.ts';
import { observedEventVersion } from '../../lambdas/testing/events.ts';
import { defaultFunctionSettings } from '../deploy/function-settings.ts';
import type { CapturedAnswer } from './answers-file.ts';
import { callHandler } from './handler-guard.ts';
import type { JobOutputLayout } from './layout.ts';

/** What every ACS batch of a job shares. */
export interface BatchJob {
  labelAttributeName: string;
  labelingJobArn: string;
  roleArn: string;
  labels: string[];
  workersPerObject: number;
  acsFunctionName: string;
  acs: (event: unknown, context: Context) => Promise<unknown>;
  /** The ACS's time limit per batch (lambdas.acs.timeoutSeconds; default the one gtkit deploys). */
  acsTimeoutSeconds?: number;
  /** The ACS's memory as its Lambda context reports it (lambdas.acs.memoryMb; default the one gtkit deploys), so the logs read as CloudWatch's would. */
  acsMemoryMb?: number;
  store: ObjectStore;
  layout: JobOutputLayout;
  stamp: string;
}

/** One object of a consolidation request, with its workers' answers. */
export interface ConsolidationObject {
  datasetObjectId: string;
  dataObject: DataObject;
  answers: CapturedAnswer[];
}

export class AcsBatchError extends Error {
  constructor(
    message: string,
    readonly requestUri: string,
  ) {
    super(message);
    this.name = 'AcsBatchError';
  }
}

/**
 * Writes the consolidation requests in Ground Truth's layout and invokes the ACS handler on
 * `batches` one after the other (the carried state goes from each to the next), exactly as
 * Ground Truth would; checks each response (one entry per id) and stores it. `onBatchDone`
 * hears how many objects are consolidated so far (for a progress line). Returns each object's
 * consolidated content; throws AcsBatchError when the ACS fails on a batch.
 */
export async function consolidateInBatches(job: BatchJob, batches: readonly ConsolidationObject[][], onBatchDone?: (objectsDone: number) => void): Promise<Map<string, JsonObject>> {
  const contents = new Map<string, JsonObject>();
  for (const [batch, slice] of batches.entries()) {
    for (const [id, content] of await consolidateBatch(job, batch, slice)) contents.set(id, content);
    onBatchDone?.(contents.size);
  }
  return contents;
}

/**
 * One ACS batch (`batch` counts from 0), as Ground Truth runs it: writes the consolidation
 * request, invokes the ACS handler on it, checks the response (one entry per id) and stores it.
 * Returns each object's consolidated content; throws AcsBatchError when the ACS fails.
 */
export async function consolidateBatch(job: BatchJob, batch: number, slice: ConsolidationObject[]): Promise<Map<string, JsonObject>> {
  const payload: AcsPayloadObject[] = slice.map((o) => ({
    datasetObjectId: o.datasetObjectId,
    dataObject: typeof o.dataObject['source-ref'] === 'string' ? { s3Uri: o.dataObject['source-ref'] } : { content: String(o.dataObject.source ?? '') },
    annotations: o.answers.map((a) => ({ workerId: a.workerId, annotationData: { content: JSON.stringify(a.answerContent) } })),
  }));
  const requestUri = job.layout.consolidationRequest(job.stamp, batch);
  await job.store.putText(requestUri, JSON.stringify(payload));
  const event: AcsEvent = {
    version: observedEventVersion,
    labelingJobArn: job.labelingJobArn,
    labelAttributeName: job.labelAttributeName,
    roleArn: job.roleArn,
    payload: { s3Uri: requestUri },
    outputConfig: job.layout.annotations,
    maxHumanWorkersPerDataObject: job.workersPerObject,
    vpcEnabled: false,
    labelCategories: job.labels.length > 0 ? job.labels : null,
  };
  let response;
  try {
    // JSON round trips: the handler sees and returns only what survives the wire.
    const request = JSON.parse(JSON.stringify(event));
    const timeoutSeconds = job.acsTimeoutSeconds ?? defaultFunctionSettings.acs.timeoutSeconds;
    const memoryLimitInMB = String(job.acsMemoryMb ?? defaultFunctionSettings.acs.memoryMb);
    const context = createLambdaContext({ functionName: job.acsFunctionName, timeoutMs: timeoutSeconds * 1000, memoryLimitInMB });
    const raw = await callHandler({ stage: 'ACS', timeoutSeconds, setting: 'lambdas.acs.timeoutSeconds' }, () => job.acs(request, context));
    response = parseAcsResponse(JSON.parse(JSON.stringify(raw ?? null)), { labelAttributeName: job.labelAttributeName, expectedIds: slice.map((o) => o.datasetObjectId) });
  } catch (error) {
    throw new AcsBatchError(`the ACS Lambda failed on batch ${batch + 1} (${slice.length} objects, ${requestUri}): ${(error as Error).message}`, requestUri);
  }
  await job.store.putText(job.layout.consolidationResponse(job.stamp, batch), JSON.stringify(response));
  return new Map(response.map((entry) => [entry.datasetObjectId, entry.consolidatedAnnotation.content]));
}
