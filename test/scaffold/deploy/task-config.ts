import type { TaskConfig } from '../../../scaffold/config/define-task.ts';

/**
 * The fields the deploy tests' task configs share (an account, a Region, a private work team, the
 * task's bucket and functions); each test adds its type, job name and labels.
 */
export const sharedConfig = {
  region: 'eu-west-1',
  roleArn: 'arn:aws:iam::111122223333:role/x',
  workforce: { kind: 'private', workteamArn: 'arn:aws:sagemaker:eu-west-1:111122223333:workteam/private-crowd/t' },
  task: { title: 't', description: 'd', keywords: ['k'], workersPerObject: 3, timeLimitSeconds: 300 },
  s3: { bucket: 'acme-gt', prefix: 'tickets' },
  lambdas: { pre: { functionName: 'SageMaker-ticket-pre' }, acs: { functionName: 'SageMaker-ticket-acs' } },
  consolidation: { algorithm: 'majority-vote' },
} satisfies Omit<TaskConfig, 'type' | 'jobName' | 'labelAttributeName' | 'labels'>;
