import type { CreateLabelingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { getTaskType } from '../../lambdas/task-types/registry.ts';
import type { TaskConfig } from '../config/define-task.ts';
import { streamedCorsNote, type CorsNeed } from '../deploy/cors-need.ts';
import { streamedDataPrefixes } from '../deploy/policies.ts';
import { unreadableStreamedDataProblems } from './data-access.ts';
import { readableObjectMarkers } from './managed-policy.ts';
import { topicLoopProblem } from './topic-access.ts';
import type { JobProblem } from './validate-request.ts';

/**
 * A streaming job's objects arrive by SNS from wherever they lie, so no manifest tells which
 * folders its roles must read. Without `streaming.dataPrefixes` this warning says so (gtkit job and
 * gtkit deploy give it); with them, the folders the managed policy cannot read are warned about as
 * a manifest's are. Nothing for a job that labels a manifest.
 */
export function streamedDataProblems(config: TaskConfig, request: CreateLabelingJobCommandInput, options: { roleGrantsData: boolean }): JobProblem[] {
  if (!config.streaming) return [];
  const unset = streamedDataUnset(config);
  if (unset) return [unset];
  return unreadableStreamedDataProblems(request.RoleArn, streamedDataPrefixes(config), { region: config.region, roleGrantsData: options.roleGrantsData });
}

/**
 * The warnings both `gtkit deploy` routes (the deploy itself and `--emit-cloudformation`) give a
 * streaming task, in one place so a new one reaches both: streamed data nobody named (the roles
 * grant only the named folders), an output topic that is the input topic (gtkit job refuses that
 * request; the Lambdas are fine), and the CORS buckets the check covers. None for a manifest job.
 */
export function streamingDeployWarnings(config: TaskConfig, cors: CorsNeed | undefined): string[] {
  const unset = streamedDataUnset(config);
  const loop = topicLoopProblem(config.streaming?.inputTopicArn, config.streaming?.outputTopicArn);
  const corsNote = streamedCorsNote(config, cors);
  return [...(unset ? [`${unset.path} ${unset.message}; ${unset.fix}`] : []), ...(loop ? [`streaming.outputTopicArn ${loop.message}; ${loop.fix}`] : []), ...(corsNote ? [corsNote] : [])];
}

/** The warning for a streaming task whose config names no folder of its streamed objects, or undefined. */
export function streamedDataUnset(config: TaskConfig): JobProblem | undefined {
  if (!config.streaming || (config.streaming.dataPrefixes?.length ?? 0) > 0) return undefined;
  // The named-entity PRE reads each object's text with its own role: a denied read fails the invocation, and a PRE failure fails the job (reference §1.4).
  const pre = getTaskType(config.type).readsSourceText ? `; the PRE reads each source-ref's text with its own role, whose policy grants the same folders, and a read it is denied fails the invocation, which fails the whole job` : '';
  return {
    severity: 'warning',
    path: 'streaming.dataPrefixes',
    message: `is not set, so nothing says where the objects sent to ${config.streaming.inputTopicArn} lie: the roles gtkit deploy --create-roles and its CloudFormation template make read only the folders of the sample manifest's objects, and the AmazonSageMakerGroundTruthExecution policy only objects whose ARNs contain ${readableObjectMarkers.join(', ')}; grant_read_access presigns each object with the job's role, so every worker given an object that role cannot read gets 403 Forbidden${pre}`,
    fix: `set streaming.dataPrefixes in gtkit.config.ts to the S3 folders your streamed objects lie under, e.g. ["s3://${config.s3.bucket}/incoming/"], then run gtkit deploy --create-roles again (or grant roleArn s3:GetObject on them)`,
  };
}
