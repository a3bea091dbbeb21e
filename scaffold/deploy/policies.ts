import type { TaskConfig } from '../config/define-task.ts';
import { jobLocations } from '../job/locations.ts';

/** Least-privilege policy documents for the two roles a custom job needs. */

const s3Arn = (uri: string, suffix = '*') => `arn:aws:s3:::${uri.replace(/^s3:\/\//, '').replace(/\/+$/, '')}/${suffix}`;

export function lambdaTrustPolicy() {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
}

export function sageMakerTrustPolicy() {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
}

/**
 * The Lambdas' role: write their logs, read the job's output prefix (consolidation requests and
 * answers) and write there (cross-batch state, offloaded labels), decrypt with the job's key.
 */
export function lambdaExecutionPolicy(config: TaskConfig, account: string) {
  const out = jobLocations(config).outputPath;
  const statements: Array<Record<string, unknown>> = [
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [config.lambdas.pre.functionName, config.lambdas.acs.functionName].map((f) => `arn:aws:logs:${config.region}:${account}:log-group:/aws/lambda/${f}:*`),
    },
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: s3Arn(out) },
  ];
  if (config.s3.kmsKeyId) statements.push({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: kmsArn(config, account) });
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * Ground Truth's role (on top of AmazonSageMakerGroundTruthExecution): invoke the two functions
 * by ARN (so any function name works), read the job's files, write its output.
 */
export function groundTruthExecutionPolicy(config: TaskConfig, account: string) {
  const where = jobLocations(config);
  const base = `s3://${config.s3.bucket}${config.s3.prefix ? `/${config.s3.prefix.replace(/^\/+|\/+$/g, '')}` : ''}`;
  const statements: Array<Record<string, unknown>> = [
    { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: [config.lambdas.pre.functionName, config.lambdas.acs.functionName].map((f) => `arn:aws:lambda:${config.region}:${account}:function:${f}`) },
    { Effect: 'Allow', Action: ['s3:GetObject'], Resource: s3Arn(base) },
    { Effect: 'Allow', Action: ['s3:PutObject'], Resource: s3Arn(where.outputPath) },
    { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: `arn:aws:s3:::${config.s3.bucket}` },
  ];
  if (config.s3.kmsKeyId) statements.push({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: kmsArn(config, account) });
  return { Version: '2012-10-17', Statement: statements };
}

export const groundTruthManagedPolicyArn = 'arn:aws:iam::aws:policy/AmazonSageMakerGroundTruthExecution';

function kmsArn(config: TaskConfig, account: string): string {
  const key = config.s3.kmsKeyId ?? '';
  if (key.startsWith('arn:')) return key;
  if (key.startsWith('alias/')) return `arn:aws:kms:${config.region}:${account}:${key}`;
  return `arn:aws:kms:${config.region}:${account}:key/${key}`;
}

/** Role names derived from the job name (IAM: 64 characters at most). */
export function roleNames(config: TaskConfig) {
  return { lambdaExecution: `SageMaker-${config.jobName}-lambda`.slice(0, 64), groundTruthExecution: `SageMaker-${config.jobName}-groundtruth`.slice(0, 64) };
}
