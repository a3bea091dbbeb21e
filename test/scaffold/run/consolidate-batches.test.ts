import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../lambdas/testing/index.ts';
import { consolidateBatch, type BatchJob } from '../../../scaffold/run/consolidate-batches.ts';
import { jobOutputLayout } from '../../../scaffold/run/layout.ts';
import { defaultFunctionSettings } from '../../../scaffold/deploy/function-settings.ts';
import { invokeTaskPre, preCallOf } from '../../../scaffold/run/invoke-pre.ts';
import type { TaskConfig } from '../../../scaffold/config/define-task.ts';

/** A job whose ACS labels every object "a" and keeps the Lambda context it was given. */
function job(settings: Partial<BatchJob> = {}) {
  const contexts: Context[] = [];
  const batchJob: BatchJob = {
    labelAttributeName: 'label',
    labelingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:labeling-job/job1',
    roleArn: 'arn:aws:iam::123456789012:role/GroundTruth',
    labels: ['a'],
    workersPerObject: 1,
    acsFunctionName: 'SageMaker-job1-acs',
    acs: async (_event, context) => {
      contexts.push(context);
      return [{ datasetObjectId: '0', consolidatedAnnotation: { content: { label: 'a' } } }];
    },
    store: new MemoryObjectStore(),
    layout: jobOutputLayout('s3://bucket/output/', 'job1'),
    stamp: '2026-11-24_21:26:06',
    ...settings,
  };
  return { batchJob, contexts };
}

const objects = [{ datasetObjectId: '0', dataObject: { source: 'x' }, answers: [{ datasetObjectId: '0', workerId: 'w1', answerContent: { category: { label: 'a' } } }] }];

describe("the dry run's Lambda context", () => {
  it("reports the ACS's configured memory, as CloudWatch's lines do", async () => {
    const { batchJob, contexts } = job({ acsMemoryMb: 2048 });
    await consolidateBatch(batchJob, 0, objects);
    expect(contexts[0]?.memoryLimitInMB).toBe('2048');
    expect(contexts[0]?.functionName).toBe('SageMaker-job1-acs');
  });

  it('reports the memory gtkit deploys when the config sets none', async () => {
    const { batchJob, contexts } = job();
    await consolidateBatch(batchJob, 0, objects);
    expect(contexts[0]?.memoryLimitInMB).toBe(String(defaultFunctionSettings.acs.memoryMb));
  });
});

describe("the dry run's PRE context", () => {
  it("reports the PRE's configured memory (lambdas.pre.memoryMb), or the 256 MB gtkit deploys", async () => {
    const seen: Context[] = [];
    const pre = (_event: unknown, context: Context) => {
      seen.push(context);
      return { taskInput: { source: 'x' }, isHumanAnnotationRequired: true };
    };
    const line = { datasetObjectId: '0', lineNumber: 1, dataObject: { source: 'x' } };
    const call = { jobArn: 'arn:aws:sagemaker:us-east-1:123456789012:labeling-job/job1', functionName: 'SageMaker-job1-pre', timeoutSeconds: 30 };
    await invokeTaskPre(pre, line, { ...call, memoryMb: 512 }, 'line 1');
    expect(seen[0]?.memoryLimitInMB).toBe('512');
    const config = { jobName: 'job1', region: 'us-east-1', roleArn: 'arn:aws:iam::123456789012:role/GroundTruth', lambdas: { pre: { functionName: 'SageMaker-job1-pre' }, acs: { functionName: 'SageMaker-job1-acs' } } } as unknown as TaskConfig;
    expect(preCallOf({ dir: '/tmp/task', config }).memoryMb).toBe(defaultFunctionSettings.pre.memoryMb);
  });
});
