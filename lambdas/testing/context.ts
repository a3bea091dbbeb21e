import type { Context } from 'aws-lambda';

let counter = 0;

/**
 * A Lambda context like the runtime's, for invoking handlers in-process. `timeoutMs` (default
 * 60 s) is what `getRemainingTimeInMillis` counts down from, as the function's timeout does.
 */
export function createLambdaContext(overrides: Partial<Context> & { timeoutMs?: number } = {}): Context {
  counter++;
  const { timeoutMs = 60_000, ...fields } = overrides;
  const functionName = fields.functionName ?? 'SageMaker-gtkit-local';
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...fields,
  };
}
