import type { TaskConfig } from '../../../scaffold/config/define-task.ts';

/** A complete, valid task config (private workforce) to derive test cases from. */
export function validConfig(overrides: Partial<TaskConfig> = {}): TaskConfig {
  return {
    type: 'text-classification',
    jobName: 'ticket-intent-2026',
    labelAttributeName: 'intent',
    labels: ['refund', 'delivery', 'other'],
    region: 'eu-west-1',
    roleArn: 'arn:aws:iam::123456789012:role/GroundTruthExecRole',
    workforce: { kind: 'private', workteamArn: 'arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/support-team' },
    task: { title: 'Classify support ticket intent', description: "Pick the intent that best matches the customer's message.", keywords: ['text', 'intent'], workersPerObject: 3, timeLimitSeconds: 600, availabilityLifetimeSeconds: 864000, maxConcurrentTaskCount: 1000 },
    s3: { bucket: 'acme-sagemaker-gt', prefix: 'ticket-intent' },
    lambdas: { pre: { functionName: 'SageMaker-ticket-intent-pre' }, acs: { functionName: 'SageMaker-ticket-intent-acs' } },
    consolidation: { algorithm: 'dawid-skene' },
    tags: { project: 'gtkit' },
    ...overrides,
  };
}

/**
 * The fixture with a role and work team of "your" account, for tests that submit: `gtkit job
 * --create` refuses the example account (123456789012) that gtkit init writes as a placeholder.
 */
export function submittableConfig(overrides: Partial<TaskConfig> = {}): TaskConfig {
  return validConfig({
    roleArn: 'arn:aws:iam::210987654321:role/GroundTruthExecRole',
    workforce: { kind: 'private', workteamArn: 'arn:aws:sagemaker:eu-west-1:210987654321:workteam/private-crowd/support-team' },
    ...overrides,
  });
}
