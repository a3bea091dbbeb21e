import type { Context } from 'aws-lambda';

let counter = 0;

/** A Lambda context like the runtime's, for invoking handlers in-process. */
export function createLambdaContext(overrides: Partial<Context> = {}): Context {
  counter++;
  const functionName = overrides.functionName ?? 'SageMaker-gtkit-local';
  const deadline = Date.now() + 60_000;
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
    ...overrides,
  };
}
